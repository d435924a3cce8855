/**
 * Liveness and readiness. Ready means "send me traffic": the database answers a trivial query in time and shutdown
 * has not begun. Answers name the failing check in a word ('unreachable', 'timeout'), never the error itself, which
 * may carry the database URL and its credentials.
 */
import { type Kysely, sql } from 'kysely';
import { withinMs } from './deadline.js';

export type DatabaseCheck = 'ok' | 'unreachable' | 'timeout';

export type Readiness =
  | { readonly status: 'ready'; readonly checks: { readonly database: 'ok' } }
  | { readonly status: 'not ready'; readonly checks: { readonly database: Exclude<DatabaseCheck, 'ok'> } }
  | { readonly status: 'draining' };

export const READINESS_TIMEOUT_MS = 2_000;

/** The cheapest query that still makes a round trip to the database (or takes SQLite's connection). */
export function pingDatabase<DB>(db: Kysely<DB>): () => Promise<unknown> {
  return () => sql`select 1`.execute(db);
}

export class Health {
  #draining = false;

  constructor(
    private readonly ping: () => Promise<unknown>,
    private readonly timeoutMs = READINESS_TIMEOUT_MS,
  ) {}

  /** True once shutdown has begun: load balancers should stop sending requests while those under way finish. */
  get draining(): boolean {
    return this.#draining;
  }

  /** Called first thing on shutdown; from then on readiness answers 'draining'. Cannot be undone. */
  beginDrain(): void {
    this.#draining = true;
  }

  async readiness(): Promise<Readiness> {
    if (this.#draining) return { status: 'draining' };
    // Through a promise chain, so a ping that throws at once counts as unreachable too.
    const outcome = await withinMs(Promise.resolve().then(this.ping), this.timeoutMs);
    if (outcome.kind === 'ok') return { status: 'ready', checks: { database: 'ok' } };
    return { status: 'not ready', checks: { database: outcome.kind === 'timeout' ? 'timeout' : 'unreachable' } };
  }
}
