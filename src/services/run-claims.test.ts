/**
 * The claim rules, the same on both databases: SQLite's claim in the caller's transaction, and PostgreSQL's one
 * call of `riposte_claim_runs` (migration 0010), each given the same runs.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import { createTestDatabase, postgresSkipReason, type TestDatabase } from '../../test/support/test-database.js';
import type { Database, RunTable } from '../store/database-schema.js';
import { openPostgres } from '../store/open-postgres.js';
import { type OpenedDatabase, openSqlite } from '../store/open-sqlite.js';
import { type ClaimLimits, type ClaimedRun, claimRunsOnPostgres, claimRunsOnSqlite } from './run-claims.js';

const NOW = '2026-11-22T10:00:00.0000000Z';
const PAST = '2026-11-22T09:59:00.0000000Z';
const FUTURE = '2026-11-22T10:05:00.0000000Z';

function run(id: string, workflow: string, fields: Partial<RunTable> = {}): RunTable {
  return {
    id,
    workflow_key: workflow,
    workflow_version: 1,
    status: 'Queued',
    trigger_name: 'manual',
    automation_key: null,
    event_kind: null,
    event_key: null,
    event_version: null,
    correlation: '{}',
    error: null,
    response: null,
    created_at: PAST,
    start_time: null,
    end_time: null,
    lease_owner: null,
    lease_expires_at: null,
    cancel_requested: 0,
    wake_at: null,
    ...fields,
  };
}

const limits = (owner: string, fields: Partial<ClaimLimits> = {}): ClaimLimits => ({
  owner,
  now: NOW,
  leaseUntil: FUTURE,
  take: 50,
  maxConcurrentRuns: 4,
  maxConcurrentRunsPerWorkflow: 2,
  ...fields,
});

interface Dialect {
  readonly name: string;
  readonly skip?: string;
  open(): Promise<{ db: Kysely<Database>; close(): Promise<void> }>;
  claim(db: Kysely<Database>, limits: ClaimLimits): Promise<ClaimedRun[]>;
}

const dialects: Dialect[] = [
  {
    name: 'SQLite',
    async open() {
      const dir = await mkdtemp(join(tmpdir(), 'riposte-claims-'));
      const opened: OpenedDatabase = await openSqlite(dir);
      return { db: opened.db, close: async () => (await opened.close(), await rm(dir, { recursive: true, force: true })) };
    },
    claim: (db, given) => db.transaction().execute((trx) => claimRunsOnSqlite(trx, given)),
  },
  {
    name: 'PostgreSQL',
    ...(postgresSkipReason === undefined ? {} : { skip: postgresSkipReason }),
    async open() {
      const database: TestDatabase = await createTestDatabase();
      const opened = await openPostgres(database.url);
      return { db: opened.db, close: async () => (await opened.close(), await database.drop()) };
    },
    claim: claimRunsOnPostgres,
  },
];

for (const dialect of dialects) {
  describe(`claiming runs on ${dialect.name}`, { ...(dialect.skip === undefined ? {} : { skip: dialect.skip }) }, () => {
    let db: Kysely<Database>;
    let close: () => Promise<void>;
    before(async () => ({ db, close } = await dialect.open()));
    after(() => close());
    beforeEach(async () => {
      await db.deleteFrom('run_triggers').execute();
      await db.deleteFrom('runs').execute();
    });

    const ids = (claimed: readonly ClaimedRun[]) => claimed.map((claimed) => claimed.id);

    it('takes the oldest queued runs within the global and the per-workflow limits, across workers', async () => {
      await db
        .insertInto('runs')
        .values([run('r1', 'a'), run('r2', 'a'), run('r3', 'a'), run('r4', 'b'), run('r5', 'a'), run('r6', 'b'), run('r7', 'b')])
        .execute();
      const first = await dialect.claim(db, limits('w1'));
      // Two of workflow a (its limit), then b's oldest two; 4 in all.
      assert.deepEqual(ids(first), ['r1', 'r2', 'r4', 'r6']);
      assert.ok(first.every((claimed) => claimed.status === 'Running' && claimed.lease_owner === 'w1' && claimed.lease_expires_at === FUTURE));
      assert.ok(first.every((claimed) => claimed.start_time === NOW && !claimed.resumed && claimed.takenOverFrom === null));
      assert.deepEqual(ids(await dialect.claim(db, limits('w2'))), [], 'the global limit counts the other worker’s leases');
      assert.deepEqual(ids(await dialect.claim(db, limits('w2', { maxConcurrentRuns: 10 }))), [], 'both workflows are at their own limit');
      assert.deepEqual(ids(await dialect.claim(db, limits('w2', { maxConcurrentRuns: 10, maxConcurrentRunsPerWorkflow: 3, take: 1 }))), ['r3']);
    });

    it('resumes runs whose lease expired before queued ones, and names the worker they are taken over from', async () => {
      await db
        .insertInto('runs')
        .values([
          run('r1', 'a'),
          run('r2', 'a', { status: 'Running', start_time: PAST, lease_owner: 'dead', lease_expires_at: PAST }),
          run('r3', 'a', { status: 'Running', start_time: PAST, lease_owner: 'alive', lease_expires_at: FUTURE }),
          run('r4', 'b', { status: 'Running', start_time: PAST }),
        ])
        .execute();
      await db.insertInto('run_triggers').values({ run_id: 'r2', outputs: '{"body":{"n":2}}' }).execute();
      const claimed = await dialect.claim(db, limits('w1', { maxConcurrentRuns: 10 }));
      // r3's live lease counts towards a's limit of 2: r2 is taken over, and r1 waits.
      assert.deepEqual(ids(claimed), ['r2', 'r4']);
      assert.deepEqual(
        claimed.map((one) => [one.id, one.resumed, one.takenOverFrom, one.start_time, one.lease_owner]),
        [
          ['r2', true, 'dead', PAST, 'w1'],
          ['r4', true, null, PAST, 'w1'],
        ],
      );
      if (dialect.name === 'PostgreSQL') assert.equal(claimed[0]?.triggerOutputs, '{"body":{"n":2}}', 'the claim brings the trigger outputs along');
    });

    it('leaves a parked run asleep until its wake time, unless it was asked to cancel', async () => {
      await db
        .insertInto('runs')
        .values([
          run('r1', 'a', { status: 'Running', start_time: PAST, wake_at: FUTURE }),
          run('r2', 'b', { status: 'Running', start_time: PAST, wake_at: FUTURE, cancel_requested: 1 }),
          run('r3', 'c', { status: 'Running', start_time: PAST, wake_at: PAST }),
          run('r4', 'd', { status: 'Succeeded', start_time: PAST, end_time: PAST }),
        ])
        .execute();
      assert.deepEqual(ids(await dialect.claim(db, limits('w1'))), ['r2', 'r3']);
      assert.deepEqual(ids(await dialect.claim(db, limits('w1', { now: FUTURE, leaseUntil: '2026-11-22T10:10:00.0000000Z' }))), ['r1']);
    });
  });
}
