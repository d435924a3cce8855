import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { timerSleeper } from '../adapters/timer-sleeper.js';
import { systemClock } from '../expressions/environment.js';
import { temporaryDatabase } from '../store/store-test-support.js';
import { TransactionOutcome } from '../store/transaction-end.js';
import { WriteBatcher } from '../store/write-batcher.js';
import { unconfiguredConnectors } from '../workflows/index.js';
import { Dispatcher } from './dispatcher.js';
import { RecentTriggerOutputs } from './recent-trigger-outputs.js';
import { ResourceScopes } from './resource-scopes.js';
import { RunService } from './run-service.js';
import { WorkflowService } from './workflow-service.js';

type Database = ReturnType<typeof temporaryDatabase>['database'];

/** A dispatcher on the embedded database that makes no outside calls, with its workflow service. */
function testDispatcher(database: Database, limits: { owner: string; maxConcurrentRunsPerWorkflow: number; leaseMs: number }) {
  const { db, notifications } = database;
  const workflows = new WorkflowService(db, new ResourceScopes(), 'http://127.0.0.1', () => new Date().toISOString());
  const dispatcher = new Dispatcher(
    db,
    new WriteBatcher(db),
    workflows,
    new RecentTriggerOutputs(),
    { clock: systemClock, random: Math.random, sleeper: timerSleeper, http: { send: () => Promise.reject(new Error('no calls here')) }, connectors: unconfiguredConnectors },
    { ...limits, maxConcurrentRuns: 3, publicUrl: 'http://127.0.0.1', dialect: 'sqlite', parkAfterMs: 60_000 },
    pino({ level: process.env['DEBUG_DISPATCH'] ? 'debug' : 'silent' }),
    notifications,
  );
  return { dispatcher, workflows };
}

/** Queues a run of a new workflow (a Request trigger and `actions`) and answers its id once the run executes. */
async function runningRun(database: Database, workflows: WorkflowService, dispatcher: Dispatcher, name: string, actions: Record<string, unknown>): Promise<string> {
  const { db } = database;
  await workflows.put('sub-1', 'rg', name, { properties: { definition: { triggers: { manual: { type: 'Request', kind: 'Http' } }, actions } } });
  const workflow = await workflows.current(`/subscriptions/sub-1/resourceGroups/rg/providers/Microsoft.Logic/workflows/${name}`);
  const runId = await new RunService(db, workflows, systemClock).queue(db, { workflowKey: workflow.key, workflowVersion: workflow.version, triggerName: 'manual', triggerOutputsJson: '{"body":null}' });
  assert.ok(runId);
  dispatcher.wake();
  for (let attempt = 0; attempt < 100 && (await runRow(database, runId)).status !== 'Running'; attempt++) await new Promise((resolve) => setTimeout(resolve, 20));
  return runId;
}

const runRow = (database: Database, runId: string) => database.db.selectFrom('runs').select(['status', 'lease_owner']).where('id', '=', runId).executeTakeFirstOrThrow();

/** Another worker takes the run over, as after this one's lease ran out. */
const takeOver = (database: Database, runId: string) =>
  database.db.updateTable('runs').set({ lease_owner: 'worker-other', lease_expires_at: '2999-01-01T00:00:00.0000000Z' }).where('id', '=', runId).execute();

const journalNames = async (database: Database, runId: string) =>
  (await database.db.selectFrom('run_actions').select('name').where('run_id', '=', runId).orderBy('seq').execute()).map((entry) => entry.name);

/** Waits `seconds`, then a Compose. */
const waitThenCompose = (seconds: number) => ({
  Pause: { type: 'Wait', inputs: { interval: { count: seconds, unit: 'Second' } } },
  After: { type: 'Compose', inputs: 'done', runAfter: { Pause: ['Succeeded'] } },
});

