/**
 * Bearer tokens. Only a SHA-256 hash of each token is stored: tokens are random and long, so a fast hash suffices
 * and the database never holds a usable secret.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../store/database-schema.js';

export interface Principal {
  readonly id: string;
  readonly name: string;
  readonly role: string;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function generateToken(): string {
  return `rpt_${randomBytes(32).toString('base64url')}`;
}

export class AuthService {
  private readonly cache = new Map<string, Principal>();

  constructor(private readonly db: Kysely<Database>) {}

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
      await trx.insertInto('principals').values({ id, name: 'admin', role: 'Owner', created_at: now }).execute();
      await trx.insertInto('tokens').values({ token_hash: hashToken(token), principal_id: id, created_at: now }).execute();
    });
    return { created: true, ...(adminToken === undefined ? { generatedToken: token } : {}) };
  }

  async authenticate(token: string): Promise<Principal | undefined> {
    const hash = hashToken(token);
    const cached = this.cache.get(hash);
    if (cached !== undefined) return cached;
    const row = await this.db
      .selectFrom('tokens')
      .innerJoin('principals', 'principals.id', 'tokens.principal_id')
      .select(['principals.id', 'principals.name', 'principals.role'])
      .where('tokens.token_hash', '=', hash)
      .executeTakeFirst();
    if (row === undefined) return undefined;
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(hash, row);
    return row;
  }
}
