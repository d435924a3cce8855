/** A fresh PostgreSQL database per bench run, created from an administrative connection and dropped afterwards. */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface BenchDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

async function withAdmin<T>(adminUrl: string, body: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await body(client);
  } finally {
    await client.end();
  }
}

export async function createBenchDatabase(adminUrl: string): Promise<BenchDatabase> {
  // The name is ours (random hex), never input, so quoting it as an identifier is enough.
  const name = `riposte_bench_${randomBytes(6).toString('hex')}`;
  await withAdmin(adminUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.href,
    drop: async () => {
      await withAdmin(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

/** The server's version string, for the report; undefined when it cannot be reached. */
export async function postgresVersion(adminUrl: string): Promise<string | undefined> {
  try {
    return await withAdmin(adminUrl, async (client) => String((await client.query<{ server_version: string }>('SHOW server_version')).rows[0]?.server_version));
  } catch {
    return undefined;
  }
}
