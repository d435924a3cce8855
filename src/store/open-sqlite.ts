/** The embedded database: one SQLite file in WAL mode under the data directory. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { lockDataDir } from './data-dir-lock.js';
import type { Database } from './database-schema.js';
import { migrateToLatest } from './migrations/index.js';
import { LocalNotifications, type Notifications } from './notifications.js';

export interface OpenedDatabase {
  readonly db: Kysely<Database>;
  /**
   * For a run's own writes (journal, status, leases): on PostgreSQL a separate small pool whose sessions commit
   * without waiting for the WAL flush, since losing the last of them in a database crash only repeats actions,
   * which are at-least-once anyway (docs/guarantees.md); `db` itself on SQLite.
   */
  readonly runDb: Kysely<Database>;
  readonly dialect: 'sqlite' | 'postgres';
  /** True when this process alone uses the database (embedded SQLite), so no other worker can hold a run. */
  readonly exclusive: boolean;
  /** Signals to the other processes sharing the database (in-process on SQLite). */
  readonly notifications: Notifications;
  close(): Promise<void>;
}

const MAX_CACHED_STATEMENTS = 1000;

/** Kysely prepares every query anew; the same SQL text is prepared once here and its statement reused. */
function withStatementCache(sqlite: SqliteDatabase.Database): SqliteDatabase.Database {
  const cache = new Map<string, SqliteDatabase.Statement>();
  const prepare = (sql: string) => {
    let statement = cache.get(sql);
    if (statement === undefined) {
      if (cache.size >= MAX_CACHED_STATEMENTS) cache.clear();
      statement = sqlite.prepare(sql);
      cache.set(sql, statement);
    }
    return statement;
  };
  return new Proxy(sqlite, {
    get(target, property) {
      if (property === 'prepare') return prepare;
      const value: unknown = Reflect.get(target, property);
      // Native methods must be called on the database object itself, not on the proxy.
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/**
 * The worker's entry: a fixed bootstrap (our own code, never input) that loads the checkpoint module. Under tsx
 * (tests run the TypeScript sources) it registers tsx first, since workers do not inherit its loader.
 */
const WORKER_BOOTSTRAP = `(async () => {
  const { workerData } = require('node:worker_threads');
  if (workerData.tsxApi) (await import(workerData.tsxApi)).register();
  await import(workerData.entry);
})();`;

function startCheckpointer(file: string): { stop(): Promise<void> } {
  const isTypeScript = import.meta.url.endsWith('.ts');
  const worker = new Worker(WORKER_BOOTSTRAP, {
    eval: true,
    workerData: {
      entry: new URL(`./checkpoint-worker.${isTypeScript ? 'ts' : 'js'}`, import.meta.url).href,
      ...(isTypeScript ? { tsxApi: import.meta.resolve('tsx/esm/api') } : {}),
      file,
      intervalMs: 200,
    },
  });
  worker.unref();
  return {
    async stop() {
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      // Held while stopping: otherwise a process with nothing else to do would end before the worker closes.
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}

export async function openSqlite(dataDir: string, initialize?: (db: Kysely<Database>) => Promise<void>): Promise<OpenedDatabase> {
  mkdirSync(dataDir, { recursive: true });
  const lock = lockDataDir(dataDir);
  const file = join(dataDir, 'riposte.db');
  const sqlite = new SqliteDatabase(file);
  // WAL with synchronous=NORMAL: a commit survives a process crash (kill -9); only an OS crash can lose the last
  // transactions. busy_timeout lets a second process (the CLI) wait instead of failing.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  // A 4 MiB page cache (1,000 pages); the OS's page cache holds the rest. Not larger: while the database is under
  // 1 GiB, a commit after a b-tree split walks every cached page (decision 3), which with 64 MiB cost more CPU than
  // the cache saved. Not smaller: with 1 MiB, batches of events were accepted more slowly.
  sqlite.pragma('cache_size = -4000');
  sqlite.pragma(`mmap_size = ${256 * 1024 * 1024}`);
  sqlite.pragma('temp_store = MEMORY');
  // Checkpoints (copying the WAL into the database file, with its fsync) run on a worker thread, which starts the
  // next one after 10 ms while writes keep coming. SQLite rewinds the WAL to its start only when a write begins with
  // every frame copied, which under a steady stream of writes that thread alone never sees: without it, every commit
  // appends to new, unallocated space, which the filesystem must allocate and zero (a tenth of the server's time
  // under load). So once the WAL holds 16,000 frames (64 MiB) this connection also checkpoints after a commit —
  // what the thread has not copied yet — and its next write starts the WAL over.
  sqlite.pragma('wal_autocheckpoint = 16000');
  sqlite.pragma(`journal_size_limit = ${64 * 1024 * 1024}`);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  await migrateToLatest(db as Kysely<unknown>);
  await initialize?.(db);
  const notifications = new LocalNotifications();
  const checkpointer = startCheckpointer(file);
  return {
    db,
    runDb: db,
    dialect: 'sqlite',
    exclusive: true,
    notifications,
    async close() {
      await notifications.close();
      await checkpointer.stop();
      await db.destroy();
      lock.release();
    },
  };
}
