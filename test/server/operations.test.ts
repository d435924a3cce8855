/** The operations endpoints over HTTP against the real server: /healthz, /readyz and the Prometheus /metrics. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { request } from 'undici';
import {
  alertDefinition,
  api,
  assessment,
  automationBody,
  automationId,
  eventually,
  flatAlert,
  httpPost,
  newSubscription,
  templateConnections,
  workflowId,
} from '../support/defender.js';
import { type HttpSink, startHttpSink } from '../support/http-sink.js';
import { parsePrometheusText } from '../support/prometheus-text.js';
import { type ApiClient, type TestServer, apiClient, startTestServer } from '../support/riposte-server.js';
import { testDialect } from '../support/test-database.js';

let server: TestServer;
/** No token: the operations endpoints need none. */
let anonymous: ApiClient;
let sink: HttpSink;

before(async () => {
  // One run at a time, and the sink holds each run's Http call: further runs stay Queued while we look.
  sink = await startHttpSink([{ status: 200, delayMs: 20_000 }]);
  server = await startTestServer({ RIPOSTE_MAX_CONCURRENT_RUNS: '1' });
  anonymous = apiClient(server.url, null);
});
after(async () => {
  // The sink first: the held Http calls fail at once (no retries), so no run keeps the server's stop waiting.
  await sink.close();
  await server.stop();
});

async function scrape() {
  const response = await request(`${server.url}/metrics`);
  assert.equal(response.statusCode, 200);
  assert.match(String(response.headers['content-type']), /^text\/plain; version=0\.0\.4/);
  return parsePrometheusText(await response.body.text());
}

/** A workflow with this definition and an automation starting it for every alert of a new subscription, returned. */
async function alertAutomation(name: string, definition: unknown): Promise<string> {
  const sub = newSubscription();
  const rg = 'ops-rg';
  const put = await server.call('PUT', api(workflowId(sub, rg, name)), {
    location: 'westeurope',
    properties: { state: 'Enabled', definition, parameters: templateConnections(sub, rg, name, ['ascalert']) },
  });
  assert.equal(put.status, 201, JSON.stringify(put.body));
  const automation = await server.call('PUT', api(automationId(sub, rg, name)), automationBody({ eventSource: 'Alerts', workflowIds: [workflowId(sub, rg, name)] }));
  assert.equal(automation.status, 201, JSON.stringify(automation.body));
  return sub;
}

describe('operations endpoints', () => {
  it('/healthz answers while the process runs, without authentication', async () => {
    const response = await anonymous.call('GET', '/healthz');
    assert.equal(response.status, 200);
    assert.deepEqual(response.body, { status: 'ok' });
  });

  it('/readyz is ready when the database answers, without authentication', async () => {
    const response = await anonymous.call('GET', '/readyz');
    assert.equal(response.status, 200);
    assert.deepEqual(response.body, { status: 'ready', checks: { database: 'ok' } });
  });

  it('/metrics needs no token and tells the version and the database', async () => {
    const text = await scrape();
    const info = text.samples.find((sample) => sample.name === 'riposte_info');
    assert.equal(info?.value, 1);
    assert.equal(info?.labels['database'], testDialect);
    assert.match(info?.labels['version'] ?? '', /^\d+\.\d+\.\d+/);
    assert.equal(text.types.get('riposte_events_accepted_total'), 'counter');
    assert.ok(text.samples.some((sample) => sample.name === 'riposte_process_resident_memory_bytes' || sample.name === 'riposte_process_cpu_seconds_total'));
  });

  it('counts the runs the dispatcher claims and finishes, and their actions', async () => {
    const sub = await alertAutomation('quick', alertDefinition({ Shape: { type: 'Compose', inputs: "@triggerBody()?['SystemAlertId']", runAfter: {} } }));
    assert.equal((await server.call('POST', '/api/events', { value: [flatAlert({ sub, id: 'quick-1' })] })).status, 202);

    const text = await eventually('the run to finish', async () => {
      const current = await scrape();
      return current.value('riposte_runs_finished_total', { status: 'Succeeded' }) === 1 ? current : undefined;
    });
    assert.equal(text.value('riposte_run_claims_total'), 1);
    // On the embedded database the idle worker starts the run as the event is stored, without claiming it.
    assert.equal(text.value('riposte_runs_started_at_once_total'), testDialect === 'sqlite' ? 1 : 0);
    assert.equal(text.value('riposte_action_duration_seconds_count', { type: 'Compose', status: 'Succeeded' }), 1);
    assert.equal(text.value('riposte_lease_takeovers_total'), 0);
  });

  it('counts accepted and rejected events by kind and code, and shows the runs waiting', async () => {
    const baseline = await scrape();
    const notify = httpPost(`${sink.url}/slow`, { id: "@{triggerBody()?['SystemAlertId']}" });
    const sub = await alertAutomation('slow-notify', alertDefinition({ Notify: { ...notify, inputs: { ...notify.inputs, retryPolicy: { type: 'none' } } } }));

    const posted = await server.call('POST', '/api/events', {
      value: [
        flatAlert({ sub, id: 'ops-1' }),
        flatAlert({ sub, id: 'ops-2' }),
        flatAlert({ sub, id: 'ops-3' }),
        assessment({ sub, key: 'ops-assessment' }),
        flatAlert({ sub, id: 'ops-bad', severity: 'Critical' }),
        { type: 'Microsoft.Compute/virtualMachines' },
      ],
    });
    assert.equal(posted.status, 202, JSON.stringify(posted.body));
    assert.equal(posted.body.accepted, 4);

    // One run holds the only slot (its Http call hangs on the sink); the other two wait.
    const text = await eventually('one run executing and two waiting', async () => {
      const current = await scrape();
      return current.value('riposte_runs', { status: 'Running' }) === 1 && current.value('riposte_queue_depth') === 2 ? current : undefined;
    });
    assert.equal(text.value('riposte_events_accepted_total', { kind: 'Alert' }), (baseline.value('riposte_events_accepted_total', { kind: 'Alert' }) ?? 0) + 3);
    assert.equal(text.value('riposte_events_accepted_total', { kind: 'Assessment' }), 1);
    assert.equal(text.value('riposte_events_rejected_total', { kind: 'Alert', code: 'InvalidEvent' }), 1);
    assert.equal(text.value('riposte_events_rejected_total', { code: 'UnknownEventType' }), 1);
    assert.equal(text.value('riposte_runs', { status: 'Queued' }), 2);
    const age = text.value('riposte_queue_oldest_age_seconds') ?? Number.NaN;
    assert.ok(age >= 0 && age < 60, `oldest queued run waits ${age} s`);
  });

  it('/readyz answers 503 draining once shutdown has begun', async () => {
    server.server.context.health.beginDrain();
    const response = await anonymous.call('GET', '/readyz');
    assert.equal(response.status, 503);
    assert.deepEqual(response.body, { status: 'draining' });
    assert.equal((await anonymous.call('GET', '/healthz')).status, 200, 'still alive while draining');
  });
});
