import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { type HttpSink, type SinkRequest, startHttpSink } from '../../../test/support/http-sink.js';
import { FIXED_NOW, assertNoSecrets, connectorCall, testPorts } from '../connector-test-support.js';
import { webhookConnector } from './webhook-connector.js';

const SECRET = 'whsec-4f9c1d2e8b7a6f5e';

/** A receiver's check, written independently of webhook-signature.ts. */
function receiverAccepts(request: Pick<SinkRequest, 'headers' | 'body'>, nowSeconds: number, secret = SECRET): boolean {
  const timestamp = request.headers['x-riposte-timestamp'] ?? '';
  const signature = request.headers['x-riposte-signature'] ?? '';
  if (!/^\d+$/.test(timestamp) || Math.abs(nowSeconds - Number(timestamp)) > 300) return false;
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(`${timestamp}.${request.body}`).digest('hex')}`);
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

describe('webhook connector', () => {
  let sink: HttpSink;
  const nowSeconds = FIXED_NOW / 1000;
  before(async () => {
    sink = await startHttpSink((request) => {
      if (request.url === '/down') return { status: 503, headers: { 'retry-after': '30' }, body: 'maintenance' };
      return receiverAccepts(request, nowSeconds) ? { status: 202, body: { received: true } } : { status: 401, body: 'bad signature' };
    });
  });
  after(() => sink.close());
  const parameters = () => ({ url: `${sink.url}/hooks/riposte`, secret: SECRET });

  it('posts the JSON body with a signature the receiver verifies on its own', async () => {
    const body = { type: 'alert', alert: { id: 'a1', severity: 'High', note: 'ünïcode ✓' } };
    const call = connectorCall(webhookConnector, 'POST', '/send', { body, parameters: parameters(), idempotencyKey: 'run-7:Notify' });
    const result = await webhookConnector.invoke(call, testPorts());

    assert.equal(result.statusCode, 202);
    assert.deepEqual(result.body, { received: true });
    const request = sink.requests.at(-1)!;
    assert.equal(request.method, 'POST');
    assert.equal(request.url, '/hooks/riposte');
    assert.deepEqual(JSON.parse(request.body), body);
    assert.equal(request.headers['content-type'], 'application/json');
    assert.equal(request.headers['x-riposte-timestamp'], String(nowSeconds));
    assert.equal(request.headers['x-riposte-delivery'], 'run-7:Notify');
    assert.equal(request.headers['idempotency-key'], 'run-7:Notify');
    assert.ok(receiverAccepts(request, nowSeconds));
    assertNoSecrets(result, [SECRET]);
  });

  it('gives a signature that fails for a tampered body, an old timestamp or another secret', async () => {
    const call = connectorCall(webhookConnector, 'POST', '/', { body: { amount: 10 }, parameters: parameters() });
    await webhookConnector.invoke(call, testPorts());
    const request = sink.requests.at(-1)!;
    assert.ok(receiverAccepts(request, nowSeconds));
    assert.ok(!receiverAccepts({ ...request, body: '{"amount":1000}' }, nowSeconds));
    assert.ok(!receiverAccepts(request, nowSeconds + 301), 'a delivery replayed six minutes later');
    assert.ok(!receiverAccepts(request, nowSeconds, 'another-secret'));
  });

  it('explains a refused signature without showing the secret', async () => {
    const call = connectorCall(webhookConnector, 'POST', '/send', { body: { a: 1 }, parameters: parameters() });
    const result = await webhookConnector.invoke(call, testPorts(FIXED_NOW + 3_600_000));
    assert.equal(result.statusCode, 401);
    assert.match(result.message ?? '', /rejected the credentials.*'secret'/);
    assertNoSecrets(result, [SECRET]);
  });

  it('passes 5xx through with Retry-After for the retry policy', async () => {
    const call = connectorCall(webhookConnector, 'POST', '/send', { body: null, parameters: { url: `${sink.url}/down`, secret: SECRET } });
    const result = await webhookConnector.invoke(call, testPorts());
    assert.equal(result.statusCode, 503);
    assert.equal(result.retryAfterMs, 30_000);
    assert.equal(sink.requests.at(-1)!.body, 'null');
  });

  it('names a missing connection parameter', async () => {
    const call = connectorCall(webhookConnector, 'POST', '/send', { body: {}, parameters: { url: sink.url } });
    const result = await webhookConnector.invoke(call, testPorts());
    assert.equal(result.statusCode, 400);
    assert.equal(result.message, "The connection has no 'secret'; set it on the connection.");
  });

  it('tests the connection with a signed ping', async () => {
    const ok = await webhookConnector.test(parameters(), testPorts(), AbortSignal.timeout(5000));
    assert.equal(ok.status, 'Connected');
    assert.deepEqual(JSON.parse(sink.requests.at(-1)!.body), { type: 'riposte.ping' });
    const refused = await webhookConnector.test({ ...parameters(), secret: 'wrong-secret' }, testPorts(), AbortSignal.timeout(5000));
    assert.equal(refused.status, 'Error');
    assertNoSecrets(refused, ['wrong-secret']);
  });
});
