/**
 * Run journals are written a row per finished action; the rows of every run asked for in the same turn of the
 * event loop go in one multi-row insert, within the group commit (a run of a few actions would otherwise cost a
 * statement, and on PostgreSQL a round trip, per action).
 */
import type { Kysely } from 'kysely';
import { CoalescedWrite } from '../store/coalesced-write.js';
import type { Database, RunActionTable } from '../store/database-schema.js';
import { StatementTexts, runForRows, valueRows } from '../store/raw-statements.js';
import type { WriteBatcher } from '../store/write-batcher.js';

export const JOURNAL_COLUMNS = ['run_id', 'seq', 'action_key', 'name', 'status', 'entry'] as const satisfies readonly (keyof RunActionTable)[];

const insertRows = new StatementTexts((dialect, rows) => `insert into run_actions (${JOURNAL_COLUMNS.join(', ')}) values ${valueRows(dialect, rows, JOURNAL_COLUMNS.length)}`);

/** Inserts journal rows with as few statements as the parameter limits allow. */
export async function insertJournalRows(db: Kysely<Database>, rows: readonly RunActionTable[]): Promise<void> {
  if (rows.length > 0) await runForRows(db, insertRows, rows, JOURNAL_COLUMNS);
}

export class JournalWriter {
  private readonly rows: CoalescedWrite<RunActionTable, void>;

  constructor(writes: WriteBatcher) {
    this.rows = new CoalescedWrite(writes, async (trx, rows) => {
      await insertJournalRows(trx, rows);
      return [];
    });
  }

  /** Settles once the rows are committed (with every row appended before them). */
  async append(rows: readonly RunActionTable[]): Promise<void> {
    await Promise.all(rows.map((row) => this.rows.add(row)));
  }
}
