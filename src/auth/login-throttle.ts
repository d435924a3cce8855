/**
 * Login throttling, counted before any password is checked. Three counts over a sliding window:
 *
 * - per name from one address (the pair): a hard block after a few failures — someone guessing one account;
 * - per address over any names: a hard block — one address spraying guesses over many accounts;
 * - per name over every address: the same kind of block at a much higher threshold. One address can never reach
 *   it (its failures for a name stop at the pair limit, and its failures overall at the address limit), so an
 *   attacker cannot lock a user out from everywhere by failing sign-ins as them: it takes many addresses, and only
 *   then does the account refuse guesses from everyone until the window passes.
 *
 * A refused attempt is not counted. A success clears the name's counts (the pair's and the name's over every
 * address: the password was right), but not the address's (one address guessing many names stays counted; only the
 * successful attempt itself is uncounted).
 *
 * The state behind `MemoryLoginThrottle` is per process: several server processes each count on their own (an
 * attacker spreading attempts over N processes gets N times the budget) and a restart forgets it. A shared store
 * can implement the same interface.
 */

export interface LoginThrottleLimits {
  /** Failures for one name from one client address within the window before that pair is blocked. */
  readonly perNameAndAddress: number;
  /** Failures per client address, over any names, within the window before the address is blocked. */
  readonly perAddress: number;
  /** Failures for one name over every address within the window before the name is blocked everywhere. */
  readonly perName: number;
  readonly windowMs: number;
}

export const defaultLoginThrottleLimits: LoginThrottleLimits = Object.freeze({ perNameAndAddress: 5, perAddress: 20, perName: 50, windowMs: 15 * 60_000 });

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
    const counts = this.counts(name, address);
    const wait = Math.max(...counts.map(([key, limit]) => this.wait(key, limit, nowMs)));
    if (wait > 0) return Math.max(1, Math.ceil(wait / 1000));
    for (const [key, limit] of counts) this.add(key, limit, nowMs);
    return 0;
  }

  succeeded(name: string, address: string, startedMs: number): void {
    this.failures.delete(pairKey(name, address));
    this.failures.delete(nameKey(name));
    const times = this.failures.get(addressKey(address));
    const index = times?.lastIndexOf(startedMs) ?? -1;
    if (times !== undefined && index >= 0) times.splice(index, 1);
  }

  /** Each count an attempt adds to, with its limit. */
  private counts(name: string, address: string): [key: string, limit: number][] {
    return [
      [pairKey(name, address), this.limits.perNameAndAddress],
      [addressKey(address), this.limits.perAddress],
      [nameKey(name), this.limits.perName],
    ];
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

  private add(key: string, limit: number, nowMs: number): void {
    const times = this.current(key, nowMs);
    times.push(nowMs);
    // Re-inserting keeps the map ordered by last failure, so eviction drops the stalest keys first.
    this.failures.delete(key);
    this.failures.set(key, times.slice(-Math.max(1, limit)));
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

const normalName = (name: string) => name.trim().toLowerCase();
const nameKey = (name: string) => `name:${normalName(name)}`;
const addressKey = (address: string) => `address:${address}`;
// An address holds no NUL, so the pair's two parts cannot run together.
const pairKey = (name: string, address: string) => `pair:${address}\u0000${normalName(name)}`;
