/** The database a process uses: the shared PostgreSQL one when configured, otherwise the embedded SQLite file. */
import type { Kysely } from 'kysely';
import type { Database } from './database-schema.js';
import { openPostgres } from './open-postgres.js';
import { type OpenedDatabase, openSqlite } from './open-sqlite.js';

export type { OpenedDatabase } from './open-sqlite.js';

export interface DatabaseSettings {
  readonly dataDir: string;
  readonly databaseUrl?: string;
  /** PostgreSQL: hot statements as named prepared statements (default true). */
  readonly postgresPreparedStatements?: boolean;
}

/** `initialize` runs once the schema is current; on PostgreSQL under the start-up lock, so never twice at once. */
export function openDatabase(settings: DatabaseSettings, initialize?: (db: Kysely<Database>) => Promise<void>): Promise<OpenedDatabase> {
  if (settings.databaseUrl !== undefined) {
    return openPostgres(settings.databaseUrl, {
      ...(initialize === undefined ? {} : { initialize }),
      ...(settings.postgresPreparedStatements === undefined ? {} : { preparedStatements: settings.postgresPreparedStatements }),
    });
  }
  return openSqlite(settings.dataDir, initialize);
}
