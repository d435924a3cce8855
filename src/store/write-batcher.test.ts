import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { principalRow, temporaryDatabase } from './store-test-support.js';
import { WriteBatcher } from './write-batcher.js';

describe('WriteBatcher', () => {
  const store = temporaryDatabase();
  const principal = principalRow;
  const stored = (prefix: string) => store.storedPrincipals(prefix);

  it('writes asked for in one turn commit together, in order, and each caller gets its own result', async () => {
    const writes = new WriteBatcher(store.database.db);
    const order: string[] = [];
    const results = await Promise.all(
      ['a-1', 'a-2', 'a-3'].map((id) =>
        writes.write(async (trx) => {
          order.push(id);
          await trx.insertInto('principals').values(principal(id)).execute();
          return id.toUpperCase();
        }),
      ),
    );
    assert.deepEqual(results, ['A-1', 'A-2', 'A-3']);
    assert.deepEqual(order, ['a-1', 'a-2', 'a-3']);
    assert.deepEqual(await stored('a-'), ['a-1', 'a-2', 'a-3']);
  });

  it('a failing write fails alone: the others of its batch are still committed', async () => {
    const writes = new WriteBatcher(store.database.db);
    const outcomes = await Promise.allSettled([
      writes.write((trx) => trx.insertInto('principals').values(principal('b-1')).execute()),
      writes.write((trx) => trx.insertInto('principals').values(principal('b-1')).execute()),
      writes.write((trx) => trx.insertInto('principals').values(principal('b-2')).execute()),
    ]);
    assert.deepEqual(outcomes.map((outcome) => outcome.status), ['fulfilled', 'rejected', 'fulfilled']);
    assert.deepEqual(await stored('b-'), ['b-1', 'b-2']);
  });

  it('drain waits for everything queued, in batches of at most maxBatch, also with transactions in parallel', async () => {
    for (const parallel of [1, 3]) {
      const writes = new WriteBatcher(store.database.db, { maxBatch: 7, parallel });
      const prefix = `c${parallel}-`;
      const ids = Array.from({ length: 40 }, (_, index) => `${prefix}${String(index).padStart(2, '0')}`);
      for (const id of ids) void writes.write((trx) => trx.insertInto('principals').values(principal(id)).execute());
      await writes.drain();
      assert.deepEqual(await stored(prefix), ids);
    }
  });
});
