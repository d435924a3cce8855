/**
 * One process owns an embedded database: a lock file holding the owner's pid. A lock left by a process that died
 * (kill -9) is taken over; one held by a live process stops the start with a clear message.
 */
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export class DataDirLockedError extends Error {
  override readonly name = 'DataDirLockedError';
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function lockDataDir(dataDir: string): { release(): void } {
  const path = join(dataDir, 'riposte.lock');
  let holder: number | undefined;
  try {
    holder = Number(readFileSync(path, 'utf8').trim());
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (holder !== undefined && Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) {
    throw new DataDirLockedError(`Another Riposte process (pid ${holder}) is using the data directory ${dataDir}.`);
  }
  writeFileSync(path, String(process.pid));
  return {
    release() {
      try {
        if (readFileSync(path, 'utf8').trim() === String(process.pid)) unlinkSync(path);
      } catch {
        // already gone
      }
    },
  };
}
