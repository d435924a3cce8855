/**
 * `Http` action authentication end to end: ActiveDirectoryOAuth against a local token endpoint (form fields, the
 * Bearer token at the target, the token cache, refusals), ClientCertificate against a real HTTPS server that
 * requires a client certificate, and the types a self-hosted Riposte refuses. No secret or token reaches the record.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { type Server, createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after as afterAll, before, describe, it } from 'node:test';
import { type LookupAll, createOutboundGuard, parseOutboundPolicy } from '../../src/adapters/outbound-guard.js';
import { createUndiciHttpClient } from '../../src/adapters/undici-http-client.js';
import { REDACTED } from '../../src/workflows/actions/http-message.js';
import { type HttpClient, type JournalEntry, type RunRecord, resolveParameters, runWorkflow } from '../../src/workflows/index.js';
import { HttpConnectionError } from '../../src/workflows/ports.js';
import type { SinkRequest, SinkScript } from '../support/http-sink.js';
import { START, action, after, compileOk, portsFor, run, sinksClosedAfterEachTest } from '../support/workflow-harness.js';
import { VirtualTime } from '../support/virtual-time.js';

const sink = sinksClosedAfterEachTest();

function assertNowhere(secret: string, record: RunRecord, journal: readonly JournalEntry[]): void {
  assert.ok(!JSON.stringify(record).includes(secret), `the run record contains '${secret}'`);
  assert.ok(!JSON.stringify(journal).includes(secret), `the journal contains '${secret}'`);
}

const http = (name: string, inputs: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  [name]: { type: 'Http', inputs: { method: 'GET', ...inputs }, ...extra },
});

/** Runs `actions` with the harness's ports but `client` as the HttpClient. */
async function runWith(client: HttpClient, actions: Record<string, unknown>) {
  const time = new VirtualTime(START);
  const workflow = compileOk({ actions });
  const parameters = resolveParameters(workflow, {});
  assert.ok(parameters.ok);
  const journal: JournalEntry[] = [];
  const record = await runWorkflow(
    workflow,
    { runId: 'R1', trigger: { body: null }, parameters: parameters.values, onJournal: (entry) => void journal.push(entry) },
    { ...portsFor(time), http: client },
  );
  return { record, journal, time };
}

