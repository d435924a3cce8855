/**
 * The template gallery over HTTP: list and read templates, refused deployments naming the field at fault, and every
 * template deployed with its connections pointed at local sinks (HTTP and SMTP), run against a sample alert or
 * recommendation through the manual trigger API, and checked at the sink.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { verifyWebhookSignature } from '../../src/connectors/webhook/webhook-signature.js';
import { api, assessment, eventually, flatAlert, listAll, newSubscription, workflowId } from '../support/defender.js';
import { type HttpSink, type SinkRequest, startHttpSink } from '../support/http-sink.js';
import { type TestServer, startTestServer } from '../support/riposte-server.js';
import { type SmtpSink, startSmtpSink } from '../support/smtp-sink.js';

const RG = 'soc';
const WEBHOOK_SECRET = 'webhook-shared-secret-0123456789';
const FIREWALL_AUTHORIZATION = 'Bearer firewall-token-0123456789';

let server: TestServer;
let sink: HttpSink;
let smtp: SmtpSink;

/** Answers as each service would; paths are `/<subscription>/<service>/…`, so tests never see each other's calls. */
function reply(request: SinkRequest) {
  const [, , service] = request.url.split('?')[0]?.split('/') ?? [];
  switch (service) {
    case 'slack':
      return { status: 200, body: { ok: true, channel: 'C123', ts: '1700000000.000100' } };
    case 'pagerduty':
      return { status: 202, body: { status: 'success', message: 'Event processed', dedup_key: JSON.parse(request.body).dedup_key } };
    case 'servicenow':
      return { status: 201, body: { result: { sys_id: '9d385017c611228701d22104cc95c371', number: 'INC0010001' } } };
    case 'jira':
      return { status: 201, body: { id: '10001', key: 'SEC-1', self: 'https://jira.example.com/rest/api/2/issue/10001' } };
    case 'teams':
      return { status: 200, headers: { 'content-type': 'text/plain' }, body: '1' };
    case 'firewall-refusing':
      return { status: 403, body: { error: 'token lacks blocklist:write' } };
    case 'inventory':
      // Resources named untagged-* carry no owner tag.
      return request.url.includes('/untagged-') ? { status: 200, body: { tags: { env: 'prod' } } } : { status: 200, body: { tags: { owner: 'ana@example.com' } } };
    default:
      return { status: 200, body: { received: true } };
  }
}

before(async () => {
  server = await startTestServer();
  sink = await startHttpSink(reply);
  smtp = await startSmtpSink();
});
after(async () => {
  await server.stop();
  await sink.close();
  await smtp.close();
});

const connectionPath = (sub: string, name: string) => `/api/subscriptions/${sub}/resourceGroups/${RG}/providers/Microsoft.Web/connections/${name}`;

/** A connection per connector, each pointed at this subscription's paths on the sinks. */
function connectionParameters(sub: string, apiName: string): Record<string, unknown> {
  const base = `${sink.url}/${sub}`;
  switch (apiName) {
    case 'office365':
    case 'smtp':
      return { serverAddress: smtp.host, port: smtp.port, enableSSL: false, from: 'Riposte <riposte@example.com>' };
    case 'slack':
      return { token: 'xoxb-test-token', baseUrl: `${base}/slack` };
    case 'teams':
      return { webhookUrl: `${base}/teams/webhook` };
    case 'service-now':
      return { instance: `${base}/servicenow`, username: 'riposte', password: 'snow-password' };
    case 'jira':
      return { jiraInstance: `${base}/jira`, email: 'riposte@example.com', apiToken: 'jira-token' };
    case 'pagerduty':
      return { routingKey: 'R0UT1NGKEY0123456789012345678901', baseUrl: `${base}/pagerduty` };
    case 'webhook':
      return { url: `${base}/webhook/receive`, secret: WEBHOOK_SECRET };
    default:
      throw new Error(`no test connection for ${apiName}`);
  }
}

