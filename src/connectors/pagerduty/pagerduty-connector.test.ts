import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type HttpSink, startHttpSink } from '../../../test/support/http-sink.js';
import { FIXED_NOW, assertNoSecrets, connectorCall, testPorts } from '../connector-test-support.js';
import { pagerDutyConnector } from './pagerduty-connector.js';

const ROUTING_KEY = 'e93facc04764012d7bfb002500d5d1a6';
const ALERT_ID = '2518298467986649999_4d25bfef-2d77-4a08-adc0-3e35715cc92a';

describe('pagerduty connector', () => {
  let sink: HttpSink;
  let reply: { status: number; headers?: Record<string, string>; body: unknown } | undefined;
  before(async () => {
    sink = await startHttpSink((request) => {
      if (reply !== undefined) return reply;
      const event = JSON.parse(request.body) as { dedup_key?: string };
      return { status: 202, body: { status: 'success', message: 'Event processed', dedup_key: event.dedup_key ?? 'pd-generated' } };
    });
  });
  after(() => sink.close());
  const parameters = () => ({ routingKey: ROUTING_KEY, baseUrl: sink.url });
  const invoke = (path: string, body: unknown, options: { parameters?: Record<string, string>; key?: string } = {}) =>
    pagerDutyConnector.invoke(
      connectorCall(pagerDutyConnector, 'POST', path, {
        body: body as never,
        parameters: options.parameters ?? parameters(),
        ...(options.key ? { idempotencyKey: options.key } : {}),
      }),
      testPorts(),
    );

  it('enqueues a trigger with the connection routing key, mapping Defender severity and deriving the dedup key', async () => {
    reply = undefined;
    const result = await invoke(
      '/v2/enqueue',
      {
        event_action: 'trigger',
        alertId: ALERT_ID,
        routing_key: 'a-workflow-must-not-choose-this',
        payload: { summary: 'Suspicious process executed', source: 'vm1', severity: 'High', custom_details: { AlertType: 'VM_Suspicious' } },
        links: [{ href: 'https://portal.azure.com/#blade/alert', text: 'Defender' }],
      },
      { key: 'run-3/Page' },
    );
    assert.equal(result.statusCode, 202);
    assert.deepEqual(result.body, { status: 'success', message: 'Event processed', dedup_key: `riposte-${ALERT_ID}` });
    const request = sink.requests.at(-1)!;
    assert.equal(request.url, '/v2/enqueue');
    assert.equal(request.headers['content-type'], 'application/json');
    assert.equal(request.headers['idempotency-key'], 'run-3/Page');
    assert.deepEqual(JSON.parse(request.body), {
      event_action: 'trigger',
      dedup_key: `riposte-${ALERT_ID}`,
      routing_key: ROUTING_KEY,
      payload: { summary: 'Suspicious process executed', source: 'vm1', severity: 'critical', custom_details: { AlertType: 'VM_Suspicious' } },
      links: [{ href: 'https://portal.azure.com/#blade/alert', text: 'Defender' }],
    });
    assertNoSecrets(result, [ROUTING_KEY]);
  });

  it('maps every Defender severity, and builds the event from the flat /trigger shape', async () => {
    reply = undefined;
    const severities = { High: 'critical', Medium: 'error', Low: 'warning', Informational: 'info', warning: 'warning' };
    for (const [given, expected] of Object.entries(severities)) {
      const result = await invoke('/trigger', { summary: 'S', source: 'vm1', severity: given, dedupKey: 'k-1', customDetails: { a: 1 } });
      assert.equal(result.statusCode, 202);
      assert.deepEqual(JSON.parse(sink.requests.at(-1)!.body), {
        routing_key: ROUTING_KEY,
        event_action: 'trigger',
        dedup_key: 'k-1',
        payload: { summary: 'S', source: 'vm1', severity: expected, custom_details: { a: 1 } },
      });
    }
  });

  it('resolves by the dedup key derived from the alert id, and needs one to acknowledge', async () => {
    reply = undefined;
    const resolved = await invoke('/resolve', { alertId: ALERT_ID });
    assert.equal(resolved.statusCode, 202);
    assert.deepEqual(JSON.parse(sink.requests.at(-1)!.body), { routing_key: ROUTING_KEY, event_action: 'resolve', dedup_key: `riposte-${ALERT_ID}` });

    const count = sink.requests.length;
    const refused = await invoke('/acknowledge', {});
    assert.equal(refused.statusCode, 400);
    assert.match(refused.message ?? '', /'dedup_key'/);
    const enqueued = await invoke('/v2/enqueue', { event_action: 'resolve' });
    assert.equal(enqueued.statusCode, 400);
    assert.match(enqueued.message ?? '', /'dedup_key'/);
    assert.equal(sink.requests.length, count, 'nothing was sent');
  });

  it('hashes an alert id too long for a dedup key', async () => {
    reply = undefined;
    await invoke('/resolve', { alertId: `/subscriptions/${'x'.repeat(300)}` });
    assert.match((JSON.parse(sink.requests.at(-1)!.body) as { dedup_key: string }).dedup_key, /^riposte-sha256-[0-9a-f]{64}$/);
  });

  it('names the failing input field before calling PagerDuty', async () => {
    const severity = await invoke('/v2/enqueue', { event_action: 'trigger', payload: { summary: 'S', source: 'x', severity: 'severe' } });
    assert.equal(severity.statusCode, 400);
    assert.match(severity.message ?? '', /^The input 'body\.payload\.severity' must be one of critical, error, warning, info, High, Medium, Low, Informational\.$/);
    const missing = await invoke('/trigger', { summary: 'S', severity: 'info' });
    assert.equal(missing.message, "The input 'body.source' is required.");
    const noPayload = await invoke('/v2/enqueue', { event_action: 'trigger' });
    assert.equal(noPayload.message, "The input 'body.payload' is required to trigger an alert.");
  });

  it("reports PagerDuty's own errors for an invalid event", async () => {
    reply = { status: 400, body: { status: 'invalid event', message: 'Event object is invalid', errors: ["'payload.source' is missing or blank"] } };
    const result = await invoke('/trigger', { summary: 'S', source: ' ', severity: 'info' });
    assert.equal(result.statusCode, 400);
    assert.equal(result.message, "PagerDuty refused the request (HTTP 400): Event object is invalid; 'payload.source' is missing or blank");
    assertNoSecrets(result, [ROUTING_KEY]);
  });

  it('returns 429 with Retry-After given as an HTTP date', async () => {
    reply = { status: 429, headers: { 'retry-after': new Date(FIXED_NOW + 90_000).toUTCString() }, body: { status: 'throttle event' } };
    const result = await invoke('/trigger', { summary: 'S', source: 'vm1', severity: 'info' });
    assert.equal(result.statusCode, 429);
    assert.equal(result.retryAfterMs, 90_000);
  });

  it('names a missing routing key', async () => {
    const result = await invoke('/trigger', { summary: 'S', source: 'vm1', severity: 'info' }, { parameters: { baseUrl: sink.url } });
    assert.equal(result.statusCode, 400);
    assert.equal(result.message, "The connection has no 'routingKey'; set it on the connection.");
  });

  it('tests only the shape of the routing key: the Events API has no harmless check', async () => {
    const signal = AbortSignal.timeout(1000);
    const ok = await pagerDutyConnector.test(parameters(), testPorts(), signal);
    assert.equal(ok.status, 'Unverified');
    assert.match(ok.message, /no side-effect-free check/);
    const malformed = await pagerDutyConnector.test({ routingKey: 'abc-123-too-short' }, testPorts(), signal);
    assert.equal(malformed.status, 'Error');
    assertNoSecrets(malformed, ['abc-123-too-short']);
  });
});
