import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type HttpSink, type SinkReply, refusedUrl, startHttpSink } from '../../test/support/http-sink.js';
import { HttpConnectionError, OutboundBlockedError } from '../workflows/ports.js';
import { FIXED_NOW, testPorts } from './connector-test-support.js';
import { type ServiceProfile, answerResult, guardCall, guardTest, secretValues, sendJson, serviceErrorText } from './http-call.js';
import { ConnectorInputError } from './validate-inputs.js';

const SERVICE: ServiceProfile = { name: 'Acme', credentials: "'apiKey'", notFound: "the connection's 'baseUrl'" };
const SECRET = 'sk-live-0123456789';

describe('sendJson and answerResult', () => {
  let sink: HttpSink;
  before(async () => {
    sink = await startHttpSink((request): SinkReply => {
      switch (request.url) {
        case '/ok':
          return { status: 201, headers: { 'set-cookie': 'session=1', 'x-request-id': 'r1' }, body: { id: 1, note: `echo ${SECRET}` } };
        case '/busy':
          return { status: 429, headers: { 'retry-after': new Date(FIXED_NOW + 5_000).toUTCString() } };
        case '/down':
          return { status: 503, headers: { 'retry-after': '12' }, body: '<html>Service Unavailable</html>' };
        case '/denied':
          return { status: 403, body: { message: 'Key revoked' } };
        case '/missing':
          return { status: 404 };
        case '/moved':
          return { status: 307, headers: { location: '/ok' } };
        default:
          return { status: 400, headers: { 'content-type': 'text/plain' }, body: '{"errors":["name is required"]}' };
      }
    });
  });
  after(() => sink.close());
  const call = async (path: string) => {
    const answer = await sendJson(testPorts().http, {
      method: 'POST',
      url: `${sink.url}${path}`,
      headers: { authorization: `Bearer ${SECRET}` },
      json: { a: 1 },
      idempotencyKey: 'run-1:A',
      signal: AbortSignal.timeout(5000),
    });
    return answerResult(SERVICE, answer, FIXED_NOW);
  };

  it('sends JSON with Accept, Idempotency-Key and the given headers, and keeps only harmless answer headers', async () => {
    const result = await guardCall([SECRET], () => call('/ok'));
    assert.deepEqual(result, {
      statusCode: 201,
      headers: { 'content-type': 'application/json; charset=utf-8', 'x-request-id': 'r1' },
      body: { id: 1, note: 'echo ***' },
    });
    const request = sink.requests.at(-1)!;
    assert.equal(request.headers['accept'], 'application/json');
    assert.equal(request.headers['content-type'], 'application/json');
    assert.equal(request.headers['idempotency-key'], 'run-1:A');
    assert.equal(request.body, '{"a":1}');
  });

  it('keeps 429 and 5xx with Retry-After in seconds or as a date', async () => {
    const busy = await call('/busy');
    assert.equal(busy.statusCode, 429);
    assert.equal(busy.retryAfterMs, 5_000);
    const down = await call('/down');
    assert.equal(down.statusCode, 503);
    assert.equal(down.retryAfterMs, 12_000);
    assert.equal(down.message, "Acme failed with HTTP 503; the action's retry policy tries again.");
  });

  it('says what to check for 401/403, 404 and 400', async () => {
    assert.equal((await call('/denied')).message, "Acme rejected the credentials (HTTP 403); check the connection's 'apiKey'. Acme said: Key revoked");
    assert.equal((await call('/missing')).message, "Acme answered 404: not found; check the connection's 'baseUrl'.");
    const bad = await call('/bad');
    assert.equal(bad.message, 'Acme refused the request (HTTP 400): name is required');
    assert.deepEqual(bad.body, { errors: ['name is required'] });
  });

  it('does not follow a redirect, which would carry the credentials and the body on', async () => {
    const before = sink.requests.length;
    const moved = await call('/moved');
    assert.equal(moved.statusCode, 307);
    assert.equal(moved.message, "Acme answered a redirect (HTTP 307); check the connection's URL.");
    assert.deepEqual(moved.headers, { location: '/ok' });
    assert.deepEqual(sink.requests.slice(before).map((request) => request.url), ['/moved']);
  });

  it('lets a network failure propagate as HttpConnectionError', async () => {
    const url = await refusedUrl();
    await assert.rejects(
      guardCall([SECRET], () => sendJson(testPorts().http, { method: 'GET', url, idempotencyKey: 'k', signal: AbortSignal.timeout(5000) }).then(() => ({ statusCode: 200 }))),
      HttpConnectionError,
    );
  });
});

