/**
 * Connections over HTTP: the catalogue, CRUD with validation, secrets sealed at rest and never answered, the
 * credential test, and `ApiConnection` actions reaching a real local service through a connection.
 */
import assert from 'node:assert/strict';
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { api, newSubscription, settledRuns, workflowId } from '../support/defender.js';
import { type HttpSink, startHttpSink } from '../support/http-sink.js';
import { type TestServer, startTestServer } from '../support/riposte-server.js';

const SLACK_TOKEN = 'xoxb-1111-2222-very-secret-token';
let server: TestServer;
let slack: HttpSink;

before(async () => {
  server = await startTestServer();
  // A Slack Web API stand-in: it echoes the Authorization header back, as a careless service might.
  slack = await startHttpSink((request) => {
    if (request.url === '/api/auth.test') {
      return request.headers['authorization'] === `Bearer ${SLACK_TOKEN}`
        ? { status: 200, body: { ok: true, team: 'SOC', user: 'riposte-bot' } }
        : { status: 200, body: { ok: false, error: 'invalid_auth' } };
    }
    return { status: 200, body: { ok: true, channel: 'C123', ts: '1700000000.000100', echo: request.headers['authorization'] } };
  });
});
after(async () => {
  await server.stop();
  await slack.close();
});

const connectionPath = (sub: string, rg: string, name: string) => `/api/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Web/connections/${name}`;

function slackConnection(token: string | null | undefined = SLACK_TOKEN) {
  return {
    properties: {
      api: { name: 'slack' },
      displayName: 'SOC Slack',
      parameterValues: { ...(token === undefined ? {} : { token }), baseUrl: `${slack.url}/api` },
    },
  };
}

