import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EvalEnvironment } from '../environment.js';
import { ExpressionError, ExpressionErrorCode } from '../expression-error.js';
import { type JsonObject, type Value, getProperty } from '../values.js';
import { lookupFunction } from './function-table.js';

const env: EvalEnvironment = { clock: { now: () => Date.parse('2018-03-15T13:00:00Z') }, random: () => 0.5 };

function call(name: string, ...args: Value[]): Value {
  const definition = lookupFunction(name);
  assert.ok(definition, `function ${name} is registered`);
  return definition.call(args, env);
}

/** `json('…')`, as the documented examples build their objects. */
function json(text: string): JsonObject {
  return call('json', text) as JsonObject;
}

function child(object: JsonObject, name: string): JsonObject {
  return getProperty(object, name) as JsonObject;
}

function assertInvalid(name: string, ...args: Value[]): void {
  assert.throws(
    () => call(name, ...args),
    (error: unknown) =>
      error instanceof ExpressionError &&
      error.code === ExpressionErrorCode.InvalidArgument &&
      error.message.includes(`'${name}'`),
  );
}

const customer = '{ "customerName": { "firstName": "Sophia", "surName": "Owen" } }';

describe('coalesce', () => {
  it('matches the documented examples', () => {
    assert.equal(call('coalesce', null, true, false), true);
    assert.equal(call('coalesce', null, 'hello', 'world'), 'hello');
    assert.equal(call('coalesce', null, null, null), null);
  });

  it('treats empty strings, arrays, objects and false as values', () => {
    assert.equal(call('coalesce', null, ''), '');
    assert.deepEqual(call('coalesce', [], 1), []);
    assert.deepEqual(call('coalesce', {}, 1), {});
    assert.equal(call('coalesce', false, true), false);
  });

  it('evaluates lazily and stops at the first non-null value', () => {
    const lazy = lookupFunction('coalesce')?.callLazy;
    assert.ok(lazy);
    const evaluated: number[] = [];
    const thunk = (index: number, value: Value) => () => {
      evaluated.push(index);
      return value;
    };
    const failing = () => {
      throw new Error('must not be evaluated');
    };
    assert.equal(lazy([thunk(0, null), thunk(1, 'x'), failing], env), 'x');
    assert.deepEqual(evaluated, [0, 1]);
    assert.equal(lazy([thunk(2, null)], env), null);
  });
});

describe('addProperty', () => {
  it('matches documented example 1', () => {
    const input = json('{ "firstName": "Sophia", "lastName": "Owen" }');
    assert.deepEqual(call('addProperty', input, 'middleName', 'Anne'), {
      firstName: 'Sophia',
      lastName: 'Owen',
      middleName: 'Anne',
    });
  });

  it('matches documented example 2 (child property via setProperty)', () => {
    const result = call(
      'setProperty',
      json(customer),
      'customerName',
      call('addProperty', child(json(customer), 'customerName'), 'middleName', 'Anne'),
    );
    assert.deepEqual(result, { customerName: { firstName: 'Sophia', surName: 'Owen', middleName: 'Anne' } });
  });

  it('fails when the property already exists', () => {
    assertInvalid('addProperty', { firstName: 'Sophia' }, 'firstName', 'Anne');
  });

  it('does not change its input', () => {
    const input = { a: 1 };
    const result = call('addProperty', input, 'b', 2);
    assert.deepEqual(input, { a: 1 });
    assert.notEqual(result, input);
  });

  it('stores a __proto__ name as data', () => {
    const result = call('addProperty', {}, '__proto__', { polluted: true }) as JsonObject;
    assert.ok(Object.hasOwn(result, '__proto__'));
    assert.equal(Object.getPrototypeOf(result), Object.prototype);
  });

  it('rejects a non-object or a non-string name', () => {
    assertInvalid('addProperty', null, 'a', 1);
    assertInvalid('addProperty', [1], 'a', 1);
    assertInvalid('addProperty', 'text', 'a', 1);
    assertInvalid('addProperty', {}, 5, 1);
  });
});

describe('setProperty', () => {
  it('matches documented example 1', () => {
    const result = call('setProperty', json('{ "firstName": "Sophia", "surName": "Owen" }'), 'surName', 'Hartnett');
    assert.deepEqual(result, { firstName: 'Sophia', surName: 'Hartnett' });
  });

  it('matches documented example 2 (nested setProperty)', () => {
    const result = call(
      'setProperty',
      json(customer),
      'customerName',
      call('setProperty', child(json(customer), 'customerName'), 'surName', 'Hartnett'),
    );
    assert.deepEqual(result, { customerName: { firstName: 'Sophia', surName: 'Hartnett' } });
  });

  it('adds a missing property and keeps the position of an existing one', () => {
    assert.deepEqual(call('setProperty', { a: 1 }, 'b', null), { a: 1, b: null });
    assert.deepEqual(Object.keys(call('setProperty', { a: 1, b: 2, c: 3 }, 'b', 9) as JsonObject), ['a', 'b', 'c']);
  });

  it('does not change its input', () => {
    const input = { a: { b: 1 } };
    call('setProperty', input, 'a', 2);
    assert.deepEqual(input, { a: { b: 1 } });
  });

  it('rejects a non-object or a non-string name', () => {
    assertInvalid('setProperty', null, 'a', 1);
    assertInvalid('setProperty', {}, null, 1);
  });
});

describe('removeProperty', () => {
  it('matches documented example 1', () => {
    const input = json('{ "firstName": "Sophia", "middleName": "Anne", "surName": "Owen" }');
    const result = call('removeProperty', input, 'middleName');
    assert.deepEqual(result, { firstName: 'Sophia', surName: 'Owen' });
  });

  it('matches documented example 2 (child object)', () => {
    const input = json('{ "customerName": { "firstName": "Sophia", "middleName": "Anne", "surName": "Owen" } }');
    assert.deepEqual(call('removeProperty', child(input, 'customerName'), 'middleName'), {
      firstName: 'Sophia',
      surName: 'Owen',
    });
  });

  it('returns the object unchanged when the property is missing', () => {
    assert.deepEqual(call('removeProperty', { a: 1 }, 'b'), { a: 1 });
  });

  it('does not change its input', () => {
    const input = { a: 1, b: 2 };
    call('removeProperty', input, 'a');
    assert.deepEqual(input, { a: 1, b: 2 });
  });

  it('rejects a non-object or a non-string name', () => {
    assertInvalid('removeProperty', null, 'a');
    assertInvalid('removeProperty', [], 'a');
    assertInvalid('removeProperty', {}, 1);
  });
});
