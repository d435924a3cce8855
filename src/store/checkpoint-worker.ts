/**
 * Runs in a worker thread with its own connection: moves WAL pages into the database file (and fsyncs it) off the
 * main thread, so request handling never waits for a checkpoint. PASSIVE checkpoints never block the writer.
 */
import { parentPort, workerData } from 'node:worker_threads';
import SqliteDatabase from 'better-sqlite3';

const { file, intervalMs } = workerData as { file: string; intervalMs: number };
const db = new SqliteDatabase(file);

interface CheckpointResult {
  readonly busy: number;
  readonly log: number;
  readonly checkpointed: number;
}

/** The pause between checkpoints while writes keep coming: short, yet a bound on the fsyncs per second. */
const BUSY_INTERVAL_MS = 10;

let timer: NodeJS.Timeout | undefined;
let stopped = false;
let last: CheckpointResult | undefined;

/**
 * Only PASSIVE checkpoints: a blocking one (RESTART/TRUNCATE) would make the server's writes wait or fail. The WAL
 * is rewound by the next write after a checkpoint caught up, and trimmed to journal_size_limit. While writes keep
 * coming, the next starts after a short pause rather than the full interval: otherwise the main connection's
 * own checkpoint (wal_autocheckpoint) would do the copying, and its fsync, on the thread that answers requests.
 */
function checkpoint(): void {
  let behind = false;
  try {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)') as CheckpointResult[];
    // Frames were written since the last one: writes are coming in, check again soon.
    behind = result !== undefined && (result.log !== last?.log || result.checkpointed !== last.checkpointed);
    last = result;
  } catch (error) {
    parentPort?.postMessage({ error: String(error) });
  }
  if (!stopped) timer = setTimeout(checkpoint, behind ? BUSY_INTERVAL_MS : intervalMs);
}
timer = setTimeout(checkpoint, intervalMs);

parentPort?.on('message', (message: unknown) => {
  if (message === 'stop') {
    stopped = true;
    clearTimeout(timer);
    db.close();
    parentPort?.close();
  }
});
