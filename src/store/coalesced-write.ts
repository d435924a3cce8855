/**
 * Items added until their write starts share it, so one set-based statement serves a burst of small writes (the
 * events of many concurrent requests, the journal rows of many runs) instead of a statement each. The write goes
 * through the group commit, and each caller's promise settles once the transaction holding its item committed.
 */
import type { Transaction } from 'kysely';
import type { Database } from './database-schema.js';
import type { TransactionEnd } from './transaction-end.js';

/** Where writes go: the group commit (`WriteBatcher`), or single statements on their own (`StatementWrites`). */
export interface Writes<Db> {
  write<T>(work: (db: Db, end: TransactionEnd) => Promise<T>): Promise<T>;
}

type Store<Item, Result, Db> = (db: Db, items: readonly Item[], end: TransactionEnd) => Promise<readonly Result[]>;

export class CoalescedWrite<Item, Result, Db = Transaction<Database>> {
  private items: Item[] = [];
  private pending: Promise<readonly Result[]> | undefined;

  /** `store` writes the items and answers one result per item, in order. */
  constructor(
    private readonly writes: Writes<Db>,
    private readonly store: Store<Item, Result, Db>,
  ) {}

  add(item: Item): Promise<Result> {
    const items = this.items;
    const index = items.push(item) - 1;
    if (this.pending === undefined) {
      // Items added from now on join this write until it starts; then they start the next one. Should its
      // transaction fail and the write be tried again alone, it writes exactly the items it took.
      this.pending = this.writes.write((db, end) => {
        if (this.items === items) {
          this.items = [];
          this.pending = undefined;
        }
        return this.store(db, items, end);
      });
    }
    return this.pending.then(
      (results) => results[index] as Result,
      // The shared transaction was rolled back as a whole: each item is then written alone, so one bad item
      // fails only its own caller.
      async (error: unknown) => {
        if (items.length === 1) throw error;
        const [result] = await this.writes.write((db, end) => this.store(db, [item], end));
        return result as Result;
      },
    );
  }
}
