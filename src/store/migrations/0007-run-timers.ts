/** A run parked by a long sleep (Wait, a retry delay) keeps no worker: it waits in the database until `wake_at`. */
import type { Kysely, Migration } from 'kysely';

export const runTimersMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('runs').addColumn('wake_at', 'text').execute();
  },
};
