/**
 * Policy at scale: the management group tree (a tenant root group named `root`), where each subscription sits in
 * it, resource group locations, policy assignments, their latest compliance state per subscription, and
 * remediation tasks with one deployment record per subscription.
 */
import { type Kysely, type Migration, sql } from 'kysely';

export const policyMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('management_groups')
      .addColumn('name_key', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('display_name', 'text', (c) => c.notNull())
      // Null only for the tenant root group.
      .addColumn('parent_key', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('changed_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('management_groups_by_parent').on('management_groups').column('parent_key').execute();
    const now = new Date().toISOString();
    await sql`insert into management_groups (name_key, name, display_name, parent_key, created_at, changed_at)
      values ('root', 'root', 'Tenant Root Group', null, ${now}, ${now})`.execute(db);

    await db.schema.alterTable('subscriptions').addColumn('display_name', 'text').execute();
    await db.schema.alterTable('subscriptions').addColumn('management_group_key', 'text', (c) => c.notNull().defaultTo('root')).execute();
    await db.schema.alterTable('subscriptions').addColumn('changed_at', 'text').execute();
    await db.schema.createIndex('subscriptions_by_management_group').on('subscriptions').column('management_group_key').execute();
    await db.schema.alterTable('resource_groups').addColumn('location', 'text').execute();

    await db.schema
      .createTable('policy_assignments')
      .addColumn('id_key', 'text', (c) => c.primaryKey())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('scope', 'text', (c) => c.notNull())
      .addColumn('scope_key', 'text', (c) => c.notNull())
      .addColumn('policy_definition_id', 'text', (c) => c.notNull())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('description', 'text')
      // JSON: `{name: {value}}` as given (canonical spellings), and the scopes excluded.
      .addColumn('parameters', 'text', (c) => c.notNull())
      .addColumn('not_scopes', 'text', (c) => c.notNull())
      .addColumn('enforcement_mode', 'text', (c) => c.notNull())
      .addColumn('location', 'text')
      // The assignment's managed identity: the principal its deployments run as.
      .addColumn('identity_principal_id', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('changed_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('policy_assignments_by_scope').on('policy_assignments').column('scope_key').execute();

    await db.schema
      .createTable('policy_states')
      .addColumn('assignment_key', 'text', (c) => c.notNull())
      .addColumn('subscription_key', 'text', (c) => c.notNull())
      .addColumn('subscription_id', 'text', (c) => c.notNull())
      .addColumn('compliance_state', 'text', (c) => c.notNull())
      // Why it is NonCompliant, in words (null when Compliant).
      .addColumn('reason', 'text')
      .addColumn('evaluated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('policy_states_pk', ['assignment_key', 'subscription_key'])
      .execute();
    await db.schema.createIndex('policy_states_by_subscription').on('policy_states').column('subscription_key').execute();

    await db.schema
      .createTable('remediations')
      .addColumn('id_key', 'text', (c) => c.primaryKey())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('scope', 'text', (c) => c.notNull())
      .addColumn('scope_key', 'text', (c) => c.notNull())
      .addColumn('policy_assignment_id', 'text', (c) => c.notNull())
      .addColumn('resource_discovery_mode', 'text', (c) => c.notNull())
      .addColumn('provisioning_state', 'text', (c) => c.notNull())
      .addColumn('total_deployments', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('successful_deployments', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('failed_deployments', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('parallel_deployments', 'integer', (c) => c.notNull().defaultTo(10))
      // Stop when more than this fraction of deployments failed (1: never stop early).
      .addColumn('failure_threshold', 'real', (c) => c.notNull().defaultTo(1))
      .addColumn('status_message', 'text')
      .addColumn('correlation_id', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('changed_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('remediations_by_state').on('remediations').column('provisioning_state').execute();

    await db.schema
      .createTable('remediation_deployments')
      .addColumn('remediation_key', 'text', (c) => c.notNull())
      .addColumn('subscription_key', 'text', (c) => c.notNull())
      .addColumn('subscription_id', 'text', (c) => c.notNull())
      .addColumn('remediated_resource_id', 'text', (c) => c.notNull())
      .addColumn('deployment_id', 'text', (c) => c.notNull())
      // Pending → Running → Succeeded | Failed | Canceled
      .addColumn('status', 'text', (c) => c.notNull())
      // JSON `{code, message}` when Failed.
      .addColumn('error', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('changed_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('remediation_deployments_pk', ['remediation_key', 'subscription_key'])
      .execute();
  },
};
