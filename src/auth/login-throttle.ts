/**
 * Login throttling: after too many failed sign-ins for one name (or from one address) within a window, further
 * attempts are refused without checking the password until the oldest counted failure leaves the window. A
 * success clears the name's count (not the address's: one address guessing many names stays counted).
 *
 * The state behind `MemoryLoginThrottle` is per process: several server processes each count on their own (an
 * attacker spreading attempts over N processes gets N times the budget) and a restart forgets it. A shared store
 * can implement the same interface.
 */

export interface LoginThrottleLimits {
  /** Failures per name within the window before it is blocked. */
  readonly perName: number;
  /** Failures per client address within the window before it is blocked. */
  readonly perAddress: number;
  readonly windowMs: number;
}

export const defaultLoginThrottleLimits: LoginThrottleLimits = Object.freeze({ perName: 5, perAddress: 20, windowMs: 15 * 60_000 });

export interface LoginThrottle {
  /**
   * Called before a password is checked. Answers 0 when the attempt may go ahead, and then counts it as a failure
   * at once (so concurrent attempts cannot all slip in before the first failure is counted); otherwise the whole
   * seconds to wait, and nothing is counted.
   */
  begin(name: string, address: string, nowMs: number): number;
  /** The attempt begun at `startedMs` succeeded: the name's failures are cleared and the address's attempt uncounted. */
  succeeded(name: string, address: string, startedMs: number): void;
}

/** Keys are bounded: past `maxKeys`, expired entries are dropped, then the oldest-touched ones. */
export class MemoryLoginThrottle implements LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limits: LoginThrottleLimits = defaultLoginThrottleLimits,
    private readonly maxKeys = 100_000,
  ) {}

  begin(name: string, address: string, nowMs: number): number {
    const wait = Math.max(this.wait(nameKey(name), this.limits.perName, nowMs), this.wait(addressKey(address), this.limits.perAddress, nowMs));
    if (wait > 0) return Math.max(1, Math.ceil(wait / 1000));
    this.add(nameKey(name), nowMs);
    this.add(addressKey(address), nowMs);
    return 0;
  }

  succeeded(name: string, address: string, startedMs: number): void {
    this.failures.delete(nameKey(name));
    const times = this.failures.get(addressKey(address));
    const index = times?.lastIndexOf(startedMs) ?? -1;
    if (times !== undefined && index >= 0) times.splice(index, 1);
  }

  /** Milliseconds until fewer than `limit` failures remain in the window (≤ 0: not blocked). */
  private wait(key: string, limit: number, nowMs: number): number {
    const times = this.current(key, nowMs);
    if (times.length < limit) return 0;
    // Unblocked once the failure that keeps the count at `limit` is older than the window.
    return (times[times.length - limit] as number) + this.limits.windowMs - nowMs;
  }

  private current(key: string, nowMs: number): number[] {
    const times = this.failures.get(key);
    if (times === undefined) return [];
    const since = nowMs - this.limits.windowMs;
    const kept = times.filter((time) => time > since);
    if (kept.length === 0) this.failures.delete(key);
    else if (kept.length !== times.length) this.failures.set(key, kept);
    return kept;
  }

  private add(key: string, nowMs: number): void {
    const times = this.current(key, nowMs);
    times.push(nowMs);
    // Re-inserting keeps the map ordered by last failure, so eviction drops the stalest keys first.
    this.failures.delete(key);
    this.failures.set(key, times.slice(-Math.max(this.limits.perName, this.limits.perAddress)));
    if (this.failures.size > this.maxKeys) this.evict(nowMs);
  }

  private evict(nowMs: number): void {
    for (const key of [...this.failures.keys()]) this.current(key, nowMs);
    for (const key of this.failures.keys()) {
      if (this.failures.size <= this.maxKeys) break;
      this.failures.delete(key);
    }
  }
}

const nameKey = (name: string) => `name:${name.trim().toLowerCase()}`;
const addressKey = (address: string) => `address:${address}`;
