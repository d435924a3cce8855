import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { tryParseDuration } from './duration.js';
import { defaultRetryPolicy, parseRetryPolicy, retryDelayMs } from './retry-policy.js';

const HOUR = 3_600_000;

describe('retry policies', () => {
  test("an explicit exponential policy's intervals grow up to a day unless it sets maximumInterval; the default's up to an hour", () => {
    const parsed = parseRetryPolicy({ type: 'exponential', interval: 'PT20M', count: 5 }, tryParseDuration);
    assert.ok(parsed.ok);
    assert.equal(parsed.policy.maximumIntervalMs, 24 * HOUR);
    assert.equal(parsed.policy.minimumIntervalMs, 5_000);
    // Retry 5 waits between 2^3 and 2^4 times the interval: 160–320 minutes, above the default's hour.
    assert.equal(retryDelayMs(parsed.policy, 5, () => 0), 160 * 60_000);
    assert.equal(retryDelayMs(parsed.policy, 5, () => 1), 320 * 60_000);

    const capped = parseRetryPolicy({ type: 'exponential', interval: 'PT20M', count: 5, maximumInterval: 'PT1H' }, tryParseDuration);
    assert.ok(capped.ok);
    assert.equal(retryDelayMs(capped.policy, 5, () => 0), HOUR);

    const fixed = parseRetryPolicy({ type: 'fixed', interval: 'PT20M', count: 2 }, tryParseDuration);
    assert.ok(fixed.ok);
    assert.equal(fixed.policy.maximumIntervalMs, HOUR, "a fixed policy's Retry-After cap stays an hour");

    const byDefault = parseRetryPolicy({ type: 'Default' }, tryParseDuration);
    assert.ok(byDefault.ok);
    assert.equal(byDefault.policy, defaultRetryPolicy);
    assert.equal(defaultRetryPolicy.maximumIntervalMs, HOUR);
  });
});
