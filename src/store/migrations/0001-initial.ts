/** The first schema. Written with Kysely's schema builder only, so it runs unchanged on SQLite and PostgreSQL. */
import { type CreateTableBuilder, type Kysely, type Migration, SqliteAdapter, sql } from 'kysely';

/**
 * On SQLite, tables with small rows are keyed by their primary key directly (WITHOUT ROWID): rows are stored once,
 * in key order, instead of in a rowid tree plus a key index. Tables holding large JSON documents keep their rowid:
 * SQLite's own advice, as large rows make a WITHOUT ROWID tree split and rewrite far more.
 */
function keyed<T extends string, C extends string>(db: Kysely<unknown>) {
  const isSqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  return (table: CreateTableBuilder<T, C>) => (isSqlite ? table.modifyEnd(sql`without rowid`) : table);
}

export const initialMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('subscriptions')
      .addColumn('subscription_key', 'text', (c) => c.primaryKey())
      .addColumn('subscription_id', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .$call(keyed(db))
      .execute();
    await db.schema
      .createTable('resource_groups')
      .addColumn('subscription_key', 'text', (c) => c.notNull())
      .addColumn('name_key', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('resource_groups_pk', ['subscription_key', 'name_key'])
      .$call(keyed(db))
      .execute();
    await db.schema
      .createTable('workflows')
      .addColumn('id_key', 'text', (c) => c.primaryKey())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('subscription_id', 'text', (c) => c.notNull())
      .addColumn('resource_group', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('location', 'text')
      .addColumn('tags', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('changed_at', 'text', (c) => c.notNull())
      .$call(keyed(db))
      .execute();
    await db.schema.createIndex('workflows_scope').on('workflows').columns(['subscription_id', 'resource_group', 'id_key']).execute();
    await db.schema
      .createTable('workflow_versions')
      .addColumn('workflow_key', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('definition', 'text', (c) => c.notNull())
      .addColumn('parameters', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('workflow_versions_pk', ['workflow_key', 'version'])
      .execute();
    await db.schema
      .createTable('automations')
      .addColumn('id_key', 'text', (c) => c.primaryKey())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('subscription_id', 'text', (c) => c.notNull())
      .addColumn('resource_group', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('location', 'text')
      .addColumn('tags', 'text', (c) => c.notNull())
      .addColumn('etag', 'text', (c) => c.notNull())
      .addColumn('properties', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('changed_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('automations_scope').on('automations').columns(['subscription_id', 'resource_group', 'id_key']).execute();
    await db.schema
      .createTable('security_events')
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('event_key', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('id_key', 'text', (c) => c.notNull())
      .addColumn('subscription_id', 'text', (c) => c.notNull())
      .addColumn('resource_group', 'text')
      .addColumn('resource_id', 'text', (c) => c.notNull())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('severity', 'text')
      .addColumn('status', 'text')
      .addColumn('firing_state', 'text', (c) => c.notNull())
      .addColumn('fired_token', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('first_seen', 'text', (c) => c.notNull())
      .addColumn('last_seen', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('security_events_pk', ['kind', 'event_key'])
      .execute();
    await db.schema.createIndex('security_events_id').on('security_events').column('id_key').execute();
    await db.schema.createIndex('security_events_list').on('security_events').columns(['kind', 'subscription_id', 'id_key']).execute();
    await db.schema
      .createTable('runs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('workflow_key', 'text', (c) => c.notNull())
      .addColumn('workflow_version', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('trigger_name', 'text', (c) => c.notNull())
      .addColumn('automation_key', 'text')
      .addColumn('event_kind', 'text')
      .addColumn('event_key', 'text')
      .addColumn('event_version', 'integer')
      .addColumn('correlation', 'text', (c) => c.notNull())
      .addColumn('error', 'text')
      .addColumn('response', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('start_time', 'text')
      .addColumn('end_time', 'text')
      .addColumn('lease_owner', 'text')
      .addColumn('lease_expires_at', 'text')
      .addColumn('cancel_requested', 'integer', (c) => c.notNull().defaultTo(0))
      .$call(keyed(db))
      .execute();
    // Exactly one run per (automation, event version): the outbox's guarantee, enforced by the database.
    await db.schema
      .createIndex('runs_one_per_event_version')
      .on('runs')
      .columns(['automation_key', 'workflow_key', 'event_kind', 'event_key', 'event_version'])
      .unique()
      .execute();
    await db.schema.createIndex('runs_by_workflow').on('runs').columns(['workflow_key', 'id']).execute();
    await db.schema.createIndex('runs_claim').on('runs').columns(['status', 'id']).execute();
    // The trigger outputs (often the whole event) live apart from the run's status row, which is rewritten as the
    // run moves through its states and should stay small.
    await db.schema
      .createTable('run_triggers')
      .addColumn('run_id', 'text', (c) => c.primaryKey())
      .addColumn('outputs', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('run_actions')
      .addColumn('run_id', 'text', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('action_key', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('entry', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('run_actions_pk', ['run_id', 'seq'])
      .execute();
    await db.schema
      .createTable('principals')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .$call(keyed(db))
      .execute();
    await db.schema
      .createTable('tokens')
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('principal_id', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .$call(keyed(db))
      .execute();
  },
};