describe('Dispatcher: runs started as they are queued', () => {
  const store = temporaryDatabase();
  let dispatcher: Dispatcher;
  let workflows: WorkflowService;

  before(() => {
    ({ dispatcher, workflows } = testDispatcher(store.database, { owner: 'worker-test', maxConcurrentRunsPerWorkflow: 2, leaseMs: 900 }));
  });
  after(() => dispatcher.stop());

  /** Leases once the dispatcher knows nothing waits to be claimed (its first claim came back empty). */
  async function leasesOnceIdle(end: TransactionOutcome, keys: readonly string[]) {
    for (let attempt = 0; attempt < 200; attempt++) {
      const leases = dispatcher.leaseNewRuns(end, keys);
      if (leases !== undefined) return leases;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error('the dispatcher never offered to start runs at once');
  }

  it('offers nothing before it has started and looked for runs to claim', () => {
    assert.equal(dispatcher.leaseNewRuns(new TransactionOutcome(), ['a']), undefined);
  });

  it('leases within the global and per-workflow limits, and gives the slots back when the transaction rolls back', async () => {
    dispatcher.start();
    const first = new TransactionOutcome();
    const leases = await leasesOnceIdle(first, ['a', 'a', 'a', 'b']);
    assert.deepEqual(
      leases.map((lease) => lease !== undefined),
      [true, true, false, true],
      'two of workflow a (its limit), and b; three slots in all',
    );
    assert.equal(leases[0]?.owner, 'worker-test');
    assert.ok(Date.parse(leases[0]?.expiresAt ?? '') > Date.parse(leases[0]?.startTime ?? ''));
    assert.equal(dispatcher.leaseNewRuns(new TransactionOutcome(), ['c']), undefined, 'every slot is reserved');

    first.rolledBack();
    const second = new TransactionOutcome();
    assert.deepEqual(
      dispatcher.leaseNewRuns(second, ['c', 'a', 'a', 'a'])?.map((lease) => lease !== undefined),
      [true, true, true, false],
    );
    second.committed();
  });

  it('offers nothing once runs may be waiting to be claimed, until a claim finds none', async () => {
    dispatcher.wake();
    assert.equal(dispatcher.leaseNewRuns(new TransactionOutcome(), ['a']), undefined);
    const end = new TransactionOutcome();
    assert.equal((await leasesOnceIdle(end, ['a']))[0]?.owner, 'worker-test');
    end.rolledBack();
  });

  it('stops a run whose cancellation it was not told of when it next renews its leases', async () => {
    const { db } = store.database;
    const runId = await runningRun(store.database, workflows, dispatcher, 'sleeper', { Pause: { type: 'Wait', inputs: { interval: { count: 30, unit: 'Second' } } } });
    const until = async (expected: string) => {
      for (let attempt = 0; attempt < 100 && (await runRow(store.database, runId)).status !== expected; attempt++) await new Promise((resolve) => setTimeout(resolve, 20));
      return (await runRow(store.database, runId)).status;
    };
    assert.equal(await until('Running'), 'Running');
    // As if another process had asked and its signal was lost: only the flag in the database says so.
    await db.updateTable('runs').set({ cancel_requested: 1 }).where('id', '=', runId).execute();
    assert.equal(await until('Cancelled'), 'Cancelled', 'cancelled within a renewal interval (a third of the lease)');
  });

  it('stops a run another worker took over when it next renews its leases, and writes nothing more for it', async () => {
    const runId = await runningRun(store.database, workflows, dispatcher, 'slow', waitThenCompose(2));
    await takeOver(store.database, runId);
    await new Promise((resolve) => setTimeout(resolve, 2_600));
    assert.deepEqual(await runRow(store.database, runId), { status: 'Running', lease_owner: 'worker-other' }, 'left to its new holder, not finished here');
    assert.deepEqual(
      await journalNames(store.database, runId),
      ['Pause'],
      'only the timer journaled before the takeover: the wait was not completed, nor the next action run, here',
    );
  });
});

describe('Dispatcher: a run taken over before it finishes here', () => {
  const store = temporaryDatabase();
  let dispatcher: Dispatcher;
  let workflows: WorkflowService;

  before(() => {
    // A long lease: no renewal comes before the run ends, so only the finish itself can notice the takeover.
    ({ dispatcher, workflows } = testDispatcher(store.database, { owner: 'worker-slow-to-notice', maxConcurrentRunsPerWorkflow: 3, leaseMs: 60_000 }));
    dispatcher.start();
  });
  after(() => dispatcher.stop());

  it('stores neither its final status nor its last journal rows', async () => {
    const runId = await runningRun(store.database, workflows, dispatcher, 'short', waitThenCompose(1));
    await takeOver(store.database, runId);
    await new Promise((resolve) => setTimeout(resolve, 1_600));
    assert.deepEqual(await runRow(store.database, runId), { status: 'Running', lease_owner: 'worker-other' });
    assert.deepEqual(await journalNames(store.database, runId), ['Pause'], "only the timer stored before the takeover; none of the finished run's rows");
  });
});