describe('ActiveDirectoryOAuth', () => {
  const SECRET = 'cl13nt-s3cr3t-value';
  const form = (request: SinkRequest) => Object.fromEntries(new URLSearchParams(request.body));

  /** A token endpoint handing out `token-1`, `token-2`, … valid for an hour. */
  const tokenEndpoint: SinkScript = (request) =>
    request.url.endsWith('/token')
      ? { status: 200, body: { token_type: 'Bearer', access_token: `token-${request.index + 1}`, expires_in: 3600 } }
      : { status: 404 };

  const oauth = (authority: string, extra: Record<string, unknown> = {}) => ({
    type: 'ActiveDirectoryOAuth',
    tenant: 'tenant-1',
    audience: 'https://api.example.com/',
    clientId: 'client-1',
    secret: SECRET,
    authority,
    ...extra,
  });

  it('fetches a client-credentials token, sends it as Bearer and reuses it for the next call', async () => {
    const issuer = await sink(tokenEndpoint);
    const target = await sink([{ status: 200, body: { ok: true } }]);
    const { record, journal } = await run({
      actions: {
        ...http('First', { uri: `${target.url}/a`, authentication: oauth(issuer.url) }),
        ...http('Second', { uri: `${target.url}/b`, authentication: oauth(`${issuer.url}/`) }, { runAfter: after('First') }),
      },
    });
    assert.equal(record.status, 'Succeeded');
    assert.equal(issuer.requests.length, 1, 'the second call used the cached token');
    const [tokenRequest] = issuer.requests;
    assert.equal(tokenRequest?.method, 'POST');
    assert.equal(tokenRequest?.url, '/tenant-1/oauth2/v2.0/token');
    assert.match(tokenRequest?.headers['content-type'] ?? '', /^application\/x-www-form-urlencoded/);
    assert.deepEqual(form(tokenRequest as SinkRequest), {
      grant_type: 'client_credentials',
      client_id: 'client-1',
      client_secret: SECRET,
      scope: 'https://api.example.com/.default',
    });
    assert.deepEqual(target.requests.map((request) => request.headers['authorization']), ['Bearer token-1', 'Bearer token-1']);
    const inputs = action(record, 'First').inputs as { authentication: Record<string, string> };
    assert.equal(inputs.authentication['secret'], REDACTED);
    assert.equal(inputs.authentication['clientId'], 'client-1');
    assertNowhere(SECRET, record, journal);
    assertNowhere('token-1', record, journal);
  });

  it('fetches a new token once the cached one is about to expire, and never shares one across secrets', async () => {
    const issuer = await sink(tokenEndpoint);
    const target = await sink();
    await run({
      actions: {
        ...http('Before', { uri: `${target.url}/1`, authentication: oauth(issuer.url) }),
        Pause: { type: 'Wait', inputs: { interval: { count: 59, unit: 'Minute' } }, runAfter: after('Before') },
        ...http('After', { uri: `${target.url}/2`, authentication: oauth(issuer.url) }, { runAfter: after('Pause') }),
        ...http('Other_secret', { uri: `${target.url}/3`, authentication: oauth(issuer.url, { secret: 'another' }) }, { runAfter: after('After') }),
      },
    });
    assert.equal(issuer.requests.length, 3);
    assert.deepEqual(target.requests.map((request) => request.headers['authorization']), ['Bearer token-1', 'Bearer token-2', 'Bearer token-3']);
  });

  it('keeps an audience that already ends in /.default', async () => {
    const issuer = await sink(tokenEndpoint);
    const target = await sink();
    await run({ actions: http('Call', { uri: target.url, authentication: oauth(issuer.url, { audience: 'api://riposte/.default' }) }) });
    assert.equal(form(issuer.requests[0] as SinkRequest)['scope'], 'api://riposte/.default');
  });

  it('accepts any OAuth server through tokenEndpoint, the audience being the scope as given', async () => {
    const issuer = await sink(tokenEndpoint);
    const target = await sink();
    const { record } = await run({
      actions: http('Call', {
        uri: target.url,
        authentication: { type: 'activedirectoryoauth', tokenEndpoint: `${issuer.url}/realms/soc/token`, audience: 'alerts:write', clientId: 'c', secret: SECRET },
      }),
    });
    assert.equal(action(record, 'Call').status, 'Succeeded');
    assert.equal(issuer.requests[0]?.url, '/realms/soc/token');
    assert.equal(form(issuer.requests[0] as SinkRequest)['scope'], 'alerts:write');
    assert.equal(target.requests[0]?.headers['authorization'], 'Bearer token-1');
  });

  it("fails with AuthenticationFailed and the server's reason, never the secret, without calling the target", async () => {
    const issuer = await sink([
      { status: 400, body: { error: 'invalid_client', error_description: `AADSTS7000215: Invalid client secret provided (${SECRET}).` } },
    ]);
    const target = await sink();
    const { record, journal } = await run({ actions: http('Call', { uri: target.url, authentication: oauth(issuer.url) }) });
    const call = action(record, 'Call');
    assert.equal(call.status, 'Failed');
    assert.equal(call.code, 'AuthenticationFailed');
    assert.match(call.error?.message ?? '', /refused the client credentials \(400\): invalid_client: AADSTS7000215: Invalid client secret provided/);
    assert.equal(target.requests.length, 0);
    assert.equal((call.inputs as { authentication: Record<string, string> }).authentication['secret'], REDACTED);
    assertNowhere(SECRET, record, journal);
  });

  it('fails with AuthenticationFailed when the token endpoint cannot be reached or answers without a token', async () => {
    const issuer = await sink([{ status: 200, body: { hello: 'world' } }]);
    const { record } = await run({
      actions: {
        ...http('No_token', { uri: 'http://127.0.0.1:9/', authentication: oauth(issuer.url) }),
        ...http('Unreachable', { uri: 'http://127.0.0.1:9/', authentication: oauth('http://127.0.0.1:9') }),
      },
    });
    assert.equal(action(record, 'No_token').code, 'AuthenticationFailed');
    assert.match(action(record, 'No_token').error?.message ?? '', /has no access_token/);
    assert.equal(action(record, 'Unreachable').code, 'AuthenticationFailed');
    assert.match(action(record, 'Unreachable').error?.message ?? '', /Could not reach the token endpoint/);
  });

  it('retries a token endpoint that answers 429 or 5xx under the retry policy, honouring Retry-After', async () => {
    const issuer = await sink([{ status: 503 }, { status: 429, headers: { 'retry-after': '30' } }, { status: 200, body: { access_token: 'token-3', expires_in: 3600 } }]);
    const target = await sink();
    const { record, time } = await run({
      actions: http('Call', { uri: target.url, authentication: oauth(issuer.url), retryPolicy: { type: 'fixed', count: 3, interval: 'PT5S' } }),
    });
    const call = action(record, 'Call');
    assert.equal(call.status, 'Succeeded', JSON.stringify(call.error));
    assert.equal(issuer.requests.length, 3);
    assert.deepEqual(target.requests.map((request) => request.headers['authorization']), ['Bearer token-3']);
    assert.deepEqual(call.retryHistory?.map((attempt) => attempt.code), ['503', '429', '200']);
    assert.deepEqual(time.sleeps, [5_000, 30_000]);
  });

  it('retries an unreachable token endpoint, then fails with AuthenticationFailed and the retry history', async () => {
    const target = await sink();
    const { record, time } = await run({
      actions: http('Call', { uri: target.url, authentication: oauth('http://127.0.0.1:9'), retryPolicy: { type: 'fixed', count: 2, interval: 'PT5S' } }),
    });
    const call = action(record, 'Call');
    assert.equal(call.code, 'AuthenticationFailed');
    assert.match(call.error?.message ?? '', /Could not reach the token endpoint 'http:\/\/127\.0\.0\.1:9\//);
    assert.deepEqual(call.retryHistory?.map((attempt) => attempt.code), ['ConnectionError', 'ConnectionError', 'ConnectionError']);
    assert.deepEqual(time.sleeps, [5_000, 5_000]);
    assert.equal(target.requests.length, 0);
  });

  it('fails at once on a 4xx from the token endpoint, without retrying', async () => {
    const issuer = await sink([{ status: 401, body: { error: 'invalid_client' } }]);
    const { record, time } = await run({ actions: http('Call', { uri: 'http://127.0.0.1:9/', authentication: oauth(issuer.url) }) });
    assert.equal(action(record, 'Call').code, 'AuthenticationFailed');
    assert.equal(action(record, 'Call').retryHistory, undefined);
    assert.equal(issuer.requests.length, 1);
    assert.deepEqual(time.sleeps, []);
  });

  it('does not follow a redirect from the token endpoint, even to the same origin', async () => {
    const issuer = await sink((request) =>
      request.url === '/moved' ? { status: 200, body: { access_token: 'token-moved' } } : { status: 307, headers: { location: '/moved' } },
    );
    const { record } = await run({ actions: http('Call', { uri: 'http://127.0.0.1:9/', authentication: oauth(issuer.url) }) });
    assert.equal(action(record, 'Call').code, 'AuthenticationFailed');
    assert.match(action(record, 'Call').error?.message ?? '', /\(307\)/);
    assert.equal(issuer.requestsTo('/moved').length, 0);
  });

  it('keeps tokens for the HttpClient, so runs of the server (each with its own ports) share them', async () => {
    const issuer = await sink(tokenEndpoint);
    const target = await sink();
    const client = createUndiciHttpClient();
    for (const runNumber of [1, 2]) {
      const { record } = await runWith(client, http('Call', { uri: `${target.url}/${runNumber}`, authentication: oauth(issuer.url) }));
      assert.equal(action(record, 'Call').status, 'Succeeded');
    }
    assert.equal(issuer.requests.length, 1, 'the second run reused the token');
    assert.deepEqual(target.requests.map((request) => request.headers['authorization']), ['Bearer token-1', 'Bearer token-1']);
  });

  it('refuses a token endpoint the outbound guard denies', async () => {
    const { record } = await run({ actions: http('Call', { uri: 'http://127.0.0.1:9/', authentication: oauth('http://169.254.169.254') }) });
    assert.equal(action(record, 'Call').code, 'OutboundCallBlocked');
  });

  it('names a missing field', async () => {
    const { record } = await run({ actions: http('Call', { uri: 'http://127.0.0.1:9/', authentication: oauth('http://127.0.0.1:9', { clientId: '' }) }) });
    assert.equal(action(record, 'Call').code, 'InvalidAuthentication');
    assert.match(action(record, 'Call').error?.message ?? '', /'inputs\.authentication\.clientId' is required/);
  });
});

describe('authentication types a self-hosted Riposte refuses', () => {
  it('ManagedServiceIdentity fails with ManagedIdentityNotSupported', async () => {
    const target = await sink();
    const { record } = await run({ actions: http('Call', { uri: target.url, authentication: { type: 'ManagedServiceIdentity' } }) });
    assert.equal(action(record, 'Call').code, 'ManagedIdentityNotSupported');
    assert.equal(
      action(record, 'Call').error?.message,
      'Managed identities are not available when self-hosted; use a connection or ActiveDirectoryOAuth/ClientCertificate authentication.',
    );
    assert.equal(target.requests.length, 0);
  });

  it('an unknown or missing type fails with InvalidAuthentication naming inputs.authentication.type', async () => {
    const { record } = await run({
      actions: {
        ...http('Unknown', { uri: 'http://127.0.0.1:9/', authentication: { type: 'Kerberos' } }),
        ...http('Missing', { uri: 'http://127.0.0.1:9/', authentication: { username: 'u' } }),
      },
    });
    for (const name of ['Unknown', 'Missing']) {
      assert.equal(action(record, name).code, 'InvalidAuthentication');
      assert.match(action(record, name).error?.message ?? '', /inputs\.authentication\.type/);
    }
  });

  it('Raw sends the value as the Authorization header, recorded redacted', async () => {
    const target = await sink();
    const { record } = await run({ actions: http('Call', { uri: target.url, authentication: { type: 'Raw', value: 'SharedKey abc:def' } }) });
    assert.equal(target.requests[0]?.headers['authorization'], 'SharedKey abc:def');
    assert.equal((action(record, 'Call').inputs as { authentication: Record<string, string> }).authentication['value'], REDACTED);
  });
});

describe('secrets echoed back by the target', () => {
  const PASSWORD = 'b4sic-p4ssw0rd';
  const RAW = 'SharedKey acct:r4w-s1gn4ture';
  const SECRET = 'cl13nt-s3cr3t-value';
  const TOKEN = 'eyJ0eXAiOiJKV1Qi.echoed-access-token';

  /** Answers a token on `/token`, and echoes every other request's headers in its body and a header. */
  const echo: SinkScript = (request) =>
    request.url.endsWith('/token')
      ? { status: 200, body: { access_token: TOKEN, expires_in: 3600 } }
      : {
          status: request.url.startsWith('/fail') ? 400 : 200,
          headers: { 'x-echo': request.headers['authorization'] ?? '' },
          body: { youSent: request.headers, note: `Authorization was ${request.headers['authorization'] ?? ''}` },
        };

  it('scrubs the Basic header, its base64, the Raw value, the secret and the access token from outputs and errors', async () => {
    const target = await sink(echo);
    const basic = { type: 'Basic', username: 'svc-user', password: PASSWORD };
    const oauth = { type: 'ActiveDirectoryOAuth', tokenEndpoint: `${target.url}/token`, audience: 'api', clientId: 'c', secret: SECRET };
    const { record, journal } = await run({
      actions: {
        ...http('Basic', { uri: `${target.url}/basic`, authentication: basic }),
        ...http('Raw', { uri: `${target.url}/raw`, authentication: { type: 'Raw', value: RAW } }),
        ...http('OAuth', { uri: `${target.url}/oauth`, authentication: oauth }),
        ...http('Failing', { uri: `${target.url}/fail?echo=${PASSWORD}`, authentication: basic, retryPolicy: { type: 'none' } }),
        Next: { type: 'Compose', inputs: "@body('Raw')?['note']", runAfter: { Raw: ['Succeeded'] } },
      },
    });
    assert.equal(target.requestsTo('/raw')[0]?.headers['authorization'], RAW, 'the target itself got the real value');
    for (const name of ['Basic', 'Raw', 'OAuth']) assert.equal(action(record, name).status, 'Succeeded', name);
    const outputs = action(record, 'Raw').outputs as { headers: Record<string, string>; body: { note: string } };
    assert.equal(outputs.headers['x-echo'], '*** secured ***');
    assert.equal(outputs.body.note, 'Authorization was *** secured ***');
    assert.equal(action(record, 'Failing').code, 'BadRequest');
    assert.match(action(record, 'Failing').error?.message ?? '', /echo=\*\*\* secured \*\*\*/);
    const base64 = Buffer.from(`svc-user:${PASSWORD}`).toString('base64');
    for (const secret of [PASSWORD, base64, RAW, 'r4w-s1gn4ture', SECRET, TOKEN]) assertNowhere(secret, record, journal);
  });

  it('scrubs them from the retry history too', async () => {
    const target = await sink(echo);
    let calls = 0;
    const inner = createUndiciHttpClient();
    // A proxy that, the first time, fails naming the credentials it was given.
    const leaky: HttpClient = {
      send: async (request) => {
        if (calls++ === 0) throw new HttpConnectionError(`proxy refused ${request.headers['authorization'] ?? ''}`);
        return inner.send(request);
      },
    };
    const { record, journal } = await runWith(leaky, http('Call', { uri: `${target.url}/raw`, authentication: { type: 'Raw', value: RAW } }));
    const call = action(record, 'Call');
    assert.equal(call.status, 'Succeeded');
    assert.equal(call.retryHistory?.[0]?.error?.message, 'proxy refused *** secured ***');
    assertNowhere('r4w-s1gn4ture', record, journal);
  });
});

/** A CA, a server certificate for 127.0.0.1 and a client certificate in a PKCS#12, made with the openssl CLI. */
function makeCertificates(dir: string): { ca: string; serverKey: string; serverCert: string; clientPfx: Buffer } {
  const openssl = (...args: string[]) => execFileSync('/usr/bin/openssl', args, { cwd: dir, stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl('req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '1', '-subj', '/CN=Riposte test CA');
  writeFileSync(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:secure.test\n');
  writeFileSync(join(dir, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
  for (const [name, cn] of [['server', '127.0.0.1'], ['client', 'riposte-client']] as const) {
    openssl('req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`);
    openssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '1', '-out', `${name}.pem`, '-extfile', `${name}.ext`);
  }
  openssl('pkcs12', '-export', '-in', 'client.pem', '-inkey', 'client.key', '-out', 'client.p12', '-passout', 'pass:p12-pass');
  const read = (name: string) => readFileSync(join(dir, name), 'utf8');
  return { ca: read('ca.pem'), serverKey: read('server.key'), serverCert: read('server.pem'), clientPfx: readFileSync(join(dir, 'client.p12')) };
}

describe('ClientCertificate', { skip: existsSync('/usr/bin/openssl') ? false : 'needs the openssl CLI to make certificates' }, () => {
  let dir = '';
  let certificates: ReturnType<typeof makeCertificates>;
  let server: Server;
  let url = '';
  const seen: string[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'riposte-tls-'));
    certificates = makeCertificates(dir);
    server = createServer(
      { key: certificates.serverKey, cert: certificates.serverCert, ca: certificates.ca, requestCert: true, rejectUnauthorized: true },
      (request, response) => {
        seen.push(String((request.socket as TLSSocket).getPeerCertificate().subject.CN));
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ hello: 'client' }));
      },
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  /**
   * Runs with a client that trusts the test CA, which the harness's default client does not, and whose guard
   * resolves `secure.test` (so a named host goes through the guard's lookup on a TLS connection too).
   */
  async function runTrusting(actions: Record<string, unknown>) {
    const time = new VirtualTime(START);
    const lookup: LookupAll = async (host) => (host === 'secure.test' ? [{ address: '127.0.0.1', family: 4 }] : []);
    const guard = createOutboundGuard(parseOutboundPolicy(), lookup);
    const client: HttpClient = createUndiciHttpClient({ extraCa: [certificates.ca], guard });
    const workflow = compileOk({ actions });
    const parameters = resolveParameters(workflow, {});
    assert.ok(parameters.ok);
    const journal: JournalEntry[] = [];
    const record = await runWorkflow(
      workflow,
      { runId: 'R1', trigger: { body: null }, parameters: parameters.values, onJournal: (entry) => void journal.push(entry) },
      { ...portsFor(time), http: client },
    );
    return { record, journal };
  }

  const certificate = (extra: Record<string, unknown> = {}) => ({
    type: 'ClientCertificate',
    pfx: certificates.clientPfx.toString('base64'),
    password: 'p12-pass',
    ...extra,
  });

  it('presents the client certificate over TLS, recording pfx and password redacted', async () => {
    const named = url.replace('127.0.0.1', 'secure.test');
    const { record, journal } = await runTrusting({
      ...http('Call', { uri: `${url}/secure`, authentication: certificate() }),
      ...http('Named', { uri: `${named}/secure`, authentication: certificate() }, { runAfter: after('Call') }),
    });
    assert.equal(action(record, 'Named').status, 'Succeeded', JSON.stringify(action(record, 'Named').error));
    const call = action(record, 'Call');
    assert.equal(call.status, 'Succeeded', JSON.stringify(call.error));
    assert.deepEqual((call.outputs as { body: unknown }).body, { hello: 'client' });
    assert.deepEqual(seen, ['riposte-client', 'riposte-client']);
    const inputs = call.inputs as { authentication: Record<string, string> };
    assert.equal(inputs.authentication['pfx'], REDACTED);
    assert.equal(inputs.authentication['password'], REDACTED);
    assertNowhere('p12-pass', record, journal);
    assertNowhere(certificates.clientPfx.toString('base64').slice(0, 40), record, journal);
  });

  it('fails with InvalidAuthentication for a wrong password, an http uri or a pfx that is not base64; without one the server refuses', async () => {
    const { record } = await runTrusting({
      ...http('Wrong_password', { uri: `${url}/secure`, authentication: certificate({ password: 'nope' }) }),
      ...http('Plain_http', { uri: 'http://127.0.0.1:9/', authentication: certificate() }),
      ...http('Not_base64', { uri: `${url}/secure`, authentication: certificate({ pfx: 'not base64!' }) }),
      ...http('No_certificate', { uri: `${url}/secure`, retryPolicy: { type: 'none' } }),
    });
    assert.equal(action(record, 'No_certificate').code, 'ConnectionError', 'the server requires the certificate');
    for (const name of ['Wrong_password', 'Plain_http', 'Not_base64']) assert.equal(action(record, name).code, 'InvalidAuthentication', name);
    assert.match(action(record, 'Wrong_password').error?.message ?? '', /client certificate cannot be used/);
    assert.equal(action(record, 'Wrong_password').retryHistory, undefined);
  });
});
