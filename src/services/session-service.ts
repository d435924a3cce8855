/**
 * Sign-in for the web UI — users' passwords, or an access token — and the cookie sessions it opens.
 *
 * A session lasts a fixed 8 hours from sign-in (not sliding): a stolen cookie is useful for a bounded time, and no
 * request has to write to the database to extend it. Only a SHA-256 of the cookie value is stored, with the
 * session's CSRF token (which is no credential on its own: it is sent to the signed-in page in a response body).
 *
 * Sign-in is throttled (see login-throttle.ts) before any password is checked, and an unknown name costs the same
 * work as a wrong password.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { type Principal, hashToken, principalType, storedTimeMs } from '../auth/credential.js';
import type { LoginThrottle } from '../auth/login-throttle.js';
import { DummyPasswordCheck, verifyPassword } from '../auth/password.js';
import type { Database } from '../store/database-schema.js';
import { instantText } from '../workflows/executor/instant-text.js';
import { tokenOwner } from './auth-service.js';

export const SESSION_LIFETIME_MS = 8 * 3_600_000;
/**
 * The throttle's name for token sign-ins: a token has no name, and one shared name would let anyone lock every
 * token out (the first admin has nothing else); so attempts count per address only — tokens are too long to guess.
 */
const tokenSignIn = (address: string) => `(access token from ${address})`;

export interface Session {
  readonly principal: Principal;
  readonly csrfToken: string;
  /** When the session ends (epoch milliseconds). */
  readonly expiresMs: number;
}

export type LoginOutcome =
  /** `principalId`, here and below, when the name is a user's. */
  | { readonly kind: 'throttled'; readonly retryAfterSeconds: number; readonly principalId?: string }
  | { readonly kind: 'failed'; readonly principalId?: string }
  | { readonly kind: 'succeeded'; readonly session: Session; readonly cookieValue: string; readonly maxAgeSeconds: number };

export class SessionService {
  private readonly dummy = new DummyPasswordCheck();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: () => number,
    private readonly throttle: LoginThrottle,
  ) {}

  async login(name: string, password: string, address: string): Promise<LoginOutcome> {
    const user = await this.db
      .selectFrom('principals')
      .select(['id', 'name', 'password_hash'])
      .where('type', '=', 'User')
      .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
      .executeTakeFirst();
    const started = this.clock();
    const retryAfterSeconds = this.throttle.begin(name, address, started);
    if (retryAfterSeconds > 0) return { kind: 'throttled', retryAfterSeconds, ...(user === undefined ? {} : { principalId: user.id }) };
    const valid = user?.password_hash ? await verifyPassword(user.password_hash, password) : await this.dummy.verify(password);
    if (user === undefined || !valid) return user === undefined ? { kind: 'failed' } : { kind: 'failed', principalId: user.id };
    this.throttle.succeeded(name, address, started);
    return this.open({ id: user.id, name: user.name, type: 'User' });
  }

  /**
   * Signs in with an access token (a service principal's, or the first admin's, which has no password): throttled
   * per address like passwords; the session ends when the token is revoked or expires, and never outlives 8 hours.
   */
  async loginWithToken(token: string, address: string): Promise<LoginOutcome> {
    const started = this.clock();
    const retryAfterSeconds = this.throttle.begin(tokenSignIn(address), address, started);
    if (retryAfterSeconds > 0) return { kind: 'throttled', retryAfterSeconds };
    const hash = hashToken(token);
    const owner = await tokenOwner(this.db, hash);
    if (owner === undefined || (owner.expiresMs !== undefined && owner.expiresMs <= started)) return { kind: 'failed' };
    this.throttle.succeeded(tokenSignIn(address), address, started);
    return this.open(owner.principal, hash, owner.expiresMs);
  }

  private async open(principal: Principal, tokenHash?: string, tokenExpiresMs?: number): Promise<LoginOutcome> {
    const now = this.clock();
    const expiresMs = Math.min(now + SESSION_LIFETIME_MS, tokenExpiresMs ?? Number.POSITIVE_INFINITY);
    const cookieValue = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(32).toString('base64url');
    // Sessions are few: sweeping the expired ones at each sign-in keeps the table small.
    await this.db.deleteFrom('sessions').where('expires_at', '<', instantText(now)).execute();
    await this.db
      .insertInto('sessions')
      .values({
        session_hash: hashToken(cookieValue),
        principal_id: principal.id,
        csrf_token: csrfToken,
        created_at: instantText(now),
        expires_at: instantText(expiresMs),
        token_hash: tokenHash ?? null,
      })
      .execute();
    return { kind: 'succeeded', session: { principal, csrfToken, expiresMs }, cookieValue, maxAgeSeconds: Math.max(1, Math.floor((expiresMs - now) / 1000)) };
  }

  /** The live session a cookie value opens; undefined when there is none or it has expired. */
  async find(cookieValue: string): Promise<Session | undefined> {
    const row = await this.db
      .selectFrom('sessions')
      .innerJoin('principals', 'principals.id', 'sessions.principal_id')
      .leftJoin('tokens', 'tokens.token_hash', 'sessions.token_hash')
      .select(['principals.id', 'principals.name', 'principals.type', 'sessions.csrf_token', 'sessions.expires_at', 'sessions.token_hash', 'tokens.principal_id as token_principal'])
      .where('sessions.session_hash', '=', hashToken(cookieValue))
      .executeTakeFirst();
    if (row === undefined) return undefined;
    // A session opened with a token ends with it (revoked, rotated away or deleted with its principal).
    const tokenGone = row.token_hash !== null && row.token_hash !== undefined && row.token_principal !== row.id;
    const expiresMs = storedTimeMs(row.expires_at);
    if (tokenGone || expiresMs <= this.clock()) {
      await this.end(cookieValue);
      return undefined;
    }
    return { principal: { id: row.id, name: row.name, type: principalType(row.type) }, csrfToken: row.csrf_token, expiresMs };
  }

  async end(cookieValue: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('session_hash', '=', hashToken(cookieValue)).execute();
  }
}
