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
  assert.equal(throttle.begin(name, address, nowMs), 0, `${name} from ${address} should be allowed to sign in`);
  throttle.succeeded(name, address, nowMs);
}

describe('login throttle', () => {
  test('blocks a name from one address after 5 failures within 15 minutes, until the oldest leaves the window', () => {
    const throttle = new MemoryLoginThrottle();
    for (let i = 0; i < 5; i++) fail(throttle, 'alice', '10.0.0.1', start + i * MINUTE);
    // The first failure (at `start`) leaves the window at start + 15 min.
    assert.equal(throttle.begin('alice', '10.0.0.1', start + 5 * MINUTE), 10 * 60);
    assert.equal(throttle.begin('ALICE ', '10.0.0.1', start + 5 * MINUTE), 10 * 60, 'names compare case-insensitively');
    assert.equal(throttle.begin('alice', '10.0.0.1', start + 14 * MINUTE + 59_500), 1, 'rounded up to whole seconds');
    fail(throttle, 'bob', '10.0.0.1', start + 5 * MINUTE);
    fail(throttle, 'alice', '10.0.0.1', start + 15 * MINUTE);
  });

  test('failures from one address do not block the same name from another address', () => {
    const throttle = new MemoryLoginThrottle();
    for (let i = 0; i < 5; i++) fail(throttle, 'alice', '10.6.6.6', start + i);
    assert.ok(throttle.begin('alice', '10.6.6.6', start + 10) > 0, 'the guessing address is blocked');
    succeed(throttle, 'alice', '10.0.0.1', start + 20);
    assert.ok(throttle.begin('alice', '10.6.6.6', start + 30) > 0, "the user's success does not unblock the guessing address");
  });

  test('one attacker failing as a name all day never locks the user out of their own address', () => {
    const throttle = new MemoryLoginThrottle();
    for (let minute = 0; minute < 24 * 60; minute++) {
      const now = start + minute * MINUTE;
      // As fast as the throttle lets it, over its own names too.
      for (const name of ['admin', 'Admin', 'root', 'administrator']) throttle.begin(name, '203.0.113.7', now);
      if (minute % 60 === 59) succeed(throttle, 'admin', '10.0.0.1', now + 1);
    }
    fail(throttle, 'admin', '10.0.0.1', start + 24 * 60 * MINUTE);
  });

  test('blocks a name everywhere only after 50 failures from many addresses', () => {
    const throttle = new MemoryLoginThrottle();
    for (let i = 0; i < 50; i++) fail(throttle, 'alice', `10.0.${Math.floor(i / 5)}.1`, start + i * 1000);
    assert.equal(throttle.begin('alice', '10.9.9.9', start + 50_000), 15 * 60 - 50, 'a new address is refused');
    fail(throttle, 'bob', '10.9.9.9', start + 50_000);
    fail(throttle, 'alice', '10.9.9.9', start + 15 * MINUTE + 1);
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
    const throttle = new MemoryLoginThrottle({ perNameAndAddress: 5, perAddress: 6, perName: 50, windowMs: 15 * MINUTE });
    for (let i = 0; i < 4; i++) fail(throttle, 'alice', '10.0.0.1', start + i);
    succeed(throttle, 'alice', '10.0.0.1', start + 10);
    for (let i = 0; i < 4; i++) succeed(throttle, `user${i}`, '10.0.0.1', start + 20 + i);
    fail(throttle, 'alice', '10.0.0.2', start + 30);
    fail(throttle, 'carol', '10.0.0.1', start + 40);
    fail(throttle, 'carol', '10.0.0.1', start + 50);
    assert.ok(throttle.begin('dave', '10.0.0.1', start + 60) > 0, 'the address counts its six failures, over any names');
  });

  test('a success clears the count of the name over every address', () => {
    const throttle = new MemoryLoginThrottle({ perNameAndAddress: 5, perAddress: 20, perName: 8, windowMs: 15 * MINUTE });
    for (let i = 0; i < 7; i++) fail(throttle, 'alice', `10.0.0.${i}`, start + i);
    succeed(throttle, 'alice', '10.0.1.1', start + 10);
    for (let i = 0; i < 7; i++) fail(throttle, 'alice', `10.0.2.${i}`, start + 20 + i);
    succeed(throttle, 'alice', '10.0.1.1', start + 30);
  });

  test('blocks an address after 20 failures over any names', () => {
    const throttle = new MemoryLoginThrottle();
    for (let i = 0; i < 20; i++) fail(throttle, `user${i}`, '10.0.0.1', start + i * 1000);
    assert.equal(throttle.begin('someone', '10.0.0.1', start + 20_000), 15 * 60 - 20);
    fail(throttle, 'someone', '10.0.0.2', start + 20_000);
  });

  test('forgets the stalest keys past its bound', () => {
    const throttle = new MemoryLoginThrottle({ perNameAndAddress: 1, perAddress: 1000, perName: 1000, windowMs: MINUTE }, 10);
    for (let i = 0; i < 30; i++) fail(throttle, `user${i}`, `10.0.0.${i}`, start);
    fail(throttle, 'user0', '10.0.0.0', start);
    assert.ok(throttle.begin('user29', '10.0.0.29', start) > 0);
  });

  test('blocks exactly when the window holds 5 failures from the address, or 50 from anywhere; the wait is never more than the window', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ offset: fc.integer({ min: 0, max: 30 * MINUTE }), address: fc.integer({ min: 0, max: 12 }) }), { minLength: 1, maxLength: 120 }),
        fc.integer({ min: 0, max: 30 * MINUTE }),
        fc.integer({ min: 0, max: 12 }),
        (attempts, later, address) => {
          const throttle = new MemoryLoginThrottle();
          const counted: { time: number; address: number }[] = [];
          for (const attempt of [...attempts].sort((a, b) => a.offset - b.offset)) {
            if (throttle.begin('alice', `10.0.${attempt.address}.1`, start + attempt.offset) === 0) counted.push({ time: start + attempt.offset, address: attempt.address });
          }
          const now = start + Math.max(...attempts.map((attempt) => attempt.offset)) + later;
          const recent = counted.filter((failure) => failure.time > now - 15 * MINUTE);
          const wait = throttle.begin('alice', `10.0.${address}.1`, now);
          assert.ok(wait >= 0 && wait <= 15 * 60);
          assert.equal(wait > 0, recent.length >= 50 || recent.filter((failure) => failure.address === address).length >= 5);
        },
      ),
    );
  });
});
