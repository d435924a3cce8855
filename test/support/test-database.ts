/**
 * Which database the integration suite runs against. `npm test` runs it twice: on embedded SQLite, and, when
 * RIPOSTE_TEST_POSTGRES_URL names a PostgreSQL server, again with RIPOSTE_TEST_DIALECT=postgres — every test server
 * then gets a database of its own, created fresh and dropped when the test is done.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const testDialect: 'sqlite' | 'postgres' = process.env['RIPOSTE_TEST_DIALECT'] === 'postgres' ? 'postgres' : 'sqlite';

/** The server to create test databases on (trust auth, as CI and the local machine have). */
export function postgresServerUrl(): string | undefined {
  const url = process.env['RIPOSTE_TEST_POSTGRES_URL'];
  return url === undefined || url === '' ? undefined : url;
}

/** Why PostgreSQL tests are skipped, or undefined when they can run. */
export const postgresSkipReason: string | undefined =
  postgresServerUrl() === undefined ? 'RIPOSTE_TEST_POSTGRES_URL is not set: no PostgreSQL server to test against' : undefined;

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const url = postgresServerUrl();
  if (url === undefined) throw new Error(postgresSkipReason);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

/** A new, empty database on the test PostgreSQL server. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `riposte_test_${randomBytes(6).toString('hex')}`;
  await admin((client) => client.query(`create database ${name}`));
  const url = new URL(postgresServerUrl() as string);
  url.pathname = `/${name}`;
  return {
    url: url.href,
    drop: () => admin((client) => client.query(`drop database if exists ${name} with (force)`)).then(() => undefined),
  };
}

const byDataDir = new Map<string, Promise<TestDatabase>>();

/**
 * On the PostgreSQL run, the database standing for a data directory (so a server restarted on the same directory
 * finds its data again); `{}` on the SQLite run.
 */
export async function databaseEnvFor(dataDir: string): Promise<Record<string, string>> {
  if (testDialect !== 'postgres') return {};
  let database = byDataDir.get(dataDir);
  if (database === undefined) {
    database = createTestDatabase();
    byDataDir.set(dataDir, database);
  }
  return { RIPOSTE_DATABASE_URL: (await database).url };
}

/** Drops the database made for a data directory, if any. */
export async function dropDatabaseFor(dataDir: string): Promise<void> {
  const database = byDataDir.get(dataDir);
  byDataDir.delete(dataDir);
  await (await database)?.drop();
}
