import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Kysely } from 'kysely';
import { createTestDatabase, postgresSkipReason, type TestDatabase } from '../../test/support/test-database.js';
import type { Database } from '../store/database-schema.js';
import { openPostgres } from '../store/open-postgres.js';
import { type OpenedDatabase, openSqlite } from '../store/open-sqlite.js';
import { instantText } from '../workflows/executor/instant-text.js';
import { newRunId } from './ids.js';
import { RetentionService, firstRunIdAt, scheduleRunRetention } from './retention-service.js';

const DAY = 86_400_000;
const NOW = Date.parse('2024-06-30T12:00:00Z');
const daysAgo = (days: number) => NOW - Math.round(days * DAY);

interface RunSpec {
  readonly status: string;
  readonly createdDaysAgo: number;
  readonly endedDaysAgo?: number;
  readonly event?: { readonly kind: string; readonly key: string };
}

/** Inserts a run with two journal entries and its trigger outputs; answers its id. */
async function insertRun(db: Kysely<Database>, spec: RunSpec): Promise<string> {
  const id = newRunId(daysAgo(spec.createdDaysAgo));
  await db
    .insertInto('runs')
    .values({
      id,
      workflow_key: '/subscriptions/s/resourcegroups/rg/providers/microsoft.logic/workflows/w',
      workflow_version: 1,
      status: spec.status,
      trigger_name: 'manual',
      event_kind: spec.event?.kind ?? null,
      event_key: spec.event?.key ?? null,
      event_version: spec.event === undefined ? null : 1,
      correlation: '{}',
      created_at: instantText(daysAgo(spec.createdDaysAgo)),
      end_time: spec.endedDaysAgo === undefined ? null : instantText(daysAgo(spec.endedDaysAgo)),
      cancel_requested: 0,
    })
    .execute();
  await db.insertInto('run_triggers').values({ run_id: id, outputs: '{"body":null}' }).execute();
  await db
    .insertInto('run_actions')
    .values([0, 1].map((seq) => ({ run_id: id, seq, action_key: `a${seq}`, name: `A${seq}`, status: 'Succeeded', entry: '{}' })))
    .execute();
  return id;
}

async function insertEvent(db: Kysely<Database>, kind: string, key: string, lastSeenDaysAgo: number): Promise<void> {
  const seen = instantText(daysAgo(lastSeenDaysAgo));
  await db
    .insertInto('security_events')
    .values({
      kind,
      event_key: key,
      id: `/subscriptions/s/providers/Microsoft.Security/${kind}/${key}`,
      id_key: `/subscriptions/s/providers/microsoft.security/${kind.toLowerCase()}/${key}`,
      subscription_id: 's',
      resource_group: null,
      resource_id: '/subscriptions/s',
      display_name: key,
      severity: null,
      status: null,
      firing_state: 'Active',
      fired_token: 't',
      version: 1,
      payload: '{}',
      first_seen: seen,
      last_seen: seen,
    })
    .execute();
}

