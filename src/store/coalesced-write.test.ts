import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CoalescedWrite } from './coalesced-write.js';
import { principalRow, temporaryDatabase } from './store-test-support.js';
import { WriteBatcher } from './write-batcher.js';

describe('CoalescedWrite', () => {
  const store = temporaryDatabase();
  const principal = principalRow;
  const stored = (prefix: string) => store.storedPrincipals(prefix);

  /** Inserts every item's principals in one statement; answers each item's count. */
  function insertAll(calls: (readonly string[][])[]) {
    return new CoalescedWrite<string[], number>(new WriteBatcher(store.database.db), async (trx, items) => {
      calls.push(items);
      const ids = items.flat();
      if (ids.length > 0) await trx.insertInto('principals').values(ids.map(principal)).execute();
      return items.map((item) => item.length);
    });
  }

  it('items added in one turn share one write, and each caller gets its own result', async () => {
    const calls: (readonly string[][])[] = [];
    const write = insertAll(calls);
    const results = await Promise.all([write.add(['a-1', 'a-2']), write.add(['a-3']), write.add([])]);
    assert.deepEqual(results, [2, 1, 0]);
    assert.equal(calls.length, 1);
    assert.deepEqual(await stored('a-'), ['a-1', 'a-2', 'a-3']);
    // Later items start a write of their own.
    assert.equal(await write.add(['a-4']), 1);
    assert.deepEqual(calls.map((items) => items.length), [3, 1]);
  });

  it('when the shared write fails, each item is written alone: only the bad one fails', async () => {
    await store.database.db.insertInto('principals').values(principal('b-taken')).execute();
    const write = insertAll([]);
    const outcomes = await Promise.allSettled([write.add(['b-1']), write.add(['b-taken']), write.add(['b-2', 'b-3'])]);
    assert.deepEqual(
      outcomes.map((outcome) => outcome.status),
      ['fulfilled', 'rejected', 'fulfilled'],
    );
    assert.deepEqual(await stored('b-'), ['b-1', 'b-2', 'b-3', 'b-taken']);
  });
});
