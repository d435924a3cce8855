import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RunActionTable } from '../store/database-schema.js';
import { RunJournalBuffer } from './run-journal-buffer.js';

/** A journal writer whose commits the test settles by hand. */
class ManualWriter {
  readonly commits: { rows: readonly RunActionTable[]; resolve(): void; reject(error: Error): void }[] = [];

  append(rows: readonly RunActionTable[]): Promise<void> {
    return new Promise((resolve, reject) => this.commits.push({ rows, resolve, reject }));
  }
}

const row = (seq: number): RunActionTable => ({ run_id: 'r', seq, action_key: `a${seq}`, name: `A${seq}`, status: 'Succeeded', entry: '{}' });
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Whether `promise` settles within a few turns of the event loop. */
async function settles(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (let i = 0; i < 3; i++) await tick();
  return settled;
}

describe('a run journal buffer', () => {
  test('holds rows until an outside call follows an outside result, then stores them first', async () => {
    const writer = new ManualWriter();
    const buffer = new RunJournalBuffer(writer, 60_000);
    buffer.add(row(0), false);
    await buffer.beforeOutsideCall();
    assert.equal(writer.commits.length, 0, 'no outside result waits: nothing is written');
    buffer.add(row(1), true);
    const next = buffer.beforeOutsideCall();
    assert.deepEqual(writer.commits[0]?.rows.map((r) => r.seq), [0, 1]);
    assert.equal(await settles(next), false, 'the next outside call waits for the commit');
    writer.commits[0]?.resolve();
    assert.equal(await settles(next), true);
    assert.deepEqual(await buffer.remaining(), []);
  });

  test('an outside result the timer handed over still holds the next outside call until it is committed', async () => {
    const writer = new ManualWriter();
    const buffer = new RunJournalBuffer(writer, 1);
    buffer.add(row(0), true);
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(writer.commits.length, 1, 'the timer handed the row to the writer');
    const next = buffer.beforeOutsideCall();
    assert.equal(await settles(next), false, 'its commit is still under way');
    writer.commits[0]?.resolve();
    assert.equal(await settles(next), true);
  });

  test('a failed write the timer started refuses the next outside call', async () => {
    const writer = new ManualWriter();
    const buffer = new RunJournalBuffer(writer, 1);
    buffer.add(row(0), true);
    await new Promise((resolve) => setTimeout(resolve, 20));
    writer.commits[0]?.reject(new Error('database unreachable'));
    await assert.rejects(buffer.beforeOutsideCall(), /database unreachable/);
    await assert.rejects(buffer.remaining(), /database unreachable/, 'nor can the run finish on top of the lost rows');
  });

  test('the rows still waiting go with the final status, after every earlier write', async () => {
    const writer = new ManualWriter();
    const buffer = new RunJournalBuffer(writer, 60_000);
    buffer.add(row(0), true);
    void buffer.flush();
    buffer.add(row(1), false);
    const remaining = buffer.remaining();
    assert.equal(await settles(remaining), false);
    writer.commits[0]?.resolve();
    assert.deepEqual((await remaining).map((r) => r.seq), [1]);
  });
});