describe('the connector catalogue', () => {
  it('lists every built-in connector with its parameters and operation input schemas', async () => {
    const response = await server.call('GET', '/api/providers/Microsoft.Web/managedApis');
    assert.equal(response.status, 200);
    const byName = new Map(response.body.value.map((item: any) => [item.name, item]));
    const expected: Record<string, string[]> = {
      office365: ['serverAddress', 'port', 'enableSSL', 'userName', 'password', 'from'],
      smtp: ['serverAddress', 'port', 'enableSSL', 'userName', 'password', 'from'],
      slack: ['token', 'baseUrl'],
      teams: ['webhookUrl'],
      'service-now': ['instance', 'username', 'password'],
      jira: ['jiraInstance', 'email', 'apiToken'],
      pagerduty: ['routingKey', 'baseUrl'],
      webhook: ['url', 'secret'],
    };
    for (const [name, parameters] of Object.entries(expected)) {
      const connector: any = byName.get(name);
      assert.ok(connector, `${name} is listed`);
      assert.equal(connector.id, `/providers/Microsoft.Web/managedApis/${name}`);
      for (const parameter of parameters) assert.ok(parameter in connector.properties.connectionParameters, `${name} declares ${parameter}`);
      assert.ok(connector.properties.operations.length > 0);
      for (const operation of connector.properties.operations) {
        assert.equal(typeof operation.inputs, 'object', `${name} ${operation.id} has an input schema`);
        assert.match(operation.path, /^\//);
      }
    }
    const mail: any = byName.get('office365');
    assert.ok(mail.properties.operations.some((operation: any) => operation.method === 'POST' && operation.path === '/v2/Mail'));
    assert.equal(mail.properties.connectionParameters.password.secret, true);
    assert.equal(mail.properties.connectionParameters.serverAddress.secret, false);
    const one = await server.call('GET', '/api/providers/Microsoft.Web/managedApis/SLACK');
    assert.equal(one.body.name, 'slack');
    assert.equal((await server.call('GET', '/api/providers/Microsoft.Web/managedApis/fax')).status, 404);
  });
});

describe('connection resources', () => {
  it('creates, reads, lists and deletes a connection without ever answering a secret', async () => {
    const sub = newSubscription();
    const created = await server.call('PUT', connectionPath(sub, 'soc', 'slack-1'), slackConnection());
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.id, `/subscriptions/${sub}/resourceGroups/soc/providers/Microsoft.Web/connections/slack-1`);
    assert.equal(created.body.type, 'Microsoft.Web/connections');
    assert.deepEqual(created.body.properties.api, { name: 'slack', displayName: created.body.properties.api.displayName, id: '/providers/Microsoft.Web/managedApis/slack' });
    assert.deepEqual(created.body.properties.parameterValues, { baseUrl: `${slack.url}/api` });
    assert.deepEqual([...created.body.properties.parametersSet].sort(), ['baseUrl', 'token']);
    assert.equal(created.body.properties.overallStatus, 'Untested');
    const read = await server.call('GET', connectionPath(sub, 'soc', 'slack-1'));
    const groupList = await server.call('GET', `/api/subscriptions/${sub}/resourceGroups/soc/providers/Microsoft.Web/connections`);
    const subList = await server.call('GET', `/api/subscriptions/${sub}/providers/Microsoft.Web/connections`);
    for (const body of [created.body, read.body, groupList.body, subList.body]) assert.ok(!JSON.stringify(body).includes(SLACK_TOKEN));
    assert.equal(groupList.body.value.length, 1);
    assert.equal(subList.body.value.length, 1);
    const updated = await server.call('PUT', connectionPath(sub, 'soc', 'slack-1'), { properties: { ...slackConnection().properties, displayName: 'Renamed' } });
    assert.equal(updated.status, 200);
    assert.equal(updated.body.properties.displayName, 'Renamed');
    assert.equal((await server.call('DELETE', connectionPath(sub, 'soc', 'slack-1'))).status, 200);
    assert.equal((await server.call('GET', connectionPath(sub, 'soc', 'slack-1'))).status, 404);
    assert.equal((await server.call('DELETE', connectionPath(sub, 'soc', 'slack-1'))).status, 204);
  });

  it('keeps a secret the body leaves out, and clears it on null', async () => {
    const sub = newSubscription();
    const path = connectionPath(sub, 'soc', 'slack-keep');
    await server.call('PUT', path, slackConnection());
    const kept = await server.call('PUT', path, slackConnection(undefined));
    assert.ok(kept.body.properties.parametersSet.includes('token'));
    assert.equal((await server.call('POST', `${path}/test`)).body.status, 'Connected');
    const cleared = await server.call('PUT', path, slackConnection(null));
    assert.ok(!cleared.body.properties.parametersSet.includes('token'));
  });

  it('never carries a stored secret to a new destination, and matches parameter names case-insensitively', async () => {
    const sub = newSubscription();
    const path = connectionPath(sub, 'soc', 'slack-moved');
    await server.call('PUT', path, slackConnection());
    const moved = await server.call('PUT', path, { properties: { api: { name: 'slack' }, parameterValues: { baseUrl: 'http://attacker.invalid/api' } } });
    assert.equal(moved.status, 400);
    assert.equal(moved.body.error.target, 'properties.parameterValues.token');
    assert.match(moved.body.error.message, /baseUrl/);
    assert.equal((await server.call('GET', path)).body.properties.parameterValues.baseUrl, `${slack.url}/api`, 'nothing changed');
    const recased = await server.call('PUT', path, { properties: { api: { name: 'slack' }, parameterValues: { Token: 'xoxb-wrong-token-value', BASEURL: `${slack.url}/api` } } });
    assert.equal(recased.status, 200, JSON.stringify(recased.body));
    assert.equal((await server.call('POST', `${path}/test`)).body.status, 'Error', 'the new token replaced the stored one');
  });

  it('refuses bad input naming the field, and changes nothing', async () => {
    const sub = newSubscription();
    const path = connectionPath(sub, 'soc', 'bad');
    const cases: [unknown, string][] = [
      [{ properties: { api: { name: 'fax' }, parameterValues: {} } }, 'properties.api.name'],
      [{ properties: { api: { name: 'slack' }, parameterValues: { token: 'x', colour: 'red' } } }, 'properties.parameterValues.colour'],
      [{ properties: { api: { name: 'smtp' }, parameterValues: { serverAddress: 'mail', from: 'a@b.c', port: 'twenty-five' } } }, 'properties.parameterValues.port'],
      [{ properties: { api: { name: 'smtp' }, parameterValues: { from: 'a@b.c' } } }, 'properties.parameterValues.serverAddress'],
      [{ properties: { api: { name: 'webhook' }, parameterValues: { url: 42 } } }, 'properties.parameterValues.url'],
      [{ nothing: true }, 'properties'],
    ];
    for (const [body, target] of cases) {
      const response = await server.call('PUT', path, body);
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.equal(response.body.error.target, target, JSON.stringify(response.body));
      assert.ok(response.body.error.message.length > 10);
    }
    assert.equal((await server.call('PUT', connectionPath(sub, 'soc', 'bad name!'), slackConnection())).status, 400);
    assert.equal((await server.call('GET', path)).status, 404);
  });

  it('refuses on PUT the values the connection test would refuse, naming the field, and stores nothing', async () => {
    const sub = newSubscription();
    const smtp = (values: object) => ({ properties: { api: { name: 'smtp' }, parameterValues: { serverAddress: 'x', from: 'a@b.c', ...values } } });
    const cases: [unknown, string, RegExp][] = [
      [{ properties: { api: { name: 'webhook' }, parameterValues: { url: 'not a url', secret: 'abcdefghij' } } }, 'url', /'url' is not a valid URL/],
      [smtp({ port: 99999 }), 'port', /port '99999', which is not a port number/],
      [smtp({ port: -5 }), 'port', /port '-5', which is not a port number/],
      [smtp({ from: 'not-an-email' }), 'from', /'not-an-email' is not a valid email address/],
      [{ properties: { api: { name: 'service-now' }, parameterValues: { instance: 'ftp://x', username: 'u', password: 'p' } } }, 'instance', /'instance' must be an http or https URL/],
    ];
    for (const [index, [body, parameter, reason]] of cases.entries()) {
      const path = connectionPath(sub, 'soc', `refused-${index}`);
      const response = await server.call('PUT', path, body);
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.equal(response.body.error.code, 'InvalidConnectionParameters');
      assert.equal(response.body.error.target, `properties.parameterValues.${parameter}`, JSON.stringify(response.body));
      assert.match(response.body.error.message, reason);
      assert.equal((await server.call('GET', path)).status, 404, 'nothing stored');
    }
    const mismatch = await server.call('PUT', connectionPath(sub, 'soc', 'mismatch'), {
      properties: { api: { name: 'slack', id: '/providers/Microsoft.Web/managedApis/webhook' }, parameterValues: { token: 'xoxb-a' } },
    });
    assert.equal(mismatch.status, 400);
    assert.equal(mismatch.body.error.target, 'properties.api', JSON.stringify(mismatch.body));
    assert.match(mismatch.body.error.message, /slack.*webhook/);
    assert.equal((await server.call('GET', connectionPath(sub, 'soc', 'mismatch'))).status, 404);
  });

  it('leaves a stored connection as it was when a PUT sends a value its test would refuse', async () => {
    const sub = newSubscription();
    const hook = connectionPath(sub, 'soc', 'hook');
    const hookBody = (url: string) => ({ properties: { api: { name: 'webhook' }, parameterValues: { url, secret: 'abcdefghij' } } });
    assert.equal((await server.call('PUT', hook, hookBody(`${slack.url}/hook`))).status, 201);
    const refused = await server.call('PUT', hook, hookBody('not a url'));
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error.target, 'properties.parameterValues.url');
    assert.equal((await server.call('GET', hook)).body.properties.parameterValues.url, `${slack.url}/hook`);

    const mail = connectionPath(sub, 'soc', 'mail');
    const stored = { serverAddress: 'mail.example.com', port: 587, enableSSL: false, from: 'a@b.c' };
    assert.equal((await server.call('PUT', mail, { properties: { api: { name: 'smtp' }, parameterValues: stored } })).status, 201);
    const badPort = await server.call('PUT', mail, { properties: { api: { name: 'smtp' }, parameterValues: { ...stored, port: 99999 } } });
    assert.equal(badPort.status, 400);
    assert.equal(badPort.body.error.target, 'properties.parameterValues.port');
    assert.deepEqual((await server.call('GET', mail)).body.properties.parameterValues, stored);

    const chat = connectionPath(sub, 'soc', 'chat');
    await server.call('PUT', chat, slackConnection());
    const renamed = await server.call('PUT', chat, { properties: { ...slackConnection().properties, api: { name: 'slack', id: '/providers/Microsoft.Web/managedApis/webhook' } } });
    assert.equal(renamed.status, 400);
    assert.equal(renamed.body.error.target, 'properties.api');
    const unchanged = (await server.call('GET', chat)).body.properties;
    assert.equal(unchanged.api.name, 'slack');
    assert.deepEqual([...unchanged.parametersSet].sort(), ['baseUrl', 'token']);
    const agreeing = await server.call('PUT', chat, { properties: { ...slackConnection().properties, api: { name: 'Slack', id: '/subscriptions/x/providers/Microsoft.Web/locations/westus/managedApis/slack' } } });
    assert.equal(agreeing.status, 200, JSON.stringify(agreeing.body));
  });

  it('seals secrets at rest under a key file only the owner can read', async () => {
    const sub = newSubscription();
    await server.call('PUT', connectionPath(sub, 'soc', 'sealed'), slackConnection());
    const mode = (await stat(join(server.dataDir, 'secret.key'))).mode & 0o777;
    assert.equal(mode, 0o600);
    for (const file of await readdir(server.dataDir)) {
      if ((await stat(join(server.dataDir, file))).isDirectory()) continue;
      const bytes = await readFile(join(server.dataDir, file));
      assert.ok(!bytes.includes(SLACK_TOKEN), `${file} does not hold the token in clear`);
    }
  });

  it('tests the credentials against the service', async () => {
    const sub = newSubscription();
    const good = connectionPath(sub, 'soc', 'good');
    await server.call('PUT', good, slackConnection());
    const ok = await server.call('POST', `${good}/test`);
    assert.equal(ok.status, 200);
    assert.equal(ok.body.status, 'Connected', JSON.stringify(ok.body));
    assert.equal((await server.call('GET', good)).body.properties.overallStatus, 'Connected');
    const bad = connectionPath(sub, 'soc', 'bad-token');
    await server.call('PUT', bad, slackConnection('xoxb-wrong-token-value'));
    const failed = await server.call('POST', `${bad}/test`);
    assert.equal(failed.body.status, 'Error');
    assert.match(failed.body.message, /invalid_auth/);
    assert.ok(!failed.body.message.includes('xoxb-wrong-token-value'));
    assert.equal((await server.call('POST', `${connectionPath(sub, 'soc', 'missing')}/test`)).status, 404);
  });
});

