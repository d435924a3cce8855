import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { systemClock } from '../expressions/environment.js';
import { temporaryDatabase } from '../store/store-test-support.js';
import { ResourceScopes } from './resource-scopes.js';
import { RunService } from './run-service.js';
import { WorkflowService } from './workflow-service.js';

/** Right after the first statement the service runs, another worker acts (as one may, at any moment). */
class AfterFirstStatement implements KyselyPlugin {
  private acted = false;

  constructor(private readonly act: () => void) {}

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    if (!this.acted) {
      this.acted = true;
      this.act();
    }
    return args.result;
  }
}

describe('RunService', () => {
  const store = temporaryDatabase();
  const workflowId = '/subscriptions/sub-1/resourceGroups/rg/providers/Microsoft.Logic/workflows/sleeper';
  let workflows: WorkflowService;
  /** Another worker's connection. */
  let elsewhere: Database.Database;

  before(async () => {
    elsewhere = new Database(store.file);
    const { db } = store.database;
    workflows = new WorkflowService(db, new ResourceScopes(), 'http://127.0.0.1', () => new Date().toISOString());
    await workflows.put('sub-1', 'rg', 'sleeper', {
      properties: { definition: { triggers: { manual: { type: 'Request', kind: 'Http' } }, actions: { Pause: { type: 'Wait', inputs: { interval: { count: 30, unit: 'Second' } } } } } },
    });
  });

  after(() => elsewhere.close());

  async function queuedRun(): Promise<string> {
    const { db } = store.database;
    const workflow = await workflows.current(workflowId);
    const id = await new RunService(db, workflows, systemClock).queue(db, {
      workflowKey: workflow.key,
      workflowVersion: workflow.version,
      triggerName: 'manual',
      triggerOutputsJson: '{"body":null}',
    });
    assert.ok(id);
    return id;
  }

  const row = (id: string) => store.database.db.selectFrom('runs').select(['status', 'cancel_requested']).where('id', '=', id).executeTakeFirstOrThrow();

  it('cancels a run that has not started outright', async () => {
    const id = await queuedRun();
    await new RunService(store.database.db, workflows, systemClock).cancel(workflowId, id);
    assert.deepEqual(await row(id), { status: 'Cancelled', cancel_requested: 1 });
  });

  it('flags a running run, so whichever worker executes it stops it', async () => {
    const { db } = store.database;
    const id = await queuedRun();
    await db.updateTable('runs').set({ status: 'Running', lease_owner: 'worker-elsewhere' }).where('id', '=', id).execute();
    await new RunService(db, workflows, systemClock).cancel(workflowId, id);
    assert.deepEqual(await row(id), { status: 'Running', cancel_requested: 1 });
  });

  it('never misses a run a worker claims while the cancellation is under way: it is cancelled, or flagged', async () => {
    const { db } = store.database;
    const id = await queuedRun();
    const claim = () => elsewhere.prepare("update runs set status = 'Running', lease_owner = 'worker-elsewhere' where id = ? and status = 'Queued'").run(id);
    await new RunService(db.withPlugin(new AfterFirstStatement(claim)), workflows, systemClock).cancel(workflowId, id);
    const after = await row(id);
    assert.ok(after.status === 'Cancelled' || (after.status === 'Running' && after.cancel_requested === 1), JSON.stringify(after));
  });

  it('answers 409 for a finished run and 404 for a run of another workflow or none, changing nothing', async () => {
    const { db } = store.database;
    const id = await queuedRun();
    await db.updateTable('runs').set({ status: 'Succeeded' }).where('id', '=', id).execute();
    const runs = new RunService(db, workflows, systemClock);
    await assert.rejects(runs.cancel(workflowId, id), { statusCode: 409, code: 'RunNotCancellable' });
    assert.deepEqual(await row(id), { status: 'Succeeded', cancel_requested: 0 });
    await assert.rejects(runs.cancel(workflowId, 'NO-SUCH-RUN'), { statusCode: 404 });
  });

  it('queues a run outside any transaction so that no other worker sees it before its trigger outputs', async () => {
    const { db } = store.database;
    const workflow = await workflows.current(workflowId);
    let seenWithoutOutputs: unknown[] | undefined;
    const look = () => {
      seenWithoutOutputs = elsewhere.prepare('select runs.id from runs left join run_triggers on run_triggers.run_id = runs.id where run_triggers.run_id is null').all();
    };
    const id = await new RunService(db, workflows, systemClock).queue(db.withPlugin(new AfterFirstStatement(look)), {
      workflowKey: workflow.key,
      workflowVersion: workflow.version,
      triggerName: 'manual',
      triggerOutputsJson: '{"body":{"clicked":true}}',
    });
    assert.deepEqual(seenWithoutOutputs, [], 'another connection saw the run before its trigger outputs');
    const stored = await db.selectFrom('run_triggers').select('outputs').where('run_id', '=', id as string).executeTakeFirstOrThrow();
    assert.equal(stored.outputs, '{"body":{"clicked":true}}');
  });
});
