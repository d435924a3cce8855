/**
 * Runs in a worker thread with its own connection: moves WAL pages into the database file (and fsyncs it) off the
 * main thread, so request handling never waits for a checkpoint. PASSIVE checkpoints never block the writer.
 */
import { parentPort, workerData } from 'node:worker_threads';
import SqliteDatabase from 'better-sqlite3';

const { file, intervalMs, truncateAboveBytes } = workerData as { file: string; intervalMs: number; truncateAboveBytes: number };
const db = new SqliteDatabase(file);
db.pragma('busy_timeout = 5000');
const pageSize = Number(db.pragma('page_size', { simple: true }));

const timer = setInterval(() => {
  try {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)') as { log: number; checkpointed: number }[];
    // A WAL that keeps growing (a writer that never pauses) is cut back with a checkpoint that waits its turn.
    if (result && result.log * pageSize > truncateAboveBytes) db.pragma('wal_checkpoint(TRUNCATE)');
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