describe('ApiConnection actions through a connection', () => {
  function slackWorkflow(sub: string, connectionName: string) {
    return {
      properties: {
        state: 'Enabled',
        definition: {
          $schema: 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#',
          contentVersion: '1.0.0.0',
          parameters: { $connections: { type: 'Object', defaultValue: {} } },
          triggers: { manual: { type: 'Request', kind: 'Http', inputs: { schema: {} } } },
          actions: {
            Post_message: {
              type: 'ApiConnection',
              inputs: {
                host: { connection: { name: "@parameters('$connections')['slack']['connectionId']" } },
                method: 'post',
                path: '/chat.postMessage',
                body: { channel: '#soc', text: "Alert: @{triggerBody()?['AlertDisplayName']}" },
              },
              runAfter: {},
            },
          },
        },
        parameters: {
          $connections: {
            value: {
              slack: {
                connectionId: `/subscriptions/${sub}/resourceGroups/soc/providers/Microsoft.Web/connections/${connectionName}`,
                connectionName,
                id: '/providers/Microsoft.Web/managedApis/slack',
              },
            },
          },
        },
      },
    };
  }

  async function runOnce(sub: string, name: string): Promise<any> {
    const workflow = workflowId(sub, 'soc', name);
    const started = await server.call('POST', `${api(workflow)}/triggers/manual/run`, { AlertDisplayName: 'Suspicious login' });
    assert.ok(started.status < 300, JSON.stringify(started.body));
    const [run] = await settledRuns(server, workflow);
    const actions = await server.call('GET', `${api(workflow)}/runs/${run.name}/actions`);
    return { run, actions: actions.body.value };
  }

  it('posts to Slack with the connection token, and the run record never holds it', async () => {
    const sub = newSubscription();
    await server.call('PUT', connectionPath(sub, 'soc', 'slack-main'), slackConnection());
    assert.equal((await server.call('PUT', api(workflowId(sub, 'soc', 'notify')), slackWorkflow(sub, 'slack-main'))).status, 201);
    const before = slack.requests.length;
    const { run, actions } = await runOnce(sub, 'notify');
    assert.equal(run.properties.status, 'Succeeded', JSON.stringify(actions));
    const sent = slack.requests.slice(before).find((request) => request.url === '/api/chat.postMessage');
    assert.ok(sent);
    assert.equal(sent.headers['authorization'], `Bearer ${SLACK_TOKEN}`);
    assert.deepEqual(JSON.parse(sent.body), { channel: '#soc', text: 'Alert: Suspicious login' });
    const record = JSON.stringify({ run, actions });
    assert.ok(!record.includes(SLACK_TOKEN), 'the echoed token is redacted from the run record');
    assert.equal(actions[0].properties.status, 'Succeeded');
  });

  it('fails only the actions of a connection whose secrets cannot be read; the run still finishes', async () => {
    const sub = newSubscription();
    await server.call('PUT', connectionPath(sub, 'soc', 'slack-broken'), slackConnection());
    await server.server.context.db.updateTable('connections').set({ sealed_secrets: 'v1.AAAA.BBBB.CCCC' }).where('name', '=', 'slack-broken').execute();
    await server.call('PUT', api(workflowId(sub, 'soc', 'broken')), slackWorkflow(sub, 'slack-broken'));
    const { run, actions } = await runOnce(sub, 'broken');
    assert.equal(run.properties.status, 'Failed');
    assert.equal(actions[0].properties.code, 'ConnectorNotConfigured');
    assert.match(actions[0].properties.error.message, /cannot be read/);
    assert.equal((await server.call('GET', connectionPath(sub, 'soc', 'slack-broken'))).status, 200, 'listing needs no key');
  });

  it('fails clearly when the connection does not exist', async () => {
    const sub = newSubscription();
    await server.call('PUT', api(workflowId(sub, 'soc', 'orphan')), slackWorkflow(sub, 'never-created'));
    const { run, actions } = await runOnce(sub, 'orphan');
    assert.equal(run.properties.status, 'Failed');
    assert.equal(actions[0].properties.code, 'ConnectorNotConfigured');
    assert.match(actions[0].properties.error.message, /never-created/);
  });
});
