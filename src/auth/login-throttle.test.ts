import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { MemoryLoginThrottle } from './login-throttle.js';

const MINUTE = 60_000;
const start = 1_700_000_000_000;

/** An attempt that goes ahead and fails (it stays counted). */
function fail(throttle: MemoryLoginThrottle, name: string, address: string, nowMs: number): void {
  assert.equal(throttle.begin(name, address, nowMs), 0, `${name} from ${address} should be allowed to try`);
}

function succeed(throttle: MemoryLoginThrottle, name: string, address: string, nowMs: number): void {
  assert.equal(throttle.begin(name, address, nowMs), 0);
  throttle.succeeded(name, address, nowMs);
}

describe('login throttle', () => {
  test('blocks a name after 5 failures within 15 minutes, until the oldest leaves the window', () => {
    const throttle = new MemoryLoginThrottle();
    for (let i = 0; i < 5; i++) fail(throttle, 'alice', '10.0.0.1', start + i * MINUTE);
    // The first failure (at `start`) leaves the window at start + 15 min.
    assert.equal(throttle.begin('alice', '10.0.0.9', start + 5 * MINUTE), 10 * 60);
    assert.equal(throttle.begin('ALICE ', '10.0.0.9', start + 5 * MINUTE), 10 * 60, 'names compare case-insensitively');
    assert.equal(throttle.begin('alice', '10.0.0.9', start + 14 * MINUTE + 59_500), 1, 'rounded up to whole seconds');
    fail(throttle, 'bob', '10.0.0.9', start + 5 * MINUTE);
    fail(throttle, 'alice', '10.0.0.9', start + 15 * MINUTE);
  });

  test('refused attempts are not counted, and do not prolong the block', () => {
    const throttle = new MemoryLoginThrottle();
    for (let i = 0; i < 5; i++) fail(throttle, 'alice', '10.0.0.1', start);
    for (let i = 0; i < 100; i++) assert.ok(throttle.begin('alice', '10.0.0.1', start + i * 1000) > 0);
    fail(throttle, 'alice', '10.0.0.1', start + 15 * MINUTE + 1);
  });

  test('attempts in flight count, so concurrent guesses cannot all slip in', () => {
    const throttle = new MemoryLoginThrottle();
    const allowed = Array.from({ length: 50 }, () => throttle.begin('alice', '10.0.0.1', start)).filter((wait) => wait === 0);
    assert.equal(allowed.length, 5);
  });

  test('a success clears the name, and is not counted against the address', () => {
    const throttle = new MemoryLoginThrottle({ perName: 5, perAddress: 6, windowMs: 15 * MINUTE });
    for (let i = 0; i < 4; i++) fail(throttle, 'alice', '10.0.0.1', start + i);
    succeed(throttle, 'alice', '10.0.0.1', start + 10);
    for (let i = 0; i < 4; i++) succeed(throttle, `user${i}`, '10.0.0.1', start + 20 + i);
    fail(throttle, 'alice', '10.0.0.2', start + 30);
    fail(throttle, 'carol', '10.0.0.1', start + 40);
    fail(throttle, 'carol', '10.0.0.1', start + 50);
    assert.ok(throttle.begin('dave', '10.0.0.1', start + 60) > 0, 'the address counts its six failures, over any names');
  });

  test('blocks an address after 20 failures over any names', () => {
    const throttle = new MemoryLoginThrottle();
    for (let i = 0; i < 20; i++) fail(throttle, `user${i}`, '10.0.0.1', start + i * 1000);
    assert.equal(throttle.begin('someone', '10.0.0.1', start + 20_000), 15 * 60 - 20);
    fail(throttle, 'someone', '10.0.0.2', start + 20_000);
  });

  test('forgets the stalest keys past its bound', () => {
    const throttle = new MemoryLoginThrottle({ perName: 1, perAddress: 1000, windowMs: MINUTE }, 10);
    for (let i = 0; i < 30; i++) fail(throttle, `user${i}`, `10.0.0.${i}`, start);
    fail(throttle, 'user0', '10.1.1.1', start);
    assert.ok(throttle.begin('user29', '10.1.1.2', start) > 0);
  });

  test('blocks exactly when the window holds 5 failures; the wait is never more than the window', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 30 * MINUTE }), { minLength: 1, maxLength: 40 }), fc.integer({ min: 0, max: 30 * MINUTE }), (offsets, later) => {
        const throttle = new MemoryLoginThrottle();
        const counted: number[] = [];
        for (const time of [...offsets].sort((a, b) => a - b)) {
          if (throttle.begin('alice', `10.0.${counted.length}.1`, start + time) === 0) counted.push(start + time);
        }
        const now = start + Math.max(...offsets) + later;
        const recent = counted.filter((time) => time > now - 15 * MINUTE).length;
        const wait = throttle.begin('alice', '10.9.9.9', now);
        assert.ok(wait >= 0 && wait <= 15 * 60);
        assert.equal(wait > 0, recent >= 5);
      }),
    );
  });
});