async function putConnection(sub: string, name: string, apiName: string): Promise<void> {
  const response = await server.call('PUT', connectionPath(sub, name), {
    properties: { api: { name: apiName }, displayName: `${apiName} for tests`, parameterValues: connectionParameters(sub, apiName) },
  });
  assert.ok(response.status === 201 || response.status === 200, JSON.stringify(response.body));
}

const deploy = (id: string, body: unknown) => server.call('POST', `/api/templates/${id}/deploy`, body);

/** Creates the template's connections (named after their API), deploys it and returns the workflow id. */
async function deployed(sub: string, id: string, parameters: Record<string, unknown>): Promise<string> {
  const template = (await server.call('GET', `/api/templates/${id}`)).body;
  const connections: Record<string, string> = {};
  for (const connector of template.properties.connectors as string[]) {
    await putConnection(sub, `${connector}-conn`, connector);
    connections[connector] = `${connector}-conn`;
  }
  const response = await deploy(id, { subscriptionId: sub, resourceGroup: RG, parameters, connections });
  assert.equal(response.status, 201, JSON.stringify(response.body));
  return response.body.id;
}

async function postEvent(event: unknown): Promise<void> {
  const response = await server.call('POST', '/api/events', { value: [event] });
  assert.equal(response.status, 202, JSON.stringify(response.body));
  assert.deepEqual(response.body.rejected, [], JSON.stringify(response.body.rejected));
}

/** Posts the alert and returns its ARM id (the one `triggerWorkflow` is called on). */
async function storedAlert(sub: string, alert: Record<string, unknown>): Promise<string> {
  await postEvent(alert);
  const alerts = await listAll(server, `/api/subscriptions/${sub}/providers/Microsoft.Security/alerts`);
  const found = alerts.find((item) => item.properties.SystemAlertId === alert['SystemAlertId']);
  assert.ok(found, 'the alert is stored');
  return found.id;
}

/** Starts the workflow on the event like the portal's "Trigger logic app" and waits for the run to finish. */
async function runOn(eventId: string, workflow: string): Promise<{ run: any; actions: any[] }> {
  const started = await server.call('POST', `/api${eventId}/triggerWorkflow`, { workflowId: workflow });
  assert.equal(started.status, 202, JSON.stringify(started.body));
  const runPath = `${api(workflow)}/runs/${started.body.runId}`;
  const run = await eventually(
    `run ${started.body.runId} to finish`,
    async () => {
      const response = await server.call('GET', runPath);
      return ['Queued', 'Running', 'Waiting'].includes(response.body.properties.status) ? undefined : response.body;
    },
    20_000,
  );
  const actions = await listAll(server, `${runPath}/actions`);
  return { run, actions };
}

function assertSucceeded({ run, actions }: { run: any; actions: any[] }): void {
  const summary = actions.map((action) => ({ name: action.name, status: action.properties.status, error: action.properties.error }));
  assert.equal(run.properties.status, 'Succeeded', JSON.stringify({ error: run.properties.error, actions: summary }, null, 1));
}

const only = <T>(items: readonly T[], what: string): T => {
  assert.equal(items.length, 1, `expected one ${what}, got ${items.length}`);
  return items[0] as T;
};
const sinkRequests = (sub: string, service: string) => sink.requests.filter((request) => request.url.startsWith(`/${sub}/${service}/`));
const mailTo = (address: string) => smtp.messages.filter((message) => message.envelopeTo.includes(address));

/** A High alert with two attacker IP entities, written as flat alerts and entity lists write them. */
function sampleAlert(sub: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const alert = flatAlert({ sub, id: `alert-${sub}`, displayName: 'Brute force attack on RDP', severity: 'High', status: 'New' });
  alert['Entities'] = [
    { $id: '1', HostName: 'vm1', Type: 'host' },
    { $id: '2', Address: '203.0.113.7', Type: 'ip' },
    { $id: '3', address: '198.51.100.23', type: 'ip' },
  ];
  return { ...alert, ...overrides };
}

