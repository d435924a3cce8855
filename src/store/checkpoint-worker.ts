/**
 * Runs in a worker thread with its own connection: moves WAL pages into the database file (and fsyncs it) off the
 * main thread, so request handling never waits for a checkpoint. PASSIVE checkpoints never block the writer.
 */
import { parentPort, workerData } from 'node:worker_threads';
import SqliteDatabase from 'better-sqlite3';

const { file, intervalMs } = workerData as { file: string; intervalMs: number };
const db = new SqliteDatabase(file);

// Only PASSIVE checkpoints: a blocking one (RESTART/TRUNCATE) would make the server's writes wait or fail. The WAL
// is rewound by the next write after a checkpoint caught up, and trimmed to journal_size_limit.
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    parentPort?.postMessage({ error: String(error) });
  }
}, intervalMs);

parentPort?.on('message', (message: unknown) => {
  if (message === 'stop') {
    clearInterval(timer);
    db.close();
    parentPort?.close();
  }
});
