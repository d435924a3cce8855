/** Decimals (`decimal()`) through the rest of the function library: arithmetic, comparison, collections, formatting. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EvalEnvironment } from '../environment.js';
import { ExpressionError, ExpressionErrorCode } from '../expression-error.js';
import { Binary, Decimal, Float, type Value, cloneValue, toPlainJson, toText, typeOf, valuesEqual } from '../values.js';
import { lookupFunction } from './function-table.js';

const env: EvalEnvironment = { clock: { now: () => Date.parse('2018-03-15T13:00:00Z') }, random: () => 0.5 };

function call(name: string, ...args: Value[]): Value {
  const definition = lookupFunction(name);
  assert.ok(definition, `function ${name} is registered`);
  return definition.call(args, env);
}

function dec(text: string): Decimal {
  const value = call('decimal', text);
  assert.ok(value instanceof Decimal);
  return value;
}

/** Asserts a decimal result with exactly this text. */
function assertDecimal(value: Value, text: string): void {
  assert.ok(value instanceof Decimal, `expected a decimal, got ${JSON.stringify(value)} (${typeOf(value)})`);
  assert.equal(value.toString(), text);
}

function assertFails(code: ExpressionErrorCode, action: () => unknown): void {
  assert.throws(action, (error: unknown) => {
    assert.ok(error instanceof ExpressionError, `expected an ExpressionError, got ${String(error)}`);
    assert.equal(error.code, code);
    return true;
  });
}

const MAX = '79228162514264337593543950335';

describe('decimal arithmetic functions', () => {
  it('matches the documented examples', () => {
    const x = dec('1.2345678912312131');
    const sum = call('add', x, x);
    assertDecimal(sum, '2.4691357824624262');
    assert.equal(toPlainJson(sum), 2.469135782462426);
    assert.equal(call('string', sum), '2.4691357824624262');
  });

  it('converts an integer operand exactly and a float operand to 15 significant digits', () => {
    assertDecimal(call('add', dec('0.1'), 0.2), '0.3');
    assertDecimal(call('add', 1, dec('0.1')), '1.1');
    assertDecimal(call('sub', dec('10'), 9007199254740991), '-9007199254740981');
    assertDecimal(call('mul', dec('1.1'), 3), '3.3');
    assertDecimal(call('mul', new Float(2), dec('1.25')), '2.50');
    assertDecimal(call('sub', dec('1.50'), 1.5), '0.00');
  });

  it('divides to 28 places and takes exact remainders', () => {
    assertDecimal(call('div', dec('1'), 3), '0.3333333333333333333333333333');
    assertDecimal(call('div', 10, dec('4')), '2.5');
    assertDecimal(call('div', dec('4.0'), 2), '2.0');
    assertDecimal(call('div', dec('1'), 0.5), '2');
    assertDecimal(call('mod', dec('7.5'), 2), '1.5');
    assertDecimal(call('mod', dec('-7.5'), 2), '-1.5');
    assertDecimal(call('mod', 10, dec('0.3')), '0.1');
  });

  it('refuses division by zero, results beyond the range and floats the range cannot hold', () => {
    assertFails(ExpressionErrorCode.DivideByZero, () => call('div', dec('1'), 0));
    assertFails(ExpressionErrorCode.DivideByZero, () => call('div', 1, dec('0.00')));
    assertFails(ExpressionErrorCode.DivideByZero, () => call('mod', dec('1'), new Float(0)));
    assertFails(ExpressionErrorCode.InvalidArgument, () => call('add', dec(MAX), 1));
    assertFails(ExpressionErrorCode.InvalidArgument, () => call('mul', dec(MAX), dec('2')));
    assertFails(ExpressionErrorCode.InvalidArgument, () => call('div', dec(MAX), dec('0.1')));
    assertFails(ExpressionErrorCode.InvalidArgument, () => call('add', dec('1'), 1e30));
    assertFails(ExpressionErrorCode.InvalidArgument, () => call('add', dec('1'), 'x'));
  });

  it('leaves integer and float arithmetic as it was', () => {
    assert.equal(call('add', 1, 2), 3);
    assert.equal(call('div', 11, 5), 2);
    assert.equal(call('div', 11, 5.0), 2);
    assert.equal(call('div', 11, new Float(5)), 2.2);
    assert.equal(call('add', 0.1, 0.2), 0.30000000000000004);
  });

  it('finds the minimum and maximum by exact value and returns the decimal itself', () => {
    const barelyMore = dec('1.0000000000000000000000000001');
    assert.equal(call('max', 1, barelyMore, new Float(1)), barelyMore);
    assert.equal(call('min', barelyMore, 1), 1);
    assertDecimal(call('min', createArray(dec('2.50'), 3, 2.6)), '2.50');
    assertDecimal(call('max', dec('-1'), -2), '-1');
  });
});