describe('the template gallery', () => {
  it('lists the security templates without their definitions', async () => {
    const response = await server.call('GET', '/api/templates');
    assert.equal(response.status, 200);
    const templates = response.body.value as any[];
    assert.ok(templates.length >= 11, `${templates.length} templates`);
    for (const template of templates) {
      assert.equal(typeof template.id, 'string');
      assert.equal(typeof template.name, 'string');
      assert.equal(template.type, 'Riposte/templates');
      assert.equal(template.properties.category, 'security');
      assert.ok(['Alert', 'Assessment', 'Request'].includes(template.properties.trigger), template.id);
      assert.ok(Array.isArray(template.properties.connectors) && template.properties.connectors.length > 0, template.id);
      assert.ok(typeof template.properties.displayName === 'string' && typeof template.properties.description === 'string');
      for (const parameter of Object.values(template.properties.parameters) as any[]) {
        assert.deepEqual(Object.keys(parameter).filter((key) => !['type', 'description', 'defaultValue', 'allowedValues'].includes(key)), []);
      }
      assert.equal(template.properties.definition, undefined);
    }
    const ids = templates.map((template) => template.id);
    for (const id of ['send-email-alert', 'send-email-recommendation', 'post-teams-message-alert', 'post-slack-message-alert', 'block-attacker-ips-alert']) {
      assert.ok(ids.includes(id), id);
    }
    assert.equal((await server.call('GET', '/api/templates', undefined, { authorization: 'Bearer wrong-token-0123456789' })).status, 401);
    const openapi = (await server.call('GET', '/api/openapi.json')).body;
    for (const path of ['/api/templates', '/api/templates/{id}', '/api/templates/{id}/deploy']) assert.ok(openapi.paths[path], path);
  });

  it('reads one template with its definition, and answers 404 for an unknown id', async () => {
    const response = await server.call('GET', '/api/templates/Post-Slack-Message-Alert');
    assert.equal(response.status, 200);
    assert.equal(response.body.id, 'post-slack-message-alert');
    assert.deepEqual(response.body.properties.connectors, ['slack']);
    assert.deepEqual(response.body.properties.parameters.channel.type, 'string');
    const definition = response.body.properties.definition;
    assert.deepEqual(definition.parameters.$connections, { type: 'Object', defaultValue: {} });
    assert.deepEqual(Object.keys(definition.triggers), ['When_an_Azure_Security_Center_Alert_is_created_or_triggered']);
    assert.equal(definition.actions.Post_message.inputs.host.connection.name, "@parameters('$connections')['slack']['connectionId']");

    const missing = await server.call('GET', '/api/templates/no-such-template');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.code, 'ResourceNotFound');
  });
});

