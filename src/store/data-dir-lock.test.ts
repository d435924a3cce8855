import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DataDirLockedError, lockDataDir } from './data-dir-lock.js';

const lockModule = fileURLToPath(new URL('./data-dir-lock.ts', import.meta.url));

/** Another process that takes the lock and holds it until killed; resolves once it holds it. */
async function holderProcess(dataDir: string): Promise<ChildProcess> {
  const script = `import { lockDataDir } from ${JSON.stringify(lockModule)}; lockDataDir(${JSON.stringify(dataDir)}); console.log('held'); setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [data] = (await once(child.stdout as NodeJS.ReadableStream, 'data')) as [Buffer];
  assert.equal(data.toString().trim(), 'held');
  return child;
}

describe('the data-directory lock', () => {
  let dataDir: string;
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'riposte-lock-'));
  });
  after(() => rm(dataDir, { recursive: true, force: true }));

  test('refuses a second owner, naming the first, until the first releases it', () => {
    const first = lockDataDir(dataDir);
    assert.throws(() => lockDataDir(dataDir), (error: unknown) => error instanceof DataDirLockedError && error.message.includes(`pid ${process.pid}`));
    first.release();
    lockDataDir(dataDir).release();
  });

  test("is held by another process while it lives, and free again the moment it is killed (kill -9)", async () => {
    const holder = await holderProcess(dataDir);
    try {
      assert.throws(() => lockDataDir(dataDir), (error: unknown) => error instanceof DataDirLockedError && error.message.includes(`pid ${holder.pid}`));
    } finally {
      holder.kill('SIGKILL');
      await once(holder, 'exit');
    }
    lockDataDir(dataDir).release();
  });
});
