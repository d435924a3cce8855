/** Workflow resources, runs and Request triggers over HTTP against the real server. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assignRole, createPrincipal } from '../support/principals.js';
import { type TestServer, apiClient, startTestServer } from '../support/riposte-server.js';

let api: TestServer;
before(async () => {
  api = await startTestServer();
});
after(async () => {
  await api.stop();
});

const wfPath = (name: string, rg = 'rg1') => `/api/subscriptions/sub1/resourceGroups/${rg}/providers/Microsoft.Logic/workflows/${name}`;

const echo = {
  triggers: { manual: { type: 'Request', kind: 'Http' } },
  actions: {
    Greeting: { type: 'Compose', inputs: "Hello @{triggerBody()?['name']}" },
    Respond: { type: 'Response', inputs: { statusCode: 200, body: { greeting: "@outputs('Greeting')" } }, runAfter: { Greeting: ['Succeeded'] } },
  },
};

async function waitForRun(path: string, runId: string) {
  for (let i = 0; i < 200; i++) {
    const run = await api.call('GET', `${path}/runs/${runId}`);
    if (!['Queued', 'Running'].includes(run.body.properties.status)) return run.body;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('run did not finish');
}

describe('authentication', () => {
  it('answers 401 without a token or with a wrong one, and never says why in detail', async () => {
    const anonymous = await apiClient(api.url, null).call('GET', wfPath('x'));
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.body.error.code, 'AuthenticationFailed');
    const wrong = await apiClient(api.url, 'not-the-token').call('GET', wfPath('x'));
    assert.equal(wrong.status, 401);
  });
});

describe('workflow resources', () => {
  it('PUT creates (201) then updates (200) with a new version; GET and lists return it', async () => {
    const created = await api.call('PUT', wfPath('echo'), { location: 'westeurope', properties: { definition: echo } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.id, '/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.Logic/workflows/echo');
    assert.equal(created.body.type, 'Microsoft.Logic/workflows');
    assert.equal(created.body.properties.state, 'Enabled');
    assert.equal(created.body.properties.version, 1);
    const updated = await api.call('PUT', wfPath('echo'), { properties: { state: 'enabled', definition: echo } });
    assert.equal(updated.status, 200);
    assert.equal(updated.body.properties.version, 2);
    const got = await api.call('GET', wfPath('ECHO', 'RG1') + '?api-version=2019-05-01');
    assert.equal(got.status, 200);
    assert.equal(got.body.name, 'echo');
    const byGroup = await api.call('GET', '/api/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.Logic/workflows');
    assert.ok(byGroup.body.value.some((w: any) => w.name === 'echo'));
    const bySubscription = await api.call('GET', '/api/subscriptions/sub1/providers/Microsoft.Logic/workflows');
    assert.ok(bySubscription.body.value.some((w: any) => w.name === 'echo'));
  });

  it('refuses an invalid definition with 400 naming the problems, and stores nothing', async () => {
    const response = await api.call('PUT', wfPath('broken'), {
      properties: { definition: { actions: { A: { type: 'Compose', inputs: '@nope(1)' }, B: { type: 'Compose', runAfter: { Z: ['Succeeded'] } } } } },
    });
    assert.equal(response.status, 400);
    assert.equal(response.body.error.code, 'InvalidWorkflowDefinition');
    const targets = response.body.error.details.map((detail: any) => detail.target);
    assert.ok(targets.includes('properties.definition.actions.A.inputs'), JSON.stringify(targets));
    assert.ok(targets.includes('properties.definition.actions.B.runAfter.Z'), JSON.stringify(targets));
    assert.equal((await api.call('GET', wfPath('broken'))).status, 404);
  });

  it('rejects malformed JSON, wrong types and bad states with 4xx naming the field', async () => {
    const malformed = await api.call('PUT', wfPath('m'), '{"properties": ');
    assert.equal(malformed.status, 400);
    assert.equal(malformed.body.error.code, 'InvalidJson');
    const wrongType = await api.call('PUT', wfPath('m'), { properties: { definition: 'text' } });
    assert.equal(wrongType.status, 400);
    assert.match(wrongType.body.error.target, /definition/);
    const badState = await api.call('PUT', wfPath('m'), { properties: { state: 'Sleeping', definition: echo } });
    assert.equal(badState.status, 400);
    assert.equal(badState.body.error.target, 'properties.state');
    const missing = await api.call('PUT', wfPath('m'), { properties: { definiton: echo } });
    assert.equal(missing.status, 400);
    assert.equal(missing.body.error.target, 'properties.definition');
    assert.equal(missing.body.error.message, 'properties.definition is required');
    assert.equal((await api.call('GET', wfPath('m'))).status, 404);
  });

  it('refuses a body nested deeper than 256 levels with 400 naming where, on every route, and keeps answering', async () => {
    // As text: this process's JSON.stringify would overflow its own stack on such a value.
    const deep = '{"a":'.repeat(5_000) + '1' + '}'.repeat(5_000);
    const definition = JSON.stringify({ ...echo, actions: { ...echo.actions, Deep: { type: 'Compose', inputs: 'DEEP' } } }).replace('"DEEP"', deep);
    const put = await api.call('PUT', wfPath('deep'), `{"properties": {"definition": ${definition}}}`);
    assert.equal(put.status, 400, JSON.stringify(put.body).slice(0, 300));
    assert.equal(put.body.error.code, 'InvalidRequestContent');
    assert.match(put.body.error.target, /^properties\.definition\.actions\.Deep\.inputs\.a/);
    assert.equal((await api.call('GET', wfPath('deep'))).status, 404);
    await api.call('PUT', wfPath('deep'), { properties: { definition: echo } });
    const trigger = await api.call('POST', `${wfPath('deep')}/triggers/manual/run`, `{"name": ${deep}}`);
    assert.equal(trigger.status, 400);
    assert.equal((await api.call('GET', `${wfPath('deep')}/runs`)).body.value.length, 0, 'no run was queued');
    const parameters = await api.call('PUT', wfPath('deep'), `{"properties": {"definition": ${JSON.stringify(echo)}, "parameters": {"p": {"value": ${deep}}}}}`);
    assert.equal(parameters.status, 400);
    assert.equal((await api.call('GET', wfPath('deep'))).body.properties.version, 1);
  });

  it('pages lists with $top and nextLink', async () => {
    for (const name of ['p1', 'p2', 'p3']) await api.call('PUT', wfPath(name, 'paging'), { properties: { definition: echo } });
    const seen: string[] = [];
    let link: string | undefined = '/api/subscriptions/sub1/resourceGroups/paging/providers/Microsoft.Logic/workflows?$top=2';
    while (link) {
      const pageResponse: any = await api.call('GET', link.replace(api.url, ''));
      assert.equal(pageResponse.status, 200);
      seen.push(...pageResponse.body.value.map((w: any) => w.name));
      link = pageResponse.body.nextLink;
    }
    assert.deepEqual(seen, ['p1', 'p2', 'p3']);
  });
});

describe('request triggers and runs', () => {
  it('runs a Request trigger and answers with its Response action', async () => {
    await api.call('PUT', wfPath('echo2'), { properties: { definition: echo } });
    const response = await api.call('POST', `${wfPath('echo2')}/triggers/manual/run`, { name: 'SOC' });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.deepEqual(response.body, { greeting: 'Hello SOC' });
    const runId = response.headers['x-ms-workflow-run-id'] as string;
    const run = await waitForRun(wfPath('echo2'), runId);
    assert.equal(run.properties.status, 'Succeeded');
    assert.equal(run.properties.trigger.name, 'manual');
    assert.deepEqual(run.properties.trigger.outputs.body, { name: 'SOC' });
    const actions = await api.call('GET', `${wfPath('echo2')}/runs/${runId}/actions`);
    const greeting = actions.body.value.find((action: any) => action.name === 'Greeting');
    assert.equal(greeting.properties.status, 'Succeeded');
    assert.equal(greeting.properties.outputs, 'Hello SOC');
    const list = await api.call('GET', `${wfPath('echo2')}/runs`);
    assert.equal(list.body.value[0].name, runId);
  });

  it('a Response the server cannot send fails its action, and the caller gets the run id, not a broken answer', async () => {
    const badHeader = {
      triggers: { manual: { type: 'Request', kind: 'Http' } },
      actions: { Respond: { type: 'Response', inputs: { statusCode: 200, headers: { 'Bad Header Name': 'x' }, body: 'hi' } } },
    };
    await api.call('PUT', wfPath('bad-response'), { properties: { definition: badHeader } });
    const started = Date.now();
    const response = await api.call('POST', `${wfPath('bad-response')}/triggers/manual/run`, {});
    assert.equal(response.status, 202, JSON.stringify(response.body));
    assert.ok(Date.now() - started < 5_000, 'answered once the run ended, not after the response timeout');
    const run = await waitForRun(wfPath('bad-response'), response.body.runId);
    assert.equal(run.properties.status, 'Failed');
    const actions = await api.call('GET', `${wfPath('bad-response')}/runs/${response.body.runId}/actions`);
    assert.match(actions.body.value[0].properties.error.message, /not a valid HTTP header name/);
  });

  it('resubmits a run and cancels a queued one', async () => {
    const slow = {
      triggers: { manual: { type: 'Request', kind: 'Http' } },
      actions: { Pause: { type: 'Wait', inputs: { interval: { count: 30, unit: 'Second' } } } },
    };
    await api.call('PUT', wfPath('slow'), { properties: { definition: slow } });
    const started = await api.call('POST', `${wfPath('slow')}/triggers/manual/run`, {});
    assert.equal(started.status, 202);
    const cancel = await api.call('POST', `${wfPath('slow')}/runs/${started.body.runId}/cancel`);
    assert.equal(cancel.status, 200);
    const run = await waitForRun(wfPath('slow'), started.body.runId);
    assert.equal(run.properties.status, 'Cancelled');
    const again = await api.call('POST', `${wfPath('slow')}/runs/${started.body.runId}/cancel`);
    assert.equal(again.status, 409);
    const resubmitted = await api.call('POST', `${wfPath('echo2')}/runs/${(await api.call('GET', `${wfPath('echo2')}/runs`)).body.value[0].name}/resubmit`);
    assert.equal(resubmitted.status, 202);
    assert.equal((await waitForRun(wfPath('echo2'), resubmitted.body.runId)).properties.status, 'Succeeded');
  });

  it('answers 404 for unknown workflows, runs and triggers', async () => {
    assert.equal((await api.call('GET', `${wfPath('nope')}/runs`)).status, 404);
    assert.equal((await api.call('GET', `${wfPath('echo2')}/runs/NOPE`)).status, 404);
    assert.equal((await api.call('POST', `${wfPath('echo2')}/triggers/other/run`, {})).status, 404);
  });

  it('publishes the OpenAPI document', async () => {
    const doc = await api.call('GET', '/api/openapi.json');
    assert.equal(doc.status, 200);
    assert.equal(doc.body.openapi, '3.0.3');
    assert.ok(Object.keys(doc.body.paths).some((path) => path.includes('Microsoft.Logic/workflows')));
  });
});

describe('enable and disable', () => {
  it('lets a Logic App Operator disable and enable a workflow without a new version, and a disabled one is not started', async () => {
    const put = await api.call('PUT', wfPath('toggle'), { properties: { definition: echo } });
    assert.equal(put.status, 201, JSON.stringify(put.body));
    const operator = await createPrincipal(api, `operator-toggle-${Date.now()}`);
    await assignRole(api, operator.id, 'Logic App Operator', wfPath('toggle').slice('/api'.length));
    assert.equal((await operator.client.call('PUT', wfPath('toggle'), { properties: { definition: echo } })).status, 403, 'an operator never edits');
    const disabled = await operator.client.call('POST', `${wfPath('toggle')}/disable`);
    assert.equal(disabled.status, 200, JSON.stringify(disabled.body));
    assert.equal(disabled.body.properties.state, 'Disabled');
    assert.equal(disabled.body.properties.version, put.body.properties.version);
    assert.equal((await operator.client.call('POST', `${wfPath('toggle')}/triggers/manual/run`, {})).status, 409);
    const enabled = await operator.client.call('POST', `${wfPath('toggle')}/enable`);
    assert.equal(enabled.body.properties.state, 'Enabled');
    assert.equal((await operator.client.call('POST', `${wfPath('toggle')}/triggers/manual/run`, {})).status < 300, true);
    assert.equal((await api.call('POST', `${wfPath('missing')}/disable`)).status, 404);
  });
});

describe('secure parameters', () => {
  it('keeps a stored secure value when the body sends it back masked, as GET shows it', async () => {
    const definition = {
      parameters: { apiKey: { type: 'securestring' }, team: { type: 'string' } },
      triggers: { manual: { type: 'Request', kind: 'Http' } },
      actions: {},
    };
    const created = await api.call('PUT', wfPath('secure'), { properties: { definition, parameters: { apiKey: { value: 'kept-secret-value' }, team: { value: 'soc' } } } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const shown = (await api.call('GET', wfPath('secure'))).body;
    assert.deepEqual(shown.properties.parameters.apiKey, {}, 'GET never shows a secure value');
    const validated = await api.call('POST', `${wfPath('secure')}/validate`, { properties: { definition, parameters: shown.properties.parameters } });
    assert.equal(validated.status, 200, JSON.stringify(validated.body));
    const saved = await api.call('PUT', wfPath('secure'), { properties: { state: 'Disabled', definition, parameters: { ...shown.properties.parameters, team: { value: 'blue' } } } });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    const { db } = api.server.context;
    const versions = await db.selectFrom('workflow_versions').select(['version', 'parameters']).where('workflow_key', 'like', '%/workflows/secure').orderBy('version').execute();
    assert.deepEqual(JSON.parse(versions.at(-1)?.parameters ?? '{}'), { apiKey: { value: 'kept-secret-value' }, team: { value: 'blue' } });
    // Validation never uses the stored value: it cannot be probed one allowed value at a time.
    for (const guess of ['kept-secret-value', 'wrong-guess']) {
      const probe = { ...definition, parameters: { ...definition.parameters, apiKey: { type: 'securestring', allowedValues: [guess] } } };
      assert.equal((await api.call('POST', `${wfPath('secure')}/validate`, { properties: { definition: probe, parameters: { apiKey: {}, team: { value: 'soc' } } } })).status, 200);
    }
    // A plain parameter re-declared as secure carries nothing over.
    const redeclared = { ...definition, parameters: { ...definition.parameters, team: { type: 'securestring' } } };
    assert.equal((await api.call('PUT', wfPath('secure'), { properties: { definition: redeclared, parameters: { apiKey: {}, team: {} } } })).status, 400);
    // With nothing stored to keep (a new workflow), a masked value is still refused.
    assert.equal((await api.call('PUT', wfPath('secure-new'), { properties: { definition, parameters: { apiKey: {} } } })).status, 400);
  });
});
