/**
 * Principals and their credentials. Service principals sign in with bearer tokens, users with a password (see
 * session-service.ts); either may hold tokens. Only a SHA-256 hash of each token is stored: tokens are random and
 * long, so a fast hash suffices and the database never holds a usable secret.
 *
 * Token lookups are cached for a moment (ingestion sends many requests with one token). The cache is dropped
 * whenever this process revokes a token or deletes a principal, and an entry never outlives the token's expiry; the
 * short life bounds how long another process's revocation takes to apply here.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { lockForTransaction } from '../store/cluster-lock.js';
import type { ChangeFeed } from './change-feed.js';
import { OWNER_ROLE_ID } from '../auth/built-in-roles.js';
import { type Principal, type PrincipalType, generateToken, hashToken, principalType, storedTimeMs } from '../auth/credential.js';
import { hashPassword } from '../auth/password.js';
import { type LoginThrottle, MemoryLoginThrottle } from '../auth/login-throttle.js';
import { ApiError, notFound } from '../server/api-error.js';
import type { Database } from '../store/database-schema.js';
import { instantText } from '../workflows/executor/instant-text.js';
import { SessionService } from './session-service.js';

export { type Principal, type PrincipalType, generateToken, hashToken };

export interface PrincipalResource extends Principal {
  readonly createdTime: string;
}

export interface TokenInfo {
  readonly id: string;
  readonly createdTime: string;
  readonly expiresTime?: string;
}

/** A token as issued: the only time its value is seen. */
export interface IssuedToken extends TokenInfo {
  readonly token: string;
}

export type TokenCheck =
  /** `expiresMs`: when the token expires (epoch milliseconds); undefined when it never does. */
  | { readonly kind: 'valid'; readonly principal: Principal; readonly expiresMs: number | undefined }
  | { readonly kind: 'expired' }
  | { readonly kind: 'unknown' };

export interface NewPrincipal {
  readonly name: string;
  readonly type: PrincipalType;
  readonly password?: string;
  readonly expiresInDays?: number;
}

export interface TokenOptions {
  readonly expiresInDays?: number;
  /** Revoke the principal's other tokens: a rotation. */
  readonly revokeOthers?: boolean;
  /** The latest the token may expire (epoch milliseconds), whatever `expiresInDays` asks: it is capped to this. */
  readonly notAfterMs?: number;
}

export interface AuthServiceOptions {
  /** Epoch milliseconds; the system clock unless a test moves time. */
  readonly clock?: () => number;
  readonly throttle?: LoginThrottle;
}

const CACHE_MS = 2_000;
const DAY_MS = 86_400_000;

/** The principal a token (by its hash) belongs to and when the token expires; undefined when there is no such token. */
export async function tokenOwner(db: Kysely<Database>, hash: string): Promise<{ principal: Principal; expiresMs: number | undefined } | undefined> {
  const row = await db
    .selectFrom('tokens')
    .innerJoin('principals', 'principals.id', 'tokens.principal_id')
    .select(['principals.id', 'principals.name', 'principals.type', 'tokens.expires_at'])
    .where('tokens.token_hash', '=', hash)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  return { principal: { id: row.id, name: row.name, type: principalType(row.type) }, expiresMs: row.expires_at === null ? undefined : storedTimeMs(row.expires_at) };
}

interface CachedToken {
  readonly principal: Principal;
  readonly expiresMs: number | undefined;
  readonly until: number;
}

export class AuthService {
  readonly sessions: SessionService;
  private readonly cache = new Map<string, CachedToken>();
  private changes: ChangeFeed | undefined;
  private readonly clock: () => number;

  constructor(
    private readonly db: Kysely<Database>,
    options: AuthServiceOptions = {},
  ) {
    this.clock = options.clock ?? Date.now;
    this.sessions = new SessionService(db, this.clock, options.throttle ?? new MemoryLoginThrottle());
  }

