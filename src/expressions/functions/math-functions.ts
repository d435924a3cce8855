import {
  addDecimals,
  divideDecimals,
  multiplyDecimals,
  remainderDecimals,
  subtractDecimals,
} from '../decimal/decimal-arithmetic.js';
import { type ExpressionError, ExpressionErrorCode, expressionError } from '../expression-error.js';
import { checkArrayLength } from '../limits.js';
import {
  type Decimal,
  Float,
  decimalOf,
  type NumberValue,
  type Value,
  compareNumbers,
  isNumber,
  makeNumber,
  numberOf,
} from '../values.js';
import { arg, argumentError, integerArg, invalidArgument, numberArg, ordinal } from './arguments.js';
import { FunctionCategory, type FunctionDefinition, defineFunction } from './function-definition.js';

const M = FunctionCategory.Math;

/** `range`'s documented bound on startIndex + count (Int32.MaxValue). */
const RANGE_END_LIMIT = 2_147_483_647;

/** A decimal operation; `undefined` means the result is beyond the decimal range. */
type DecimalOperation = (a: Decimal, b: Decimal) => Decimal | undefined;

/**
 * Arithmetic with a decimal operand: the other operand converts exactly when it is an integer and as .NET's
 * `(decimal)double` when it is a float, and the result must fit a decimal (.NET throws OverflowException).
 */
function decimalArithmetic(fn: string, a: NumberValue, b: NumberValue, operate: DecimalOperation): Decimal {
  const result = operate(decimalOperand(fn, a, 0), decimalOperand(fn, b, 1));
  if (result === undefined) {
    throw argumentError(fn, 'produced a result that is outside the range of a decimal number.');
  }
  return result;
}

function decimalOperand(fn: string, value: NumberValue, index: number): Decimal {
  const decimal = decimalOf(value);
  if (decimal === undefined) {
    throw argumentError(
      fn,
      `cannot combine its ${ordinal(index)} parameter with a decimal number: the value ${numberOf(value)} is ` +
        'outside the range of a decimal number.',
    );
  }
  return decimal;
}

/**
 * A two-operand arithmetic function. The result is an integer when both operands are integers and a float when
 * either is a float (so `add(1, 2.0)` is the float 3.0). With a decimal on either side the arithmetic is exact
 * decimal arithmetic and the result a decimal.
 */
function defineArithmetic(
  name: string,
  operate: (a: number, b: number, integers: boolean) => number,
  operateDecimal: DecimalOperation,
): FunctionDefinition {
  return defineFunction(name, M, [2, 2], (args) => {
    const a = numberArg(name, args, 0);
    const b = numberArg(name, args, 1);
    const aIsNumber = typeof a === 'number';
    const bIsNumber = typeof b === 'number';
    if (aIsNumber && bIsNumber) {
      // The common case, kept free of tag checks.
      const float = !Number.isInteger(a) || !Number.isInteger(b);
      return makeNumber(operate(a, b, !float), float);
    }
    // Neither a JS number nor a Float: a decimal (tested this way round to keep floats cheap).
    if ((!aIsNumber && !(a instanceof Float)) || (!bIsNumber && !(b instanceof Float))) {
      return decimalArithmetic(name, a, b, operateDecimal);
    }
    // Otherwise at least one operand is a Float, so the result is a float.
    return makeNumber(operate(numberOf(a), numberOf(b), false), true);
  });
}

function divideByZero(fn: string): ExpressionError {
  return expressionError(
    ExpressionErrorCode.DivideByZero,
    `The template language function '${fn}' cannot divide by zero: its second parameter must not be 0.`,
  );
}

/** The numbers of `min`/`max`: either the arguments themselves or the items of a single array argument. */
function numbersOf(fn: string, args: readonly Value[]): NumberValue[] {
  const single = arg(args, 0);
  if (args.length === 1 && Array.isArray(single)) {
    if (single.length === 0) throw argumentError(fn, 'expects a non-empty array of numbers.');
    return single.map((item) => {
      if (!isNumber(item)) throw invalidArgument(fn, 0, 'an array of integers or decimal numbers, but an item', item);
      return item;
    });
  }
  return args.map((_, index) => numberArg(fn, args, index));
}

/** The extreme value itself is returned, so an integral float stays a float and a decimal a decimal. */
function defineExtreme(name: string, better: (order: number) => boolean): FunctionDefinition {
  return defineFunction(name, M, [1, Infinity], (args) => {
    const numbers = numbersOf(name, args);
    let best = numbers[0] as NumberValue;
    for (const candidate of numbers) {
      const order =
        typeof candidate === 'number' && typeof best === 'number' ? candidate - best : compareNumbers(candidate, best);
      if (better(order)) best = candidate;
    }
    return best;
  });
}

export const mathFunctions: readonly FunctionDefinition[] = [
  defineExtreme('min', (order) => order < 0),
  defineExtreme('max', (order) => order > 0),

  // A random integer in [minValue, maxValue), like .NET's Random.Next(min, max).
  defineFunction('rand', M, [2, 2], (args, env) => {
    const min = integerArg('rand', args, 0);
    const max = integerArg('rand', args, 1);
    if (min > max) throw argumentError('rand', 'expects its minimum value to be no greater than its maximum value.');
    return min + Math.floor(env.random() * (max - min));
  }),

  defineArithmetic('add', (a, b) => a + b, addDecimals),
  defineArithmetic('sub', (a, b) => a - b, subtractDecimals),
  defineArithmetic('mul', (a, b) => a * b, multiplyDecimals),

  // Integer division truncates toward zero (div(11, 5) is 2); with a float operand it is exact (div(11, 5.0) is 2.2);
  // with a decimal it is decimal division to 28 places (div(decimal('1'), 3) is 0.3333333333333333333333333333).
  defineArithmetic(
    'div',
    (a, b, integers) => {
      if (b === 0) throw divideByZero('div');
      return integers ? Math.trunc(a / b) : a / b;
    },
    (a, b) => {
      if (b.isZero) throw divideByZero('div');
      return divideDecimals(a, b);
    },
  ),

  // The remainder takes the sign of the dividend: mod(-5, 2) is -1, mod(4, -3) is 1.
  defineArithmetic(
    'mod',
    (a, b) => {
      if (b === 0) throw divideByZero('mod');
      return a % b;
    },
    (a, b) => {
      if (b.isZero) throw divideByZero('mod');
      return remainderDecimals(a, b);
    },
  ),

  defineFunction('range', M, [2, 2], (args) => {
    const start = integerArg('range', args, 0);
    const count = integerArg('range', args, 1);
    if (count < 0) {
      throw argumentError('range', `expects its count to be a non-negative integer. The provided value is ${count}.`);
    }
    checkArrayLength('range', count);
    if (start + count > RANGE_END_LIMIT) {
      throw argumentError(
        'range',
        `expects the sum of its start index and count to be no larger than ${RANGE_END_LIMIT}.`,
      );
    }
    return Array.from({ length: count }, (_, i) => start + i);
  }),
];
