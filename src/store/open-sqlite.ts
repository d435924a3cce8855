/** The embedded database: one SQLite file in WAL mode under the data directory. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from './database-schema.js';
import { migrateToLatest } from './migrations/index.js';

export interface OpenedDatabase {
  readonly db: Kysely<Database>;
  readonly dialect: 'sqlite' | 'postgres';
  close(): Promise<void>;
}

export async function openSqlite(dataDir: string): Promise<OpenedDatabase> {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'riposte.db');
  const sqlite = new SqliteDatabase(file);
  // WAL with synchronous=NORMAL: a commit survives a process crash (kill -9); only an OS crash can lose the last
  // transactions. busy_timeout lets a second process (the CLI) wait instead of failing.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  await migrateToLatest(db as Kysely<unknown>);
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}
