/**
 * Every template compiles with the engine, and runs against a captured alert or recommendation: connector calls
 * and HTTP requests are recorded by fake ports, so the assertions read exactly what a deployment would send.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fixture } from '../../test/fixtures/events/fixtures.js';
import { type Value } from '../expressions/index.js';
import {
  type ConnectorRequest,
  type ExecutorPorts,
  type HttpRequest,
  type HttpResponse,
  type RunRecord,
  compileWorkflow,
  resolveParameters,
  runWorkflow,
} from '../workflows/index.js';
import { findTemplate, gallery } from './gallery.js';
import { templateDefinition } from './template-definition.js';
import type { WorkflowTemplate } from './template.js';

const alert = () => {
  const event = fixture('flatAlert');
  // A second attacker address, spelled as flat alerts write entity fields.
  (event['Entities'] as unknown[]).push({ $id: '7', Address: '198.51.100.23', Type: 'ip' });
  return event as Value;
};
const recommendation = () => fixture('assessmentUnhealthy') as Value;

interface Captured {
  readonly record: RunRecord;
  readonly calls: readonly ConnectorRequest[];
  readonly requests: readonly HttpRequest[];
}

const json = (status: number, body: unknown): HttpResponse => ({
  statusCode: status,
  headers: { 'content-type': 'application/json' },
  body: new TextEncoder().encode(JSON.stringify(body)),
});

async function runTemplate(
  template: WorkflowTemplate,
  body: Value,
  parameters: Record<string, Value>,
  answer: (request: HttpRequest) => HttpResponse = () => json(200, {}),
): Promise<Captured> {
  const compiled = compileWorkflow(templateDefinition(template));
  if (!compiled.ok) assert.fail(JSON.stringify(compiled.issues));
  const connections: Record<string, Value> = {};
  for (const connector of template.connectors) {
    const connectionId = `/subscriptions/s1/resourceGroups/rg1/providers/Microsoft.Web/connections/${connector}-1`;
    connections[connector] = { connectionId, connectionName: `${connector}-1`, id: `/providers/Microsoft.Web/managedApis/${connector}` };
  }
  const resolved = resolveParameters(compiled.workflow, { ...parameters, $connections: connections });
  if (!resolved.ok) assert.fail(JSON.stringify(resolved.issues));
  const calls: ConnectorRequest[] = [];
  const requests: HttpRequest[] = [];
  const ports: ExecutorPorts = {
    clock: { now: () => Date.parse('2024-05-01T10:00:00Z') },
    random: () => 0,
    sleeper: { sleep: async () => undefined },
    http: { send: async (request) => (requests.push(request), answer(request)) },
    connectors: { invoke: async (request) => (calls.push(request), { statusCode: 200, body: { ok: true } }) },
  };
  const record = await runWorkflow(compiled.workflow, { runId: 'R1', trigger: { body }, parameters: resolved.values }, ports);
  return { record, calls, requests };
}

const template = (id: string) => findTemplate(id) ?? assert.fail(`no template ${id}`);
const only = <T>(items: readonly T[]): T => {
  assert.equal(items.length, 1, `expected one call, got ${items.length}`);
  return items[0] as T;
};
/** A field of a connector call's body, by path. */
const bodyAt = (call: ConnectorRequest, ...path: readonly string[]): unknown =>
  path.reduce<unknown>((value, key) => (value as Record<string, unknown> | null | undefined)?.[key], call.body);
const textAt = (call: ConnectorRequest, ...path: readonly string[]): string => String(bodyAt(call, ...path));
const succeeded = (captured: Captured) => assert.equal(captured.record.status, 'Succeeded', JSON.stringify(captured.record, null, 1));
const connectionOf = (connector: string) => `/subscriptions/s1/resourceGroups/rg1/providers/Microsoft.Web/connections/${connector}-1`;

