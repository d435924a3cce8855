/**
 * Run journals are written a row per finished action; the rows of every run asked for in the same turn of the
 * event loop go in one multi-row insert, within the group commit (a run of a few actions would otherwise cost a
 * statement, and on PostgreSQL a round trip, per action).
 */
import { CoalescedWrite } from '../store/coalesced-write.js';
import type { RunActionTable } from '../store/database-schema.js';
import { StatementTexts, runForRows, valueRows } from '../store/raw-statements.js';
import type { WriteBatcher } from '../store/write-batcher.js';

const COLUMNS = ['run_id', 'seq', 'action_key', 'name', 'status', 'entry'] as const satisfies readonly (keyof RunActionTable)[];

const insertRows = new StatementTexts((dialect, rows) => `insert into run_actions (${COLUMNS.join(', ')}) values ${valueRows(dialect, rows, COLUMNS.length)}`);

export class JournalWriter {
  private readonly rows: CoalescedWrite<RunActionTable, void>;

  constructor(writes: WriteBatcher) {
    this.rows = new CoalescedWrite(writes, async (trx, rows) => {
      await runForRows(trx, insertRows, rows, COLUMNS);
      return [];
    });
  }

  /** Settles once the row is committed (with every row appended before it). */
  append(row: RunActionTable): Promise<void> {
    return this.rows.add(row);
  }
}
