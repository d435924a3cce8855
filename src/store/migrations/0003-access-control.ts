/**
 * Identity and access: principal kinds and password hashes, token ids and expiry, cookie sessions, custom role
 * definitions, role assignments at any scope, and the append-only activity log. Existing Owners (the root principal
 * of earlier versions) become Owner role assignments at the tenant root.
 */
import { type Kysely, type Migration, SqliteAdapter, sql } from 'kysely';

export const accessControlMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('principals').addColumn('type', 'text', (c) => c.notNull().defaultTo('ServicePrincipal')).execute();
    await db.schema.alterTable('principals').addColumn('password_hash', 'text').execute();
    await db.schema.alterTable('tokens').addColumn('id', 'text').execute();
    await db.schema.alterTable('tokens').addColumn('expires_at', 'text').execute();
    await sql`update tokens set id = substr(token_hash, 1, 32) where id is null`.execute(db);
    await db.schema.createIndex('tokens_by_principal').on('tokens').column('principal_id').execute();

    await db.schema
      .createTable('sessions')
      .addColumn('session_hash', 'text', (c) => c.primaryKey())
      .addColumn('principal_id', 'text', (c) => c.notNull())
      .addColumn('csrf_token', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('sessions_by_principal').on('sessions').column('principal_id').execute();

    await db.schema
      .createTable('role_definitions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('role_name', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('permissions', 'text', (c) => c.notNull())
      .addColumn('assignable_scopes', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('changed_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('role_assignments')
      .addColumn('id_key', 'text', (c) => c.primaryKey())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('scope', 'text', (c) => c.notNull())
      .addColumn('scope_key', 'text', (c) => c.notNull())
      .addColumn('principal_id', 'text', (c) => c.notNull())
      .addColumn('role_definition_id', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('role_assignments_by_principal').on('role_assignments').column('principal_id').execute();
    await db.schema.createIndex('role_assignments_by_scope').on('role_assignments').column('scope_key').execute();
    await sql`insert into role_assignments (id_key, id, name, scope, scope_key, principal_id, role_definition_id, created_by, created_at)
      select '/providers/microsoft.authorization/roleassignments/' || lower(id), '/providers/Microsoft.Authorization/roleAssignments/' || id, id, '/', '/', id,
             '/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635', null, created_at
      from principals where role = 'Owner'`.execute(db);

    await db.schema
      .createTable('activity_log')
      // Append order, for paging: an autoincrementing key (SQLite) or a sequence (PostgreSQL).
      .$call((table) =>
        db.getExecutor().adapter instanceof SqliteAdapter
          ? table.addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement())
          : table.addColumn('seq', 'bigserial', (c) => c.primaryKey()),
      )
      .addColumn('event_id', 'text', (c) => c.notNull())
      .addColumn('event_timestamp', 'text', (c) => c.notNull())
      .addColumn('caller', 'text', (c) => c.notNull())
      .addColumn('operation_name', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('resource_id', 'text', (c) => c.notNull())
      .addColumn('resource_key', 'text', (c) => c.notNull())
      .addColumn('correlation_id', 'text', (c) => c.notNull())
      .addColumn('properties', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('activity_log_by_time').on('activity_log').column('event_timestamp').execute();
  },
};
