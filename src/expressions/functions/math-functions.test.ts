import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ExpressionErrorCode } from '../expression-error.js';
import { MAX_ARRAY_LENGTH } from '../limits.js';
import { Float, type Value, isFloat, isInteger } from '../values.js';
import { lookupFunction } from './function-table.js';
import { assertFails, testEnv } from './function-test-support.js';

const env = testEnv;

function callWith(random: () => number, name: string, ...args: Value[]): Value {
  const definition = lookupFunction(name);
  if (definition === undefined) throw new Error(`no function ${name}`);
  return definition.call(args, { ...env, random });
}

function call(name: string, ...args: Value[]): Value {
  return callWith(env.random, name, ...args);
}

/** Asserts an integer result (not tagged as a float). */
function assertInteger(value: Value, expected: number): void {
  assert.ok(isInteger(value), `expected the integer ${expected}, got ${String(value)}`);
  assert.equal(value, expected);
}

/** Asserts a float result, whether a fractional number or a `Float` tag on an integral value. */
function assertFloat(value: Value, expected: number): void {
  assert.ok(isFloat(value), `expected the float ${expected}, got ${JSON.stringify(value)}`);
  assert.equal(value instanceof Float ? value.value : value, expected);
}

const invalid = ExpressionErrorCode.InvalidArgument;

describe('add, sub and mul', () => {
  it('match the documented examples', () => {
    assertFloat(call('add', 1, 1.5), 2.5);
    assertFloat(call('sub', 10.3, 0.3), 10);
    assertInteger(call('mul', 1, 2), 2);
    assertFloat(call('mul', 1.5, 2), 3);
  });

  it('give a float as soon as one operand is a float', () => {
    assertFloat(call('add', 1, new Float(2)), 3);
    assertInteger(call('add', 1, 2), 3);
    assertInteger(call('sub', 1, 3), -2);
  });

  it('reject non-numbers', () => {
    assertFails(invalid, () => call('add', '1', 2), "'add'");
    assertFails(invalid, () => call('mul', null, 2));
    assertFails(invalid, () => call('sub', 1, true));
  });
});

describe('div and mod', () => {
  it('div matches the documented examples', () => {
    assertInteger(call('div', 10, 5), 2);
    assertInteger(call('div', 11, 5), 2);
    assertFloat(call('div', 11, new Float(5)), 2.2);
    assertFloat(call('div', new Float(11), 5), 2.2);
  });

  it('div truncates integer quotients toward zero and keeps integral float quotients float', () => {
    assertInteger(call('div', -11, 5), -2);
    assertFloat(call('div', 10, new Float(5)), 2);
  });

  it('mod matches the documented examples', () => {
    assertInteger(call('mod', 3, 2), 1);
    assertInteger(call('mod', -5, 2), -1);
    assertInteger(call('mod', 4, -3), 1);
    assertFloat(call('mod', 5.5, 2), 1.5);
  });

  it('refuse to divide by zero', () => {
    assertFails(ExpressionErrorCode.DivideByZero, () => call('div', 1, 0), "'div'");
    assertFails(ExpressionErrorCode.DivideByZero, () => call('div', 1.5, new Float(0)));
    assertFails(ExpressionErrorCode.DivideByZero, () => call('mod', 1, 0), "'mod'");
  });
});

describe('min and max', () => {
  it('match the documented examples', () => {
    assert.equal(call('min', 1, 2, 3), 1);
    assert.equal(call('min', [1, 2, 3]), 1);
    assert.equal(call('max', 1, 2, 3), 3);
    assert.equal(call('max', [1, 2, 3]), 3);
  });

  it('return the extreme value itself, integer or float', () => {
    assertFloat(call('max', 1, new Float(2)), 2);
    assertFloat(call('min', [0.5, 3]), 0.5);
    assert.equal(call('max', 7), 7);
  });

  it('reject empty arrays and non-numbers', () => {
    assertFails(invalid, () => call('max', []), "'max'");
    assertFails(invalid, () => call('min', [1, 'a']));
    assertFails(invalid, () => call('min', 1, '2'));
    assertFails(invalid, () => call('max', [1], [2]));
  });
});

describe('rand', () => {
  it('returns an integer in [min, max) from the environment random source', () => {
    assertInteger(callWith(() => 0, 'rand', 1, 5), 1);
    assertInteger(callWith(() => 0.5, 'rand', 1, 5), 3);
    assertInteger(callWith(() => 0.999999, 'rand', 1, 5), 4);
    assertInteger(callWith(() => 0.5, 'rand', -10, -5), -8);
  });

  it('rejects a minimum above the maximum and non-integers', () => {
    assertFails(invalid, () => call('rand', 5, 1), "'rand'");
    assertFails(invalid, () => call('rand', 1.5, 3));
  });
});

describe('range', () => {
  it('matches the documented example', () => {
    assert.deepEqual(call('range', 1, 4), [1, 2, 3, 4]);
  });

  it('allows an empty range and negative starts', () => {
    assert.deepEqual(call('range', 5, 0), []);
    assert.deepEqual(call('range', -2, 3), [-2, -1, 0]);
  });

  it('accepts the largest documented count', () => {
    assert.equal((call('range', 0, MAX_ARRAY_LENGTH) as Value[]).length, 100_000);
  });

  it('refuses counts past the limit before allocating', () => {
    assertFails(ExpressionErrorCode.LimitExceeded, () => call('range', 0, MAX_ARRAY_LENGTH + 1), "'range'");
    assertFails(ExpressionErrorCode.LimitExceeded, () => call('range', 0, 2 ** 40));
  });

  it('rejects negative counts, non-integers and ends past Int32.MaxValue', () => {
    assertFails(invalid, () => call('range', 1, -1), 'non-negative');
    assertFails(invalid, () => call('range', 1.5, 2));
    assertFails(invalid, () => call('range', 2_147_483_647, 1));
  });
});
