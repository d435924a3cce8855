/** `Microsoft.Security/automations` resources over HTTP against the real server. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  LEGACY_TRIGGER,
  alertDefinition,
  api,
  assessmentDefinition,
  automationBody,
  automationId,
  complianceDefinition,
  defenderDefinition,
  newSubscription,
  rule,
  templateConnections,
  workflowId,
} from '../support/defender.js';
import { type TestServer, apiClient, startTestServer } from '../support/riposte-server.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(async () => {
  await server.stop();
});

const compose = { Note: { type: 'Compose', inputs: "@triggerBody()?['AlertDisplayName']", runAfter: {} } };

async function putWorkflow(sub: string, rg: string, name: string, definition: unknown, parameters?: unknown) {
  const response = await server.call('PUT', api(workflowId(sub, rg, name)), {
    location: 'westeurope',
    properties: { state: 'Enabled', definition, ...(parameters === undefined ? {} : { parameters }) },
  });
  assert.ok(response.status === 200 || response.status === 201, `workflow ${name}: ${response.status} ${JSON.stringify(response.body)}`);
  return workflowId(sub, rg, name);
}

describe('automation resources', () => {
  it('PUT answers 201 on create and 200 on update; GET returns the stored shape without uri', async () => {
    const sub = newSubscription();
    const workflow = await putWorkflow(sub, 'rg1', 'notify', alertDefinition(compose));
    const body = automationBody({ eventSource: 'Alerts', workflowIds: [workflow], ruleSets: [[rule('Severity', 'Equals', 'High')]], scopes: [`/subscriptions/${sub}`] });
    (body.properties.actions[0] as Record<string, unknown>)['uri'] = 'https://example.invalid/callback?sig=secret';
    const path = api(automationId(sub, 'rg1', 'highAlerts'));

    const created = await server.call('PUT', `${path}?api-version=2019-01-01-preview`, body);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.id, automationId(sub, 'rg1', 'highAlerts'));
    assert.equal(created.body.name, 'highAlerts');
    assert.equal(created.body.type, 'Microsoft.Security/automations');
    assert.equal(created.body.location, 'westeurope');
    assert.equal(typeof created.body.etag, 'string');
    assert.deepEqual(created.body.properties.actions, [{ actionType: 'LogicApp', logicAppResourceId: workflow }]);
    assert.doesNotMatch(JSON.stringify(created.body), /secret|"uri"/);

    const updated = await server.call('PUT', path, { ...body, properties: { ...body.properties, description: 'changed' } });
    assert.equal(updated.status, 200);
    assert.equal(updated.body.properties.description, 'changed');
    assert.notEqual(updated.body.etag, created.body.etag);

    const got = await server.call('GET', path.replace('highAlerts', 'HIGHALERTS').replace('/rg1/', '/RG1/'));
    assert.equal(got.status, 200);
    assert.equal(got.body.name, 'highAlerts');
    assert.equal(got.body.properties.description, 'changed');
    assert.equal(got.body.properties.isEnabled, true);
    assert.deepEqual(got.body.properties.scopes, [{ description: `scope /subscriptions/${sub}`, scopePath: `/subscriptions/${sub}` }]);
    assert.deepEqual(got.body.properties.sources, [
      { eventSource: 'Alerts', ruleSets: [{ rules: [{ propertyJPath: 'Severity', propertyType: 'String', expectedValue: 'High', operator: 'Equals' }] }] },
    ]);
    assert.doesNotMatch(JSON.stringify(got.body), /secret|"uri"/);
  });

  it('lists automations under the resource group and the subscription, and pages them', async () => {
    const sub = newSubscription();
    const workflow = await putWorkflow(sub, 'rgA', 'wf', alertDefinition(compose));
    for (const [rg, name] of [['rgA', 'a1'], ['rgA', 'a2'], ['rgA', 'a3'], ['rgB', 'b1']] as const) {
      const response = await server.call('PUT', api(automationId(sub, rg, name)), automationBody({ eventSource: 'Alerts', workflowIds: [workflow] }));
      assert.equal(response.status, 201, JSON.stringify(response.body));
    }
    const inGroup = await server.call('GET', `/api/subscriptions/${sub}/resourceGroups/rgA/providers/Microsoft.Security/automations`);
    assert.equal(inGroup.status, 200);
    assert.deepEqual(inGroup.body.value.map((a: any) => a.name), ['a1', 'a2', 'a3']);
    assert.equal(inGroup.body.nextLink, undefined);
    const inSubscription = await server.call('GET', `/api/subscriptions/${sub}/providers/Microsoft.Security/automations`);
    assert.deepEqual(inSubscription.body.value.map((a: any) => a.name).sort(), ['a1', 'a2', 'a3', 'b1']);

    const names: string[] = [];
    let link: string | undefined = `/api/subscriptions/${sub}/providers/Microsoft.Security/automations?$top=3`;
    let pages = 0;
    while (link !== undefined) {
      const page: any = await server.call('GET', link.replace(server.url, ''));
      assert.equal(page.status, 200);
      assert.ok(page.body.value.length <= 3);
      names.push(...page.body.value.map((a: any) => a.name));
      link = page.body.nextLink;
      pages++;
    }
    assert.equal(pages, 2);
    assert.deepEqual(names.sort(), ['a1', 'a2', 'a3', 'b1']);
    const other = await server.call('GET', `/api/subscriptions/${newSubscription()}/providers/Microsoft.Security/automations`);
    assert.deepEqual(other.body.value, []);
  });

  it('DELETE removes the automation (then 404 on GET; a second DELETE is 204)', async () => {
    const sub = newSubscription();
    const workflow = await putWorkflow(sub, 'rg1', 'wf', alertDefinition(compose));
    const path = api(automationId(sub, 'rg1', 'gone'));
    assert.equal((await server.call('PUT', path, automationBody({ eventSource: 'Alerts', workflowIds: [workflow] }))).status, 201);
    assert.equal((await server.call('DELETE', path)).status, 200);
    const missing = await server.call('GET', path);
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.code, 'ResourceNotFound');
    assert.equal((await server.call('DELETE', path)).status, 204);
    const list = await server.call('GET', `/api/subscriptions/${sub}/resourceGroups/rg1/providers/Microsoft.Security/automations`);
    assert.deepEqual(list.body.value, []);
  });

  it('POST …/validate answers {isValid, message} and stores nothing', async () => {
    const sub = newSubscription();
    const workflow = await putWorkflow(sub, 'rg1', 'wf', alertDefinition(compose));
    const path = api(automationId(sub, 'rg1', 'checked'));
    const good = await server.call('POST', `${path}/validate`, automationBody({ eventSource: 'Alerts', workflowIds: [workflow] }));
    assert.equal(good.status, 200);
    assert.deepEqual(good.body, { isValid: true, message: 'Validation Successful' });
    const bad = await server.call('POST', `${path}/validate`, automationBody({ eventSource: 'Alerts', workflowIds: [workflowId(sub, 'rg1', 'missing')] }));
    assert.equal(bad.status, 200);
    assert.equal(bad.body.isValid, false);
    assert.match(bad.body.message, /missing/);
    const badRule = await server.call('POST', `${path}/validate`, automationBody({ eventSource: 'Alerts', workflowIds: [workflow], ruleSets: [[rule('Severity', 'Around', 'High')]] }));
    assert.equal(badRule.body.isValid, false);
    assert.match(badRule.body.message, /operator/);
    assert.equal((await server.call('GET', path)).status, 404);
  });

  it('matches enums and operators case-insensitively and stores their canonical spelling', async () => {
    const sub = newSubscription();
    const workflow = await putWorkflow(sub, 'rg1', 'wf', alertDefinition(compose));
    const body = {
      properties: {
        isEnabled: true,
        scopes: [{ scopePath: `/subscriptions/${sub}/resourceGroups/rg1` }],
        sources: [
          {
            eventSource: 'alerts',
            ruleSets: [
              {
                rules: [
                  { propertyJPath: 'Severity', propertyType: 'string', expectedValue: 'high', operator: 'equals' },
                  { propertyJPath: 'ExtendedProperties.PID', propertyType: 'INTEGER', expectedValue: '5', operator: 'lesserthan' },
                  { propertyJPath: 'AlertDisplayName', propertyType: 'String', expectedValue: 'test', operator: 'CONTAINS' },
                ],
              },
            ],
          },
        ],
        actions: [{ actionType: 'logicapp', logicAppResourceId: workflow }],
      },
    };
    const response = await server.call('PUT', api(automationId(sub, 'rg1', 'lower')), body);
    assert.equal(response.status, 201, JSON.stringify(response.body));
    const source = response.body.properties.sources[0];
    assert.equal(source.eventSource, 'Alerts');
    assert.deepEqual(
      source.ruleSets[0].rules.map((r: any) => [r.propertyType, r.operator]),
      [
        ['String', 'Equals'],
        ['Integer', 'LesserThan'],
        ['String', 'Contains'],
      ],
    );
    assert.equal(response.body.properties.actions[0].actionType, 'LogicApp');
  });

  it('refuses malformed bodies with 400 naming the field, and stores nothing', async () => {
    const sub = newSubscription();
    const workflow = await putWorkflow(sub, 'rg1', 'wf', alertDefinition(compose));
    const path = api(automationId(sub, 'rg1', 'bad'));
    const cases: [unknown, RegExp][] = [
      [automationBody({ eventSource: 'Alarms', workflowIds: [workflow] }), /eventSource/],
      [automationBody({ eventSource: 'Alerts', workflowIds: [workflow], ruleSets: [[rule('Severity', 'Equals', 'High', 'Text')]] }), /propertyType/],
      [automationBody({ eventSource: 'Alerts', workflowIds: [workflow], ruleSets: [[rule('Severity', 'LessThan', '3', 'Integer')]] }), /operator/],
      [automationBody({ eventSource: 'Alerts', workflowIds: [workflow], ruleSets: [[rule('Severity', 'GreaterThan', 'High', 'String')]] }), /operator/],
      [automationBody({ eventSource: 'Alerts', workflowIds: [workflow], ruleSets: [[rule('Count', 'Equals', 'many', 'Integer')]] }), /expectedValue/],
      [automationBody({ eventSource: 'Alerts', workflowIds: [workflow], scopes: [`/subscriptions/${newSubscription()}`] }), /scopePath/],
      [{ properties: { isEnabled: 'yes' } }, /isEnabled/],
      [{ properties: { actions: [{ actionType: 'LogicApp', logicAppResourceId: 'not-an-id' }] } }, /logicAppResourceId/],
    ];
    for (const [body, target] of cases) {
      const response = await server.call('PUT', path, body);
      assert.equal(response.status, 400, `${JSON.stringify(body)} → ${response.status} ${JSON.stringify(response.body)}`);
      assert.match(`${response.body.error.target} ${response.body.error.message}`, target, JSON.stringify(response.body));
    }
    const malformed = await server.call('PUT', path, '{"properties": {');
    assert.equal(malformed.status, 400);
    assert.equal(malformed.body.error.code, 'InvalidJson');
    const notObject = await server.call('PUT', path, '[1, 2]');
    assert.equal(notObject.status, 400, JSON.stringify(notObject.body));
    assert.equal((await server.call('GET', path)).status, 404);
  });

  it('refuses an action naming a workflow that does not exist (400) and stores nothing', async () => {
    const sub = newSubscription();
    const path = api(automationId(sub, 'rg1', 'orphan'));
    const missing = workflowId(sub, 'rg1', 'noSuchWorkflow');
    const response = await server.call('PUT', path, automationBody({ eventSource: 'Alerts', workflowIds: [missing] }));
    assert.equal(response.status, 400);
    assert.equal(response.body.error.code, 'LogicAppNotFound');
    assert.equal(response.body.error.target, 'properties.actions[0].logicAppResourceId');
    assert.match(response.body.error.message, /noSuchWorkflow/);
    assert.equal((await server.call('GET', path)).status, 404);
  });

  it('refuses a workflow with the legacy "When a response to … alert is triggered" trigger, saying why', async () => {
    const sub = newSubscription();
    const legacy = await putWorkflow(
      sub,
      'rg1',
      'legacyPlaybook',
      alertDefinition(compose, LEGACY_TRIGGER),
      templateConnections(sub, 'rg1', 'legacyPlaybook', ['ascalert']),
    );
    const path = api(automationId(sub, 'rg1', 'legacy'));
    const response = await server.call('PUT', path, automationBody({ eventSource: 'Alerts', workflowIds: [legacy] }));
    assert.equal(response.status, 400, JSON.stringify(response.body));
    assert.equal(response.body.error.code, 'LegacyTriggerNotSupported');
    assert.match(response.body.error.message, /legacy/i);
    assert.match(response.body.error.message, /When a response to a Microsoft Defender for Cloud alert is triggered/);
    assert.match(response.body.error.message, /Alert\/subscribe/, 'names the trigger to use instead');
    assert.equal((await server.call('GET', path)).status, 404);
    const validated = await server.call('POST', `${path}/validate`, automationBody({ eventSource: 'Alerts', workflowIds: [legacy] }));
    assert.equal(validated.body.isValid, false);
    assert.match(validated.body.message, /legacy/i);
  });

  it('refuses a workflow whose trigger cannot receive the source (a recommendation trigger for Alerts)', async () => {
    const sub = newSubscription();
    const recommendations = await putWorkflow(sub, 'rg1', 'recs', assessmentDefinition(compose));
    const alerts = await putWorkflow(sub, 'rg1', 'alerts', alertDefinition(compose));
    const path = api(automationId(sub, 'rg1', 'mismatch'));
    const wrong = await server.call('PUT', path, automationBody({ eventSource: 'Alerts', workflowIds: [recommendations] }));
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.error.code, 'IncompatibleTrigger');
    assert.equal(wrong.body.error.target, 'properties.actions[0].logicAppResourceId');
    assert.match(wrong.body.error.message, /Alerts/);
    const reverse = await server.call('PUT', path, automationBody({ eventSource: 'Assessments', workflowIds: [alerts] }));
    assert.equal(reverse.status, 400);
    assert.equal(reverse.body.error.code, 'IncompatibleTrigger');
    const compliance = await server.call('PUT', path, automationBody({ eventSource: 'RegulatoryComplianceAssessment', workflowIds: [recommendations] }));
    assert.equal(compliance.status, 400);
    assert.equal((await server.call('GET', path)).status, 404);
  });

  it('answers EventHub and Workspace actions with 400 "not supported yet"', async () => {
    const sub = newSubscription();
    const path = api(automationId(sub, 'rg1', 'export'));
    const actions = [
      { actionType: 'EventHub', eventHubResourceId: `/subscriptions/${sub}/resourceGroups/rg1/providers/Microsoft.EventHub/namespaces/ns/eventhubs/hub`, connectionString: 'Endpoint=sb://x/;SharedAccessKey=k' },
      { actionType: 'Workspace', workspaceResourceId: `/subscriptions/${sub}/resourceGroups/rg1/providers/Microsoft.OperationalInsights/workspaces/ws` },
    ];
    for (const action of actions) {
      const response = await server.call('PUT', path, { properties: { isEnabled: true, sources: [{ eventSource: 'Alerts' }], actions: [action] } });
      assert.equal(response.status, 400, JSON.stringify(response.body));
      assert.match(response.body.error.message, /not supported yet/);
      assert.match(response.body.error.message, new RegExp(action.actionType));
      assert.equal(response.body.error.target, 'properties.actions[0].actionType');
    }
    assert.equal((await server.call('GET', path)).status, 404);
  });

  it('accepts Defender-trigger workflows copied from the public templates ($connections to ascalert/ascassessment)', async () => {
    const sub = newSubscription();
    const teamsAlert = defenderDefinitionFromTemplate('alert');
    const emailRecommendation = defenderDefinitionFromTemplate('recommendation');
    const alertWorkflow = await putWorkflow(sub, 'rg1', 'Post-TeamsMessageAlert', teamsAlert, templateConnections(sub, 'rg1', 'Post-TeamsMessageAlert', ['ascalert']));
    const recWorkflow = await putWorkflow(
      sub,
      'rg1',
      'Send-O365EmailRecommendation',
      emailRecommendation,
      templateConnections(sub, 'rg1', 'Send-O365EmailRecommendation', ['ascassessment']),
    );
    const complianceWorkflow = await putWorkflow(sub, 'rg1', 'compliance', complianceDefinition(compose), templateConnections(sub, 'rg1', 'compliance', ['ascassessment']));
    const alerts = await server.call('PUT', api(automationId(sub, 'rg1', 'teams')), automationBody({ eventSource: 'Alerts', workflowIds: [alertWorkflow] }));
    assert.equal(alerts.status, 201, JSON.stringify(alerts.body));
    const recs = await server.call(
      'PUT',
      api(automationId(sub, 'rg1', 'email')),
      automationBody({ eventSource: 'Assessments', workflowIds: [recWorkflow], ruleSets: [[rule('properties.metadata.severity', 'Equals', 'High')]] }),
    );
    assert.equal(recs.status, 201, JSON.stringify(recs.body));
    const findings = await server.call('PUT', api(automationId(sub, 'rg1', 'findings')), automationBody({ eventSource: 'SubAssessments', workflowIds: [recWorkflow] }));
    assert.equal(findings.status, 201, JSON.stringify(findings.body));
    const compliance = await server.call(
      'PUT',
      api(automationId(sub, 'rg1', 'compliance')),
      automationBody({ eventSource: 'RegulatoryComplianceAssessment', workflowIds: [complianceWorkflow], ruleSets: [[rule('properties.state', 'Equals', 'failed')]] }),
    );
    assert.equal(compliance.status, 201, JSON.stringify(compliance.body));
  });

  it('accepts a Request-trigger workflow for any source', async () => {
    const sub = newSubscription();
    const workflow = await putWorkflow(sub, 'rg1', 'generic', { triggers: { manual: { type: 'Request', kind: 'Http' } }, actions: compose });
    for (const eventSource of ['Alerts', 'Assessments', 'SubAssessments', 'RegulatoryComplianceAssessment']) {
      const response = await server.call('PUT', api(automationId(sub, 'rg1', `generic-${eventSource}`)), automationBody({ eventSource, workflowIds: [workflow] }));
      assert.equal(response.status, 201, `${eventSource}: ${JSON.stringify(response.body)}`);
    }
  });

  it('answers 401 without a token and 404 for unknown automations', async () => {
    const sub = newSubscription();
    const path = api(automationId(sub, 'rg1', 'nobody'));
    assert.equal((await apiClient(server.url, null).call('GET', path)).status, 401);
    assert.equal((await apiClient(server.url, null).call('PUT', path, {})).status, 401);
    const missing = await server.call('GET', path);
    assert.equal(missing.status, 404);
    assert.match(missing.body.error.message, /nobody/);
  });
});

/**
 * The definitions of Post-TeamsMessageAlert and Send-O365EmailRecommendation as published in
 * Azure/Microsoft-Defender-for-Cloud (`Workflow automation/`), trimmed to their trigger and one action.
 */
