import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { openSqlite } from '../store/open-sqlite.js';
import { Health, pingDatabase } from './health.js';

describe('readiness', () => {
  test('ready while a real database answers; unreachable once it is closed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'riposte-health-'));
    const database = await openSqlite(dir);
    const health = new Health(pingDatabase(database.db));
    try {
      assert.deepEqual(await health.readiness(), { status: 'ready', checks: { database: 'ok' } });
    } finally {
      await database.close();
      await rm(dir, { recursive: true, force: true });
    }
    assert.deepEqual(await health.readiness(), { status: 'not ready', checks: { database: 'unreachable' } });
  });

  test('says unreachable, never the error (it may hold the database URL and password)', async () => {
    const health = new Health(() => Promise.reject(new Error('password authentication failed for postgres://riposte:hunter2@db/riposte')));
    const answer = await health.readiness();
    assert.deepEqual(answer, { status: 'not ready', checks: { database: 'unreachable' } });
    assert.doesNotMatch(JSON.stringify(answer), /hunter2|postgres:/);
  });

  test('a ping that throws at once is unreachable too', async () => {
    const health = new Health(() => {
      throw new Error('pool destroyed');
    });
    assert.deepEqual(await health.readiness(), { status: 'not ready', checks: { database: 'unreachable' } });
  });

  test('says timeout when the database does not answer in time', async () => {
    const started = Date.now();
    const health = new Health(() => new Promise(() => undefined), 50);
    assert.deepEqual(await health.readiness(), { status: 'not ready', checks: { database: 'timeout' } });
    assert.ok(Date.now() - started < 1_000);
  });

  test('draining once shutdown begins, without asking the database', async () => {
    let pings = 0;
    const health = new Health(async () => pings++);
    assert.equal(health.draining, false);
    assert.equal((await health.readiness()).status, 'ready');
    health.beginDrain();
    assert.equal(health.draining, true);
    assert.deepEqual(await health.readiness(), { status: 'draining' });
    assert.equal(pings, 1);
  });
});
