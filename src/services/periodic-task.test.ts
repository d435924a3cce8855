import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { schedulePeriodic } from './periodic-task.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const logger = (warnings: string[] = []) => ({ info: () => undefined, warn: (_: object, message: string) => warnings.push(message) });

describe('periodic tasks', () => {
  test('a first delay of 0 runs at once; then on the interval until stopped', async () => {
    let passes = 0;
    const task = schedulePeriodic(async () => void passes++, { name: 't', intervalMs: 5, firstDelayMs: 0, logger: logger() });
    assert.equal(passes, 1, 'the first pass starts synchronously');
    await sleep(40);
    await task.stop();
    const count = passes;
    assert.ok(count >= 3, `passes: ${count}`);
    await sleep(20);
    assert.equal(passes, count, 'no pass after stop');
  });

  test('a stop before the first delay ends means no pass at all', async () => {
    let passes = 0;
    const task = schedulePeriodic(async () => void passes++, { name: 't', intervalMs: 5, firstDelayMs: 20, logger: logger() });
    await task.stop();
    await sleep(40);
    assert.equal(passes, 0);
  });

  test('a pass still running is not doubled by the next tick', async () => {
    let concurrent = 0;
    let most = 0;
    let passes = 0;
    const task = schedulePeriodic(
      async () => {
        passes++;
        most = Math.max(most, ++concurrent);
        await sleep(25);
        concurrent--;
      },
      { name: 't', intervalMs: 2, firstDelayMs: 0, logger: logger() },
    );
    await sleep(80);
    await task.stop();
    assert.equal(most, 1);
    assert.ok(passes >= 2 && passes <= 4, `passes: ${passes}`);
  });

  test('a failing pass is logged and the schedule goes on', async () => {
    const warnings: string[] = [];
    const task = schedulePeriodic(
      async () => {
        throw new Error('disk full');
      },
      { name: 'the purge', intervalMs: 5, firstDelayMs: 0, logger: logger(warnings) },
    );
    await sleep(30);
    await task.stop();
    assert.ok(warnings.length >= 2);
    assert.equal(warnings[0], 'the purge failed');
  });

  test('stop() aborts the signal of the pass under way and waits for it to end', async () => {
    let ended = false;
    const task = schedulePeriodic(
      async (signal) => {
        while (!signal.aborted) await sleep(5);
        await sleep(10);
        ended = true;
      },
      { name: 't', intervalMs: 1_000, firstDelayMs: 0, logger: logger() },
    );
    await sleep(10);
    await task.stop();
    assert.equal(ended, true);
  });
});
