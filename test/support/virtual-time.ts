/**
 * Virtual time for executor tests: a clock that only moves when something sleeps, so Wait, retry delays and
 * timeouts run instantly and deterministically. Pending sleeps fire one per macrotask in order of their due time
 * and move the clock to it, so two parallel sleeps of 10 s advance it by 10 s, not 20 s. Real I/O takes no virtual
 * time but does take macrotasks: an action timeout racing a real HTTP call fires first, whatever its length.
 */
import type { Clock } from '../../src/expressions/index.js';
import type { Sleeper } from '../../src/workflows/index.js';

interface PendingSleep {
  readonly due: number;
  readonly order: number;
  readonly resolve: () => void;
}

export class VirtualTime {
  private current: number;
  private readonly pending: PendingSleep[] = [];
  private ticking = false;
  private order = 0;
  /** The duration of every sleep requested, in call order (including those later aborted). */
  readonly sleeps: number[] = [];

  constructor(start: number | string = '2024-01-01T00:00:00Z') {
    this.current = typeof start === 'number' ? start : Date.parse(start);
  }

  readonly clock: Clock = { now: () => this.current };

  readonly sleeper: Sleeper = {
    sleep: (ms, signal) => {
      this.sleeps.push(ms);
      if (signal?.aborted) return Promise.reject(signal.reason);
      return new Promise<void>((resolve, reject) => {
        const entry: PendingSleep = {
          due: this.current + Math.max(0, ms),
          order: this.order++,
          resolve: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
        };
        const onAbort = () => {
          const index = this.pending.indexOf(entry);
          if (index >= 0) this.pending.splice(index, 1);
          reject(signal?.reason);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        this.pending.push(entry);
        this.schedule();
      });
    },
  };

  /** Milliseconds elapsed since `start`. */
  elapsedSince(start: number | string): number {
    return this.current - (typeof start === 'number' ? start : Date.parse(start));
  }

  private schedule(): void {
    if (this.ticking) return;
    this.ticking = true;
    setImmediate(() => this.tick());
  }

  private tick(): void {
    this.ticking = false;
    if (this.pending.length === 0) return;
    this.pending.sort((a, b) => a.due - b.due || a.order - b.order);
    const next = this.pending.shift() as PendingSleep;
    this.current = Math.max(this.current, next.due);
    next.resolve();
    if (this.pending.length > 0) this.schedule();
  }
}
