/**
 * Connection secrets never leave the vault: the server runs as its own process with trace logging, connections to
 * Slack, SMTP and a signed webhook are created, tested and used by a run (one call succeeds, one fails, one service
 * echoes the credentials back), and then every API answer, every log line and every byte under the data
 * directory is searched for each secret.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { api, newSubscription, settledRuns, workflowId } from '../support/defender.js';
import { type HttpSink, startHttpSink } from '../support/http-sink.js';
import { type ApiClient, apiClient, freePort, removeTestData, spawnServer } from '../support/riposte-server.js';
import { type SmtpSink, startSmtpSink } from '../support/smtp-sink.js';

const secrets = {
  slackToken: 'xoxb-9999-leak-canary-slack-token',
  smtpPassword: 'leak-canary-smtp-password',
  webhookSecret: 'leak-canary-webhook-signing-secret',
};

let dataDir: string;
let child: ChildProcess;
let output: () => string;
let client: ApiClient;
let sink: HttpSink;
let smtp: SmtpSink;
const answers: unknown[] = [];

before(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'riposte-leaks-'));
  // The sink echoes every request's headers and body, as a careless service might.
  sink = await startHttpSink((request) => {
    if (request.url.startsWith('/slack/chat.postMessage') && request.body.includes('#missing')) {
      return { status: 200, body: { ok: false, error: 'channel_not_found', echo: request.headers } };
    }
    if (request.url.startsWith('/slack/auth.test')) return { status: 200, body: { ok: true, team: 'SOC', echo: request.headers } };
    return { status: 200, body: { ok: true, echo: request.headers, body: request.body } };
  });
  // A login needs TLS: the sink offers STARTTLS with its own certificate, which the server is told to trust.
  smtp = await startSmtpSink({ auth: { user: 'riposte', password: secrets.smtpPassword }, tls: 'starttls' });
  let url: string;
  ({ child, url, output } = await spawnServer(dataDir, await freePort(), { RIPOSTE_LOG_LEVEL: 'trace', NODE_EXTRA_CA_CERTS: smtp.caFile ?? '' }));
  client = apiClient(url);
});
after(async () => {
  child.kill('SIGKILL');
  await sink.close();
  await smtp.close();
  await removeTestData(dataDir);
});

/** Every answer is kept, to be searched at the end. */
async function call(method: string, path: string, body?: unknown): Promise<any> {
  const response = await client.call(method, path, body);
  answers.push(response.body, response.headers);
  return response;
}

it('never answers, logs or stores a connection secret', async () => {
  const sub = newSubscription();
  const connections = `/api/subscriptions/${sub}/resourceGroups/soc/providers/Microsoft.Web/connections`;
  const put = async (name: string, apiName: string, parameterValues: Record<string, unknown>) => {
    const response = await call('PUT', `${connections}/${name}`, { properties: { api: { name: apiName }, parameterValues } });
    assert.equal(response.status, 201, JSON.stringify(response.body));
  };
  await put('slack', 'slack', { token: secrets.slackToken, baseUrl: `${sink.url}/slack` });
  await put('mail', 'smtp', { serverAddress: smtp.host, port: smtp.port, userName: 'riposte', password: secrets.smtpPassword, from: 'riposte@example.com' });
  await put('hook', 'webhook', { url: `${sink.url}/hook`, secret: secrets.webhookSecret });
  for (const name of ['slack', 'mail', 'hook']) {
    const tested = await call('POST', `${connections}/${name}/test`);
    assert.equal(tested.body.status, 'Connected', `${name}: ${JSON.stringify(tested.body)}`);
  }
  // A connection whose credentials the SMTP server refuses: its error must not quote the password either.
  await put('bad-mail', 'smtp', { serverAddress: smtp.host, port: smtp.port, userName: 'riposte', password: `${secrets.smtpPassword}-wrong`, from: 'riposte@example.com' });
  assert.equal((await call('POST', `${connections}/bad-mail/test`)).body.status, 'Error');

  const connection = (name: string) => ({ connectionId: `/subscriptions/${sub}/resourceGroups/soc/providers/Microsoft.Web/connections/${name}`, connectionName: name });
  const viaConnection = (key: string, path: string, body: unknown) => ({
    type: 'ApiConnection',
    inputs: { host: { connection: { name: `@parameters('$connections')['${key}']['connectionId']` } }, method: 'post', path, body },
    runAfter: {},
  });
  const workflow = workflowId(sub, 'soc', 'everything');
  const created = await call('PUT', api(workflow), {
    properties: {
      definition: {
        parameters: { $connections: { type: 'Object', defaultValue: {} } },
        triggers: { manual: { type: 'Request', kind: 'Http' } },
        actions: {
          Slack: viaConnection('slack', '/chat.postMessage', { channel: '#soc', text: 'alert' }),
          Slack_missing_channel: viaConnection('slack', '/chat.postMessage', { channel: '#missing', text: 'alert' }),
          Mail: viaConnection('mail', '/v2/Mail', { To: 'soc@example.com', Subject: 'alert', Body: '<p>alert</p>' }),
          Bad_mail: viaConnection('bad-mail', '/v2/Mail', { To: 'soc@example.com', Subject: 'alert', Body: '<p>alert</p>' }),
          Hook: viaConnection('hook', '/send', { alert: 'x' }),
        },
      },
      parameters: {
        $connections: {
          value: { slack: connection('slack'), mail: connection('mail'), 'bad-mail': connection('bad-mail'), hook: connection('hook') },
        },
      },
    },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.ok((await call('POST', `${api(workflow)}/triggers/manual/run`, {})).status < 300);
  const [run] = await settledRuns(client, workflow, 30_000);
  answers.push(run);
  const actions = await call('GET', `${api(workflow)}/runs/${run.name}/actions`);
  const status = Object.fromEntries(actions.body.value.map((action: any) => [action.name, action.properties.status]));
  assert.deepEqual(status, { Slack: 'Succeeded', Slack_missing_channel: 'Failed', Mail: 'Succeeded', Bad_mail: 'Failed', Hook: 'Succeeded' });
  // The services did receive the credentials: the canaries are live.
  assert.ok(sink.requests.some((request) => request.headers['authorization'] === `Bearer ${secrets.slackToken}`));
  assert.ok(smtp.messages.length >= 1);
  for (const name of ['slack', 'mail', 'hook']) await call('GET', `${connections}/${name}`);
  await call('GET', connections);
  await call('GET', `${api(workflow)}/runs`);
  await call('GET', `${api(workflow)}/runs/${run.name}`);

  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  const stored: string[] = [];
  for (const file of await readdir(dataDir)) stored.push((await readFile(join(dataDir, file))).toString('latin1'));
  const places = { answers: JSON.stringify(answers), logs: output(), 'data directory': stored.join('\n') };
  assert.match(places.logs, /chat\.postMessage|connections/, 'trace logging was on');
  for (const [what, text] of Object.entries(places)) {
    for (const [name, secret] of Object.entries(secrets)) assert.ok(!text.includes(secret), `${name} appears in the ${what}`);
  }
});
