/**
 * `riposte serve --database` / `--api-only` and `riposte worker`, through the real binary: the errors an operator
 * can make are refused with exit 2 and a message naming the setting (never echoing a password), and on PostgreSQL
 * several servers started at once on an empty database migrate it once and create one first Owner.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import pg from 'pg';
import { TEST_TOKEN, apiClient, freePort, removeTestData, spawnServer } from '../support/riposte-server.js';
import { databaseEnvFor, postgresSkipReason, testDialect } from '../support/test-database.js';
import { runRiposte } from '../support/riposte-cli.js';

const children = new Set<ChildProcess>();
const dirs: string[] = [];
after(async () => {
  for (const child of children) child.kill('SIGKILL');
  for (const dir of dirs) await removeTestData(dir);
});

const riposte = (args: readonly string[], env: Record<string, string> = {}) => runRiposte(args, { env: { RIPOSTE_LOG_LEVEL: 'warn', ...env } });

describe('scale-out commands: refused settings', () => {
  it('riposte worker without a shared database exits 2 and says why', async () => {
    const result = await riposte(['worker']);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /--database.*PostgreSQL/);
  });

  it('--api-only without a shared database exits 2', async () => {
    const result = await riposte(['serve', '--api-only', '--port', '0']);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /--api-only.*PostgreSQL/);
  });

  it('a database URL that is not PostgreSQL exits 2 naming the setting', async () => {
    const result = await riposte(['worker'], { RIPOSTE_DATABASE_URL: 'mysql://root:hunter2@127.0.0.1/riposte' });
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /RIPOSTE_DATABASE_URL.*postgres:\/\//);
    assert.doesNotMatch(result.stderr + result.stdout, /hunter2/);
  });

  it('a prepared-statements setting that is not true or false exits 2 naming the setting', async () => {
    const result = await riposte(['worker'], { RIPOSTE_DATABASE_URL: 'postgres://riposte@127.0.0.1/riposte', RIPOSTE_POSTGRES_PREPARED_STATEMENTS: 'sometimes' });
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /RIPOSTE_POSTGRES_PREPARED_STATEMENTS.*true or false/);
  });

  it('an unreachable PostgreSQL server exits 2 without printing the password', async () => {
    const port = await freePort();
    const result = await riposte(['worker', '--database', `postgres://riposte:hunter2@127.0.0.1:${port}/riposte`]);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /Cannot reach the PostgreSQL database at postgres:\/\/riposte:\*\*\*@127\.0\.0\.1/);
    assert.doesNotMatch(result.stderr + result.stdout, /hunter2/);
  });
});

describe('scale-out commands: concurrent starts', { skip: testDialect !== 'postgres' ? 'runs in the PostgreSQL pass of npm test (RIPOSTE_TEST_DIALECT=postgres)' : postgresSkipReason }, () => {
  it('three servers started at once on an empty database all serve it, with one first Owner', { timeout: 60_000 }, async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'riposte-starts-'));
    dirs.push(dataDir);
    const ports = await Promise.all([1, 2, 3].map(() => freePort()));
    const servers = await Promise.all(ports.map((port) => spawnServer(dataDir, port, { RIPOSTE_API_ONLY: 'true' })));
    for (const server of servers) children.add(server.child);
    for (const server of servers) assert.equal((await apiClient(server.url, TEST_TOKEN).call('GET', '/api/providers/Microsoft.Management/managementGroups')).status, 200);
    const database = new pg.Client({ connectionString: (await databaseEnvFor(dataDir))['RIPOSTE_DATABASE_URL'] });
    await database.connect();
    try {
      const migrations = await database.query('select name, count(*) as n from kysely_migration group by name having count(*) > 1');
      assert.deepEqual(migrations.rows, [], 'each migration applied once');
      const owners = await database.query('select count(*) as n from principals');
      assert.equal(Number(owners.rows[0].n), 1, 'one first Owner');
    } finally {
      await database.end();
    }
  });
});
