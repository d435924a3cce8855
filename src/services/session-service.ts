/**
 * Users' password sign-in and the cookie sessions it opens (for the web UI).
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

export const SESSION_LIFETIME_MS = 8 * 3_600_000;

export interface Session {
  readonly principal: Principal;
  readonly csrfToken: string;
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
    const now = this.clock();
    const cookieValue = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(32).toString('base64url');
    // Sessions are few: sweeping the expired ones at each sign-in keeps the table small.
    await this.db.deleteFrom('sessions').where('expires_at', '<', instantText(now)).execute();
    await this.db
      .insertInto('sessions')
      .values({ session_hash: hashToken(cookieValue), principal_id: user.id, csrf_token: csrfToken, created_at: instantText(now), expires_at: instantText(now + SESSION_LIFETIME_MS) })
      .execute();
    return {
      kind: 'succeeded',
      session: { principal: { id: user.id, name: user.name, type: 'User' }, csrfToken },
      cookieValue,
      maxAgeSeconds: SESSION_LIFETIME_MS / 1000,
    };
  }

  /** The live session a cookie value opens; undefined when there is none or it has expired. */
  async find(cookieValue: string): Promise<Session | undefined> {
    const row = await this.db
      .selectFrom('sessions')
      .innerJoin('principals', 'principals.id', 'sessions.principal_id')
      .select(['principals.id', 'principals.name', 'principals.type', 'sessions.csrf_token', 'sessions.expires_at'])
      .where('sessions.session_hash', '=', hashToken(cookieValue))
      .executeTakeFirst();
    if (row === undefined) return undefined;
    if (storedTimeMs(row.expires_at) <= this.clock()) {
      await this.end(cookieValue);
      return undefined;
    }
    return { principal: { id: row.id, name: row.name, type: principalType(row.type) }, csrfToken: row.csrf_token };
  }

  async end(cookieValue: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('session_hash', '=', hashToken(cookieValue)).execute();
  }
}