function createArray(...items: Value[]): Value[] {
  return items;
}

describe('decimal comparisons', () => {
  it('compares exactly with integers, floats and other decimals', () => {
    assert.equal(call('equals', dec('1.50'), 1.5), true);
    assert.equal(call('equals', dec('1.50'), dec('1.5')), true);
    assert.equal(call('equals', dec('2'), 2), true);
    assert.equal(call('equals', dec('0.1'), 0.1), true);
    assert.equal(call('equals', dec('1.0000000000000000000000000001'), 1), false);
    assert.equal(call('equals', dec('1'), true), true);
    assert.equal(call('equals', dec('1'), '1'), false);
    assert.equal(call('less', dec('1'), dec('1.0000000000000000000000000001')), true);
    assert.equal(call('greater', dec('1.0000000000000000000000000001'), 1), true);
    assert.equal(call('lessOrEquals', dec('0.3'), 0.1 + 0.2), true);
    assert.equal(call('greaterOrEquals', dec('2.5'), 3), false);
    assert.equal(call('less', dec('1'), 1e300), true);
    assertFails(ExpressionErrorCode.InvalidArgument, () => call('less', dec('1'), 'a'));
  });

  it('is a value like any other number', () => {
    const value = dec('1.50');
    assert.equal(typeOf(value), 'Float');
    assert.equal(cloneValue(value), value);
    assert.deepEqual(cloneValue({ a: [value] }), { a: [value] });
    assert.deepEqual(toPlainJson({ a: [value] }), { a: [1.5] });
    assert.ok(valuesEqual({ a: [value] }, { a: [1.5] }));
    assert.equal(toText(createArray(value)), '[1.5]');
  });
});

describe('decimals in collection functions', () => {
  it('de-duplicates, intersects, searches and sorts by value', () => {
    const union = call('union', createArray(dec('1.50'), 2), createArray(1.5, dec('2.0'), dec('0.1')));
    assert.equal(toText(call('string', union)), '[1.5,2,0.1]');
    assert.equal((union as Value[]).length, 3);
    const exact = dec('1.0000000000000000000000000001');
    assert.equal((call('union', createArray(exact), createArray(1, dec('1.00000000000000000000000000010'))) as Value[]).length, 2);
    assert.equal((call('intersection', createArray(dec('0.10'), 3), createArray(0.1)) as Value[]).length, 1);
    assert.equal(call('contains', createArray(1, 2.5), dec('2.50')), true);
    assert.equal(call('contains', 'price: 1.50', dec('1.50')), true);
    const sorted = call('sort', createArray(dec('2.5'), 1, dec('1.0000000000000000000000000001'), 0.5)) as Value[];
    assert.deepEqual(sorted.map((item) => toText(item)), ['0.5', '1', '1.0000000000000000000000000001', '2.5']);
  });
});

describe('decimals in conversions and formatting', () => {
  it('formats every digit with formatNumber, as .NET formats a decimal', () => {
    assert.equal(call('formatNumber', dec('1.50'), 'G'), '1.50');
    assert.equal(call('formatNumber', dec('1.50'), ''), '1.50');
    assert.equal(call('formatNumber', dec('0.0000001'), 'G'), '0.0000001');
    assert.equal(call('formatNumber', dec('1.50'), 'G0'), '1.5');
    assert.equal(call('formatNumber', dec('1.2345678912312131'), 'G3'), '1.23');
    assert.equal(call('formatNumber', dec('1.2345678912312131'), 'R'), '1.2345678912312131');
    assert.equal(call('formatNumber', dec('1.2345678912312131'), 'F16'), '1.2345678912312131');
    assert.equal(call('formatNumber', dec('2.0000000000000000005'), 'F18'), '2.000000000000000001');
    assert.equal(call('formatNumber', dec('1234.5678'), 'N2'), '1,234.57');
    assert.equal(call('formatNumber', dec('-1234.5'), 'C', 'en-US'), '-$1,234.50');
    assert.equal(call('formatNumber', dec('0.125'), 'P1'), '12.5%');
    assert.equal(call('formatNumber', dec('12345.678'), 'E2'), '1.23E+004');
    assert.equal(call('formatNumber', dec('1234567.891'), '#,##0.00'), '1,234,567.89');
    assert.equal(call('formatNumber', dec('0.00'), '0.0'), '0.0');
    assert.throws(() => call('formatNumber', dec('1'), 'D'), ExpressionError);
  });

  it('writes every digit into XML', () => {
    const xml = call('xml', { price: dec('1.50') });
    assert.ok(xml instanceof Binary);
    assert.equal(toText(xml), '<price>1.50</price>');
  });
});
