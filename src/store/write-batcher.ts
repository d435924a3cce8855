/**
 * Group commit: writes requested in the same turn of the event loop share one transaction, so a burst of small
 * writes (journal entries, run updates, event batches) costs one commit instead of one each. A caller's promise
 * settles only after the transaction that holds its write has committed.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './database-schema.js';
import { type TransactionEnd, TransactionOutcome } from './transaction-end.js';

export type { TransactionEnd } from './transaction-end.js';

/** A write: its statements in the shared transaction, and what to do once that transaction has ended. */
type Work<T> = (trx: Transaction<Database>, end: TransactionEnd) => Promise<T>;

interface Pending {
  readonly work: Work<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

export interface WriteBatcherOptions {
  /** Writes per transaction, at most. */
  readonly maxBatch?: number;
  /**
   * Transactions in flight at once (PostgreSQL, whose pool has connections to spare). With more than one, batches
   * may commit out of order: only for writes that do not depend on each other's order (accepting events).
   */
  readonly parallel?: number;
}

export class WriteBatcher {
  private queue: Pending[] = [];
  private scheduled = false;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly maxBatch: number;
  private readonly parallel: number;

  constructor(
    private readonly db: Kysely<Database>,
    options: WriteBatcherOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 500;
    this.parallel = options.parallel ?? 1;
  }

  write<T>(work: Work<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.pump();
        });
      }
    });
  }

  /** Resolves once everything queued so far has been written. */
  async drain(): Promise<void> {
    while (this.queue.length > 0 || this.scheduled || this.inFlight.size > 0) {
      await new Promise((resolve) => setImmediate(resolve));
      await Promise.all(this.inFlight);
    }
  }

  /** Starts transactions for what is queued, as many at once as allowed; each finished one starts the next. */
  private pump(): void {
    while (this.inFlight.size < this.parallel && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      const committing: Promise<void> = this.commit(batch).finally(() => {
        this.inFlight.delete(committing);
        this.pump();
      });
      this.inFlight.add(committing);
    }
  }

  /** Runs `work` in a transaction of its own, and tells `end` how it ended before answering. */
  private async transaction<T>(work: Work<T>): Promise<T> {
    const end = new TransactionOutcome();
    let result: T;
    try {
      result = await this.db.transaction().execute((trx) => work(trx, end));
    } catch (error) {
      end.rolledBack();
      throw error;
    }
    end.committed();
    return result;
  }

  private async commit(batch: readonly Pending[]): Promise<void> {
    const results: unknown[] = [];
    try {
      await this.transaction(async (trx, end) => {
        for (const item of batch) results.push(await item.work(trx, end));
      });
      batch.forEach((item, index) => item.resolve(results[index]));
    } catch {
      // One write failed (or, with parallel transactions, a deadlock chose this one): each alone, so only the
      // failing one sees its error.
      for (const item of batch) {
        try {
          item.resolve(await this.transaction(item.work));
        } catch (error) {
          item.reject(error);
        }
      }
    }
  }
}
