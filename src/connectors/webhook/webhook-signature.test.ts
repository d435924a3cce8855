import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { signWebhookBody, verifyWebhookSignature } from './webhook-signature.js';

describe('webhook signatures', () => {
  const secret = 'shared-secret';
  const timestamp = 1_714_564_800;
  const rawBody = '{"type":"riposte.ping"}';
  const signature = signWebhookBody(secret, timestamp, rawBody);
  const now = timestamp * 1000;

  it('signs "<timestamp>.<body>" with HMAC-SHA256 in hex', () => {
    assert.match(signature, /^sha256=[0-9a-f]{64}$/);
    assert.notEqual(signature, signWebhookBody(secret, timestamp + 1, rawBody));
  });

  it('accepts a fresh, matching delivery', () => {
    assert.deepEqual(verifyWebhookSignature({ secret, timestamp: String(timestamp), signature, rawBody, now }), { ok: true });
    assert.deepEqual(verifyWebhookSignature({ secret, timestamp, signature, rawBody, now: now + 299_000 }), { ok: true });
  });

  it('refuses a tampered body, another secret, a stale or future timestamp and malformed headers', () => {
    const check = (changes: object) => verifyWebhookSignature({ secret, timestamp, signature, rawBody, now, ...changes });
    assert.deepEqual(check({ rawBody: '{"type":"riposte.pong"}' }), { ok: false, reason: 'mismatch' });
    assert.deepEqual(check({ secret: 'other' }), { ok: false, reason: 'mismatch' });
    assert.deepEqual(check({ now: now + 301_000 }), { ok: false, reason: 'stale' });
    assert.deepEqual(check({ now: now - 301_000 }), { ok: false, reason: 'stale' });
    assert.deepEqual(check({ now: now + 60_000, toleranceSeconds: 30 }), { ok: false, reason: 'stale' });
    assert.deepEqual(check({ signature: signature.slice(0, -2) }), { ok: false, reason: 'malformed' });
    assert.deepEqual(check({ timestamp: '12abc' }), { ok: false, reason: 'malformed' });
  });
});
