// Runs every test file (unit tests beside the code, suites under test/) with Node's test runner; then, when
// RIPOSTE_TEST_POSTGRES_URL names a PostgreSQL server, the integration suites again with every test server on a
// fresh PostgreSQL database of its own (RIPOSTE_TEST_DIALECT=postgres). `node scripts/test.mjs <files>` runs just
// those files, on SQLite (set RIPOSTE_TEST_DIALECT=postgres to run them on PostgreSQL).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

/** The suites that start real servers: they run on both databases. */
const INTEGRATION_SUITES = ['test/server', 'test/cli'];

function collect(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) collect(path, out);
    else if (name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

function run(files, env = {}) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], {
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  return result.status ?? 1;
}

const only = process.argv.slice(2);
if (only.length > 0) process.exit(run(only));

const status = run(['src', 'test'].flatMap((dir) => collect(dir)).sort(), { RIPOSTE_TEST_DIALECT: 'sqlite' });
const postgresUrl = process.env.RIPOSTE_TEST_POSTGRES_URL;
if (!postgresUrl) {
  console.log('\nSKIPPED: the integration suites on PostgreSQL — RIPOSTE_TEST_POSTGRES_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/test).');
  process.exit(status);
}
console.log('\nThe integration suites again, on PostgreSQL (a fresh database per test server):');
const postgresStatus = run(INTEGRATION_SUITES.flatMap((dir) => collect(dir)).sort(), { RIPOSTE_TEST_DIALECT: 'postgres' });
process.exit(status !== 0 ? status : postgresStatus);