  /**
   * On first start, creates the root Owner. Returns the token to print when one was generated (never stored in
   * clear); undefined when the root already existed or the token came from the environment.
   */
  async bootstrap(adminToken: string | undefined, now: string): Promise<{ created: boolean; generatedToken?: string }> {
    const existing = await this.db.selectFrom('principals').select('id').limit(1).executeTakeFirst();
    if (existing !== undefined) return { created: false };
    const token = adminToken ?? generateToken();
    const id = randomUUID();
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('principals').values({ id, name: 'admin', role: 'Owner', type: 'ServicePrincipal', password_hash: null, created_at: now }).execute();
      await trx.insertInto('tokens').values({ token_hash: hashToken(token), id: randomUUID(), principal_id: id, created_at: now, expires_at: null }).execute();
      const assignment = `/providers/Microsoft.Authorization/roleAssignments/${id}`;
      await trx
        .insertInto('role_assignments')
        .values({ id_key: assignment.toLowerCase(), id: assignment, name: id, scope: '/', scope_key: '/', principal_id: id, role_definition_id: OWNER_ROLE_ID, created_by: null, created_at: now })
        .execute();
    });
    return { created: true, ...(adminToken === undefined ? { generatedToken: token } : {}) };
  }

  /** The principal a token belongs to; undefined when the token is unknown, revoked or expired. */
  async authenticate(token: string): Promise<Principal | undefined> {
    const check = await this.checkToken(token);
    return check.kind === 'valid' ? check.principal : undefined;
  }

  /** Like `authenticate`, telling an expired token from an unknown one (so the caller can say which). */
  async checkToken(token: string): Promise<TokenCheck> {
    const hash = hashToken(token);
    const now = this.clock();
    let entry = this.cache.get(hash);
    if (entry === undefined || entry.until <= now) {
      const owner = await tokenOwner(this.db, hash);
      if (owner === undefined) {
        this.cache.delete(hash);
        return { kind: 'unknown' };
      }
      entry = { ...owner, until: now + CACHE_MS };
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(hash, entry);
    }
    if (entry.expiresMs !== undefined && entry.expiresMs <= now) return { kind: 'expired' };
    return { kind: 'valid', principal: entry.principal, expiresMs: entry.expiresMs };
  }

  /** Drops every cached token lookup (after a revocation or a deletion), here and in other processes. */
  forgetTokens(): void {
    this.cache.clear();
    this.changes?.changed('access');
  }

  /** Tells other processes when tokens were revoked here, and forgets cached lookups on theirs. */
  shareChanges(changes: ChangeFeed): void {
    this.changes = changes;
    changes.onRemoteChange((topic) => {
      if (topic === 'access') this.cache.clear();
    });
  }

  async createPrincipal(request: NewPrincipal): Promise<{ principal: PrincipalResource; token?: IssuedToken }> {
    const passwordHash = request.type === 'User' ? await hashPassword(request.password ?? '') : null;
    const id = randomUUID();
    const now = this.clock();
    const createdTime = instantText(now);
    const token = request.type === 'ServicePrincipal' ? this.newToken(now, request.expiresInDays) : undefined;
    await this.db.transaction().execute(async (trx) => {
      await lockForTransaction(trx, 'riposte:access');
      const taken = await trx
        .selectFrom('principals')
        .select('id')
        .where((eb) => eb(eb.fn('lower', ['name']), '=', request.name.toLowerCase()))
        .executeTakeFirst();
      if (taken !== undefined) throw new ApiError(409, 'PrincipalExists', `A principal named '${request.name}' already exists.`, 'name');
      await trx.insertInto('principals').values({ id, name: request.name, role: 'None', type: request.type, password_hash: passwordHash, created_at: createdTime }).execute();
      if (token !== undefined) await trx.insertInto('tokens').values(tokenRow(id, token)).execute();
    });
    const principal = { id, name: request.name, type: request.type, createdTime };
    return token === undefined ? { principal } : { principal, token: token.issued };
  }

  async listPrincipals(top: number, after?: string): Promise<PrincipalResource[]> {
    let query = this.db.selectFrom('principals').select(['id', 'name', 'type', 'created_at']).orderBy('name').limit(top);
    if (after !== undefined) query = query.where('name', '>', after);
    return (await query.execute()).map(principalResource);
  }

  async getPrincipal(id: string): Promise<PrincipalResource> {
    const row = await this.db.selectFrom('principals').select(['id', 'name', 'type', 'created_at']).where('id', '=', id).executeTakeFirst();
    if (row === undefined) throw notFound('principal', id);
    return principalResource(row);
  }

  /**
   * Deletes a principal with its tokens, sessions and role assignments; its credentials stop working at once in this
   * process (the caller must also invalidate cached access). Refuses to remove the last Owner of the tenant root,
   * which would leave nobody able to assign roles. False when there was no such principal.
   */
  async deletePrincipal(id: string): Promise<boolean> {
    const deleted = await this.db.transaction().execute(async (trx) => {
      await lockForTransaction(trx, 'riposte:access');
      const row = await trx.selectFrom('principals').select('id').where('id', '=', id).executeTakeFirst();
      if (row === undefined) return false;
      const rootOwners = await trx
        .selectFrom('role_assignments')
        .select('principal_id')
        .where('scope_key', '=', '/')
        .where((eb) => eb(eb.fn('lower', ['role_definition_id']), '=', OWNER_ROLE_ID.toLowerCase()))
        .execute();
      const owners = new Set(rootOwners.map((owner) => owner.principal_id));
      if (owners.has(id) && owners.size === 1) {
        throw new ApiError(409, 'LastOwner', `The principal '${id}' is the only Owner of the tenant root '/'; assign Owner at '/' to another principal before deleting it.`);
      }
      await trx.deleteFrom('tokens').where('principal_id', '=', id).execute();
      await trx.deleteFrom('sessions').where('principal_id', '=', id).execute();
      await trx.deleteFrom('role_assignments').where('principal_id', '=', id).execute();
      await trx.deleteFrom('principals').where('id', '=', id).execute();
      return true;
    });
    if (deleted) this.forgetTokens();
    return deleted;
  }

  /**
   * A new token for a principal; `revokeOthers` makes it a rotation (every other token stops working), and
   * `notAfterMs` caps its expiry (a token that would not expire then expires at that time).
   */
  async issueToken(principalId: string, options: TokenOptions = {}): Promise<IssuedToken> {
    const token = this.newToken(this.clock(), options.expiresInDays, options.notAfterMs);
    await this.db.transaction().execute(async (trx) => {
      await this.requirePrincipal(trx, principalId);
      if (options.revokeOthers === true) await trx.deleteFrom('tokens').where('principal_id', '=', principalId).execute();
      await trx.insertInto('tokens').values(tokenRow(principalId, token)).execute();
    });
    if (options.revokeOthers === true) this.forgetTokens();
    return token.issued;
  }

  async listTokens(principalId: string): Promise<TokenInfo[]> {
    await this.requirePrincipal(this.db, principalId);
    const rows = await this.db.selectFrom('tokens').select(['id', 'token_hash', 'created_at', 'expires_at']).where('principal_id', '=', principalId).orderBy('created_at').execute();
    return rows.map((row) => ({
      id: row.id ?? row.token_hash.slice(0, 32),
      createdTime: row.created_at,
      ...(row.expires_at === null ? {} : { expiresTime: row.expires_at }),
    }));
  }

  /** False when the principal has no such token. */
  async revokeToken(principalId: string, tokenId: string): Promise<boolean> {
    await this.requirePrincipal(this.db, principalId);
    const result = await this.db.deleteFrom('tokens').where('principal_id', '=', principalId).where('id', '=', tokenId).executeTakeFirst();
    this.forgetTokens();
    return result.numDeletedRows > 0n;
  }

  private async requirePrincipal(db: Kysely<Database>, id: string): Promise<void> {
    const row = await db.selectFrom('principals').select('id').where('id', '=', id).executeTakeFirst();
    if (row === undefined) throw notFound('principal', id);
  }

  private newToken(now: number, expiresInDays: number | undefined, notAfterMs?: number): { issued: IssuedToken; hash: string } {
    const token = generateToken();
    const expiresMs = Math.min(expiresInDays === undefined ? Number.POSITIVE_INFINITY : now + expiresInDays * DAY_MS, notAfterMs ?? Number.POSITIVE_INFINITY);
    const issued: IssuedToken = {
      id: randomUUID(),
      token,
      createdTime: instantText(now),
      ...(Number.isFinite(expiresMs) ? { expiresTime: instantText(expiresMs) } : {}),
    };
    return { issued, hash: hashToken(token) };
  }
}

function tokenRow(principalId: string, token: { issued: IssuedToken; hash: string }) {
  return { token_hash: token.hash, id: token.issued.id, principal_id: principalId, created_at: token.issued.createdTime, expires_at: token.issued.expiresTime ?? null };
}

function principalResource(row: { id: string; name: string; type: string; created_at: string }): PrincipalResource {
  return { id: row.id, name: row.name, type: principalType(row.type), createdTime: row.created_at };
}
