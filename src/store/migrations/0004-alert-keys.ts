/**
 * Alerts are keyed by their SystemAlertId within their subscription (`{systemAlertId}/{subscription}`), so one
 * subscription's alerts can never be overwritten or moved by events posted for another.
 */
import { type Kysely, type Migration, sql } from 'kysely';

export const alertKeysMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`update security_events set event_key = event_key || '/' || subscription_id where kind = 'Alert' and event_key not like '%/%'`.execute(db);
    await sql`update runs set event_key = event_key || '/' || (select subscription_id from security_events
      where security_events.kind = 'Alert' and security_events.event_key = runs.event_key || '/' || security_events.subscription_id)
      where event_kind = 'Alert' and event_key not like '%/%'
        and exists (select 1 from security_events where security_events.kind = 'Alert' and security_events.event_key = runs.event_key || '/' || security_events.subscription_id)`.execute(db);
  },
};
