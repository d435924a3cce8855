import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sinksClosedAfterEachTest } from '../../test/support/workflow-harness.js';
import { OutboundBlockedError, type HttpRequest } from '../workflows/ports.js';
import { type LookupAll, createOutboundGuard, parseOutboundPolicy } from './outbound-guard.js';
import { createUndiciHttpClient } from './undici-http-client.js';

const sink = sinksClosedAfterEachTest();

const get = (url: string, extra: Partial<HttpRequest> = {}): HttpRequest => ({
  method: 'GET',
  url,
  headers: {},
  signal: AbortSignal.timeout(5_000),
  ...extra,
});

/** Names that only this table resolves: a request that reaches the sink through one went through the guard. */
const fakeDns =
  (table: Record<string, readonly string[]>): LookupAll =>
  async (host) => {
    const answers = table[host];
    if (answers === undefined) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return answers.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

async function blockedQuickly(promise: Promise<unknown>): Promise<string> {
  const started = Date.now();
  const error = await promise.then(
    () => assert.fail('expected the request to be blocked'),
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof OutboundBlockedError, `expected OutboundBlockedError, got ${String(error)}`);
  assert.ok(Date.now() - started < 1_000, 'refused by the guard, not by a connection timing out');
  return error.message;
}

describe('createUndiciHttpClient: outbound guard', () => {
  it('reaches loopback with the default policy', async () => {
    const target = await sink([{ status: 200, body: { ok: true } }]);
    const response = await createUndiciHttpClient().send(get(`${target.url}/x`));
    assert.equal(response.statusCode, 200);
    assert.equal(target.requests.length, 1);
  });

  it('refuses cloud metadata addresses before connecting, with the default policy', async () => {
    const client = createUndiciHttpClient();
    assert.match(await blockedQuickly(client.send(get('http://169.254.169.254/latest/meta-data/'))), /169\.254\.0\.0\/16/);
    await blockedQuickly(client.send(get('http://[::ffff:169.254.169.254]/')));
    await blockedQuickly(client.send(get('http://2852039166/'))); // the URL parser makes it 169.254.169.254
    await blockedQuickly(client.send(get('http://metadata.google.internal/computeMetadata/v1/')));
  });

  it('refuses a redirect to cloud metadata', async () => {
    const target = await sink([{ status: 302, headers: { location: 'http://169.254.169.254/latest/meta-data/' } }]);
    const message = await blockedQuickly(createUndiciHttpClient().send(get(`${target.url}/r`)));
    assert.match(message, /^Outbound call to 169\.254\.169\.254 was blocked/);
    assert.equal(target.requests.length, 1);
  });

  it('connects to the address the guard resolved, and refuses a name resolving to a denied one', async () => {
    const target = await sink([{ status: 200 }]);
    const port = new URL(target.url).port;
    const guard = createOutboundGuard(parseOutboundPolicy(), fakeDns({ 'sink.test': ['127.0.0.1'], 'rebind.test': ['127.0.0.1', '169.254.169.254'] }));
    const client = createUndiciHttpClient({ guard });
    assert.equal((await client.send(get(`http://sink.test:${port}/named`))).statusCode, 200);
    assert.equal(target.requests[0]?.headers['host'], `sink.test:${port}`);
    const message = await blockedQuickly(client.send(get(`http://rebind.test:${port}/`)));
    assert.match(message, /rebind\.test \(169\.254\.169\.254\)/);
    assert.equal(target.requests.length, 1);
  });

  it('applies a configured deny to loopback, sending nothing', async () => {
    const target = await sink();
    const guard = createOutboundGuard(parseOutboundPolicy({ deny: '127.0.0.0/8' }));
    await blockedQuickly(createUndiciHttpClient({ guard }).send(get(`${target.url}/`)));
    assert.equal(target.requests.length, 0);
  });

  it('still reports an unresolvable name as a connection error', async () => {
    const guard = createOutboundGuard(parseOutboundPolicy(), fakeDns({}));
    await assert.rejects(createUndiciHttpClient({ guard }).send(get('http://nowhere.test/')), { name: 'HttpConnectionError' });
  });
});

describe('createUndiciHttpClient: redirects', () => {
  const post = (url: string, headers: Record<string, string> = {}) =>
    get(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{"a":1}' });

  it('turns POST into GET without a body on 302 and 303, as browsers do', async () => {
    for (const status of [301, 302, 303]) {
      const target = await sink((request) => (request.url === '/from' ? { status, headers: { location: '/to' } } : { status: 200, body: 'done' }));
      const response = await createUndiciHttpClient().send(post(`${target.url}/from`));
      assert.equal(response.statusCode, 200);
      const second = target.requestsTo('/to')[0];
      assert.equal(second?.method, 'GET', `after ${status}`);
      assert.equal(second?.body, '');
      assert.equal(second?.headers['content-type'], undefined);
    }
  });

  it('keeps method and body on 307 and 308', async () => {
    for (const status of [307, 308]) {
      const target = await sink((request) => (request.url === '/from' ? { status, headers: { location: '/to' } } : { status: 201 }));
      const response = await createUndiciHttpClient().send(post(`${target.url}/from`));
      assert.equal(response.statusCode, 201);
      const second = target.requestsTo('/to')[0];
      assert.equal(second?.method, 'POST');
      assert.equal(second?.body, '{"a":1}');
    }
  });

  it('drops Authorization when the redirect goes to another origin, keeps it on the same one', async () => {
    const other = await sink([{ status: 200 }]);
    const target = await sink((request) =>
      request.url === '/away' ? { status: 302, headers: { location: `${other.url}/there` } } : request.url === '/here' ? { status: 302, headers: { location: '/same' } } : { status: 200 },
    );
    const client = createUndiciHttpClient();
    await client.send(get(`${target.url}/here`, { headers: { authorization: 'Bearer secret', 'x-keep': '1' } }));
    assert.equal(target.requestsTo('/same')[0]?.headers['authorization'], 'Bearer secret');
    await client.send(get(`${target.url}/away`, { headers: { Authorization: 'Bearer secret', Cookie: 'a=b', 'x-keep': '1' } }));
    assert.equal(other.requests[0]?.headers['authorization'], undefined);
    assert.equal(other.requests[0]?.headers['cookie'], undefined);
    assert.equal(other.requests[0]?.headers['x-keep'], '1');
  });

  it('never carries a body to another origin: such a redirect is returned, not followed', async () => {
    const other = await sink([{ status: 200 }]);
    const target = await sink((request) => ({ status: Number(request.url.slice(1)), headers: { location: `${other.url}/there` } }));
    const client = createUndiciHttpClient();
    for (const status of [307, 308]) {
      const response = await client.send(post(`${target.url}/${status}`));
      assert.equal(response.statusCode, status);
      assert.equal(response.headers['location'], `${other.url}/there`);
    }
    // 301 and 302 keep the body of anything but a POST.
    const put = await client.send(get(`${target.url}/301`, { method: 'PUT', body: 'client_secret=s3cr3t' }));
    assert.equal(put.statusCode, 301);
    assert.equal(other.requests.length, 0, 'nothing reached the other origin');
    assert.equal(target.requests.length, 3);
  });

  it('still follows a cross-origin redirect that carries no body, and a 301 or 302 that drops it', async () => {
    const other = await sink([{ status: 200 }]);
    const target = await sink((request) => ({ status: request.url === '/get' ? 308 : 302, headers: { location: `${other.url}/there` } }));
    const client = createUndiciHttpClient();
    assert.equal((await client.send(get(`${target.url}/get`))).statusCode, 200);
    assert.equal((await client.send(post(`${target.url}/post`))).statusCode, 200);
    assert.deepEqual(
      other.requests.map((request) => [request.method, request.body]),
      [
        ['GET', ''],
        ['GET', ''],
      ],
    );
  });

  it('returns any redirect as it came when followRedirects is false', async () => {
    const target = await sink((request) => (request.url === '/from' ? { status: 307, headers: { location: '/to' } } : { status: 200 }));
    const response = await createUndiciHttpClient().send(post(`${target.url}/from`));
    assert.equal(response.statusCode, 200, 'followed by default');
    const unfollowed = await createUndiciHttpClient().send({ ...post(`${target.url}/from`), followRedirects: false });
    assert.equal(unfollowed.statusCode, 307);
    assert.deepEqual(target.requests.map((request) => request.url), ['/from', '/to', '/from']);
  });

  it('follows at most maxRedirects, then returns the redirect answer', async () => {
    const target = await sink([{ status: 302, headers: { location: '/again' } }]);
    const response = await createUndiciHttpClient().send(get(`${target.url}/start`));
    assert.equal(response.statusCode, 302);
    assert.equal(target.requests.length, 6, 'the first request and 5 redirects');
    const none = await createUndiciHttpClient({ maxRedirects: 0 }).send(get(`${target.url}/start`));
    assert.equal(none.statusCode, 302);
    assert.equal(target.requests.length, 7);
  });

  it('does not follow a redirect to a scheme other than http or https', async () => {
    const target = await sink([{ status: 302, headers: { location: 'file:///etc/passwd' } }]);
    assert.equal((await createUndiciHttpClient().send(get(`${target.url}/`))).statusCode, 302);
  });
});
