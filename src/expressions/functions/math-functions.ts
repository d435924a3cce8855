import { type ExpressionError, ExpressionErrorCode, expressionError } from '../expression-error.js';
import { checkArrayLength } from '../limits.js';
import { type Float, type Value, isFloat, isNumber, makeNumber, numberOf } from '../values.js';
import { arg, argumentError, integerArg, invalidArgument, numberArg } from './arguments.js';
import { FunctionCategory, type FunctionDefinition, defineFunction } from './function-definition.js';

const M = FunctionCategory.Math;

/** `range`'s documented bound on startIndex + count (Int32.MaxValue). */
const RANGE_END_LIMIT = 2_147_483_647;

/**
 * A two-operand arithmetic function. The result is an integer when both operands are integers and a float when
 * either is a float (so `add(1, 2.0)` is the float 3.0).
 */
function defineArithmetic(
  name: string,
  operate: (a: number, b: number, integers: boolean) => number,
): FunctionDefinition {
  return defineFunction(name, M, [2, 2], (args) => {
    const a = numberArg(name, args, 0);
    const b = numberArg(name, args, 1);
    const float = isFloat(a) || isFloat(b);
    return makeNumber(operate(numberOf(a), numberOf(b), !float), float);
  });
}

function divideByZero(fn: string): ExpressionError {
  return expressionError(
    ExpressionErrorCode.DivideByZero,
    `The template language function '${fn}' cannot divide by zero: its second parameter must not be 0.`,
  );
}

/** The numbers of `min`/`max`: either the arguments themselves or the items of a single array argument. */
function numbersOf(fn: string, args: readonly Value[]): (number | Float)[] {
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

/** The extreme value itself is returned, so an integral float stays a float. */
function defineExtreme(name: string, better: (candidate: number, best: number) => boolean): FunctionDefinition {
  return defineFunction(name, M, [1, Infinity], (args) => {
    const numbers = numbersOf(name, args);
    let best = numbers[0] as number | Float;
    for (const candidate of numbers) if (better(numberOf(candidate), numberOf(best))) best = candidate;
    return best;
  });
}

export const mathFunctions: readonly FunctionDefinition[] = [
  defineExtreme('min', (candidate, best) => candidate < best),
  defineExtreme('max', (candidate, best) => candidate > best),

  // A random integer in [minValue, maxValue), like .NET's Random.Next(min, max).
  defineFunction('rand', M, [2, 2], (args, env) => {
    const min = integerArg('rand', args, 0);
    const max = integerArg('rand', args, 1);
    if (min > max) throw argumentError('rand', 'expects its minimum value to be no greater than its maximum value.');
    return min + Math.floor(env.random() * (max - min));
  }),

  defineArithmetic('add', (a, b) => a + b),
  defineArithmetic('sub', (a, b) => a - b),
  defineArithmetic('mul', (a, b) => a * b),

  // Integer division truncates toward zero (div(11, 5) is 2); with a float operand it is exact (div(11, 5.0) is 2.2).
  defineArithmetic('div', (a, b, integers) => {
    if (b === 0) throw divideByZero('div');
    return integers ? Math.trunc(a / b) : a / b;
  }),

  // The remainder takes the sign of the dividend: mod(-5, 2) is -1, mod(4, -3) is 1.
  defineArithmetic('mod', (a, b) => {
    if (b === 0) throw divideByZero('mod');
    return a % b;
  }),

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
