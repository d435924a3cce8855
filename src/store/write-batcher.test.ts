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

  it("tells each write how its transaction ended: rolled back with a failing batch, then committed when tried alone", async () => {
    const writes = new WriteBatcher(store.database.db);
    const ends: string[] = [];
    const write = (id: string) =>
      writes.write(async (trx, end) => {
        end.onCommit(() => ends.push(`${id} committed`));
        end.onRollback(() => ends.push(`${id} rolled back`));
        await trx.insertInto('principals').values(principal(id)).execute();
        return id;
      });
    const outcomes = await Promise.allSettled([write('d-1'), write('d-1'), write('d-2')]);
    assert.deepEqual(outcomes.map((outcome) => outcome.status), ['fulfilled', 'rejected', 'fulfilled']);
    assert.deepEqual(ends, [
      // The shared transaction, which the second write failed (the third never ran in it).
      'd-1 rolled back',
      'd-1 rolled back',
      // Then each alone, in its own transaction.
      'd-1 committed',
      'd-1 rolled back',
      'd-2 committed',
    ]);
    assert.deepEqual(await stored('d-'), ['d-1', 'd-2']);
  });

  it('runs the commit callbacks before the caller hears of the commit, and a throwing one fails nothing', async () => {
    const writes = new WriteBatcher(store.database.db);
    const order: string[] = [];
    const warned = new Promise<Error>((resolve) => process.once('warning', resolve));
    const written = writes.write(async (trx, end) => {
      end.onCommit(() => {
        throw new Error('bookkeeping failed');
      });
      end.onCommit(() => order.push('callback'));
      await trx.insertInto('principals').values(principal('e-1')).execute();
    });
    await written;
    order.push('caller');
    assert.deepEqual(order, ['callback', 'caller']);
    assert.equal((await warned).message, 'bookkeeping failed');
    assert.deepEqual(await stored('e-'), ['e-1']);
  });
});
