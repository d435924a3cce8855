/** API connections (`Microsoft.Web/connections`): secret parameter values are stored sealed, never in clear. */
import type { Kysely, Migration } from 'kysely';

export const connectionsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('connections')
      .addColumn('id_key', 'text', (c) => c.primaryKey())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('subscription_id', 'text', (c) => c.notNull())
      .addColumn('resource_group', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('api_name', 'text', (c) => c.notNull())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('location', 'text')
      .addColumn('tags', 'text', (c) => c.notNull())
      .addColumn('parameters', 'text', (c) => c.notNull())
      .addColumn('secret_names', 'text', (c) => c.notNull())
      .addColumn('sealed_secrets', 'text')
      .addColumn('test_status', 'text')
      .addColumn('test_message', 'text')
      .addColumn('tested_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('changed_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('connections_by_group').on('connections').columns(['subscription_id', 'resource_group', 'name']).execute();
  },
};
