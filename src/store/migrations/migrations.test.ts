import assert from 'node:assert/strict';
import { test } from 'node:test';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import { initialMigration } from './0001-initial.js';
import { connectionsMigration } from './0002-connections.js';
import { accessControlMigration } from './0003-access-control.js';
import { alertKeysMigration } from './0004-alert-keys.js';

test('existing data survives: Owners become root Owner assignments, alert keys gain their subscription', async () => {
  // The schema changes under the test's feet, so the rows are untyped.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const db = new Kysely<any>({ dialect: new SqliteDialect({ database: new SqliteDatabase(':memory:') }) });
  const migrations = { '0001-initial': initialMigration, '0002-connections': connectionsMigration };
  await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateToLatest();
  await db.insertInto('principals').values({ id: 'p1', name: 'admin', role: 'Owner', created_at: 'now' }).execute();
  const event = { kind: 'Alert', event_key: 'a1', id: '/x', id_key: '/x', subscription_id: 's1', resource_id: '/r', display_name: 'd', firing_state: 'Active', fired_token: 't', version: 1, payload: '{}', first_seen: 'now', last_seen: 'now' };
  await db.insertInto('security_events').values(event).execute();
  await db.insertInto('runs').values({ id: 'r1', workflow_key: 'w', workflow_version: 1, status: 'Succeeded', trigger_name: 't', event_kind: 'Alert', event_key: 'a1', event_version: 1, correlation: 'c', created_at: 'now' }).execute();
  const all = { ...migrations, '0003-access-control': accessControlMigration, '0004-alert-keys': alertKeysMigration };
  const { error } = await new Migrator({ db, provider: { getMigrations: async () => all } }).migrateToLatest();
  assert.equal(error, undefined);
  const assignment = await db.selectFrom('role_assignments').selectAll().executeTakeFirstOrThrow();
  assert.equal(assignment.scope, '/');
  assert.equal(assignment.principal_id, 'p1');
  assert.equal(assignment.role_definition_id, '/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635');
  assert.equal((await db.selectFrom('security_events').select('event_key').executeTakeFirstOrThrow()).event_key, 'a1/s1');
  assert.equal((await db.selectFrom('runs').select('event_key').executeTakeFirstOrThrow()).event_key, 'a1/s1');
  assert.equal((await sql<{ n: number }>`select count(*) as n from tokens`.execute(db)).rows[0]?.n, 0);
  await db.destroy();
});
