/**
 * Durable timers: a run sleeping longer than RIPOSTE_PARK_AFTER_MS is parked in the database (no lease, a wake
 * time) instead of holding a worker, is resumed when the time comes, and keeps its original wake time across a
 * restart of the server.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { alertDefinition, api, automationBody, automationId, eventually, flatAlert, httpPost, newSubscription, sleep, workflowId } from '../support/defender.js';
import { type HttpSink, startHttpSink } from '../support/http-sink.js';
import { type TestServer, startTestServer } from '../support/riposte-server.js';

const WAIT_SECONDS = 3;
const env = { RIPOSTE_PARK_AFTER_MS: '500' };

async function defineWaitingWorkflow(server: TestServer, sink: HttpSink): Promise<string> {
  const sub = newSubscription();
  const workflow = workflowId(sub, 'timers', 'wait-then-notify');
  const definition = alertDefinition({
    Pause: { type: 'Wait', inputs: { interval: { count: WAIT_SECONDS, unit: 'Second' } } },
    Notify: httpPost(`${sink.url}/notify`, { run: "@{workflow()?['run']?['name']}" }, { Pause: ['Succeeded'] }),
  });
  assert.equal((await server.call('PUT', api(workflow), { properties: { definition } })).status, 201);
  assert.equal((await server.call('PUT', api(automationId(sub, 'timers', 'every-alert')), automationBody({ eventSource: 'Alerts', workflowIds: [workflow] }))).status, 201);
  assert.equal((await server.call('POST', '/api/events', { value: [flatAlert({ sub })] })).status, 202);
  return workflow;
}

async function parkedRun(server: TestServer) {
  return eventually('the run to be parked', async () => {
    const row = await server.server.context.db.selectFrom('runs').select(['id', 'status', 'lease_owner', 'wake_at']).executeTakeFirst();
    return row?.wake_at !== null && row?.lease_owner === null ? row : undefined;
  });
}

describe('durable timers', () => {
  let sink: HttpSink;
  before(async () => {
    sink = await startHttpSink([{ status: 200 }]);
  });
  after(async () => {
    await sink.close();
  });

  it('a long Wait parks the run (no lease held) and it resumes at its wake time', { timeout: 30_000 }, async () => {
    const server = await startTestServer(env);
    try {
      const posted = Date.now();
      const workflow = await defineWaitingWorkflow(server, sink);
      const parked = await parkedRun(server);
      assert.equal(parked?.status, 'Running', 'a parked run is still Running to its users');
      const wakeAt = Date.parse(parked?.wake_at as string);
      assert.ok(wakeAt >= posted + WAIT_SECONDS * 1000 - 50 && wakeAt <= Date.now() + WAIT_SECONDS * 1000, `wake time ${parked?.wake_at}`);
      const run = await eventually('the run to succeed', async () => {
        const runs = await server.call('GET', `${api(workflow)}/runs`);
        return runs.body.value[0]?.properties.status === 'Succeeded' ? runs.body.value[0] : undefined;
      }, 10_000, 50);
      const arrived = sink.requests.find((request) => JSON.parse(request.body).run === run.name);
      assert.ok(arrived !== undefined, 'the action after the Wait ran');
      const actions = await server.call('GET', `${api(workflow)}/runs/${run.name}/actions`);
      const pause = actions.body.value.find((action: { name: string }) => action.name === 'Pause');
      assert.equal(pause.properties.status, 'Succeeded');
      assert.ok(Date.parse(pause.properties.endTime) - Date.parse(pause.properties.startTime) >= WAIT_SECONDS * 1000 - 50, 'the Wait lasted its interval');
    } finally {
      await server.stop();
    }
  });

  it('a restart does not start a parked Wait over: the run resumes at its original wake time', { timeout: 30_000 }, async () => {
    let server = await startTestServer(env);
    try {
      const workflow = await defineWaitingWorkflow(server, sink);
      const parked = await parkedRun(server);
      // Half the Wait passes before the restart: started over, it would end well after its original time.
      await sleep(1_500);
      server = await server.restart();
      const run = await eventually('the run to succeed after the restart', async () => {
        const runs = await server.call('GET', `${api(workflow)}/runs`);
        return runs.body.value[0]?.properties.status === 'Succeeded' ? runs.body.value[0] : undefined;
      }, 15_000, 50);
      const actions = await server.call('GET', `${api(workflow)}/runs/${run.name}/actions`);
      const notify = actions.body.value.find((action: { name: string }) => action.name === 'Notify');
      const late = Date.parse(notify.properties.startTime) - Date.parse(parked?.wake_at as string);
      assert.ok(late >= -50 && late < 1_000, `Notify started ${late} ms after the original wake time`);
    } finally {
      await server.stop();
    }
  });
});
