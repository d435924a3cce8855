/**
 * Run journals are written a row per finished action; the rows of every run asked for in the same turn of the
 * event loop go in one multi-row insert, within the group commit (a run of a few actions would otherwise cost a
 * statement, and on PostgreSQL a round trip, per action).
 */
import type { RunActionTable } from '../store/database-schema.js';
import type { WriteBatcher } from '../store/write-batcher.js';

/** Rows per statement: 6 columns each, well inside SQLite's and PostgreSQL's bound-parameter limits. */
const CHUNK = 500;

export class JournalWriter {
  private rows: RunActionTable[] = [];
  private pending: Promise<void> | undefined;

  constructor(private readonly writes: WriteBatcher) {}

  /** Settles once the row is committed (with every row appended before it). */
  append(row: RunActionTable): Promise<void> {
    this.rows.push(row);
    if (this.pending === undefined) {
      // Rows appended until the write starts join it; from then on they start the next one. Should its
      // transaction fail and the write be tried again alone, it inserts exactly the rows it took.
      const rows = this.rows;
      this.pending = this.writes.write(async (trx) => {
        if (this.rows === rows) {
          this.rows = [];
          this.pending = undefined;
        }
        for (let start = 0; start < rows.length; start += CHUNK) {
          await trx.insertInto('run_actions').values(rows.slice(start, start + CHUNK)).execute();
        }
      });
    }
    return this.pending;
  }
}