/** The retention rules, run against one database (SQLite or PostgreSQL). */
function retentionSuite(open: () => Promise<{ db: Kysely<Database>; close(): Promise<void> }>): void {
  let opened: { db: Kysely<Database>; close(): Promise<void> };
  let db: Kysely<Database>;
  const expectedRuns: string[] = [];
  const purgedRuns: string[] = [];

  before(async () => {
    opened = await open();
    db = opened.db;
    // Purged: finished long ago (one never got an end time: its creation counts), five of them to need several batches.
    for (let i = 0; i < 5; i++) purgedRuns.push(await insertRun(db, { status: 'Succeeded', createdDaysAgo: 60 + i, endedDaysAgo: 59, event: { kind: 'Alert', key: 'finished-only' } }));
    purgedRuns.push(await insertRun(db, { status: 'Failed', createdDaysAgo: 45 }));
    purgedRuns.push(await insertRun(db, { status: 'Cancelled', createdDaysAgo: 31, endedDaysAgo: 30.5 }));
    // Kept: unfinished however old, ended within the retention however old its start, and fresh ones.
    expectedRuns.push(await insertRun(db, { status: 'Queued', createdDaysAgo: 90, event: { kind: 'Alert', key: 'held' } }));
    expectedRuns.push(await insertRun(db, { status: 'Running', createdDaysAgo: 70, event: { kind: 'Assessment', key: 'held-running' } }));
    // Its event, last posted 60 days ago, stays with it: posted again after a purge it would be version 1 again, and
    // this run of version 1 would keep the new version 1 from starting a run.
    expectedRuns.push(await insertRun(db, { status: 'Succeeded', createdDaysAgo: 40, endedDaysAgo: 10, event: { kind: 'Alert', key: 'finished-kept' } }));
    expectedRuns.push(await insertRun(db, { status: 'Failed', createdDaysAgo: 29.9, endedDaysAgo: 29.9 }));
    expectedRuns.push(await insertRun(db, { status: 'Succeeded', createdDaysAgo: 1, endedDaysAgo: 1 }));

    await insertEvent(db, 'Alert', 'held', 60); // kept: a Queued run refers to it
    await insertEvent(db, 'Assessment', 'held-running', 60); // kept: a Running run refers to it
    await insertEvent(db, 'Assessment', 'held', 60); // purged: the Queued run refers to the Alert of that key, not to this
    await insertEvent(db, 'Alert', 'finished-only', 60); // purged: only runs purged in the same pass refer to it
    await insertEvent(db, 'Alert', 'finished-kept', 60); // kept: a finished run still kept refers to it
    for (let i = 0; i < 4; i++) await insertEvent(db, 'Alert', `old-${i}`, 31 + i); // purged
    await insertEvent(db, 'SubAssessment', 'old-sub', 100); // purged
    await insertEvent(db, 'Alert', 'fresh', 29); // kept
    await insertEvent(db, 'RegulatoryComplianceAssessment', 'fresh', 1); // kept
  });
  after(async () => {
    await opened?.close();
  });

  test('a stopped pass deletes nothing', async () => {
    const service = new RetentionService(db, { runRetentionDays: 30, eventRetentionDays: 30, batchSize: 2 });
    assert.deepEqual(await service.purge(NOW, AbortSignal.abort()), { runs: 0, events: 0 });
    assert.equal((await db.selectFrom('runs').select('id').execute()).length, purgedRuns.length + expectedRuns.length);
  });

  test('purges old finished runs with their journal and trigger, and old events no kept run refers to', async () => {
    // Batches of two: every walk needs several batches and continues past rows it keeps.
    const service = new RetentionService(db, { runRetentionDays: 30, eventRetentionDays: 30, batchSize: 2 });
    const counts = await service.purge(NOW);
    assert.deepEqual(counts, { runs: purgedRuns.length, events: 7 });

    const ids = async (table: 'runs' | 'run_triggers' | 'run_actions') =>
      table === 'runs'
        ? (await db.selectFrom('runs').select('id').execute()).map((row) => row.id).sort()
        : [...new Set((await db.selectFrom(table).select('run_id').execute()).map((row) => row.run_id))].sort();
    const expected = [...expectedRuns].sort();
    assert.deepEqual(await ids('runs'), expected);
    assert.deepEqual(await ids('run_triggers'), expected);
    assert.deepEqual(await ids('run_actions'), expected);
    assert.equal((await db.selectFrom('run_actions').select('run_id').execute()).length, expected.length * 2, 'kept runs keep their whole journal');

    const events = (await db.selectFrom('security_events').select(['kind', 'event_key']).execute()).map((row) => `${row.kind}/${row.event_key}`).sort();
    assert.deepEqual(events, ['Alert/finished-kept', 'Alert/fresh', 'Alert/held', 'Assessment/held-running', 'RegulatoryComplianceAssessment/fresh']);

    assert.deepEqual(await service.purge(NOW), { runs: 0, events: 0 }, 'a second pass finds nothing more');
  });

  test('a longer retention keeps what a shorter one purges', async () => {
    const service = new RetentionService(db, { runRetentionDays: 5, eventRetentionDays: 365 });
    assert.deepEqual(await service.purge(NOW), { runs: 2, events: 0 }, 'the runs that ended 10 and 29.9 days ago go; no event is a year old');
    const lastRunGone = new RetentionService(db, { runRetentionDays: 5, eventRetentionDays: 30 });
    assert.deepEqual(await lastRunGone.purge(NOW), { runs: 0, events: 1 }, 'with its last run purged, the event that run held goes too');
  });
}

describe('retention on SQLite', () => {
  let dir: string;
  retentionSuite(async () => {
    dir = await mkdtemp(join(tmpdir(), 'riposte-retention-'));
    const database: OpenedDatabase = await openSqlite(dir);
    return {
      db: database.db,
      async close() {
        await database.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  });
});

describe('retention on PostgreSQL', { skip: postgresSkipReason }, () => {
  retentionSuite(async () => {
    const test: TestDatabase = await createTestDatabase();
    const database = await openPostgres(test.url);
    return {
      db: database.db,
      async close() {
        await database.close();
        await test.drop();
      },
    };
  });
});

describe('run ids and the cutoff', () => {
  test('every run created before an instant has an id below firstRunIdAt, every later one above', () => {
    for (const ms of [Date.parse('2024-01-01T00:00:00Z'), NOW, Date.parse('2100-12-31T23:59:59.999Z')]) {
      assert.ok(newRunId(ms - 1) < firstRunIdAt(ms));
      assert.ok(newRunId(ms) > firstRunIdAt(ms));
      assert.ok(newRunId(ms + 1) > firstRunIdAt(ms));
    }
  });
});

describe('the run retention schedule', () => {
  const quietLogger = (lines: string[]) => ({ info: (_: object, message: string) => lines.push(message), warn: (_: object, message: string) => lines.push(message) });

  test('waits for its first pass, purges with the current time, and logs what it purged', async () => {
    const calls: number[] = [];
    const lines: string[] = [];
    const schedule = scheduleRunRetention(
      { purge: async (nowMs) => (calls.push(nowMs), { runs: 2, events: 1 }) },
      { nowMs: () => NOW, logger: quietLogger(lines), firstDelayMs: 30, intervalMs: 5 },
    );
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(calls.length, 0, 'no pass before the first delay');
    await new Promise((resolve) => setTimeout(resolve, 60));
    await schedule.stop();
    assert.ok(calls.length >= 2, `passes: ${calls.length}`);
    assert.ok(calls.every((ms) => ms === NOW));
    assert.ok(lines.includes('purged runs and security events past retention'));
  });

  test('stop() aborts the pass under way and waits for it', async () => {
    let finished = false;
    const schedule = scheduleRunRetention(
      {
        purge: async (_nowMs, signal) => {
          await new Promise((resolve) => signal?.addEventListener('abort', resolve));
          finished = true;
          return { runs: 0, events: 0 };
        },
      },
      { nowMs: () => NOW, logger: quietLogger([]), firstDelayMs: 0 },
    );
    await schedule.stop();
    assert.equal(finished, true);
  });
});
