import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type HttpSink, type SinkReply, startHttpSink } from '../../../test/support/http-sink.js';
import { assertNoSecrets, connectorCall, testPorts } from '../connector-test-support.js';
import { serviceNowConnector } from './service-now-connector.js';

const PASSWORD = 'Sn0w-Pa55word!';
const CLIENT_SECRET = 'oauth-client-secret-123';
const ACCESS_TOKEN = 'access-token-abcdef123456';
const SYS_ID = '9d385017c611228701d22104cc95c371';
const BASIC = `Basic ${Buffer.from(`riposte.integration:${PASSWORD}`).toString('base64')}`;
const basicOf = (password: string) => Buffer.from(`riposte.integration:${password}`).toString('base64');

describe('service-now connector', () => {
  let sink: HttpSink;
  let reply: SinkReply | undefined;
  before(async () => {
    sink = await startHttpSink((request) => {
      if (request.url === '/oauth_token.do') {
        const form = new URLSearchParams(request.body);
        return form.get('client_secret') === CLIENT_SECRET
          ? { body: { access_token: ACCESS_TOKEN, refresh_token: 'refresh-xyz-987', token_type: 'Bearer', expires_in: 1799 } }
          : { status: 401, body: { error_description: 'access_denied', error: 'server_error' } };
      }
      if (reply !== undefined) return reply;
      // A careless service: it quotes the Authorization header it was sent, in errors and in records alike.
      const auth = request.headers['authorization'] ?? '';
      if (auth !== BASIC && auth !== `Bearer ${ACCESS_TOKEN}`) {
        return { status: 401, body: { error: { message: 'User Not Authenticated', detail: `Required to provide Auth information, not ${auth}` }, status: 'failure' } };
      }
      const fields = request.body === '' ? {} : (JSON.parse(request.body) as object);
      const result = { sys_id: SYS_ID, number: 'INC0010001', ...fields, sys_created_by: auth };
      return { status: request.method === 'POST' ? 201 : 200, headers: { 'set-cookie': 'JSESSIONID=abc' }, body: { result } };
    });
  });
  after(() => sink.close());
  const basic = () => ({ instance: sink.url, username: 'riposte.integration', password: PASSWORD });
  const secrets = [PASSWORD, CLIENT_SECRET, ACCESS_TOKEN, 'refresh-xyz-987', basicOf(PASSWORD)];
  const invoke = (method: string, path: string, options: { body?: unknown; queries?: Record<string, string>; parameters?: Record<string, string> } = {}) =>
    serviceNowConnector.invoke(
      connectorCall(serviceNowConnector, method, path, {
        body: (options.body ?? null) as never,
        queries: options.queries ?? {},
        parameters: options.parameters ?? basic(),
      }),
      testPorts(),
    );

  it("creates an incident as the public template does, with Basic auth, and returns ServiceNow's result", async () => {
    reply = undefined;
    const result = await invoke('POST', '/api/now/v2/table/incident', {
      body: { caller_id: 'Abel Tuter', short_description: 'Suspicious login to vm1', urgency: 1 },
      queries: { sysparm_display_value: 'True', sysparm_exclude_reference_link: 'True', sysparm_limit: '5' },
    });
    assert.equal(result.statusCode, 201);
    // The echoed Basic header is a credential derived from the password: scrubbed whole.
    assert.deepEqual(result.body, {
      sys_id: SYS_ID,
      number: 'INC0010001',
      caller_id: 'Abel Tuter',
      short_description: 'Suspicious login to vm1',
      urgency: 1,
      sys_created_by: '***',
    });
    assert.deepEqual(result.headers, { 'content-type': 'application/json; charset=utf-8' });
    const request = sink.requests.at(-1)!;
    assert.equal(request.method, 'POST');
    assert.equal(request.url, '/api/now/table/incident?sysparm_display_value=true&sysparm_exclude_reference_link=true');
    assert.equal(request.headers['authorization'], BASIC);
    assert.equal(request.headers['accept'], 'application/json');
    assert.equal(request.headers['content-type'], 'application/json');
    assertNoSecrets(result, secrets);
  });

  it('updates and reads a record by sys_id', async () => {
    reply = undefined;
    const updated = await invoke('PATCH', `/api/now/v2/table/incident/${SYS_ID}`, { body: { state: '2', work_notes: 'Isolated vm1' } });
    assert.equal(updated.statusCode, 200);
    assert.equal((updated.body as { work_notes: string }).work_notes, 'Isolated vm1');
    let request = sink.requests.at(-1)!;
    assert.equal(request.method, 'PATCH');
    assert.equal(request.url, `/api/now/table/incident/${SYS_ID}`);
    assert.deepEqual(JSON.parse(request.body), { state: '2', work_notes: 'Isolated vm1' });

    const read = await invoke('GET', `/api/now/v2/table/change_request/${SYS_ID}`);
    assert.equal(read.statusCode, 200);
    request = sink.requests.at(-1)!;
    assert.equal(request.method, 'GET');
    assert.equal(request.url, `/api/now/table/change_request/${SYS_ID}`);
    assert.equal(request.body, '');
  });

  it('signs in with the OAuth password grant and calls with the Bearer token', async () => {
    reply = undefined;
    const parameters = { ...basic(), clientId: 'client-1', clientSecret: CLIENT_SECRET };
    const result = await invoke('POST', '/api/now/v2/table/incident', { body: { short_description: 'x' }, parameters });
    assert.equal(result.statusCode, 201);
    const [token, create] = sink.requests.slice(-2);
    assert.equal(token!.url, '/oauth_token.do');
    assert.equal(token!.headers['content-type'], 'application/x-www-form-urlencoded');
    assert.deepEqual(Object.fromEntries(new URLSearchParams(token!.body)), {
      grant_type: 'password',
      client_id: 'client-1',
      client_secret: CLIENT_SECRET,
      username: 'riposte.integration',
      password: PASSWORD,
    });
    assert.equal(create!.headers['authorization'], `Bearer ${ACCESS_TOKEN}`);
    assert.equal((result.body as { sys_created_by: string }).sys_created_by, '***');
    assertNoSecrets(result, secrets);

    const refused = await invoke('POST', '/api/now/v2/table/incident', { body: {}, parameters: { ...parameters, clientSecret: 'wrong-secret' } });
    assert.equal(refused.statusCode, 401);
    assert.match(refused.message ?? '', /rejected the credentials.*'clientSecret'/);
    assertNoSecrets(refused, [...secrets, 'wrong-secret']);
  });

  it('explains refused credentials, unknown tables and invalid fields', async () => {
    reply = undefined;
    const unauthorized = await invoke('POST', '/api/now/v2/table/incident', { body: {}, parameters: { ...basic(), password: 'wrong-password' } });
    assert.equal(unauthorized.statusCode, 401);
    assert.equal(
      unauthorized.message,
      "ServiceNow rejected the credentials (HTTP 401); check the connection's 'username' and 'password' (and 'clientId'/'clientSecret' with OAuth). ServiceNow said: User Not Authenticated; Required to provide Auth information, not ***",
    );
    assertNoSecrets(unauthorized, ['wrong-password', basicOf('wrong-password')]);

    reply = { status: 404, body: { error: { message: 'Invalid table incidnet', detail: null }, status: 'failure' } };
    const missing = await invoke('POST', '/api/now/v2/table/incidnet', { body: {} });
    assert.equal(missing.statusCode, 404);
    assert.match(missing.message ?? '', /not found; check the connection's 'instance' and the table 'incidnet'\. ServiceNow said: Invalid table incidnet/);

    reply = { status: 400, body: { error: { message: 'Exception while reading request', detail: 'The payload is not valid JSON.' }, status: 'failure' } };
    const bad = await invoke('POST', '/api/now/v2/table/incident', { body: {} });
    assert.equal(bad.message, 'ServiceNow refused the request (HTTP 400): Exception while reading request; The payload is not valid JSON.');
  });

  it('passes 503 through with Retry-After, and reports a hibernating instance as 502', async () => {
    reply = { status: 503, headers: { 'retry-after': '120' }, body: 'Service Unavailable' };
    const busy = await invoke('GET', `/api/now/v2/table/incident/${SYS_ID}`);
    assert.equal(busy.statusCode, 503);
    assert.equal(busy.retryAfterMs, 120_000);
    reply = { status: 200, headers: { 'content-type': 'text/html' }, body: '<html><body>Your instance is hibernating</body></html>' };
    const asleep = await invoke('GET', `/api/now/v2/table/incident/${SYS_ID}`);
    assert.equal(asleep.statusCode, 502);
    assert.match(asleep.message ?? '', /hibernate/);
  });

  it('refuses table names and ids that are not plain words, without calling', async () => {
    reply = undefined;
    const count = sink.requests.length;
    const table = await invoke('POST', `/api/now/v2/table/${encodeURIComponent('../../v1/batch')}`, { body: {} });
    assert.equal(table.statusCode, 400);
    assert.match(table.message ?? '', /table name/);
    const id = await invoke('GET', `/api/now/v2/table/incident/${encodeURIComponent('..')}`);
    assert.equal(id.statusCode, 400);
    const body = await invoke('POST', '/api/now/v2/table/incident', { body: 'not an object' });
    assert.equal(body.message, "The input 'body' must be an object.");
    const noPassword = await invoke('POST', '/api/now/v2/table/incident', { body: {}, parameters: { instance: sink.url, username: 'u' } });
    assert.equal(noPassword.message, "The connection has no 'password'; set it on the connection.");
    assert.equal(sink.requests.length, count);
  });

  it('tests the connection by reading one user', async () => {
    reply = undefined;
    const signal = AbortSignal.timeout(5000);
    const connected = await serviceNowConnector.test(basic(), testPorts(), signal);
    assert.deepEqual(connected, { status: 'Connected', message: `Connected to ServiceNow at ${sink.url} as 'riposte.integration'.` });
    assert.equal(sink.requests.at(-1)!.url, '/api/now/table/sys_user?sysparm_limit=1');
    const refused = await serviceNowConnector.test({ ...basic(), password: 'nope-nope' }, testPorts(), signal);
    assert.equal(refused.status, 'Error');
    assert.match(refused.message, /rejected the credentials.* not \*\*\*$/);
    assertNoSecrets(refused, ['nope-nope', basicOf('nope-nope')]);
  });
});
