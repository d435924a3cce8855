import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ExpressionErrorCode } from '../expression-error.js';
import { Float, type Value } from '../values.js';
import type { FunctionDefinition } from './function-definition.js';
import { lookupFunction } from './function-table.js';
import { assertFails, testEnv } from './function-test-support.js';

const env = testEnv;

function definition(name: string): FunctionDefinition {
  const found = lookupFunction(name);
  if (found === undefined) throw new Error(`no function ${name}`);
  return found;
}

function call(name: string, ...args: Value[]): Value {
  return definition(name).call(args, env);
}

/** Calls the lazy form; each argument is either a value or a function that must not be evaluated. */
function callLazy(name: string, ...args: (Value | (() => Value))[]): Value {
  const lazy = definition(name).callLazy;
  if (lazy === undefined) throw new Error(`${name} has no lazy form`);
  return lazy(
    args.map((item) => (typeof item === 'function' ? item : () => item)),
    env,
  );
}

const mustNotRun = (): Value => {
  throw new Error('this argument should not have been evaluated');
};

const invalid = ExpressionErrorCode.InvalidArgument;

describe('if', () => {
  it('returns the value for the condition (documented example)', () => {
    assert.equal(call('if', call('equals', 1, 1), 'yes', 'no'), 'yes');
    assert.equal(call('if', false, 'yes', 'no'), 'no');
  });

  it('evaluates only the branch taken', () => {
    assert.equal(callLazy('if', true, 'yes', mustNotRun), 'yes');
    assert.equal(callLazy('if', false, mustNotRun, 'no'), 'no');
  });

  it('requires a boolean condition', () => {
    assertFails(invalid, () => call('if', 'true', 1, 2), "'if'");
    assertFails(invalid, () => callLazy('if', null, 1, 2));
  });
});

describe('equals', () => {
  it('matches the documented examples', () => {
    assert.equal(call('equals', true, 1), true);
    assert.equal(call('equals', 'abc', 'abcd'), false);
  });

  it('compares deeply, numbers by value and strings case-sensitively', () => {
    assert.equal(call('equals', 1, new Float(1)), true);
    assert.equal(call('equals', 'abc', 'ABC'), false);
    assert.equal(call('equals', { a: [1, { b: null }] }, { a: [1, { b: null }] }), true);
    assert.equal(call('equals', null, null), true);
    assert.equal(call('equals', null, ''), false);
    assert.equal(call('equals', false, 0), true);
    assert.equal(call('equals', 1, '1'), false);
  });
});

describe('and, or and not', () => {
  it('and matches the documented examples', () => {
    assert.equal(call('and', true, true), true);
    assert.equal(call('and', false, true), false);
    assert.equal(call('and', false, false), false);
    assert.equal(call('and', call('equals', 1, 1), call('equals', 2, 2)), true);
    assert.equal(call('and', call('equals', 1, 1), call('equals', 1, 2)), false);
    assert.equal(call('and', call('equals', 1, 2), call('equals', 1, 3)), false);
  });

  it('or matches the documented examples', () => {
    assert.equal(call('or', true, false), true);
    assert.equal(call('or', false, false), false);
    assert.equal(call('or', call('equals', 1, 1), call('equals', 1, 2)), true);
    assert.equal(call('or', call('equals', 1, 2), call('equals', 1, 3)), false);
  });

  it('not matches the documented examples', () => {
    assert.equal(call('not', false), true);
    assert.equal(call('not', true), false);
    assert.equal(call('not', call('equals', 1, 2)), true);
    assert.equal(call('not', call('equals', 1, 1)), false);
  });

  it('take one or more arguments', () => {
    assert.equal(call('and', true), true);
    assert.equal(call('or', false, false, false, true), true);
    assert.equal(definition('and').minArgs, 1);
    assert.equal(definition('or').maxArgs, Infinity);
  });

  it('short-circuit in the lazy form', () => {
    assert.equal(callLazy('and', false, mustNotRun), false);
    assert.equal(callLazy('or', true, mustNotRun), true);
    assert.equal(callLazy('and', true, true), true);
  });

  it('give the same answer in the eager form', () => {
    assert.equal(call('and', false, 'not checked'), false);
    assert.equal(call('or', true, 'not checked'), true);
  });

  it('require booleans', () => {
    assertFails(invalid, () => call('and', true, 'true'), "'and'");
    assertFails(invalid, () => call('or', false, 1));
    assertFails(invalid, () => call('not', null));
  });
});

describe('comparisons', () => {
  it('match the documented examples', () => {
    assert.equal(call('greater', 10, 5), true);
    assert.equal(call('greater', 'apple', 'banana'), false);
    assert.equal(call('greaterOrEquals', 5, 5), true);
    assert.equal(call('greaterOrEquals', 'apple', 'banana'), false);
    assert.equal(call('less', 5, 10), true);
    assert.equal(call('less', 'banana', 'apple'), false);
    assert.equal(call('lessOrEquals', 10, 10), true);
    assert.equal(call('lessOrEquals', 'apply', 'apple'), false);
  });

  it('compare integers with floats, and strings ordinally', () => {
    assert.equal(call('less', 1, 1.5), true);
    assert.equal(call('greaterOrEquals', new Float(2), 2), true);
    assert.equal(call('less', 'B', 'a'), true);
  });

  it('treat null as the empty string', () => {
    assert.equal(call('less', null, 'a'), true);
    assert.equal(call('greaterOrEquals', null, null), true);
    assert.equal(call('greater', '', null), false);
  });

  it('reject mismatched or unordered types', () => {
    assertFails(invalid, () => call('less', 1, '2'), 'matching types');
    assertFails(invalid, () => call('greater', null, 0), "'Null' and 'Integer'");
    assertFails(invalid, () => call('less', true, false));
    assertFails(invalid, () => call('lessOrEquals', [1], [2]));
  });
});

describe('isInt and isFloat', () => {
  it('match the documented examples', () => {
    assert.equal(call('isInt', '10'), true);
    assert.equal(call('isFloat', '10,000.00'), true);
    assert.equal(call('isFloat', '10.000,00', 'de-DE'), true);
  });

  it('recognise what int() and float() accept', () => {
    assert.equal(call('isInt', ' -42 '), true);
    assert.equal(call('isInt', '10.5'), false);
    assert.equal(call('isInt', '1,000'), false);
    assert.equal(call('isInt', 'abc'), false);
    assert.equal(call('isInt', ''), false);
    assert.equal(call('isFloat', '10'), true);
    assert.equal(call('isFloat', '-1.5e3'), true);
    assert.equal(call('isFloat', 'abc'), false);
    assert.equal(call('isFloat', ''), false);
    assert.equal(call('isFloat', '10.000,00'), false);
  });

  it('reject a locale that is not valid', () => {
    assertFails(invalid, () => call('isFloat', '1', 'xx-YY'), 'locale');
  });
});
