import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import { CoalescedWrite } from './coalesced-write.js';
import type { Database } from './database-schema.js';
import { StatementWrites } from './statement-writes.js';
import { principalRow, temporaryDatabase } from './store-test-support.js';

describe('StatementWrites', () => {
  const store = temporaryDatabase();

  it('runs at most `parallel` writes at once, the rest in turn, each with its own result', async () => {
    const writes = new StatementWrites(store.database.db, 2);
    let running = 0;
    let most = 0;
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map((n) =>
        writes.write(async () => {
          running++;
          most = Math.max(most, running);
          await new Promise((resolve) => setTimeout(resolve, 5));
          running--;
          return n * 10;
        }),
      ),
    );
    assert.deepEqual(results, [10, 20, 30, 40, 50]);
    assert.equal(most, 2);
  });

  it('tells how each write ended, and a failing one fails alone', async () => {
    const writes = new StatementWrites(store.database.db);
    const ends: string[] = [];
    const failing = writes.write(async (_db, end) => {
      end.onRollback(() => ends.push('rolled back'));
      throw new Error('no such table');
    });
    const passing = writes.write(async (_db, end) => {
      end.onCommit(() => ends.push('committed'));
      return 'ok';
    });
    await assert.rejects(failing, /no such table/);
    assert.equal(await passing, 'ok');
    assert.deepEqual(ends, ['rolled back', 'committed']);
  });

  it('lets a CoalescedWrite gather what is added while a write is in flight into the next one', async () => {
    const calls: number[] = [];
    const write = new CoalescedWrite<string, number, Kysely<Database>>(
      new StatementWrites(store.database.db),
      async (db, ids) => {
        calls.push(ids.length);
        await db.insertInto('principals').values(ids.map(principalRow)).execute();
        return ids.map((_, index) => index);
      },
    );
    const first = write.add('s-1');
    // Added in later turns, while the first write is on its way: they share the second.
    await new Promise((resolve) => setImmediate(resolve));
    const rest = ['s-2', 's-3', 's-4'].map((id) => write.add(id));
    assert.deepEqual(await Promise.all([first, ...rest]), [0, 0, 1, 2]);
    assert.deepEqual(calls, [1, 3]);
    assert.deepEqual(await store.storedPrincipals('s-'), ['s-1', 's-2', 's-3', 's-4']);
  });
});
