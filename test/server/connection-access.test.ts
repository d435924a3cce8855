/**
 * Using a connection's stored credentials needs `Microsoft.Web/connections/join/action` on it: a Logic App
 * Contributor in one resource group cannot reach a connection in another by any way a workflow can name one
 * (`$connections` in any spelling, its declared default, a literal connection id or bare name in an action), a run
 * may use only the connections its workflow declared when it was saved (an expression-computed name included), and
 * a template deployment refused for want of `join` says nothing about what exists in the other group.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { api, newSubscription, settledRuns, workflowId } from '../support/defender.js';
import { type HttpSink, startHttpSink } from '../support/http-sink.js';
import { type TestPrincipal, assignRole, createPrincipal } from '../support/principals.js';
import { type TestServer, startTestServer } from '../support/riposte-server.js';

const TOKEN_A = 'xoxb-aaaa-group-a-token-value';
const TOKEN_B = 'xoxb-bbbb-group-b-secret-token';
const JOIN = 'Microsoft.Web/connections/join/action';

let server: TestServer;
let slack: HttpSink;
let sub: string;
let contributor: TestPrincipal;

const connectionId = (rg: string, name: string) => `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Web/connections/${name}`;
const B_SLACK = () => connectionId('rgB', 'slack-b');
const A_SLACK = () => connectionId('rgA', 'slack-a');

async function putConnection(rg: string, name: string, body: unknown): Promise<void> {
  const response = await server.call('PUT', `/api${connectionId(rg, name)}`, body);
  assert.equal(response.status, 201, JSON.stringify(response.body));
}

const slackConnection = (token: string) => ({ properties: { api: { name: 'slack' }, parameterValues: { token, baseUrl: `${slack.url}/api` } } });

before(async () => {
  server = await startTestServer();
  slack = await startHttpSink([{ status: 200, body: { ok: true, channel: 'C1', ts: '1700000000.000100' } }]);
  sub = newSubscription();
  await putConnection('rgA', 'slack-a', slackConnection(TOKEN_A));
  await putConnection('rgB', 'slack-b', slackConnection(TOKEN_B));
  await putConnection('rgB', 'hook-b', { properties: { api: { name: 'webhook' }, parameterValues: { url: `${slack.url}/hook`, secret: 'hook-signing-secret' } } });
  contributor = await createPrincipal(server, 'rg-a-contributor');
  await assignRole(server, contributor.id, 'Logic App Contributor', `/subscriptions/${sub}/resourceGroups/rgA`);
});
after(async () => {
  await server.stop();
  await slack.close();
});

interface WorkflowOptions {
  readonly connectionName?: string;
  readonly defaultConnections?: unknown;
  readonly parameters?: Record<string, { value: unknown }>;
}

function slackWorkflow(options: WorkflowOptions) {
  return {
    properties: {
      definition: {
        $schema: 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#',
        contentVersion: '1.0.0.0',
        parameters: { $connections: { type: 'Object', defaultValue: options.defaultConnections ?? {} } },
        triggers: { manual: { type: 'Request', kind: 'Http', inputs: { schema: {} } } },
        actions: {
          Post_message: {
            type: 'ApiConnection',
            inputs: {
              host: { connection: { name: options.connectionName ?? "@parameters('$connections')['slack']['connectionId']" } },
              method: 'post',
              path: '/chat.postMessage',
              body: { channel: '#soc', text: 'hello' },
            },
            runAfter: {},
          },
        },
      },
      parameters: options.parameters ?? {},
    },
  };
}

const slackEntry = (id: string) => ({ slack: { connectionId: id, connectionName: id.split('/').pop(), id: '/providers/Microsoft.Web/managedApis/slack' } });

function assertJoinRefused(response: { status: number; body: any }, id: string): void {
  assert.equal(response.status, 403, JSON.stringify(response.body));
  assert.equal(response.body.error.code, 'AuthorizationFailed');
  assert.ok(response.body.error.message.includes(JOIN), response.body.error.message);
  assert.ok(response.body.error.message.toLowerCase().includes(id.toLowerCase()), response.body.error.message);
}

const sentWith = (token: string) => slack.requests.filter((request) => request.headers['authorization'] === `Bearer ${token}`);

describe('saving a workflow needs join on every connection it can reach', () => {
  const routes: [string, () => WorkflowOptions][] = [
    ['a literal connection id in host.connection.name', () => ({ connectionName: B_SLACK() })],
    ['$connections given in another spelling', () => ({ parameters: { $CONNECTIONS: { value: slackEntry(B_SLACK()) } } })],
    ["the definition's $connections defaultValue", () => ({ defaultConnections: slackEntry(B_SLACK()) })],
    ['$connections given as usual', () => ({ parameters: { $connections: { value: slackEntry(B_SLACK()) } } })],
  ];
  for (const [route, options] of routes) {
    it(`refuses a connection in another group reached through ${route}`, async () => {
      const workflow = workflowId(sub, 'rgA', `wf-${route.replace(/\W+/g, '-')}`);
      const response = await contributor.client.call('PUT', api(workflow), slackWorkflow(options()));
      assertJoinRefused(response, B_SLACK());
      assert.equal((await server.call('GET', api(workflow))).status, 404, 'nothing was saved');
    });
  }

  it('refuses a bare connection name in a group where the caller may write the workflow but not join connections', async () => {
    const workflow = workflowId(sub, 'rgB', 'bare');
    const writer = await createPrincipal(server, 'rg-b-workflow-writer');
    await assignRole(server, writer.id, 'Logic App Contributor', workflow);
    assertJoinRefused(await writer.client.call('PUT', api(workflow), slackWorkflow({ connectionName: 'slack-b' })), B_SLACK());
    const named = slackWorkflow({ parameters: { $connections: { value: { slack: { connectionName: 'slack-b' } } } } });
    assertJoinRefused(await writer.client.call('PUT', api(workflow), named), B_SLACK());
    // Its own group's connections that do not exist yet (a Defender trigger's `ascalert`) need no join.
    const missing = slackWorkflow({ parameters: { $connections: { value: { slack: { connectionName: 'ascalert' } } } } });
    assert.equal((await writer.client.call('PUT', api(workflow), missing)).status, 201);
  });

  it('answers the same for a missing connection in another group as for an existing one', async () => {
    const missing = connectionId('rgB', 'never-created');
    const response = await contributor.client.call('PUT', api(workflowId(sub, 'rgA', 'missing')), slackWorkflow({ connectionName: missing }));
    assertJoinRefused(response, missing);
  });

  it('saves and runs a workflow using a connection in its own group', async () => {
    const workflow = workflowId(sub, 'rgA', 'allowed');
    const saved = await contributor.client.call('PUT', api(workflow), slackWorkflow({ parameters: { $connections: { value: slackEntry(A_SLACK()) } } }));
    assert.equal(saved.status, 201, JSON.stringify(saved.body));
    const literal = await contributor.client.call('PUT', api(workflowId(sub, 'rgA', 'allowed-literal')), slackWorkflow({ connectionName: 'slack-a' }));
    assert.equal(literal.status, 201, JSON.stringify(literal.body));
    const before = sentWith(TOKEN_A).length;
    assert.equal((await contributor.client.call('POST', `${api(workflow)}/triggers/manual/run`, {})).status, 202);
    const [run] = await settledRuns(server, workflow);
    assert.equal(run.properties.status, 'Succeeded', JSON.stringify(run));
    assert.equal(sentWith(TOKEN_A).length, before + 1);
  });
});

describe('a run uses only the connections its workflow declared', () => {
  async function runFails(name: string, target: string): Promise<any> {
    const workflow = workflowId(sub, 'rgA', name);
    const computed = `@concat('${target.slice(0, 20)}', '${target.slice(20)}')`;
    const body = slackWorkflow({ connectionName: computed, parameters: { $connections: { value: slackEntry(A_SLACK()) } } });
    const saved = await contributor.client.call('PUT', api(workflow), body);
    assert.equal(saved.status, 201, JSON.stringify(saved.body));
    const started = await contributor.client.call('POST', `${api(workflow)}/triggers/manual/run`, {});
    assert.equal(started.status, 202, JSON.stringify(started.body));
    const [run] = await settledRuns(server, workflow);
    assert.equal(run.properties.status, 'Failed');
    const [action] = (await server.call('GET', `${api(workflow)}/runs/${run.name}/actions`)).body.value;
    assert.equal(action.properties.code, 'ConnectorNotConfigured');
    assert.match(action.properties.error.message, /not declared in the workflow's \$connections/);
    return action.properties.error.message.replace(target, '<id>');
  }

  it('fails an action whose computed connection name points at an undeclared connection, and sends no token', async () => {
    const requests = slack.requests.length;
    const existing = await runFails('computed', B_SLACK());
    assert.equal(slack.requests.length, requests, 'the connector was never called');
    assert.equal(sentWith(TOKEN_B).length, 0);
    const missing = await runFails('computed-missing', connectionId('rgB', 'never-created'));
    assert.equal(existing, missing, 'the message does not tell whether it exists');
  });
});

describe('deploying a template needs join on the connections it names, before they are looked up', () => {
  const deploy = (connection: string) =>
    contributor.client.call('POST', '/api/templates/post-slack-message-alert/deploy', {
      subscriptionId: sub,
      resourceGroup: 'rgA',
      workflowName: 'from-template',
      parameters: { channel: '#soc' },
      connections: { slack: connection },
    });

  it('answers 403 alike for an existing connection, one of another API and a missing one in another group', async () => {
    const answers = [];
    for (const id of [B_SLACK(), connectionId('rgB', 'hook-b'), connectionId('rgB', 'never-created')]) {
      const response = await deploy(id);
      assertJoinRefused(response, id);
      answers.push(JSON.stringify(response.body).replaceAll(id.toLowerCase(), '<id>').replaceAll(id, '<id>'));
    }
    assert.equal(new Set(answers).size, 1, answers.join('\n'));
    assert.equal((await server.call('GET', api(workflowId(sub, 'rgA', 'from-template')))).status, 404);
  });

  it('deploys with a connection in its own group', async () => {
    const response = await deploy('slack-a');
    assert.equal(response.status, 201, JSON.stringify(response.body));
  });
});
