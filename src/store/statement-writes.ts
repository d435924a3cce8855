/**
 * Writes that are each a single statement, and so atomic without a transaction around them: on PostgreSQL each is
 * sent alone, one round trip, where the group commit's transaction would add two more (begin and commit). One is in
 * flight at a time, so the items a `CoalescedWrite` collects meanwhile share the next statement.
 */
import type { Kysely } from 'kysely';
import type { Writes } from './coalesced-write.js';
import type { Database } from './database-schema.js';
import { type TransactionEnd, TransactionOutcome } from './transaction-end.js';

export class StatementWrites implements Writes<Kysely<Database>> {
  private previous: Promise<unknown> = Promise.resolve();

  constructor(private readonly db: Kysely<Database>) {}

  write<T>(work: (db: Kysely<Database>, end: TransactionEnd) => Promise<T>): Promise<T> {
    const written = this.previous.then(() => this.execute(work));
    this.previous = written.catch(() => undefined);
    return written;
  }

  private async execute<T>(work: (db: Kysely<Database>, end: TransactionEnd) => Promise<T>): Promise<T> {
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
