/**
 * What the metrics scrape reads from the database: how many runs wait or execute, and since when the oldest one
 * waits. Both queries walk only the (status, id) index range of unfinished runs, never the finished history.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/database-schema.js';

export interface QueueStats {
  readonly queued: number;
  readonly running: number;
  /** `created_at` (instant text) of the oldest Queued run; undefined when none waits. */
  readonly oldestQueuedAt?: string;
}

export async function readQueueStats(db: Kysely<Database>): Promise<QueueStats> {
  const counts = await db
    .selectFrom('runs')
    .select(['status', (eb) => eb.fn.countAll().as('count')])
    .where('status', 'in', ['Queued', 'Running'])
    .groupBy('status')
    .execute();
  const countOf = (status: string) => Number(counts.find((row) => row.status === status)?.count ?? 0);
  // Run ids sort by creation time, so the first Queued id in the index is the oldest waiting run.
  const oldest = await db.selectFrom('runs').select('created_at').where('status', '=', 'Queued').orderBy('id').limit(1).executeTakeFirst();
  return { queued: countOf('Queued'), running: countOf('Running'), ...(oldest ? { oldestQueuedAt: oldest.created_at } : {}) };
}
