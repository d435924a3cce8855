/**
 * One process owns an embedded database. The owner holds an operating-system lock: an SQLite file (`owner.lock`) kept
 * in an open EXCLUSIVE transaction. Such a lock ends with its process however that ends (kill -9 included), and no
 * other process can take it, whatever its pid — which a pid written in a file could not promise, since containers
 * sharing a data volume each run as pid 1 and a dead owner's pid may be reused. The owner's pid and host, written
 * beside the lock, only make a refusal's message useful.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';

export class DataDirLockedError extends Error {
  override readonly name = 'DataDirLockedError';
}

function describeOwner(ownerFile: string): string {
  try {
    return readFileSync(ownerFile, 'utf8').trim() || 'its owner unknown';
  } catch {
    return 'its owner unknown';
  }
}

export function lockDataDir(dataDir: string): { release(): void } {
  const ownerFile = join(dataDir, 'owner.txt');
  // No busy timeout: a held lock is refused at once rather than waited for.
  const lock = new SqliteDatabase(join(dataDir, 'owner.lock'), { timeout: 0 });
  try {
    // Nothing is ever written: no journal file beside the lock.
    lock.pragma('journal_mode = MEMORY');
    lock.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    lock.close();
    if ((error as { code?: string }).code === 'SQLITE_BUSY') {
      throw new DataDirLockedError(`Another Riposte process (${describeOwner(ownerFile)}) is using the data directory ${dataDir}.`);
    }
    throw error;
  }
  writeFileSync(ownerFile, `pid ${process.pid} on ${hostname()}`);
  return {
    release() {
      if (!lock.open) return;
      lock.exec('ROLLBACK');
      lock.close();
    },
  };
}
