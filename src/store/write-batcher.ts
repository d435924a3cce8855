/**
 * Group commit: writes requested in the same turn of the event loop share one transaction, so a burst of small
 * writes (journal entries, run updates, event batches) costs one commit instead of one each. A caller's promise
 * settles only after the transaction that holds its write has committed.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './database-schema.js';

type Work<T> = (trx: Transaction<Database>) => Promise<T>;

interface Pending {
  readonly work: Work<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

export class WriteBatcher {
  private queue: Pending[] = [];
  private scheduled = false;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly maxBatch = 500,
  ) {}

  write<T>(work: Work<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.running = this.running.then(() => this.flush());
        });
      }
    });
  }

  /** Resolves once everything queued so far has been written. */
  async drain(): Promise<void> {
    while (this.queue.length > 0 || this.scheduled) {
      await new Promise((resolve) => setImmediate(resolve));
      await this.running;
    }
    await this.running;
  }

  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      const results: unknown[] = [];
      try {
        await this.db.transaction().execute(async (trx) => {
          for (const item of batch) results.push(await item.work(trx));
        });
        batch.forEach((item, index) => item.resolve(results[index]));
      } catch {
        // One write failed: run each alone so only the failing one sees its error.
        for (const item of batch) {
          try {
            item.resolve(await this.db.transaction().execute(item.work));
          } catch (error) {
            item.reject(error);
          }
        }
      }
    }
  }
}
