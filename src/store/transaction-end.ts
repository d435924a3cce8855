/**
 * What a write may ask to happen once its transaction has ended: on commit, act on what is now stored (start the
 * runs it inserted already leased); on rollback, give back what it reserved for rows that were never stored.
 */
export interface TransactionEnd {
  onCommit(callback: () => void): void;
  onRollback(callback: () => void): void;
}

/** The hooks of one transaction, called once it has ended (a write tried again alone gets a new transaction). */
export class TransactionOutcome implements TransactionEnd {
  private commitCallbacks: (() => void)[] = [];
  private rollbackCallbacks: (() => void)[] = [];

  onCommit(callback: () => void): void {
    this.commitCallbacks.push(callback);
  }

  onRollback(callback: () => void): void {
    this.rollbackCallbacks.push(callback);
  }

  committed(): void {
    this.end(this.commitCallbacks);
  }

  rolledBack(): void {
    this.end(this.rollbackCallbacks);
  }

  /**
   * Each callback once. A callback that throws must not reach the write path: a committed batch would be written
   * again. Callbacks handle their own errors; one that did not is reported as a process warning.
   */
  private end(callbacks: readonly (() => void)[]): void {
    this.commitCallbacks = [];
    this.rollbackCallbacks = [];
    for (const callback of callbacks) {
      try {
        callback();
      } catch (error) {
        process.emitWarning(error instanceof Error ? error : String(error), 'TransactionCallbackError');
      }
    }
  }
}
