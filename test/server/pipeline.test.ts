/**
 * End to end over HTTP: automations and workflows are defined, events are posted, runs execute, and an `Http`
 * action delivers values taken from the event to a real local HTTP sink. Each test works in its own subscription
 * and sink path, so what one test posts can never start another test's automations.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fixture } from '../fixtures/events/fixtures.js';
import {
  alertDefinition,
  api,
  assessment,
  assessmentDefinition,
  automationBody,
  automationId,
  complianceAssessment,
  complianceDefinition,
  eventually,
  expectRuns,
  flatAlert,
  httpPost,
  listAll,
  newSubscription,
  rule,
  settledRuns,
  sleep,
  subAssessment,
  templateConnections,
  workflowId,
  type Rule,
} from '../support/defender.js';
import { type HttpSink, startHttpSink } from '../support/http-sink.js';
import { parsePrometheusText } from '../support/prometheus-text.js';
import { type ApiClient, type ApiResponse, type TestServer, apiClient, startTestServer } from '../support/riposte-server.js';
import { testDialect } from '../support/test-database.js';

let server: TestServer;
let sink: HttpSink;
before(async () => {
  server = await startTestServer();
  // Paths under /failing/ answer 500; under /flaky/ 503 twice, then 200; everything else 200.
  const seen = new Map<string, number>();
  sink = await startHttpSink((request) => {
    const count = (seen.get(request.url) ?? 0) + 1;
    seen.set(request.url, count);
    if (request.url.startsWith('/failing/')) return { status: 500, body: { error: 'sink is down' } };
    if (request.url.startsWith('/flaky/') && count <= 2) return { status: 503 };
    return { status: 200, body: { received: true } };
  });
});
after(async () => {
  await server.stop();
  await sink.close();
});

type Kind = 'alert' | 'assessment' | 'compliance';

/** What each kind of workflow tells the sink: enough of the event to know which one started the run. */
const sinkBodies: Record<Kind, Record<string, string>> = {
  alert: {
    id: "@{triggerBody()?['SystemAlertId']}",
    name: "@{triggerBody()?['AlertDisplayName']}",
    severity: "@{triggerBody()?['Severity']}",
    status: "@{triggerBody()?['Status']}",
    uri: "@{triggerBody()?['AlertUri']}",
  },
  assessment: { id: "@{triggerBody()?['id']}", code: "@{triggerBody()?['properties']?['status']?['code']}" },
  compliance: { id: "@{triggerBody()?['id']}", state: "@{triggerBody()?['properties']?['state']}" },
};
const definitions = { alert: alertDefinition, assessment: assessmentDefinition, compliance: complianceDefinition };

interface Target {
  /** The workflow's resource id. */
  readonly workflow: string;
  /** Where its Http action posts on the sink. */
  readonly path: string;
}

/** A Defender-trigger workflow of `kind` whose one Http action posts to its own sink path. */
async function sinkWorkflow(client: ApiClient, sinkUrl: string, sub: string, name: string, kind: Kind = 'alert', rg = 'automation-rg'): Promise<Target> {
  const path = `/${sub}/${name}`;
  const definition = definitions[kind]({ Notify: httpPost(`${sinkUrl}${path}`, sinkBodies[kind]) });
  const connector = kind === 'alert' ? 'ascalert' : 'ascassessment';
  const response = await client.call('PUT', api(workflowId(sub, rg, name)), {
    location: 'westeurope',
    properties: { state: 'Enabled', definition, parameters: templateConnections(sub, rg, name, [connector]) },
  });
  assert.equal(response.status, 201, JSON.stringify(response.body));
  return { workflow: workflowId(sub, rg, name), path };
}

interface AutomationSpec {
  readonly eventSource: string;
  readonly ruleSets?: readonly (readonly Rule[])[];
  readonly scopes?: readonly string[];
  readonly isEnabled?: boolean;
}

async function putAutomation(sub: string, name: string, target: Target, spec: AutomationSpec, rg = 'automation-rg') {
  const response = await server.call('PUT', api(automationId(sub, rg, name)), automationBody({ ...spec, workflowIds: [target.workflow] }));
  assert.ok(response.status === 201 || response.status === 200, JSON.stringify(response.body));
  return automationId(sub, rg, name);
}

/** A sink workflow plus an automation starting it. */
async function automated(sub: string, name: string, spec: AutomationSpec, kind: Kind = 'alert'): Promise<Target> {
  const target = await sinkWorkflow(server, sink.url, sub, name, kind);
  await putAutomation(sub, name, target, spec);
  return target;
}

async function postEvents(events: readonly unknown[], client: ApiClient = server) {
  const response = await client.call('POST', '/api/events', { value: events });
  assert.equal(response.status, 202, JSON.stringify(response.body));
  assert.deepEqual(response.body.rejected, [], JSON.stringify(response.body.rejected));
  assert.equal(response.body.accepted, events.length);
  return response.body;
}

const bodies = (target: Target) => sink.requestsTo(target.path).map((request) => JSON.parse(request.body) as Record<string, string>);
/** The `id` values the sink received for a target, sorted (one per run). */
const received = (target: Target) => bodies(target).map((body) => body['id'] as string).sort();

/** Waits for exactly `count` runs of the target, all Succeeded, and returns the ids the sink received. */
async function delivered(target: Target, count: number): Promise<string[]> {
  const runs = await expectRuns(server, target.workflow, count);
  assert.equal(runs.length, count, `runs of ${target.workflow}: ${runs.length}, expected ${count}`);
  for (const run of runs) assert.equal(run.properties.status, 'Succeeded', JSON.stringify(run.properties.error));
  return received(target);
}

