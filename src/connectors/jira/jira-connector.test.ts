import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type HttpSink, type SinkReply, startHttpSink } from '../../../test/support/http-sink.js';
import { assertNoSecrets, connectorCall, testPorts } from '../connector-test-support.js';
import { jiraConnector } from './jira-connector.js';

const API_TOKEN = 'ATATT3xFfGF0-jira-token-123';
const EMAIL = 'secops@contoso.com';
const BASIC = `Basic ${Buffer.from(`${EMAIL}:${API_TOKEN}`).toString('base64')}`;
const basicOf = (token: string) => Buffer.from(`${EMAIL}:${token}`).toString('base64');

describe('jira connector', () => {
  let sink: HttpSink;
  let reply: SinkReply | undefined;
  before(async () => {
    sink = await startHttpSink((request) => {
      if (reply !== undefined) return reply;
      const auth = request.headers['authorization'];
      if (auth !== BASIC && auth !== `Bearer ${API_TOKEN}`) return { status: 401, body: { errorMessages: ['You are not authenticated.'], errors: {} } };
      if (request.url === '/jira/rest/api/2/myself') return { body: { displayName: 'SecOps Bot', emailAddress: EMAIL } };
      return { status: 201, body: { id: '10042', key: 'AZ-17', self: `${sink.url}/jira/rest/api/2/issue/10042` } };
    });
  });
  after(() => sink.close());
  const cloud = () => ({ jiraInstance: `${sink.url}/jira/`, email: EMAIL, apiToken: API_TOKEN });
  const invoke = (body: unknown, options: { queries?: Record<string, string>; parameters?: Record<string, string>; path?: string } = {}) =>
    jiraConnector.invoke(
      connectorCall(jiraConnector, 'POST', options.path ?? '/issue', {
        body: body as never,
        queries: options.queries ?? {},
        parameters: options.parameters ?? cloud(),
      }),
      testPorts(),
    );

  it("creates an issue from the public Open-JIRA-Ticket shape with Jira Cloud's Basic auth", async () => {
    reply = undefined;
    const result = await invoke(
      {
        fields: {
          description: 'Enable MFA on accounts with owner permissions - /subscriptions/sub1',
          issuetype: { id: '10002' },
          labels: 'AzureSecurityCenter',
          summary: 'High - Suspicious login\nAlert Type: VM_Login\nResource: vm1',
        },
      },
      { queries: { projectKey: 'AZ' } },
    );
    assert.equal(result.statusCode, 201);
    assert.deepEqual(result.body, { id: '10042', key: 'AZ-17', self: `${sink.url}/jira/rest/api/2/issue/10042` });
    const request = sink.requests.at(-1)!;
    assert.equal(request.method, 'POST');
    assert.equal(request.url, '/jira/rest/api/2/issue');
    assert.equal(request.headers['authorization'], BASIC);
    assert.equal(request.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(request.body), {
      fields: {
        description: 'Enable MFA on accounts with owner permissions - /subscriptions/sub1',
        project: { key: 'AZ' },
        issuetype: { id: '10002' },
        summary: 'High - Suspicious login Alert Type: VM_Login Resource: vm1',
        labels: ['AzureSecurityCenter'],
      },
    });
    assertNoSecrets(result, [API_TOKEN, BASIC.slice(6)]);
  });

  it('creates an issue through the V2 path Logic Apps writes today, and the older one, as separate operations', async () => {
    reply = undefined;
    assert.deepEqual(
      jiraConnector.operations.map((operation) => [operation.id, operation.method, operation.path]),
      [
        ['CreateIssueV2', 'POST', '/v2/issue'],
        ['CreateIssue', 'POST', '/issue'],
      ],
    );
    const result = await invoke({ fields: { summary: 'S' } }, { path: '/v2/issue', queries: { projectKey: 'AZ', issueTypeIds: '10004' } });
    assert.equal(result.statusCode, 201);
    assert.equal(sink.requests.at(-1)!.url, '/jira/rest/api/2/issue');
    assert.deepEqual(JSON.parse(sink.requests.at(-1)!.body), { fields: { summary: 'S', project: { key: 'AZ' }, issuetype: { id: '10004' } } });
  });

  it('scrubs the Basic header Jira quotes back, whole and as its bare base64', async () => {
    // Seen in the wild: a Jira 400 that repeated the Authorization header it was sent.
    reply = undefined;
    const echo = (request: { headers: Readonly<Record<string, string>> }) => request.headers['authorization'] ?? '';
    const queries = { projectKey: 'AZ', issueTypeIds: '1' };
    await invoke({ fields: { summary: 'S' } }, { queries });
    const sent = echo(sink.requests.at(-1)!);
    assert.equal(sent, BASIC);
    reply = { status: 400, body: { errorMessages: [`Bad header: ${sent}`, `credential ${basicOf(API_TOKEN)}`], errors: {} } };
    const bad = await invoke({ fields: { summary: 'S' } }, { queries });
    assert.equal(bad.message, 'Jira refused the request (HTTP 400): Bad header: ***; credential ***');
    assertNoSecrets(bad, [API_TOKEN, basicOf(API_TOKEN)]);
    reply = { status: 401, body: { errorMessages: [`Denied: ${sent}`] } };
    const refused = await jiraConnector.test(cloud(), testPorts(), AbortSignal.timeout(5000));
    assert.equal(refused.status, 'Error');
    assert.match(refused.message, /Jira said: Denied: \*\*\*$/);
  });

  it('sends the REST shape as given, with custom fields, and cuts a long summary', async () => {
    reply = undefined;
    const fields = {
      project: { key: 'SEC' },
      issuetype: { name: 'Bug' },
      summary: 'x'.repeat(300),
      priority: { name: 'High' },
      labels: ['defender', 'alert'],
      customfield_10010: 'Team A',
    };
    await invoke({ fields }, { queries: { projectKey: 'IGNORED', issueTypeIds: '1,2' } });
    const sent = JSON.parse(sink.requests.at(-1)!.body) as { fields: typeof fields };
    assert.deepEqual({ ...sent.fields, summary: 'checked below' }, { ...fields, summary: 'checked below' });
    assert.equal(sent.fields.summary.length, 255);
    assert.ok(sent.fields.summary.endsWith('…'));
  });

  it('takes the issue type from issueTypeIds, and uses a personal access token as Bearer when no email is set', async () => {
    reply = undefined;
    const result = await invoke({ fields: { summary: 'S' } }, { queries: { projectKey: 'AZ', issueTypeIds: '10004' }, parameters: { ...cloud(), email: '' } });
    assert.equal(result.statusCode, 201);
    const request = sink.requests.at(-1)!;
    assert.equal(request.headers['authorization'], `Bearer ${API_TOKEN}`);
    assert.deepEqual(JSON.parse(request.body), { fields: { summary: 'S', project: { key: 'AZ' }, issuetype: { id: '10004' } } });
  });

  it("reports Jira's field errors, refused credentials and throttling", async () => {
    reply = { status: 400, body: { errorMessages: [], errors: { summary: 'You must specify a summary of the issue.', priority: 'Priority name is invalid.' } } };
    const bad = await invoke({ fields: { summary: 'S' } }, { queries: { projectKey: 'AZ', issueTypeIds: '1' } });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.message, 'Jira refused the request (HTTP 400): summary: You must specify a summary of the issue.; priority: Priority name is invalid.');

    reply = undefined;
    const unauthorized = await invoke({ fields: { summary: 'S' } }, { queries: { projectKey: 'AZ', issueTypeIds: '1' }, parameters: { ...cloud(), apiToken: 'wrong-token' } });
    assert.equal(unauthorized.statusCode, 401);
    assert.match(unauthorized.message ?? '', /^Jira rejected the credentials \(HTTP 401\); check the connection's 'email' and 'apiToken'.*Jira said: You are not authenticated\.$/);
    assertNoSecrets(unauthorized, ['wrong-token', API_TOKEN]);

    reply = { status: 429, headers: { 'retry-after': '3' }, body: { errorMessages: ['Rate limit exceeded.'] } };
    const limited = await invoke({ fields: { summary: 'S' } }, { queries: { projectKey: 'AZ', issueTypeIds: '1' } });
    assert.equal(limited.statusCode, 429);
    assert.equal(limited.retryAfterMs, 3000);
    reply = { status: 500, body: { errorMessages: ['Internal server error'] } };
    assert.equal((await invoke({ fields: { summary: 'S' } }, { queries: { projectKey: 'AZ', issueTypeIds: '1' } })).statusCode, 500);
  });

  it('names a missing project or summary before calling Jira', async () => {
    reply = undefined;
    const count = sink.requests.length;
    const noProject = await invoke({ fields: { summary: 'S', issuetype: { id: '1' } } });
    assert.equal(noProject.statusCode, 400);
    assert.equal(noProject.message, "Jira needs a project: set 'body.fields.project.key' or the 'projectKey' query.");
    const noSummary = await invoke({ fields: { project: { key: 'AZ' }, issuetype: { id: '1' } } });
    assert.equal(noSummary.message, "The input 'body.fields.summary' is required.");
    const noToken = await invoke({ fields: { summary: 'S' } }, { parameters: { jiraInstance: sink.url, email: EMAIL } });
    assert.equal(noToken.message, "The connection has no 'apiToken'; set it on the connection.");
    assert.equal(sink.requests.length, count);
  });

  it('tests the connection by reading the signed-in user', async () => {
    reply = undefined;
    const signal = AbortSignal.timeout(5000);
    const connected = await jiraConnector.test(cloud(), testPorts(), signal);
    assert.deepEqual(connected, { status: 'Connected', message: `Connected to Jira as 'SecOps Bot' (${EMAIL}).` });
    assert.equal(sink.requests.at(-1)!.url, '/jira/rest/api/2/myself');
    const refused = await jiraConnector.test({ ...cloud(), apiToken: 'bad-token-value' }, testPorts(), signal);
    assert.equal(refused.status, 'Error');
    assertNoSecrets(refused, ['bad-token-value']);
  });
});
