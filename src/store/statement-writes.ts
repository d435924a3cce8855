/**
 * Writes that need no transaction around them (each is one statement, atomic alone, or opens a transaction of its
 * own when it needs more): on PostgreSQL each goes alone, one round trip, where the group commit's transaction
 * would add two more (begin and commit). A write starts in the next turn of the event loop, and at most `parallel`
 * are in flight: the items a `CoalescedWrite` collects meanwhile share the next one.
 */
import type { Kysely } from 'kysely';
import type { Writes } from './coalesced-write.js';
import type { Database } from './database-schema.js';
import { type TransactionEnd, TransactionOutcome } from './transaction-end.js';

type Work<T> = (db: Kysely<Database>, end: TransactionEnd) => Promise<T>;

export class StatementWrites implements Writes<Kysely<Database>> {
  private readonly waiting: (() => void)[] = [];
  private inFlight = 0;

  constructor(
    private readonly db: Kysely<Database>,
    /** Writes in flight at once: more than one only for writes that do not depend on each other's order. */
    private readonly parallel = 1,
  ) {}

  async write<T>(work: Work<T>): Promise<T> {
    // Starts in the next turn of the event loop, as the group commit does, so what this turn adds goes along.
    await new Promise((resolve) => setImmediate(resolve));
    if (this.inFlight >= this.parallel) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.inFlight++;
    try {
      return await this.execute(work);
    } finally {
      // The slot passes to the next waiting write, if any.
      const next = this.waiting.shift();
      if (next === undefined) this.inFlight--;
      else next();
    }
  }

  private async execute<T>(work: Work<T>): Promise<T> {
    const end = new TransactionOutcome();
    let result: T;
    try {
      result = await work(this.db, end);
    } catch (error) {
      end.rolledBack();
      throw error;
    }
    end.committed();
    return result;
  }
}