describe('deploying a template', () => {
  it('refuses a deployment naming the field at fault, and creates nothing', async () => {
    const sub = newSubscription();
    await putConnection(sub, 'mail', 'office365');
    await putConnection(sub, 'chat', 'slack');
    const valid = { subscriptionId: sub, resourceGroup: RG, parameters: { recipients: 'soc@example.com' }, connections: { office365: 'mail' } };
    const cases: [string, unknown, string][] = [
      ['no subscription', { ...valid, subscriptionId: undefined }, 'subscriptionId'],
      ['unknown parameter', { ...valid, parameters: { recipients: 'soc@example.com', cc: 'x@example.com' } }, 'parameters.cc'],
      ['missing required parameter', { ...valid, parameters: {} }, 'parameters.recipients'],
      ['wrong parameter type', { ...valid, parameters: { recipients: 42 } }, 'parameters.recipients'],
      ['no connection for a connector', { ...valid, connections: {} }, 'connections.office365'],
      ['a connection that does not exist', { ...valid, connections: { office365: 'nope' } }, 'connections.office365'],
      ['a connection for another API', { ...valid, connections: { office365: 'chat' } }, 'connections.office365'],
      ['a bad workflow name', { ...valid, workflowName: 'not a name' }, 'workflowName'],
      ['a bad state', { ...valid, state: 'Paused' }, 'state'],
    ];
    for (const [what, body, target] of cases) {
      const response = await deploy('send-email-alert', body);
      assert.equal(response.status, 400, `${what}: ${JSON.stringify(response.body)}`);
      assert.equal(response.body.error.target, target, `${what}: ${JSON.stringify(response.body)}`);
      assert.equal(typeof response.body.error.message, 'string');
    }
    const notAllowed = await deploy('trigger-pagerduty-incident-high-alert', { subscriptionId: sub, resourceGroup: RG, parameters: { pagerDutySeverity: 'panic' }, connections: { pagerduty: 'nope' } });
    assert.equal(notAllowed.status, 400);
    assert.equal(notAllowed.body.error.target, 'parameters.pagerDutySeverity');
    assert.deepEqual(notAllowed.body.error.details.map((detail: any) => detail.target), ['parameters.pagerDutySeverity', 'connections.pagerduty']);
    assert.equal((await deploy('no-such-template', valid)).status, 404);
    assert.deepEqual(await listAll(server, `/api/subscriptions/${sub}/resourceGroups/${RG}/providers/Microsoft.Logic/workflows`), []);
  });

  it('creates the workflow (201), then updates it (200), with $connections as Logic Apps ARM templates write them', async () => {
    const sub = newSubscription();
    await putConnection(sub, 'mail', 'office365');
    const body = { subscriptionId: sub, resourceGroup: RG, location: 'westeurope', parameters: { recipients: 'soc@example.com' }, connections: { office365: 'mail' } };
    const created = await deploy('send-email-alert', body);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.id, workflowId(sub, RG, 'Send-EmailAlert'));
    assert.equal(created.body.location, 'westeurope');
    assert.equal(created.body.properties.state, 'Enabled');
    assert.deepEqual(created.body.properties.parameters, {
      $connections: {
        value: {
          office365: {
            connectionId: `/subscriptions/${sub}/resourceGroups/${RG}/providers/Microsoft.Web/connections/mail`,
            connectionName: 'mail',
            id: '/providers/Microsoft.Web/managedApis/office365',
          },
        },
      },
      recipients: { value: 'soc@example.com' },
    });
    const template = (await server.call('GET', '/api/templates/send-email-alert')).body;
    assert.deepEqual(created.body.properties.definition, template.properties.definition);

    const updated = await deploy('send-email-alert', { ...body, state: 'Disabled', parameters: { recipients: 'other@example.com' } });
    assert.equal(updated.status, 200);
    assert.equal(updated.body.properties.version, 2);
    assert.equal(updated.body.properties.state, 'Disabled');
    assert.deepEqual(updated.body.properties.parameters.recipients, { value: 'other@example.com' });

    const named = await deploy('send-email-alert', { ...body, workflowName: 'mail-the-soc' });
    assert.equal(named.status, 201);
    assert.equal(named.body.name, 'mail-the-soc');
  });

  it('masks a securestring parameter in the answer', async () => {
    const sub = newSubscription();
    await putConnection(sub, 'mail', 'office365');
    const response = await deploy('block-attacker-ips-alert', {
      subscriptionId: sub,
      resourceGroup: RG,
      parameters: { firewallApiUrl: 'https://fw.example.com/block', firewallAuthorization: FIREWALL_AUTHORIZATION, socRecipients: 'soc@example.com' },
      connections: { office365: 'mail' },
    });
    assert.equal(response.status, 201, JSON.stringify(response.body));
    assert.deepEqual(response.body.properties.parameters.firewallAuthorization, {});
    assert.ok(!JSON.stringify(response.body).includes('firewall-token'));
  });
});

