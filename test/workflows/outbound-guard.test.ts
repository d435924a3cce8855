/**
 * The outbound guard as a workflow sees it: an Http action aimed at cloud metadata, directly or through a redirect,
 * fails at once with `OutboundCallBlocked`, and is not retried.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { action, run, sinksClosedAfterEachTest } from '../support/workflow-harness.js';

const sink = sinksClosedAfterEachTest();

const METADATA_MESSAGE =
  'Outbound call to 169.254.169.254 was blocked: the address is in the denied range 169.254.0.0/16 (link-local / cloud metadata). ' +
  "Riposte's outbound guard (RIPOSTE_OUTBOUND_DENY / RIPOSTE_OUTBOUND_ALLOW) controls this.";

describe('outbound guard', () => {
  it('fails an Http action aimed at cloud metadata with OutboundCallBlocked, without retrying', async () => {
    const started = Date.now();
    const { record, time } = await run({
      actions: {
        Steal: { type: 'Http', inputs: { method: 'GET', uri: 'http://169.254.169.254/latest/meta-data/iam/' } },
        Handle: { type: 'Compose', inputs: "@actions('Steal')['error']['code']", runAfter: { Steal: ['Failed'] } },
      },
    });
    const steal = action(record, 'Steal');
    assert.equal(steal.status, 'Failed');
    assert.equal(steal.code, 'OutboundCallBlocked');
    assert.equal(steal.error?.message, METADATA_MESSAGE);
    assert.equal(steal.retryHistory, undefined);
    assert.deepEqual(time.sleeps, [], 'no retry delay was waited');
    assert.equal((steal.inputs as { uri: string }).uri, 'http://169.254.169.254/latest/meta-data/iam/');
    assert.equal(action(record, 'Handle').outputs, 'OutboundCallBlocked');
    assert.ok(Date.now() - started < 1_000);
  });

  it('refuses a redirect to cloud metadata, calling the first hop only once', async () => {
    const target = await sink([{ status: 302, headers: { location: 'http://169.254.169.254/latest/meta-data/' } }]);
    const started = Date.now();
    const { record, time } = await run({
      actions: {
        Call: {
          type: 'Http',
          inputs: { method: 'GET', uri: `${target.url}/r`, retryPolicy: { type: 'fixed', count: 3, interval: 'PT5S' } },
        },
      },
    });
    const call = action(record, 'Call');
    assert.equal(call.status, 'Failed');
    assert.equal(call.code, 'OutboundCallBlocked');
    assert.equal(call.error?.message, METADATA_MESSAGE);
    assert.equal(target.requests.length, 1);
    assert.deepEqual(time.sleeps, []);
    assert.ok(Date.now() - started < 1_000, 'refused by the guard, not by a connection timing out');
  });

  it('refuses IPv6 link-local and IPv4-mapped metadata addresses too', async () => {
    const { record } = await run({
      actions: {
        Mapped: { type: 'Http', inputs: { method: 'GET', uri: 'http://[::ffff:169.254.169.254]/' } },
        Link_local: { type: 'Http', inputs: { method: 'GET', uri: 'http://[fe80::1]/' } },
        Google: { type: 'Http', inputs: { method: 'GET', uri: 'http://metadata.google.internal/computeMetadata/v1/' } },
      },
    });
    for (const name of ['Mapped', 'Link_local', 'Google']) assert.equal(action(record, name).code, 'OutboundCallBlocked', name);
  });
});
