/**
 * Checks that span rows ("is this the last Owner?", "is this name taken?", "would this move make a cycle?") must
 * not interleave with the same check in another process. On embedded SQLite one process owns the database and its
 * transactions already run one at a time; on PostgreSQL these take an advisory lock named after what they guard.
 */
import { type Kysely, PostgresAdapter, type Transaction, sql } from 'kysely';

export type LockName = 'riposte:access' | 'riposte:hierarchy';

function isShared(db: Kysely<unknown> | Transaction<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** Holds the lock until the transaction ends. */
export async function lockForTransaction<DB>(trx: Transaction<DB>, name: LockName): Promise<void> {
  if (isShared(trx as Transaction<unknown>)) await sql`select pg_advisory_xact_lock(hashtext(${name}))`.execute(trx);
}

/** Runs `work` holding the lock (work that spans several statements outside one transaction). */
export async function withClusterLock<DB, T>(db: Kysely<DB>, name: LockName, work: (shared: boolean) => Promise<T>): Promise<T> {
  if (!isShared(db as Kysely<unknown>)) return work(false);
  return db.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(hashtext(${name}))`.execute(connection);
    try {
      return await work(true);
    } finally {
      await sql`select pg_advisory_unlock(hashtext(${name}))`.execute(connection);
    }
  });
}
