/**
 * The shared database of a scale-out deployment: PostgreSQL through a connection pool. Any number of `serve` and
 * `worker` processes open it at once; migrations run under a session advisory lock, so concurrent starts on an
 * empty database migrate it exactly once while the others wait.
 */
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { redactedDatabaseUrl } from '../config/config.js';
import type { Database } from './database-schema.js';
import { migrateToLatest } from './migrations/index.js';
import type { OpenedDatabase } from './open-sqlite.js';
import { PostgresNotifications } from './postgres-notifications.js';
import { namePreparedStatements } from './prepared-statements.js';

/** The oldest PostgreSQL the queries are written for (ON CONFLICT, SKIP LOCKED, advisory locks: 9.5; tested on 15). */
const MINIMUM_SERVER_VERSION = 130000;

/** Any 64-bit number unique to Riposte's start-up; Kysely's migrator takes its own lock inside this one. */
const STARTUP_LOCK = 7_211_604_388_120_931n;

export class DatabaseUnavailableError extends Error {
  override readonly name = 'DatabaseUnavailableError';
}

/** int8 (counts, sums) as numbers: every count Riposte makes fits in a double. */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === pg.types.builtins.INT8) return (value: string) => Number(value);
    return format === undefined ? pg.types.getTypeParser(oid) : pg.types.getTypeParser(oid, format);
  },
};

export interface PostgresOptions {
  /** Connections in the pool (default 10). */
  readonly poolSize?: number;
  /** Runs once migrations are done, still under the start-up lock (one-time set-up such as the first Owner). */
  readonly initialize?: (db: Kysely<Database>) => Promise<void>;
  /** Run the hot statements as named prepared statements (default true; see prepared-statements.ts). */
  readonly preparedStatements?: boolean;
}

/** Connections for runs' own writes: one transaction at a time is written (see run-engine.ts), leases beside it. */
const RUN_POOL_SIZE = 4;

function connect(url: string, max: number, prepared: boolean, options?: string): Kysely<Database> {
  const pool = new pg.Pool({ connectionString: url, max, types, connectionTimeoutMillis: 10_000, ...(options === undefined ? {} : { options }) });
  // A client losing its connection (a database restart, a failover, an ended session) must not crash the process.
  // An idle one is reported here, and the pool replaces it. One checked out (a transaction between two statements)
  // reports it on the client itself, where an 'error' event without a listener would be thrown: its own statements
  // fail with the error anyway, so the listener only keeps the process up.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
    if (prepared) namePreparedStatements(client);
  });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<OpenedDatabase> {
  const prepared = options.preparedStatements ?? true;
  const db = connect(url, options.poolSize ?? 10, prepared);
  try {
    await checkServerVersion(db, url);
    await db.connection().execute(async (connection) => {
      await sql`select pg_advisory_lock(${sql.lit(STARTUP_LOCK)})`.execute(connection);
      try {
        await migrateToLatest(connection as Kysely<unknown>);
        await options.initialize?.(connection);
      } finally {
        await sql`select pg_advisory_unlock(${sql.lit(STARTUP_LOCK)})`.execute(connection);
      }
    });
  } catch (error) {
    await db.destroy();
    throw error;
  }
  const notifications = new PostgresNotifications(url, prepared);
  // Set for the session when it starts, so a run's write costs no extra statement (a round trip) per transaction.
  const runDb = connect(url, RUN_POOL_SIZE, prepared, '-c synchronous_commit=off');
  return {
    db,
    runDb,
    dialect: 'postgres',
    exclusive: false,
    notifications,
    async close() {
      await notifications.close();
      await runDb.destroy();
      await db.destroy();
    },
  };
}

async function checkServerVersion(db: Kysely<Database>, url: string): Promise<void> {
  let version: number;
  let text: string;
  try {
    const { rows } = await sql<{ num: string; text: string }>`select current_setting('server_version_num') as num, current_setting('server_version') as text`.execute(db);
    version = Number(rows[0]?.num);
    text = rows[0]?.text ?? 'unknown';
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DatabaseUnavailableError(`Cannot reach the PostgreSQL database at ${redactedDatabaseUrl(url)}: ${reason}`, { cause: error });
  }
  if (!(version >= MINIMUM_SERVER_VERSION)) {
    throw new DatabaseUnavailableError(`PostgreSQL ${text} is not supported: Riposte needs PostgreSQL 13 or later.`);
  }
}
