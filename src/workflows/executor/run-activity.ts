/**
 * Which actions of a run are executing, and which of those only sleep on a journaled timer. When every one does,
 * nothing of the run is in flight that a restart could not pick up again from the journal, so a host may park it.
 * Containers are not counted: they only wait for their children.
 */
export class RunActivity {
  private executing = 0;
  /** Instance key → end of its sleep (epoch ms). */
  private readonly sleeping = new Map<string, number>();

  started(): void {
    this.executing++;
  }

  finished(): void {
    this.executing--;
  }

  /**
   * Marks an executing action asleep until `wakeAtMs`. Returns when the run should be resumed if parked now: the
   * earliest end of every sleep, once every executing action sleeps; otherwise undefined.
   */
  asleep(key: string, wakeAtMs: number): number | undefined {
    this.sleeping.set(key, wakeAtMs);
    if (this.sleeping.size < this.executing) return undefined;
    return Math.min(...this.sleeping.values());
  }

  awake(key: string): void {
    this.sleeping.delete(key);
  }
}
