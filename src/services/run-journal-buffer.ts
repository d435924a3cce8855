/**
 * One executing run's journal rows not yet handed to the writer. Most rows need not be stored the moment they are
 * made: computations are simply made again after a crash. So rows wait here and go, in order, with the first of:
 * - the run's final status, in the same transaction (a short run costs one commit for its whole journal);
 * - the start of another action that reaches outside the run, when an earlier one's result is waiting: that result
 *   is stored first, so a crash repeats at most the outside calls whose results were not stored yet;
 * - a durable timer (stored before the run sleeps), parking or shutdown (see the dispatcher);
 * - `visibleAfterMs`, so the progress of a run that takes a while shows in its actions.
 */
import type { RunActionTable } from '../store/database-schema.js';
import type { JournalWriter } from './journal-writer.js';

export class RunJournalBuffer {
  private rows: RunActionTable[] = [];
  /** Whether `rows` hold the result of an action that reached outside the run. */
  private holdsOutsideResult = false;
  /** Every write handed to the writer so far; rejected if any of them failed. */
  private written: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly writer: Pick<JournalWriter, 'append'>,
    private readonly visibleAfterMs: number,
  ) {}

  add(row: RunActionTable, outsideResult: boolean): void {
    this.rows.push(row);
    if (outsideResult) this.holdsOutsideResult = true;
    if (this.timer === undefined) {
      // Its failure shows when the run next awaits its writes.
      this.timer = setTimeout(() => void this.flush().catch(() => undefined), this.visibleAfterMs);
      this.timer.unref();
    }
  }

  /** Hands the waiting rows to the writer; settles once they (and all handed over before) are committed. */
  flush(): Promise<void> {
    this.stopTimer();
    if (this.rows.length > 0) {
      const rows = this.rows;
      this.rows = [];
      this.holdsOutsideResult = false;
      const all = Promise.all([this.written, this.writer.append(rows)]);
      // A failure surfaces when the run awaits it (before going on or finishing), not as an unhandled rejection.
      all.catch(() => undefined);
      this.written = all;
    }
    return this.written.then(() => undefined);
  }

  /**
   * Before an outside call starts: the results of earlier outside calls are stored first — also those the timer
   * already handed to the writer, whose commit may still be under way (or have failed).
   */
  async beforeOutsideCall(): Promise<void> {
    await (this.holdsOutsideResult ? this.flush() : this.written);
  }

  /** The rows to store with the final status, once every row handed over earlier is committed. */
  async remaining(): Promise<RunActionTable[]> {
    this.stopTimer();
    await this.written;
    const rows = this.rows;
    this.rows = [];
    return rows;
  }

  private stopTimer(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