describe('every template runs end to end', () => {
  it('send-email-alert mails the alert', async () => {
    const sub = newSubscription();
    const to = `soc-${sub}@example.com`;
    const workflow = await deployed(sub, 'send-email-alert', { recipients: to });
    assertSucceeded(await runOn(await storedAlert(sub, sampleAlert(sub)), workflow));
    const mail = only(mailTo(to), 'mail');
    assert.equal(mail.subject, 'High severity Defender for Cloud alert: Brute force attack on RDP on vm1');
    assert.match(mail.html ?? '', /<h2>Brute force attack on RDP<\/h2>/);
    assert.match(mail.html ?? '', new RegExp(`alerts/alert-${sub}`));
    assert.equal(mail.headers['importance']?.toLowerCase(), 'high');
  });

  it('send-email-recommendation mails the recommendation', async () => {
    const sub = newSubscription();
    const to = `owners-${sub}@example.com`;
    const workflow = await deployed(sub, 'send-email-recommendation', { recipients: to });
    const rec = assessment({ sub, key: `rec-${sub}` }) as { id: string };
    await postEvent(rec);
    assertSucceeded(await runOn(rec.id, workflow));
    const mail = only(mailTo(to), 'mail');
    assert.equal(mail.subject, 'New Defender for Cloud Unhealthy recommendation: Machines should have vulnerability findings resolved');
    assert.match(mail.html ?? '', /Resolve the findings\./);
    assert.match(mail.html ?? '', new RegExp(`RecommendationsBlade/assessmentKey/rec-${sub}`));
  });

  it('post-teams-message-alert posts to the Teams webhook', async () => {
    const sub = newSubscription();
    const workflow = await deployed(sub, 'post-teams-message-alert', { teamId: 'Security Operations', channelId: 'Alerts' });
    assertSucceeded(await runOn(await storedAlert(sub, sampleAlert(sub)), workflow));
    const request = only(sinkRequests(sub, 'teams'), 'Teams request');
    assert.equal(request.url, `/${sub}/teams/webhook`);
    assert.match(request.body, /Brute force attack on RDP/);
    assert.match(request.body, /High - Brute force attack on RDP/);
  });

  it('post-slack-message-alert posts to the channel', async () => {
    const sub = newSubscription();
    const workflow = await deployed(sub, 'post-slack-message-alert', { channel: '#soc' });
    assertSucceeded(await runOn(await storedAlert(sub, sampleAlert(sub)), workflow));
    const request = only(sinkRequests(sub, 'slack'), 'Slack request');
    assert.equal(request.url, `/${sub}/slack/chat.postMessage`);
    assert.equal(request.headers['authorization'], 'Bearer xoxb-test-token');
    const message = JSON.parse(request.body);
    assert.equal(message.channel, '#soc');
    assert.match(message.text, /^:rotating_light: \*High severity alert:\* Brute force attack on RDP\n/);
  });

  it('post-slack-message-recommendation posts to the channel', async () => {
    const sub = newSubscription();
    const workflow = await deployed(sub, 'post-slack-message-recommendation', { channel: '#posture' });
    const rec = assessment({ sub, key: `rec-${sub}` }) as { id: string };
    await postEvent(rec);
    assertSucceeded(await runOn(rec.id, workflow));
    const message = JSON.parse(only(sinkRequests(sub, 'slack'), 'Slack request').body);
    assert.equal(message.channel, '#posture');
    assert.match(message.text, /^:shield: \*High severity recommendation is Unhealthy:\* Machines should have vulnerability findings resolved\n/);
  });

  it('create-servicenow-incident-alert opens an incident with urgency and impact from the severity', async () => {
    const sub = newSubscription();
    const workflow = await deployed(sub, 'create-servicenow-incident-alert', {});
    assertSucceeded(await runOn(await storedAlert(sub, sampleAlert(sub, { Severity: 'Medium' })), workflow));
    const request = only(sinkRequests(sub, 'servicenow'), 'ServiceNow request');
    assert.equal(request.method, 'POST');
    assert.match(request.url, /\/api\/now\/(v2\/)?table\/incident(\?|$)/);
    const record = JSON.parse(request.body);
    assert.equal(record.short_description, 'Defender for Cloud: Brute force attack on RDP on vm1');
    assert.equal(record.urgency, '2');
    assert.equal(record.impact, '2');
    assert.equal(record.correlation_id, `alert-${sub}`);
  });

  it('create-servicenow-change-request-recommendation opens a change request', async () => {
    const sub = newSubscription();
    const workflow = await deployed(sub, 'create-servicenow-change-request-recommendation', {});
    const rec = assessment({ sub, key: `rec-${sub}` }) as { id: string };
    await postEvent(rec);
    assertSucceeded(await runOn(rec.id, workflow));
    const request = only(sinkRequests(sub, 'servicenow'), 'ServiceNow request');
    assert.match(request.url, /\/api\/now\/(v2\/)?table\/change_request(\?|$)/);
    const record = JSON.parse(request.body);
    assert.equal(record.short_description, 'Remediate: Machines should have vulnerability findings resolved');
    assert.equal(record.type, 'normal');
    assert.equal(record.urgency, '1');
  });

  it('open-jira-issue-recommendation creates an issue in the project', async () => {
    const sub = newSubscription();
    const workflow = await deployed(sub, 'open-jira-issue-recommendation', { projectKey: 'SEC' });
    const rec = assessment({ sub, key: `rec-${sub}`, severity: 'Low' }) as { id: string };
    await postEvent(rec);
    assertSucceeded(await runOn(rec.id, workflow));
    const request = only(sinkRequests(sub, 'jira'), 'Jira request');
    assert.match(request.url, /\/issue(\?|$)/);
    const { fields } = JSON.parse(request.body);
    assert.deepEqual(fields.project, { key: 'SEC' });
    assert.deepEqual(fields.issuetype, { name: 'Task' });
    assert.deepEqual(fields.priority, { name: 'Low' });
    assert.equal(fields.summary, 'Defender for Cloud: Machines should have vulnerability findings resolved');
  });

  it('trigger-pagerduty-incident-high-alert pages for a High alert, de-duplicated by its id, and not for a Low one', async () => {
    const sub = newSubscription();
    const workflow = await deployed(sub, 'trigger-pagerduty-incident-high-alert', {});
    assertSucceeded(await runOn(await storedAlert(sub, sampleAlert(sub)), workflow));
    const request = only(sinkRequests(sub, 'pagerduty'), 'PagerDuty request');
    assert.equal(request.url, `/${sub}/pagerduty/v2/enqueue`);
    const event = JSON.parse(request.body);
    assert.equal(event.routing_key, 'R0UT1NGKEY0123456789012345678901');
    assert.equal(event.event_action, 'trigger');
    assert.equal(event.dedup_key, `riposte-alert-${sub}`);
    assert.equal(event.payload.severity, 'critical');
    assert.equal(event.payload.summary, 'High severity alert: Brute force attack on RDP on vm1');

    const low = await storedAlert(sub, sampleAlert(sub, { SystemAlertId: `low-${sub}`, Severity: 'Low' }));
    assertSucceeded(await runOn(low, workflow));
    assert.equal(sinkRequests(sub, 'pagerduty').length, 1, 'a Low alert pages nobody');
  });

  it('block-attacker-ips-alert posts the attacker IPs to the firewall, then mails the SOC', async () => {
    const sub = newSubscription();
    const to = `soc-${sub}@example.com`;
    const workflow = await deployed(sub, 'block-attacker-ips-alert', {
      firewallApiUrl: `${sink.url}/${sub}/firewall/blocklist`,
      firewallAuthorization: FIREWALL_AUTHORIZATION,
      blockDurationMinutes: 60,
      socRecipients: to,
    });
    const result = await runOn(await storedAlert(sub, sampleAlert(sub)), workflow);
    assertSucceeded(result);
    const request = only(sinkRequests(sub, 'firewall'), 'firewall request');
    assert.equal(request.method, 'POST');
    assert.equal(request.headers['authorization'], FIREWALL_AUTHORIZATION);
    const sent = JSON.parse(request.body);
    assert.deepEqual(sent.addresses, ['203.0.113.7', '198.51.100.23']);
    assert.equal(sent.durationMinutes, 60);
    assert.equal(sent.alertId, `alert-${sub}`);
    const mail = only(mailTo(to), 'mail');
    assert.equal(mail.subject, 'Blocked 2 attacker IP address(es): Brute force attack on RDP');
    assert.match(mail.html ?? '', /<li>203\.0\.113\.7<\/li><li>198\.51\.100\.23<\/li>/);
    assert.ok(!JSON.stringify(result).includes('firewall-token'), 'the run history never shows the credential');
  });

  it('block-attacker-ips-alert tells the SOC when the firewall refuses, and the run fails', async () => {
    const sub = newSubscription();
    const to = `soc-${sub}@example.com`;
    const workflow = await deployed(sub, 'block-attacker-ips-alert', {
      firewallApiUrl: `${sink.url}/${sub}/firewall-refusing/blocklist`,
      firewallAuthorization: FIREWALL_AUTHORIZATION,
      socRecipients: to,
    });
    const { run } = await runOn(await storedAlert(sub, sampleAlert(sub)), workflow);
    assert.equal(run.properties.status, 'Failed');
    assert.equal(run.properties.error.code, 'FirewallDidNotBlock');
    const mail = only(mailTo(to), 'mail');
    assert.equal(mail.subject, 'FAILED to block 2 attacker IP address(es): Brute force attack on RDP');
    assert.match(mail.html ?? '', /HTTP 403/);
  });

  it('notify-resource-owner-recommendation mails the owner from the tag, or the fallback address', async () => {
    const sub = newSubscription();
    const fallback = `cloud-${sub}@example.com`;
    const workflow = await deployed(sub, 'notify-resource-owner-recommendation', { inventoryUrl: `${sink.url}/${sub}/inventory`, fallbackRecipient: fallback });
    const tagged = assessment({ sub, key: `rec-${sub}`, vm: 'web1' }) as { id: string };
    const untagged = assessment({ sub, key: `rec2-${sub}`, vm: 'untagged-db1' }) as { id: string };
    await postEvent(tagged);
    await postEvent(untagged);
    const before = mailTo('ana@example.com').length;
    assertSucceeded(await runOn(tagged.id, workflow));
    assert.equal(mailTo('ana@example.com').length, before + 1);
    const lookups = sinkRequests(sub, 'inventory');
    assert.equal(only(lookups, 'inventory lookup').url, `/${sub}/inventory/subscriptions/${sub}/resourceGroups/rg1/providers/Microsoft.Compute/virtualMachines/web1`);
    assertSucceeded(await runOn(untagged.id, workflow));
    const mail = only(mailTo(fallback), 'fallback mail');
    assert.equal(mail.subject, 'Action needed on your resource: Machines should have vulnerability findings resolved');
    assert.match(mail.html ?? '', /untagged-db1/);
  });

  it('forward-alert-webhook delivers the whole alert, signed', async () => {
    const sub = newSubscription();
    const workflow = await deployed(sub, 'forward-alert-webhook', {});
    assertSucceeded(await runOn(await storedAlert(sub, sampleAlert(sub)), workflow));
    const request = only(sinkRequests(sub, 'webhook'), 'webhook delivery');
    const verified = verifyWebhookSignature({
      secret: WEBHOOK_SECRET,
      timestamp: request.headers['x-riposte-timestamp'] ?? '',
      signature: request.headers['x-riposte-signature'] ?? '',
      rawBody: request.body,
      now: Date.now(),
    });
    assert.deepEqual(verified, { ok: true });
    const delivery = JSON.parse(request.body);
    assert.equal(delivery.eventType, 'Microsoft.Security/alerts');
    assert.equal(delivery.id, `alert-${sub}`);
    assert.equal(delivery.data.AlertDisplayName, 'Brute force attack on RDP');
    assert.equal(delivery.data.Entities.length, 3);
  });
});