describe('the gallery', () => {
  it('has unique ids and names, and every template compiles without issues', () => {
    assert.ok(gallery.length >= 11);
    assert.equal(new Set(gallery.map((item) => item.id)).size, gallery.length);
    assert.equal(new Set(gallery.map((item) => item.name.toLowerCase())).size, gallery.length);
    for (const item of gallery) {
      const compiled = compileWorkflow(templateDefinition(item));
      assert.deepEqual(compiled.ok ? [] : compiled.issues, [], item.id);
    }
  });

  it('declares exactly the connectors its actions call, and $connections with an empty default', () => {
    for (const item of gallery) {
      const text = JSON.stringify(item.actions);
      const used = [...text.matchAll(/\$connections'\)\['([^']+)'\]/g)].map((match) => match[1]);
      assert.deepEqual([...new Set(used)].sort(), [...item.connectors].sort(), item.id);
      const definition = templateDefinition(item) as { parameters: Record<string, unknown> };
      assert.deepEqual(definition.parameters['$connections'], { type: 'Object', defaultValue: {} });
    }
  });

  it('uses the public templates\' Defender triggers', () => {
    const trigger = (id: string) => Object.entries((templateDefinition(template(id)) as { triggers: Record<string, { inputs: { path: string; host: { connection: { name: string } } } }> }).triggers)[0];
    const [alertName, alertTrigger] = trigger('send-email-alert') ?? [];
    assert.equal(alertName, 'When_an_Azure_Security_Center_Alert_is_created_or_triggered');
    assert.deepEqual(alertTrigger, {
      type: 'ApiConnectionWebhook',
      inputs: {
        host: { connection: { name: "@parameters('$connections')['ascalert']['connectionId']" } },
        body: { callback_url: '@{listCallbackUrl()}' },
        path: '/Microsoft.Security/Alert/subscribe',
      },
    });
    const [recName, recTrigger] = trigger('send-email-recommendation') ?? [];
    assert.equal(recName, 'When_an_Azure_Security_Center_Recommendation_is_created_or_triggered');
    assert.equal(recTrigger?.inputs.path, '/Microsoft.Security/Assessment/subscribe');
    assert.equal(recTrigger?.inputs.host.connection.name, "@parameters('$connections')['ascassessment']['connectionId']");
  });
});

describe('templates run against captured events', () => {
  it('send-email-alert mails an HTML summary with escaped free text', async () => {
    const event = alert() as Record<string, Value>;
    event['Description'] = 'Process <script>evil()</script> & friends';
    const captured = await runTemplate(template('send-email-alert'), event, { recipients: 'soc@example.com' });
    succeeded(captured);
    const mail = only(captured.calls);
    assert.equal(mail.connectionId, connectionOf('office365'));
    assert.equal(mail.method, 'POST');
    assert.equal(mail.path, '/v2/Mail');
    assert.equal(bodyAt(mail, 'To'), 'soc@example.com');
    assert.equal(bodyAt(mail, 'Subject'), 'High severity Defender for Cloud alert: Azure Security Center test alert (not a threat) on vm1');
    assert.equal(bodyAt(mail, 'Importance'), 'High');
    assert.match(textAt(mail, 'Body'), /<p>Process &lt;script>evil\(\)&lt;\/script> &amp; friends<\/p>/);
    assert.match(textAt(mail, 'Body'), /<li>No further action is needed\.<\/li>/);
    assert.match(textAt(mail, 'Body'), /href="https:\/\/portal\.azure\.com\/#blade\/Microsoft_Azure_Security\/AlertBlade\/alertId\/2518298467986649999_/);
  });

  it('send-email-recommendation mails the recommendation, its resource and its link', async () => {
    const captured = await runTemplate(template('send-email-recommendation'), recommendation(), { recipients: 'owners@example.com' });
    succeeded(captured);
    const mail = only(captured.calls);
    assert.equal(bodyAt(mail, 'Subject'), 'New Defender for Cloud Unhealthy recommendation: Install endpoint protection solution on virtual machine scale sets');
    assert.equal(bodyAt(mail, 'Importance'), 'Normal');
    assert.match(textAt(mail, 'Body'), /virtualMachineScaleSets\/vmss2/);
    assert.match(textAt(mail, 'Body'), /Install an endpoint protection solution on your virtual machine scale sets\./);
    assert.match(textAt(mail, 'Body'), /RecommendationsBlade\/assessmentKey\/21300918-b2e3-0346-785f-c77ff57d243b/);
  });

  it('post-teams-message-alert posts HTML to the team and channel, escaped into the path', async () => {
    const captured = await runTemplate(template('post-teams-message-alert'), alert(), { teamId: 'Security Ops', channelId: '19:abc@thread' });
    succeeded(captured);
    const message = only(captured.calls);
    assert.equal(message.path, '/v3/beta/teams/Security%20Ops/channels/19%3Aabc%40thread/messages');
    assert.equal(bodyAt(message, 'subject'), 'High - Azure Security Center test alert (not a threat)');
    assert.equal(bodyAt(message, 'body', 'contentType'), 'html');
    assert.match(textAt(message, 'body', 'content'), /^<p><b>Azure Security Center test alert \(not a threat\)<\/b><\/p>/);
  });

  it('post-slack-message-alert and -recommendation post to the channel', async () => {
    const onAlert = await runTemplate(template('post-slack-message-alert'), alert(), { channel: '#soc' });
    succeeded(onAlert);
    const alertPost = only(onAlert.calls);
    assert.equal(alertPost.path, '/chat.postMessage');
    assert.equal(bodyAt(alertPost, 'channel'), '#soc');
    assert.match(textAt(alertPost, 'text'), /^:rotating_light: \*High severity alert:\* Azure Security Center test alert \(not a threat\)\n/);
    const onRec = await runTemplate(template('post-slack-message-recommendation'), recommendation(), { channel: '#posture' });
    succeeded(onRec);
    assert.match(textAt(only(onRec.calls), 'text'), /^:shield: \*Medium severity recommendation is Unhealthy:\* Install endpoint protection/);
  });

  for (const [severity, level] of [['High', '1'], ['medium', '2'], ['Low', '3'], ['Informational', '3']] as const) {
    it(`create-servicenow-incident-alert maps ${severity} severity to urgency and impact ${level}`, async () => {
      const event = alert() as Record<string, Value>;
      event['Severity'] = severity;
      const captured = await runTemplate(template('create-servicenow-incident-alert'), event, {});
      succeeded(captured);
      const incident = only(captured.calls);
      assert.equal(incident.path, '/api/now/v2/table/incident');
      assert.equal(bodyAt(incident, 'urgency'), level);
      assert.equal(bodyAt(incident, 'impact'), level);
      assert.equal(bodyAt(incident, 'category'), 'Security');
      assert.equal(bodyAt(incident, 'correlation_id'), '2518298467986649999_4d25bfef-2d77-4a08-adc0-3e35715cc92a');
      assert.equal(bodyAt(incident, 'short_description'), 'Defender for Cloud: Azure Security Center test alert (not a threat) on vm1');
      assert.match(textAt(incident, 'description'), /\nRemediation steps:\n- No further action is needed\.\n/);
    });
  }

  it('create-servicenow-change-request-recommendation opens a change for an unhealthy recommendation only', async () => {
    const captured = await runTemplate(template('create-servicenow-change-request-recommendation'), recommendation(), { changeType: 'standard' });
    succeeded(captured);
    const change = only(captured.calls);
    assert.equal(change.path, '/api/now/v2/table/change_request');
    assert.equal(bodyAt(change, 'type'), 'standard');
    assert.equal(bodyAt(change, 'urgency'), '2');
    assert.equal(bodyAt(change, 'impact'), '2');
    assert.equal(bodyAt(change, 'implementation_plan'), 'Install an endpoint protection solution on your virtual machine scale sets.');
    const healthy = await runTemplate(template('create-servicenow-change-request-recommendation'), fixture('assessmentHealthy') as Value, {});
    succeeded(healthy);
    assert.equal(healthy.calls.length, 0);
  });

  it('open-jira-issue-recommendation creates an issue with the priority of the severity', async () => {
    const captured = await runTemplate(template('open-jira-issue-recommendation'), recommendation(), { projectKey: 'SEC' });
    succeeded(captured);
    const issue = only(captured.calls);
    assert.equal(issue.path, '/issue');
    assert.deepEqual(bodyAt(issue, 'fields', 'project'), { key: 'SEC' });
    assert.deepEqual(bodyAt(issue, 'fields', 'issuetype'), { name: 'Task' });
    assert.deepEqual(bodyAt(issue, 'fields', 'priority'), { name: 'Medium' });
    assert.equal(bodyAt(issue, 'fields', 'summary'), 'Defender for Cloud: Install endpoint protection solution on virtual machine scale sets');
  });

  it('trigger-pagerduty-incident-high-alert pages for High alerts only, de-duplicated by the alert id', async () => {
    const captured = await runTemplate(template('trigger-pagerduty-incident-high-alert'), alert(), {});
    succeeded(captured);
    const page = only(captured.calls);
    assert.equal(page.path, '/v2/enqueue');
    assert.equal(bodyAt(page, 'event_action'), 'trigger');
    assert.equal(bodyAt(page, 'alertId'), '2518298467986649999_4d25bfef-2d77-4a08-adc0-3e35715cc92a');
    assert.equal(bodyAt(page, 'payload', 'severity'), 'critical');
    assert.equal(bodyAt(page, 'payload', 'source'), 'vm1');
    assert.deepEqual(bodyAt(page, 'payload', 'custom_details', 'remediation_steps'), ['No further action is needed.']);
    const medium = alert() as Record<string, Value>;
    medium['Severity'] = 'Medium';
    const quiet = await runTemplate(template('trigger-pagerduty-incident-high-alert'), medium, {});
    succeeded(quiet);
    assert.equal(quiet.calls.length, 0);
  });

  it('block-attacker-ips-alert posts the IP entities to the firewall with Raw authorization, then mails the SOC', async () => {
    const parameters = { firewallApiUrl: 'https://fw.example.com/api/block', firewallAuthorization: 'Bearer s3cret', socRecipients: 'soc@example.com' };
    const captured = await runTemplate(template('block-attacker-ips-alert'), alert(), parameters);
    succeeded(captured);
    const request = only(captured.requests);
    assert.equal(request.method, 'POST');
    assert.equal(request.url, 'https://fw.example.com/api/block');
    assert.equal(request.headers['authorization'], 'Bearer s3cret');
    const sent = JSON.parse(String(request.body)) as Record<string, unknown>;
    assert.deepEqual(sent['addresses'], ['192.0.2.1', '198.51.100.23']);
    assert.equal(sent['durationMinutes'], 1440);
    assert.equal(sent['alertId'], '2518298467986649999_4d25bfef-2d77-4a08-adc0-3e35715cc92a');
    const mail = only(captured.calls);
    assert.equal(bodyAt(mail, 'To'), 'soc@example.com');
    assert.match(textAt(mail, 'Subject'), /^Blocked 2 attacker IP address\(es\)/);
    assert.match(textAt(mail, 'Body'), /<li>192\.0\.2\.1<\/li><li>198\.51\.100\.23<\/li>/);
    assert.ok(!JSON.stringify(captured.record).includes('s3cret'), 'the secret stays out of the run record');

    const noIps = alert() as Record<string, Value>;
    noIps['Entities'] = [{ $id: '1', hostName: 'vm1', type: 'host' }];
    const nothing = await runTemplate(template('block-attacker-ips-alert'), noIps, parameters);
    succeeded(nothing);
    assert.equal(nothing.requests.length + nothing.calls.length, 0);
  });

  it('notify-resource-owner-recommendation mails the owner tag, else the fallback address', async () => {
    const parameters = { inventoryUrl: 'https://cmdb.example.com/resources', fallbackRecipient: 'cloud-team@example.com' };
    const rec = recommendation();
    const tagged = await runTemplate(template('notify-resource-owner-recommendation'), rec, parameters, () => json(200, { tags: { owner: 'ana@example.com' } }));
    succeeded(tagged);
    assert.equal(
      only(tagged.requests).url,
      'https://cmdb.example.com/resources/subscriptions/a27e854a-8578-4395-8eaf-6fc7849f3050/resourceGroups/myRg/providers/Microsoft.Compute/virtualMachineScaleSets/vmss2',
    );
    assert.equal(bodyAt(only(tagged.calls), 'To'), 'ana@example.com');

    const untagged = await runTemplate(template('notify-resource-owner-recommendation'), rec, parameters, () => json(200, { tags: { env: 'prod' } }));
    succeeded(untagged);
    assert.equal(bodyAt(only(untagged.calls), 'To'), 'cloud-team@example.com');

    const unknown = await runTemplate(template('notify-resource-owner-recommendation'), rec, parameters, () => json(404, { error: 'not found' }));
    assert.equal(bodyAt(only(unknown.calls), 'To'), 'cloud-team@example.com');
    assert.equal(unknown.record.status, 'Succeeded', 'the failed lookup is handled by mailing the fallback address');
  });

  it('forward-alert-webhook sends the whole alert in an envelope', async () => {
    const event = alert();
    const captured = await runTemplate(template('forward-alert-webhook'), event, {});
    succeeded(captured);
    const delivery = only(captured.calls);
    assert.equal(delivery.path, '/send');
    assert.equal(bodyAt(delivery, 'eventType'), 'Microsoft.Security/alerts');
    assert.deepEqual(bodyAt(delivery, 'data'), event);
  });
});
