/**
 * Events are looked up by id through `security_events_list` (kind, subscription, id): an event's kind and
 * subscription are both read off its id (ingest refuses an id that does not name them), so the index on the id
 * alone only cost writes. It put each new event's entry at one place per subscription — about a fifth of the
 * pages a commit of events wrote to the WAL.
 */
import type { Kysely, Migration } from 'kysely';

export const eventIdLookupMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.dropIndex('security_events_id').execute();
  },
};
