import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type OpenedDatabase, openSqlite } from '../store/open-sqlite.js';
import { instantText } from '../workflows/executor/instant-text.js';
import { type ActivityRecord, ActivityService, scheduleRetention } from './activity-service.js';

const sub = '/subscriptions/11111111-1111-1111-1111-111111111111';
const workflow = (rg: string, name: string) => `${sub}/resourceGroups/${rg}/providers/Microsoft.Logic/workflows/${name}`;
const T0 = Date.parse('2024-05-01T00:00:00Z');

let dir: string;
let database: OpenedDatabase;
let clock = T0;
let service: ActivityService;

const record = (resourceId: string, extra: Partial<ActivityRecord> = {}) =>
  service.record({ caller: 'p1', operationName: 'Microsoft.Logic/workflows/write', status: 'Succeeded', resourceId, correlationId: 'c', ...extra });

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'riposte-activity-'));
  database = await openSqlite(dir);
  service = new ActivityService(database.db, () => instantText(clock));
  // One entry a minute: the resource group 'a_b' must not catch 'axb' through LIKE's '_'.
  const ids = [workflow('a_b', 'one'), workflow('axb', 'two'), workflow('a_b', 'three'), `${sub}/resourceGroups/a_b`, '/', workflow('other', 'four')];
  for (const [index, id] of ids.entries()) {
    clock = T0 + index * 60_000;
    await record(id, index === 1 ? { caller: 'p2', status: 'Failed', operationName: 'Microsoft.Logic/workflows/delete' } : { properties: { index } });
  }
});
after(async () => {
  await database.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the activity log store', () => {
  test('lists entries newest first, with their properties', async () => {
    const { entries, continueAfter } = await service.list({ top: 100 });
    assert.equal(continueAfter, undefined);
    assert.deepEqual(
      entries.map((entry) => entry.eventTimestamp),
      [5, 4, 3, 2, 1, 0].map((minute) => instantText(T0 + minute * 60_000)),
    );
    assert.deepEqual(entries[0]?.properties, { index: 5 });
    assert.match(entries[0]?.eventDataId ?? '', /^[0-9a-f-]{36}$/);
  });

  test('pages with top and after', async () => {
    const first = await service.list({ top: 4 });
    assert.equal(first.entries.length, 4);
    assert.ok(first.continueAfter !== undefined);
    const second = await service.list({ top: 4, after: first.continueAfter });
    assert.equal(second.entries.length, 2);
    assert.equal(second.continueAfter, undefined);
    assert.equal(new Set([...first.entries, ...second.entries].map((entry) => entry.seq)).size, 6);
  });

  test('filters by time, scope, resource group, caller, operation and status', async () => {
    const ids = async (query: Parameters<ActivityService['list']>[0]) => (await service.list(query)).entries.map((entry) => entry.resourceId);
    assert.deepEqual(await ids({ top: 100, from: instantText(T0 + 60_000), to: instantText(T0 + 120_000) }), [workflow('a_b', 'three'), workflow('axb', 'two')]);
    assert.deepEqual(await ids({ top: 100, scope: `${sub}/resourceGroups/A_B` }), [`${sub}/resourceGroups/a_b`, workflow('a_b', 'three'), workflow('a_b', 'one')]);
    assert.deepEqual(await ids({ top: 100, resourceGroup: 'a_b' }), [`${sub}/resourceGroups/a_b`, workflow('a_b', 'three'), workflow('a_b', 'one')]);
    assert.deepEqual(await ids({ top: 100, scope: workflow('a_b', 'one') }), [workflow('a_b', 'one')]);
    assert.deepEqual(await ids({ top: 100, caller: 'p2' }), [workflow('axb', 'two')]);
    assert.deepEqual(await ids({ top: 100, operationName: 'MICROSOFT.LOGIC/WORKFLOWS/DELETE' }), [workflow('axb', 'two')]);
    assert.deepEqual(await ids({ top: 100, status: 'Failed' }), [workflow('axb', 'two')]);
  });

  test('shows only what the caller may see, and still continues past what it may not', async () => {
    const visible = (entry: { resourceId: string }) => entry.resourceId.includes('/resourceGroups/other/');
    const { entries } = await service.list({ top: 100 }, visible);
    assert.deepEqual(
      entries.map((entry) => entry.resourceId),
      [workflow('other', 'four')],
    );
  });

  test('purges entries older than an instant, and nothing else', async () => {
    clock = T0 + 3_600_000;
    await record(workflow('late', 'kept'));
    assert.equal(await service.purgeOlderThan(instantText(T0 + 120_000)), 2);
    const { entries } = await service.list({ top: 100 });
    assert.equal(entries.length, 5);
    assert.ok(entries.every((entry) => entry.eventTimestamp >= instantText(T0 + 120_000)));
  });

  test('purges in batches until nothing older is left', async () => {
    const before = (await service.list({ top: 100 })).entries;
    const cutoff = instantText(T0 + 3_600_000);
    const older = before.filter((entry) => entry.eventTimestamp < cutoff).length;
    assert.equal(older, 4);
    assert.equal(await service.purgeOlderThan(cutoff, 3), older, 'two batches, the second one short');
    assert.deepEqual(
      (await service.list({ top: 100 })).entries.map((entry) => entry.resourceId),
      [workflow('late', 'kept')],
    );
  });
});

describe('the retention schedule', () => {
  test('purges at once with the cutoff from the retention, then on its timer until stopped', async () => {
    const cutoffs: string[] = [];
    const logged: string[] = [];
    const logger = { info: (_: object, message: string) => logged.push(message), warn: (_: object, message: string) => logged.push(message) };
    const schedule = scheduleRetention(
      { purgeOlderThan: async (instant) => (cutoffs.push(instant), 3) },
      { retentionDays: 90, nowMs: () => Date.parse('2024-05-01T00:00:00Z'), instantText, logger, intervalMs: 5 },
    );
    await new Promise((resolve) => setTimeout(resolve, 40));
    await schedule.stop();
    const count = cutoffs.length;
    assert.ok(count >= 2, `purged ${count} times`);
    assert.equal(cutoffs[0], '2024-02-01T00:00:00.0000000Z');
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(cutoffs.length, count, 'no purge after stop');
    assert.ok(logged.includes('purged activity log entries past retention'));
  });

  test('logs a failed purge and keeps going', async () => {
    const warnings: string[] = [];
    const schedule = scheduleRetention(
      {
        purgeOlderThan: async () => {
          throw new Error('disk full');
        },
      },
      { retentionDays: 1, nowMs: () => Date.now(), instantText, logger: { info: () => undefined, warn: (_: object, message: string) => warnings.push(message) }, intervalMs: 5 },
    );
    await new Promise((resolve) => setTimeout(resolve, 25));
    await schedule.stop();
    assert.ok(warnings.length >= 2);
  });
});