describe('events start workflows whose Http action reaches the sink', () => {
  it('posts values taken from the alert to the sink, with an AlertUri that reads the alert back', async () => {
    const sub = newSubscription();
    const target = await automated(sub, 'notify', { eventSource: 'Alerts' });
    await postEvents([flatAlert({ sub, id: 'first-alert', severity: 'medium', displayName: 'Suspicious process', status: 'New' })]);
    assert.deepEqual(await delivered(target, 1), ['first-alert']);
    const [request] = sink.requestsTo(target.path);
    assert.equal(request?.method, 'POST');
    assert.match(request?.headers['content-type'] ?? '', /application\/json/);
    const body = JSON.parse(request?.body ?? '{}');
    assert.equal(body.name, 'Suspicious process');
    assert.equal(body.severity, 'Medium');
    assert.ok(body.uri.startsWith(`${server.url}/api/subscriptions/${sub}/resourceGroups/rg1/providers/Microsoft.Security/locations/`), body.uri);
    assert.ok(body.uri.endsWith('/alerts/first-alert'), body.uri);

    const alert = await server.call('GET', body.uri.slice(server.url.length));
    assert.equal(alert.status, 200);
    assert.equal(alert.body.properties.SystemAlertId, 'first-alert');
    assert.equal(alert.body.properties.AlertUri, body.uri);
    assert.equal((await apiClient(server.url, null).call('GET', body.uri.slice(server.url.length))).status, 401);
  });

  it('filters on severity (case-insensitively), for flat and ARM-shaped alerts alike', async () => {
    const sub = newSubscription();
    const target = await automated(sub, 'high-only', { eventSource: 'Alerts', ruleSets: [[rule('Severity', 'Equals', 'high')]] });
    const arm = fixture('armAlert') as any;
    const vm = `/subscriptions/${sub}/resourceGroups/rg1/providers/Microsoft.Compute/virtualMachines/vm1`;
    arm.id = `/subscriptions/${sub}/resourceGroups/rg1/providers/Microsoft.Security/locations/westeurope/alerts/arm-high`;
    arm.name = 'arm-high';
    arm.properties.systemAlertId = 'arm-high';
    arm.properties.resourceIdentifiers = [{ azureResourceId: vm, type: 'AzureResource' }];
    arm.properties.entities = [];
    await postEvents([
      flatAlert({ sub, id: 'sev-high', severity: 'High' }),
      flatAlert({ sub, id: 'sev-medium', severity: 'Medium' }),
      flatAlert({ sub, id: 'sev-low', severity: 'Low' }),
      flatAlert({ sub, id: 'sev-info', severity: 'Informational' }),
      flatAlert({ sub, id: 'sev-high-lower', severity: 'high' }),
      arm,
    ]);
    assert.deepEqual(await delivered(target, 3), ['arm-high', 'sev-high', 'sev-high-lower']);
    assert.ok(bodies(target).every((body) => body['severity'] === 'High'));
  });

  it('honours scopes: a resource group scope, several scopes, the subscription; events elsewhere start nothing', async () => {
    const sub = newSubscription();
    const other = newSubscription();
    const groupA = await automated(sub, 'scope-a', { eventSource: 'Alerts', scopes: [`/subscriptions/${sub}/resourceGroups/RG-A`] });
    const groupsBC = await automated(sub, 'scope-bc', {
      eventSource: 'Alerts',
      scopes: [`/subscriptions/${sub}/resourceGroups/rg-b`, `/subscriptions/${sub}/resourceGroups/rg-c`],
    });
    const wholeSub = await automated(sub, 'scope-sub', { eventSource: 'Alerts', scopes: [`/subscriptions/${sub}`] });
    const implicit = await automated(sub, 'scope-none', { eventSource: 'Alerts' });
    // Ids are case-insensitive: an automation filed under the upper-cased subscription sees the same events.
    const upper = await sinkWorkflow(server, sink.url, sub, 'scope-upper');
    await putAutomation(sub.toUpperCase(), 'scope-upper', upper, { eventSource: 'Alerts', scopes: [`/subscriptions/${sub.toUpperCase()}/resourceGroups/RG-B`] });
    await postEvents([
      flatAlert({ sub, rg: 'rg-a', id: 'in-a' }),
      flatAlert({ sub, rg: 'rg-b', id: 'in-b' }),
      flatAlert({ sub, rg: 'rg-a-2', id: 'in-a-2' }),
      flatAlert({ sub, rg: 'rg-d', id: 'in-d' }),
      flatAlert({ sub: other, rg: 'rg-a', id: 'other-sub' }),
    ]);
    assert.deepEqual(await delivered(wholeSub, 4), ['in-a', 'in-a-2', 'in-b', 'in-d']);
    assert.deepEqual(await delivered(implicit, 4), ['in-a', 'in-a-2', 'in-b', 'in-d']);
    assert.deepEqual(await delivered(groupA, 1), ['in-a']);
    assert.deepEqual(await delivered(groupsBC, 1), ['in-b']);
    assert.deepEqual(await delivered(upper, 1), ['in-b']);
    assert.equal(sink.requests.filter((request) => request.body.includes('other-sub')).length, 0);
  });

  it('ORs the ruleSets and ANDs the rules within one', async () => {
    const sub = newSubscription();
    const target = await automated(sub, 'or-and', {
      eventSource: 'Alerts',
      ruleSets: [
        [rule('Severity', 'Equals', 'High'), rule('AlertType', 'Contains', 'eicar')],
        [rule('Severity', 'Equals', 'Low')],
      ],
    });
    await postEvents([
      flatAlert({ sub, id: 'high-eicar', severity: 'High', alertType: 'VM_EICAR' }),
      flatAlert({ sub, id: 'high-sql', severity: 'High', alertType: 'SQL_INJECTION' }),
      flatAlert({ sub, id: 'low-sql', severity: 'Low', alertType: 'SQL_INJECTION' }),
      flatAlert({ sub, id: 'medium-eicar', severity: 'Medium', alertType: 'VM_EICAR' }),
    ]);
    assert.deepEqual(await delivered(target, 2), ['high-eicar', 'low-sql']);
  });

  it('reads propertyJPath as delivered: nested, bracketed, indexed, $-prefixed; typed Integer, Boolean and String', async () => {
    const sub = newSubscription();
    const alertRules = await automated(sub, 'paths-alert', {
      eventSource: 'Alerts',
      ruleSets: [
        [
          rule('$.Entities[0].HostName', 'Equals', 'VM-7'),
          rule("ExtendedProperties['Process Path']", 'EndsWith', 'eicar.exe'),
          rule('ExtendedProperties.PID', 'GreaterThanOrEqualTo', '100', 'Integer'),
          rule('IsIncident', 'Equals', 'false', 'Boolean'),
        ],
      ],
    });
    const recRules = await automated(
      sub,
      'paths-rec',
      { eventSource: 'Assessments', ruleSets: [[rule('properties.metadata.severity', 'Equals', 'high'), rule('$.properties.status.code', 'NotEquals', 'Healthy')]] },
      'assessment',
    );
    const alert = (id: string, pid: number, host = 'vm-7', incident = false) => ({
      ...flatAlert({ sub, id, vm: host }),
      IsIncident: incident,
      ExtendedProperties: { 'Process Path': 'c:\\temp\\EICAR.EXE', PID: pid },
    });
    await postEvents([
      alert('path-match', 944),
      alert('path-low-pid', 99),
      alert('path-other-host', 944, 'vm-8'),
      alert('path-incident', 944, 'vm-7', true),
      { ...alert('path-no-pid', 944), ExtendedProperties: { 'Process Path': 'c:\\temp\\eicar.exe' } },
      assessment({ sub, key: 'rec-high', severity: 'High', code: 'Unhealthy' }),
      assessment({ sub, key: 'rec-low', severity: 'Low', code: 'Unhealthy' }),
      assessment({ sub, key: 'rec-healthy', severity: 'High', code: 'Healthy' }),
    ]);
    assert.deepEqual(await delivered(alertRules, 1), ['path-match']);
    assert.equal((await delivered(recRules, 1))[0]?.endsWith('/assessments/rec-high'), true);
  });

  it('starts nothing for a disabled automation, again once it is enabled, and nothing once it is deleted', async () => {
    const sub = newSubscription();
    const control = await automated(sub, 'control', { eventSource: 'Alerts' });
    const target = await sinkWorkflow(server, sink.url, sub, 'switched');
    const id = await putAutomation(sub, 'switched', target, { eventSource: 'Alerts', isEnabled: false });
    await postEvents([flatAlert({ sub, id: 'while-disabled' })]);
    assert.deepEqual(await delivered(control, 1), ['while-disabled']);
    assert.deepEqual(await delivered(target, 0), []);

    await putAutomation(sub, 'switched', target, { eventSource: 'Alerts', isEnabled: true });
    await postEvents([flatAlert({ sub, id: 'while-enabled' })]);
    assert.deepEqual(await delivered(target, 1), ['while-enabled']);

    assert.equal((await server.call('DELETE', api(id))).status, 200);
    await postEvents([flatAlert({ sub, id: 'after-delete' })]);
    assert.deepEqual(await delivered(control, 3), ['after-delete', 'while-disabled', 'while-enabled']);
    assert.deepEqual(await delivered(target, 1), ['while-enabled']);
  });

  it('starts nothing while the workflow is disabled or deleted; a workflow created again runs its new definition', async () => {
    const sub = newSubscription();
    const control = await automated(sub, 'wf-control', { eventSource: 'Alerts' });
    const target = await automated(sub, 'reborn', { eventSource: 'Alerts' });
    const resource = api(target.workflow);
    const definition = (await server.call('GET', resource)).body.properties.definition;

    assert.equal((await server.call('PUT', resource, { properties: { state: 'Disabled', definition } })).status, 200);
    await postEvents([flatAlert({ sub, id: 'wf-disabled' })]);
    assert.deepEqual(await delivered(control, 1), ['wf-disabled']);
    assert.deepEqual(await delivered(target, 0), []);
    assert.equal((await server.call('PUT', resource, { properties: { state: 'Enabled', definition } })).status, 200);
    await postEvents([flatAlert({ sub, id: 'wf-enabled' })]);
    assert.deepEqual(await delivered(target, 1), ['wf-enabled']);

    assert.equal((await server.call('DELETE', resource)).status, 200);
    assert.equal((await server.call('GET', `${resource}/runs`)).status, 404);
    await postEvents([flatAlert({ sub, id: 'wf-deleted' })]);
    assert.deepEqual(await delivered(control, 3), ['wf-deleted', 'wf-disabled', 'wf-enabled']);

    const reborn = { workflow: target.workflow, path: `${target.path}-v2` };
    const newDefinition = alertDefinition({ Notify: httpPost(`${sink.url}${reborn.path}`, sinkBodies.alert) });
    const created = await server.call('PUT', resource, { properties: { definition: newDefinition } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.properties.version, 1);
    await postEvents([flatAlert({ sub, id: 'wf-reborn' })]);
    assert.deepEqual(await delivered(reborn, 1), ['wf-reborn'], 'the new definition ran; the old history is gone');
    assert.deepEqual(received(target), ['wf-enabled']);
  });

  it('matches every event of its source when it has no ruleSets, and nothing of other sources', async () => {
    const sub = newSubscription();
    const target = await automated(sub, 'everything', { eventSource: 'Alerts' });
    const emptyRuleSets = await automated(sub, 'empty-rulesets', { eventSource: 'Alerts', ruleSets: [] });
    await postEvents([
      flatAlert({ sub, id: 'any-high', severity: 'High' }),
      flatAlert({ sub, id: 'any-info', severity: 'Informational', status: 'Dismissed' }),
      assessment({ sub }),
      complianceAssessment(sub, 'not-an-alert', 'Failed'),
    ]);
    assert.deepEqual(await delivered(target, 2), ['any-high', 'any-info']);
    assert.deepEqual(await delivered(emptyRuleSets, 2), ['any-high', 'any-info']);
  });

  it('fires SubAssessments automations per finding; Assessments automations on the parent status only', async () => {
    const sub = newSubscription();
    const findings = await automated(sub, 'findings', { eventSource: 'SubAssessments' }, 'assessment');
    const parents = await automated(sub, 'parents', { eventSource: 'Assessments' }, 'assessment');
    const highFindings = await automated(
      sub,
      'high-findings',
      { eventSource: 'SubAssessments', ruleSets: [[rule('properties.status.severity', 'Equals', 'High')]] },
      'assessment',
    );
    const parent = assessment({ sub, key: 'vuln-parent', code: 'Unhealthy' }) as { id: string };
    const f = (name: string) => `${parent.id}/subAssessments/${name}`;
    await postEvents([parent, subAssessment(parent.id, 'f1', 'Unhealthy', 'High'), subAssessment(parent.id, 'f2', 'Unhealthy', 'Low')]);
    assert.deepEqual(await delivered(findings, 2), [f('f1'), f('f2')]);
    assert.deepEqual(await delivered(highFindings, 1), [f('f1')]);
    assert.deepEqual(await delivered(parents, 1), [parent.id]);

    // A new finding fires; a finding posted again unchanged does not; the parent is untouched by findings.
    await postEvents([subAssessment(parent.id, 'f3', 'Unhealthy', 'High'), subAssessment(parent.id, 'f1', 'Unhealthy', 'High')]);
    assert.deepEqual(await delivered(findings, 3), [f('f1'), f('f2'), f('f3')]);
    assert.deepEqual(await delivered(highFindings, 2), [f('f1'), f('f3')]);
    assert.deepEqual(await delivered(parents, 1), [parent.id]);

    // The parent's status change fires the Assessments automation only.
    await postEvents([assessment({ sub, key: 'vuln-parent', code: 'Healthy' })]);
    await delivered(parents, 2);
    assert.deepEqual(bodies(parents).map((body) => body['code']), ['Unhealthy', 'Healthy']);
    assert.deepEqual(await delivered(findings, 3), [f('f1'), f('f2'), f('f3')]);
  });

  it('fires on state changes only: alerts on a new Status, assessments on status.code, compliance on state', async () => {
    const sub = newSubscription();
    const alerts = await automated(sub, 'alert-states', { eventSource: 'Alerts' });
    const assessments = await automated(sub, 'assessment-states', { eventSource: 'Assessments' }, 'assessment');
    const compliance = await automated(sub, 'compliance-states', { eventSource: 'RegulatoryComplianceAssessment' }, 'compliance');
    const alert = (status: string, displayName = 'Same alert') => flatAlert({ sub, id: 'stateful', status, displayName });
    const rec = (code: string) => assessment({ sub, key: 'stateful-rec', code });
    const control = (state: string) => complianceAssessment(sub, 'stateful-control', state);

    // Twice in one batch and again in the next: one run each.
    await postEvents([alert('Active'), alert('Active'), rec('Unhealthy'), control('Failed')]);
    await postEvents([alert('Active', 'Renamed, same state'), alert('New'), rec('unhealthy'), control('failed')]);
    assert.deepEqual(await delivered(alerts, 1), ['stateful']);
    assert.equal((await delivered(assessments, 1)).length, 1);
    assert.equal((await delivered(compliance, 1)).length, 1);

    await postEvents([alert('Resolved'), rec('Healthy'), control('Passed')]);
    await delivered(alerts, 2);
    await delivered(assessments, 2);
    await delivered(compliance, 2);
    await postEvents([alert('Resolved'), rec('Healthy'), control('Passed')]);
    await postEvents([alert('Active')]);
    await delivered(alerts, 3);
    assert.deepEqual(bodies(alerts).map((body) => body['status']), ['Active', 'Resolved', 'Active']);
    assert.deepEqual(bodies(assessments).map((body) => body['code']), ['Unhealthy', 'Healthy']);
    assert.deepEqual(bodies(compliance).map((body) => body['state']?.toLowerCase()), ['failed', 'passed']);
    assert.equal((await settledRuns(server, assessments.workflow)).length, 2);
    assert.equal((await settledRuns(server, compliance.workflow)).length, 2);

    // The stored alert is the latest posted, with the latest status.
    const [stored] = await listAll(server, `/api/subscriptions/${sub}/providers/Microsoft.Security/alerts`);
    assert.equal(stored.properties.Status, 'Active');
  });
});

describe('exactly one run per event and automation', () => {
  it('starts one run when the same alert (or the same change of it) arrives in concurrent requests', async () => {
    const sub = newSubscription();
    const target = await automated(sub, 'concurrent', { eventSource: 'Alerts' });
    const second = await automated(sub, 'concurrent-2', { eventSource: 'Alerts', ruleSets: [[rule('AlertType', 'Equals', 'VM_EICAR')]] });
    const alert = flatAlert({ sub, id: 'racing', status: 'Active' });
    await Promise.all(Array.from({ length: 8 }, () => postEvents([alert, alert])));
    assert.deepEqual(await delivered(target, 1), ['racing']);
    assert.deepEqual(await delivered(second, 1), ['racing']);
    await Promise.all(Array.from({ length: 8 }, () => postEvents([{ ...alert, Status: 'Resolved' }])));
    assert.deepEqual(await delivered(target, 2), ['racing', 'racing']);
    assert.deepEqual(await delivered(second, 2), ['racing', 'racing']);
  });

  it('runs each workflow an automation names; two automations on one workflow run it twice', async () => {
    const sub = newSubscription();
    const a = await sinkWorkflow(server, sink.url, sub, 'fan-a');
    const b = await sinkWorkflow(server, sink.url, sub, 'fan-b');
    const both = await server.call('PUT', api(automationId(sub, 'automation-rg', 'fan-out')), automationBody({ eventSource: 'Alerts', workflowIds: [a.workflow, b.workflow] }));
    assert.equal(both.status, 201, JSON.stringify(both.body));
    const again = await server.call('PUT', api(automationId(sub, 'automation-rg', 'fan-b-too')), automationBody({ eventSource: 'Alerts', workflowIds: [b.workflow] }));
    assert.equal(again.status, 201);
    await postEvents([flatAlert({ sub, id: 'fan' })]);
    assert.deepEqual(await delivered(a, 1), ['fan']);
    assert.deepEqual(await delivered(b, 2), ['fan', 'fan']);
    const runs = await settledRuns(server, b.workflow);
    assert.deepEqual(
      runs.map((run) => run.properties.correlation.automationId.toLowerCase()).sort(),
      [automationId(sub, 'automation-rg', 'fan-b-too'), automationId(sub, 'automation-rg', 'fan-out')].map((id) => id.toLowerCase()).sort(),
    );
  });
});

describe('what a run records and receives', () => {
  it('hands the workflow the flat alert (Version 3.0, AlertUri into this server), even for an ARM-shaped alert', async () => {
    const sub = newSubscription();
    const rg = 'automation-rg';
    const definition = alertDefinition({ Body: { type: 'Compose', inputs: '@triggerBody()', runAfter: {} } });
    assert.equal((await server.call('PUT', api(workflowId(sub, rg, 'body')), { properties: { definition } })).status, 201);
    const automation = await putAutomation(sub, 'body', { workflow: workflowId(sub, rg, 'body'), path: '' }, { eventSource: 'Alerts' });
    const arm = fixture('armAlert') as any;
    const vm = `/subscriptions/${sub}/resourceGroups/rg1/providers/Microsoft.Compute/virtualMachines/vm1`;
    arm.id = `/subscriptions/${sub}/resourceGroups/rg1/providers/Microsoft.Security/locations/westeurope/alerts/arm-body`;
    arm.properties.systemAlertId = 'arm-body';
    arm.properties.resourceIdentifiers = [{ azureResourceId: vm, type: 'AzureResource' }];
    await postEvents([arm]);
    const [run] = await expectRuns(server, workflowId(sub, rg, 'body'), 1);
    assert.equal(run.properties.status, 'Succeeded');
    assert.equal(run.properties.correlation.automationId.toLowerCase(), automation.toLowerCase());
    assert.equal(run.properties.correlation.eventId, arm.id);
    const body = run.properties.trigger.outputs.body;
    assert.equal(body.Version, '3.0');
    assert.equal(body.SystemAlertId, 'arm-body');
    assert.equal(body.AlertDisplayName, arm.properties.alertDisplayName);
    assert.equal(body.Severity, 'High');
    assert.equal(body.AzureResourceId, vm);
    assert.equal(body.AlertUri, `${server.url}/api${arm.id}`);
    assert.equal(body.alertDisplayName, undefined, 'flat PascalCase only');
    assert.equal(body.properties, undefined);

    const actions = await server.call('GET', `${api(workflowId(sub, rg, 'body'))}/runs/${run.name}/actions`);
    const compose = actions.body.value.find((action: any) => action.name === 'Body');
    assert.deepEqual(compose.properties.outputs, body);
    const read = await server.call('GET', body.AlertUri.slice(server.url.length));
    assert.equal(read.status, 200);
    assert.equal(read.body.id, arm.id);
    assert.deepEqual(read.body.properties, body);
  });

  it('records the run: correlation to automation and event, actions with inputs and outputs', async () => {
    const sub = newSubscription();
    const target = await automated(sub, 'recorded', { eventSource: 'Alerts' });
    await postEvents([flatAlert({ sub, id: 'recorded-alert', displayName: 'Recorded' })]);
    const [run] = await expectRuns(server, target.workflow, 1);
    const runPath = `${api(target.workflow)}/runs/${run.name}`;
    const got = await server.call('GET', runPath);
    assert.equal(got.status, 200);
    const props = got.body.properties;
    assert.equal(props.status, 'Succeeded');
    assert.ok(Date.parse(props.startTime) <= Date.parse(props.endTime));
    assert.equal(props.trigger.name, 'When_an_Azure_Security_Center_Alert_is_created_or_triggered');
    assert.equal(props.trigger.outputs.body.SystemAlertId, 'recorded-alert');
    assert.equal(props.correlation.automationId.toLowerCase(), automationId(sub, 'automation-rg', 'recorded').toLowerCase());
    const [alert] = await listAll(server, `/api/subscriptions/${sub}/providers/Microsoft.Security/alerts`);
    assert.equal(props.correlation.eventId, alert.id);

    const actions = await server.call('GET', `${runPath}/actions`);
    assert.equal(actions.status, 200);
    const notify = actions.body.value.find((action: any) => action.name === 'Notify');
    assert.equal(notify.properties.status, 'Succeeded');
    assert.ok(notify.properties.startTime && notify.properties.endTime);
    assert.equal(notify.properties.inputs.method, 'POST');
    assert.equal(notify.properties.inputs.uri, `${sink.url}${target.path}`);
    assert.equal(notify.properties.inputs.body.name, 'Recorded');
    assert.equal(notify.properties.outputs.statusCode, 200);
    assert.deepEqual(notify.properties.outputs.body, { received: true });
    assert.equal((await server.call('GET', `${api(target.workflow)}/runs/NOSUCHRUN`)).status, 404);
    const otherWorkflow = await sinkWorkflow(server, sink.url, sub, 'recorded-other');
    assert.equal((await server.call('GET', `${api(otherWorkflow.workflow)}/runs/${run.name}`)).status, 404, "a run is read only under its own workflow");
    assert.equal((await server.call('GET', `${api(otherWorkflow.workflow)}/runs/${run.name}/actions`)).status, 404);
  });

  it('records a failed run: the failing Http action with its outputs, the run with an error', async () => {
    const sub = newSubscription();
    const rg = 'automation-rg';
    const failing = { type: 'Http', inputs: { method: 'POST', uri: `${sink.url}/failing/${sub}`, body: sinkBodies.alert, retryPolicy: { type: 'none' } }, runAfter: {} };
    const definition = alertDefinition({ Notify: failing, After: httpPost(`${sink.url}/${sub}/after`, {}, { Notify: ['Succeeded'] }) });
    const workflow = workflowId(sub, rg, 'failing');
    assert.equal((await server.call('PUT', api(workflow), { properties: { definition } })).status, 201);
    await putAutomation(sub, 'failing', { workflow, path: '' }, { eventSource: 'Alerts' });
    await postEvents([flatAlert({ sub, id: 'will-fail' })]);
    const [run] = await expectRuns(server, workflow, 1);
    assert.equal(run.properties.status, 'Failed');
    assert.ok(run.properties.error, 'the run carries an error');
    const actions = (await server.call('GET', `${api(workflow)}/runs/${run.name}/actions`)).body.value;
    const notify = actions.find((action: any) => action.name === 'Notify');
    assert.equal(notify.properties.status, 'Failed');
    assert.equal(notify.properties.outputs.statusCode, 500);
    assert.deepEqual(notify.properties.outputs.body, { error: 'sink is down' });
    assert.equal(actions.find((action: any) => action.name === 'After').properties.status, 'Skipped');
    assert.equal(sink.requestsTo(`/failing/${sub}`).length, 1, 'no retries with retryPolicy none');
    assert.equal(sink.requestsTo(`/${sub}/after`).length, 0);
  });

  it('records the retry history of an action that succeeded on its third attempt', async () => {
    const sub = newSubscription();
    const rg = 'automation-rg';
    const flaky = { type: 'Http', inputs: { method: 'POST', uri: `${sink.url}/flaky/${sub}`, body: sinkBodies.alert, retryPolicy: { type: 'fixed', count: 3, interval: 'PT0.1S' } }, runAfter: {} };
    const workflow = workflowId(sub, rg, 'flaky');
    assert.equal((await server.call('PUT', api(workflow), { properties: { definition: alertDefinition({ Notify: flaky }) } })).status, 201);
    await putAutomation(sub, 'flaky', { workflow, path: '' }, { eventSource: 'Alerts' });
    await postEvents([flatAlert({ sub, id: 'flaky-alert' })]);
    const [run] = await expectRuns(server, workflow, 1);
    assert.equal(run.properties.status, 'Succeeded');
    const actions = (await server.call('GET', `${api(workflow)}/runs/${run.name}/actions`)).body.value;
    const notify = actions.find((action: any) => action.name === 'Notify');
    assert.equal(notify.properties.status, 'Succeeded');
    assert.deepEqual(notify.properties.retryHistory.map((attempt: any) => attempt.code), ['503', '503', '200']);
    for (const attempt of notify.properties.retryHistory) assert.ok(Date.parse(attempt.startTime) <= Date.parse(attempt.endTime));
    assert.equal(sink.requestsTo(`/flaky/${sub}`).length, 3);
  });

  it('runs a workflow on demand: POST /api{alertId}/triggerWorkflow → 202 {runId, workflowId}', async () => {
    const sub = newSubscription();
    const alertTarget = await sinkWorkflow(server, sink.url, sub, 'on-demand');
    const recTarget = await sinkWorkflow(server, sink.url, sub, 'on-demand-rec', 'assessment');
    const rec = assessment({ sub, key: 'manual-rec' }) as { id: string };
    await postEvents([flatAlert({ sub, id: 'manual-alert', displayName: 'Click me' }), rec]);
    const [alert] = await listAll(server, `/api/subscriptions/${sub}/providers/Microsoft.Security/alerts`);
    // No automation: nothing ran yet.
    assert.deepEqual(await listAll(server, `${api(alertTarget.workflow)}/runs`), []);

    const started = await server.call('POST', `/api${alert.id}/triggerWorkflow`, { workflowId: alertTarget.workflow });
    assert.equal(started.status, 202, JSON.stringify(started.body));
    assert.equal(typeof started.body.runId, 'string');
    assert.equal(started.body.workflowId, alertTarget.workflow);
    const again = await server.call('POST', `/api${alert.id}/triggerWorkflow?api-version=2022-01-01`, { workflowId: alertTarget.workflow.toLowerCase() });
    assert.equal(again.status, 202);
    assert.notEqual(again.body.runId, started.body.runId, 'every click is a run');
    assert.deepEqual(await delivered(alertTarget, 2), ['manual-alert', 'manual-alert']);
    const newestFirst = await listAll(server, `${api(alertTarget.workflow)}/runs`);
    assert.deepEqual(newestFirst.map((r) => r.name), [again.body.runId, started.body.runId], 'runs are listed newest first');
    const run = await server.call('GET', `${api(alertTarget.workflow)}/runs/${started.body.runId}`);
    assert.equal(run.body.properties.status, 'Succeeded');
    assert.equal(run.body.properties.correlation.eventId, alert.id);
    assert.equal(bodies(alertTarget)[0]?.['name'], 'Click me');

    const onRec = await server.call('POST', `/api${rec.id}/triggerWorkflow`, { workflowId: recTarget.workflow });
    assert.equal(onRec.status, 202, JSON.stringify(onRec.body));
    assert.deepEqual(await delivered(recTarget, 1), [rec.id]);

    const wrongTrigger = await server.call('POST', `/api${alert.id}/triggerWorkflow`, { workflowId: recTarget.workflow });
    assert.equal(wrongTrigger.status, 400);
    assert.match(wrongTrigger.body.error.message, /Alerts/);
    const noWorkflow = await server.call('POST', `/api${alert.id}/triggerWorkflow`, { workflowId: workflowId(sub, 'automation-rg', 'missing') });
    assert.equal(noWorkflow.status, 400);
    assert.equal(noWorkflow.body.error.target, 'workflowId');
    const noBody = await server.call('POST', `/api${alert.id}/triggerWorkflow`, { workflow: alertTarget.workflow });
    assert.equal(noBody.status, 400);
    assert.equal(noBody.body.error.target, 'workflowId');
    const noAlert = await server.call('POST', `/api${alert.id.replace('manual-alert', 'no-such-alert')}/triggerWorkflow`, { workflowId: alertTarget.workflow });
    assert.equal(noAlert.status, 404);
    await sleep(100);
    assert.equal((await settledRuns(server, alertTarget.workflow)).length, 2, 'refused triggers start nothing');
  });
});

describe('back-pressure', () => {
  /** Two sink workflows, `<prefix>-High` and `<prefix>-Low`, each started by the alerts of that severity. */
  async function bySeverity(client: ApiClient, sinkUrl: string, sub: string, prefix: string): Promise<[Target, Target]> {
    const targets: Target[] = [];
    for (const severity of ['High', 'Low']) {
      const target = await sinkWorkflow(client, sinkUrl, sub, `${prefix}-${severity}`);
      const response = await client.call(
        'PUT',
        api(automationId(sub, 'automation-rg', `${prefix}-${severity}`)),
        automationBody({ eventSource: 'Alerts', workflowIds: [target.workflow], ruleSets: [[rule('Severity', 'Equals', severity)]] }),
      );
      assert.equal(response.status, 201);
      targets.push(target);
    }
    return targets as [Target, Target];
  }

  it('accepts 2,000 events in two batches while a slow sink drains the queue within the concurrency limits', async () => {
    const limited = await startTestServer({ RIPOSTE_MAX_CONCURRENT_RUNS: '7', RIPOSTE_MAX_CONCURRENT_RUNS_PER_WORKFLOW: '4' });
    const slowSink = await startHttpSink([{ status: 200, delayMs: 10 }]);
    try {
      const sub = newSubscription();
      const targets = await bySeverity(limited, slowSink.url, sub, 'bp');
      const ids = Array.from({ length: 2000 }, (_, i) => `bp-${String(i).padStart(4, '0')}`);
      const events = ids.map((id, i) => flatAlert({ sub, id, severity: i % 2 === 0 ? 'High' : 'Low' }));
      const started = Date.now();
      await postEvents(events.slice(0, 1000), limited);
      await postEvents(events.slice(1000), limited);
      const acceptedAfter = Date.now() - started;
      // The queue is far from drained when both batches have been accepted: ingestion did not wait for runs.
      assert.ok(slowSink.requests.length < 1500, `sink had ${slowSink.requests.length} requests ${acceptedAfter} ms after the first POST`);

      await eventually(
        'every run to finish',
        async () => {
          const counts = await Promise.all(
            targets.map(async (target) => (await listAll(limited, `${api(target.workflow)}/runs?$top=1000`)).filter((run) => run.properties.status === 'Succeeded').length),
          );
          return counts[0] === 1000 && counts[1] === 1000 ? counts : undefined;
        },
        45_000,
        250,
      );
      const all = await Promise.all(targets.map((target) => settledRuns(limited, target.workflow)));
      assert.deepEqual(all.map((runs) => runs.length), [1000, 1000]);
      const delivered = slowSink.requests.map((request) => JSON.parse(request.body).id as string).sort();
      assert.deepEqual(delivered, ids, 'each event reached the sink exactly once');
      for (const target of targets) {
        const most = slowSink.maxInFlightTo(target.path);
        assert.ok(most <= 4, `at most 4 runs of ${target.workflow} at once, saw ${most}`);
      }
      assert.ok(slowSink.maxInFlight <= 7, `at most 7 runs at once overall, saw ${slowSink.maxInFlight}`);
      assert.ok(slowSink.maxInFlight >= 5, `both workflows' runs execute in parallel, saw ${slowSink.maxInFlight}`);
    } finally {
      await limited.stop();
      await slowSink.close();
    }
  });

  it('holds the per-workflow limit when one workflow has far more queued runs than the limit', async () => {
    const limited = await startTestServer({ RIPOSTE_MAX_CONCURRENT_RUNS: '64', RIPOSTE_MAX_CONCURRENT_RUNS_PER_WORKFLOW: '3' });
    const slowSink = await startHttpSink([{ status: 200, delayMs: 50 }]);
    try {
      const sub = newSubscription();
      const target = await sinkWorkflow(limited, slowSink.url, sub, 'one-workflow');
      const response = await limited.call('PUT', api(automationId(sub, 'automation-rg', 'one-workflow')), automationBody({ eventSource: 'Alerts', workflowIds: [target.workflow] }));
      assert.equal(response.status, 201);
      const ids = Array.from({ length: 60 }, (_, i) => `limit-${String(i).padStart(2, '0')}`);
      await postEvents(ids.map((id) => flatAlert({ sub, id })), limited);
      const runs = await eventually(
        'every run to finish',
        async () => {
          const list = await listAll(limited, `${api(target.workflow)}/runs`);
          return list.length === 60 && list.every((run) => run.properties.status === 'Succeeded') ? list : undefined;
        },
        20_000,
        100,
      );
      assert.equal(runs.length, 60);
      assert.ok(slowSink.maxInFlight <= 3, `at most 3 runs of the workflow at once, saw ${slowSink.maxInFlight}`);
      assert.ok(slowSink.maxInFlight >= 2, `runs execute in parallel, saw ${slowSink.maxInFlight}`);
    } finally {
      await limited.stop();
      await slowSink.close();
    }
  });
  it('starts a run at once while the worker has room; with none, runs wait their turn and the limits hold', async () => {
    const limited = await startTestServer({ RIPOSTE_MAX_CONCURRENT_RUNS: '2', RIPOSTE_MAX_CONCURRENT_RUNS_PER_WORKFLOW: '1' });
    // Each call is held until the test lets its alert go.
    const releases = new Map<string, () => void>();
    const held = await startHttpSink((request) => {
      const id = JSON.parse(request.body).id as string;
      return { status: 200, until: new Promise<void>((resolve) => releases.set(id, resolve)) };
    });
    const release = (id: string) => {
      const letGo = releases.get(id);
      assert.ok(letGo, `${id} reached the sink`);
      letGo();
    };
    const startedAtOnce = async () => {
      const response = await fetch(`${limited.url}/metrics`);
      return parsePrometheusText(await response.text()).value('riposte_runs_started_at_once_total');
    };
    try {
      const sub = newSubscription();
      const [high, low] = await bySeverity(limited, held.url, sub, 'room');
      const arrived = (count: number) => eventually(`${count} calls at the sink`, async () => (held.requests.length === count ? true : undefined));
      const post = (id: string, severity: string) => postEvents([flatAlert({ sub, id, severity })], limited);

      // An idle worker: the run starts as its event is stored (on the embedded database, without a claim).
      await post('room-1', 'High');
      await arrived(1);
      const atOnce = testDialect === 'sqlite' ? 1 : 0;
      assert.equal(await startedAtOnce(), atOnce);
      // Its workflow is at its limit: the next run of it waits, while another workflow's run takes the free slot.
      await post('room-2', 'High');
      await post('room-3', 'Low');
      await arrived(2);
      await post('room-4', 'High');
      await sleep(300);
      assert.equal(held.requests.length, 2, 'no third run while both slots are taken');
      const statuses = async (target: Target) => (await listAll(limited, `${api(target.workflow)}/runs`)).map((run) => run.properties.status).sort();
      assert.deepEqual(await statuses(high), ['Queued', 'Queued', 'Running']);

      // Runs of a workflow leave the queue in the order their events came.
      release('room-1');
      await arrived(3);
      release('room-2');
      await arrived(4);
      release('room-3');
      release('room-4');
      await expectRuns(limited, high.workflow, 3);
      await expectRuns(limited, low.workflow, 1);
      assert.deepEqual(held.requestsTo(high.path).map((request) => JSON.parse(request.body).id), ['room-1', 'room-2', 'room-4']);
      assert.equal(held.maxInFlightTo(high.path), 1);
      assert.ok(held.maxInFlight <= 2, `at most 2 runs at once, saw ${held.maxInFlight}`);

      // The queue drained: a new event's run starts at once again.
      await post('room-5', 'Low');
      await arrived(5);
      release('room-5');
      await expectRuns(limited, low.workflow, 2);
      assert.equal(await startedAtOnce(), 2 * atOnce);
    } finally {
      for (const letGo of releases.values()) letGo();
      await limited.stop();
      await held.close();
    }
  });
});

describe("when a run's actions are stored", () => {
  /** A workflow started by every alert of a new subscription, and that subscription. */
  async function automatedWorkflow(name: string, actions: Record<string, unknown>): Promise<{ sub: string; workflow: string }> {
    const sub = newSubscription();
    const rg = 'journal-rg';
    const put = await server.call('PUT', api(workflowId(sub, rg, name)), { properties: { definition: alertDefinition(actions) } });
    assert.equal(put.status, 201, JSON.stringify(put.body));
    const automation = await server.call('PUT', api(automationId(sub, rg, name)), automationBody({ eventSource: 'Alerts', workflowIds: [workflowId(sub, rg, name)] }));
    assert.equal(automation.status, 201, JSON.stringify(automation.body));
    return { sub, workflow: workflowId(sub, rg, name) };
  }

  const statuses = (actions: ApiResponse) => Object.fromEntries(actions.body.value.map((action: any) => [action.name, action.properties.status]));

  it("stores an outside call's result before the next outside call starts, and the rest with the final status", async () => {
    const reads: Promise<ApiResponse>[] = [];
    let workflow = '';
    // When the second call arrives, the run's actions are read while that call is held (so the run cannot finish
    // first): the first call's result must already be stored.
    const ordered = await startHttpSink((request) => {
      if (request.url !== '/second') return { status: 200 };
      reads.push(server.call('GET', `${api(workflow)}/runs/${JSON.parse(request.body).run}/actions`));
      return { status: 200, delayMs: 1500 };
    });
    try {
      const body = { run: "@{workflow()?['run']?['name']}" };
      ({ workflow } = await automatedWorkflow('two-calls', {
        First: httpPost(`${ordered.url}/first`, body),
        Second: httpPost(`${ordered.url}/second`, body, { First: ['Succeeded'] }),
        After: { type: 'Compose', inputs: 'done', runAfter: { Second: ['Succeeded'] } },
      }));
      const sub = workflow.split('/')[2] as string;
      await postEvents([flatAlert({ sub, id: 'two-calls-alert' })]);
      const [run] = await expectRuns(server, workflow, 1);
      assert.equal(run.properties.status, 'Succeeded', JSON.stringify(run.properties.error));
      assert.equal(reads.length, 1);
      assert.deepEqual(statuses(await (reads[0] as Promise<ApiResponse>)), { First: 'Succeeded' });
      // Once the run reads as finished, every action it executed reads as finished too.
      assert.deepEqual(statuses(await server.call('GET', `${api(workflow)}/runs/${run.name}/actions`)), { First: 'Succeeded', Second: 'Succeeded', After: 'Succeeded' });
    } finally {
      await ordered.close();
    }
  });

  it('shows the progress of a run that takes a while: a condition still running while its Http call is held', async () => {
    const held = await startHttpSink([{ status: 200, delayMs: 2000 }]);
    try {
      const { sub, workflow } = await automatedWorkflow('held-call', {
        Check: {
          type: 'If',
          expression: { and: [{ equals: ["@triggerBody()?['Severity']", 'High'] }] },
          actions: { Call: httpPost(`${held.url}/held`, { id: "@{triggerBody()?['SystemAlertId']}" }) },
          runAfter: {},
        },
      });
      await postEvents([flatAlert({ sub, id: 'held-alert' })]);
      const run = await eventually('the run to start', async () => (await listAll(server, `${api(workflow)}/runs`))[0]);
      const running = await eventually('the condition to show as running', async () => {
        const actions = await server.call('GET', `${api(workflow)}/runs/${run.name}/actions`);
        return statuses(actions)['Check'] === 'Running' ? actions : undefined;
      });
      assert.equal(held.requests.length, 1, 'the call was made');
      assert.equal(statuses(running)['Call'], undefined, 'the held call has no result yet');
      const [done] = await expectRuns(server, workflow, 1);
      assert.equal(done.properties.status, 'Succeeded');
    } finally {
      await held.close();
    }
  });
});

describe('deleting a workflow', () => {
  it('stops its executing runs at once: the actions after the one under way never run', async () => {
    const held = await startHttpSink([{ status: 200, delayMs: 2_000 }]);
    // The default lease (30 s): the run is stopped by the deletion, not by its lease renewal finding the run gone.
    const server = await startTestServer({ RIPOSTE_LEASE_MS: '30000', RIPOSTE_OUTBOUND_ALLOW: '127.0.0.1' });
    try {
      const path = '/api/subscriptions/00000000-0000-0000-0000-00000000de1e/resourceGroups/soc/providers/Microsoft.Logic/workflows/deleted-midway';
      const definition = {
        triggers: { manual: { type: 'Request', kind: 'Http' } },
        actions: {
          Slow: { type: 'Http', inputs: { method: 'GET', uri: `${held.url}/slow` } },
          Notify: { type: 'Http', inputs: { method: 'POST', uri: `${sink.url}/after-delete`, body: 'too late' }, runAfter: { Slow: ['Succeeded'] } },
        },
      };
      assert.equal((await server.call('PUT', path, { properties: { definition } })).status, 201);
      assert.equal((await server.call('POST', `${path}/triggers/manual/run`, {})).status, 202);
      await eventually('the slow call to be under way', () => (held.requests.length > 0 ? true : undefined));
      assert.equal((await server.call('DELETE', path)).status, 200);
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      assert.deepEqual(sink.requestsTo('/after-delete'), []);
    } finally {
      await server.stop();
      await held.close();
    }
  });
});