describe('secret scrubbing', () => {
  it('scrubs secrets from results, errors and test messages, keeping the error types', async () => {
    const leaky = await guardCall([SECRET], () => Promise.resolve({ statusCode: 400, message: `bad key ${SECRET}`, body: [encodeURIComponent(`a/${SECRET}`), { [SECRET]: 1 }] }));
    assert.ok(!JSON.stringify(leaky).includes(SECRET));
    await assert.rejects(guardCall([SECRET], () => Promise.reject(new OutboundBlockedError(`https://hooks.example/${SECRET} is denied`))), (error: Error) => {
      assert.ok(error instanceof OutboundBlockedError);
      assert.equal(error.message, 'https://hooks.example/*** is denied');
      return true;
    });
    const tested = await guardTest('Acme', [SECRET], () => Promise.reject(new HttpConnectionError(`reset while calling ${SECRET}`)));
    assert.deepEqual(tested, { status: 'Error', message: 'Could not reach Acme: reset while calling ***' });
    assert.deepEqual(await guardTest('Acme', [], () => Promise.reject(new ConnectorInputError('no key'))), { status: 'Error', message: 'no key' });
  });

  it('scrubs credentials the operation derives while it runs, in results, errors and test messages', async () => {
    const basic = Buffer.from(`user:${SECRET}`).toString('base64');
    const header = `Basic ${basic}`;
    const echoed = await guardCall([SECRET], (derived) => {
      derived.add(header, basic);
      return Promise.resolve({ statusCode: 400, message: `refused ${header}`, headers: { 'x-auth': basic }, body: { sent: header } });
    });
    assert.deepEqual(echoed, { statusCode: 400, message: 'refused ***', headers: { 'x-auth': '***' }, body: { sent: '***' } });
    await assert.rejects(
      guardCall([], (derived) => {
        derived.add('access-token-1234');
        return Promise.reject(new HttpConnectionError('reset after Bearer access-token-1234'));
      }),
      (error: Error) => error instanceof HttpConnectionError && error.message === 'reset after Bearer ***',
    );
    const tested = await guardTest('Acme', [], (derived) => {
      derived.add(header);
      return Promise.resolve({ status: 'Error', message: `Acme said: bad ${header}` });
    });
    assert.deepEqual(tested, { status: 'Error', message: 'Acme said: bad ***' });
  });

  it('finds the values of secret parameters only', () => {
    const declared = [
      { name: 'url', type: 'string', displayName: 'u', description: 'u', required: true, secret: false },
      { name: 'token', type: 'securestring', displayName: 't', description: 't', required: true, secret: true },
      { name: 'other', type: 'securestring', displayName: 'o', description: 'o', required: false, secret: true },
    ] as const;
    assert.deepEqual(secretValues(declared, { url: 'https://x', token: 'tok-1234', other: '' }), ['tok-1234']);
  });
});

describe('serviceErrorText', () => {
  it("reads each service's error shape", () => {
    assert.equal(serviceErrorText({ error: { message: 'Invalid table', detail: 'x' } }), 'Invalid table; x');
    assert.equal(serviceErrorText({ errorMessages: ['No project'], errors: { summary: 'required' } }), 'No project; summary: required');
    assert.equal(serviceErrorText({ status: 'invalid event', message: 'Event object is invalid', errors: ['a', 'b'] }), 'Event object is invalid; a; b');
    assert.equal(serviceErrorText({ ok: false, error: 'channel_not_found' }), 'channel_not_found');
    assert.equal(serviceErrorText('  no_service '), 'no_service');
    assert.equal(serviceErrorText('<html>Login</html>'), undefined);
    assert.equal(serviceErrorText(null), undefined);
    assert.equal(serviceErrorText('x'.repeat(600))?.length, 501);
  });
});
