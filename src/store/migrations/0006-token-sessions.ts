/**
 * A web session may be opened with an access token instead of a password (the first admin has only a token); such a
 * session remembers the token's hash, so it ends when the token is revoked or expires.
 */
import type { Kysely, Migration } from 'kysely';

export const tokenSessionsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('sessions').addColumn('token_hash', 'text').execute();
  },
};