function defenderDefinitionFromTemplate(kind: 'alert' | 'recommendation') {
  if (kind === 'alert') {
    return defenderDefinition(
      'When_an_Azure_Security_Center_Alert_is_created_or_triggered',
      {
        type: 'ApiConnectionWebhook',
        inputs: {
          body: { callback_url: '@{listCallbackUrl()}' },
          host: { connection: { name: "@parameters('$connections')['ascalert']['connectionId']" } },
          path: '/Microsoft.Security/Alert/subscribe',
        },
      },
      {
        'Post_a_message_(V3)': {
          runAfter: {},
          type: 'ApiConnection',
          inputs: {
            body: {
              body: {
                content: "<p>Alert Type: @{triggerBody()?['AlertType']}<br>\nResource: @{triggerBody()?['associatedResource']}<br>\nDirect Link: @{triggerBody()?['AlertUri']}</p>",
                contentType: 'html',
              },
              subject: "@{triggerBody()?['Severity']} - @{triggerBody()?['AlertDisplayName']}",
            },
            host: { connection: { name: "@parameters('$connections')['teams']['connectionId']" } },
            method: 'post',
            path: "/v3/beta/teams/@{encodeURIComponent('d05ba55c-593e-4bfa-8011-26e0626b5c14')}/channels/@{encodeURIComponent('19:8e52aee721394ab78563596463c067dc@thread.skype')}/messages",
          },
        },
      },
    );
  }
  return defenderDefinition(
    'When_an_Azure_Security_Center_Recommendation_is_created_or_triggered',
    {
      type: 'ApiConnectionWebhook',
      inputs: {
        body: { callback_url: '@{listCallbackUrl()}' },
        host: { connection: { name: "@parameters('$connections')['ascassessment']['connectionId']" } },
        path: '/Microsoft.Security/Assessment/subscribe',
      },
    },
    {
      'Send_an_email_(V2)': {
        runAfter: {},
        type: 'ApiConnection',
        inputs: {
          body: {
            Body: "<p>@{triggerBody()?['properties']?['displayName']}<br>@{triggerBody()?['properties']?['metadata']?['description']}</p>",
            Subject: "New ASC  @{triggerBody()?['properties']?['status']?['code']} Recommendation",
            To: 'soc@example.com',
          },
          host: { connection: { name: "@parameters('$connections')['office365']['connectionId']" } },
          method: 'post',
          path: '/v2/Mail',
        },
      },
    },
  );
}
