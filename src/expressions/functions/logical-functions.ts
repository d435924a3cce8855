import type { EvalEnvironment } from '../environment.js';
import { type Value, compareNumbers, isNumber, numberOf, typeOf, valuesEqual } from '../values.js';
import { arg, argumentError, invalidArgument, stringArg, stringOrNullArg } from './arguments.js';
import {
  INVARIANT_SEPARATORS,
  localeSeparators,
  parseDecimalText,
  parseIntegerText,
} from './conversion/number-text.js';
import { FunctionCategory, type FunctionDefinition, defineFunction } from './function-definition.js';

const L = FunctionCategory.Logical;

type Thunk = () => Value;

/** Defines a function whose arguments may be evaluated lazily; `call` runs the same logic over evaluated values. */
function defineLazyFunction(
  name: string,
  arity: readonly [number, number],
  callLazy: (args: readonly Thunk[], env: EvalEnvironment) => Value,
): FunctionDefinition {
  return {
    ...defineFunction(name, L, arity, (args, env) => callLazy(args.map((value) => () => value), env)),
    callLazy,
  };
}

function booleanValue(fn: string, index: number, value: Value): boolean {
  if (typeof value !== 'boolean') throw invalidArgument(fn, index, 'a boolean', value);
  return value;
}

/**
 * Ordering for the comparison functions: numbers with numbers (decimals exactly), strings with strings (ordinal,
 * case-sensitive).
 * Logic Apps compares null as the empty string (documented note on the logical comparison functions).
 */
function compare(fn: string, args: readonly Value[]): number {
  const first = arg(args, 0);
  const second = arg(args, 1);
  const a = first ?? '';
  const b = second ?? '';
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (isNumber(a) && isNumber(b)) return compareNumbers(a, b);
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (!isNumber(a) && typeof a !== 'string') throw invalidArgument(fn, 0, 'an integer, a float or a string', a);
  if (!isNumber(b) && typeof b !== 'string') throw invalidArgument(fn, 1, 'an integer, a float or a string', b);
  throw argumentError(
    fn,
    `expects two parameters of matching types. The provided values are of types '${typeOf(first)}' and ` +
      `'${typeOf(second)}'.`,
  );
}

function defineComparison(name: string, test: (order: number) => boolean): FunctionDefinition {
  return defineFunction(name, L, [2, 2], (args) => test(compare(name, args)));
}

/**
 * Deep equality, except that a boolean equals the number it converts to: the documented `equals(true, 1)` is true.
 */
function equals(a: Value, b: Value): boolean {
  if (typeof a === 'boolean' && isNumber(b)) return Number(a) === numberOf(b);
  if (isNumber(a) && typeof b === 'boolean') return numberOf(a) === Number(b);
  return valuesEqual(a, b);
}

export const logicalFunctions: readonly FunctionDefinition[] = [
  // Only the branch taken is evaluated, so `if(empty(x), null, x[0])` does not fail on an empty x.
  defineLazyFunction('if', [3, 3], (args) => {
    const condition = booleanValue('if', 0, (args[0] as Thunk)());
    return (args[condition ? 1 : 2] as Thunk)();
  }),

  defineFunction('equals', L, [2, 2], (args) => equals(arg(args, 0), arg(args, 1))),

  // Short-circuit: evaluation stops at the first false (and) or true (or); later arguments are not checked.
  defineLazyFunction('and', [1, Infinity], (args) =>
    args.every((thunk, index) => booleanValue('and', index, thunk())),
  ),
  defineLazyFunction('or', [1, Infinity], (args) => args.some((thunk, index) => booleanValue('or', index, thunk()))),

  defineFunction('not', L, [1, 1], (args) => !booleanValue('not', 0, arg(args, 0))),

  defineComparison('less', (order) => order < 0),
  defineComparison('lessOrEquals', (order) => order <= 0),
  defineComparison('greater', (order) => order > 0),
  defineComparison('greaterOrEquals', (order) => order >= 0),

  // Documented among the string functions; whether int() would accept the text (.NET NumberStyles.Integer).
  defineFunction(
    'isInt',
    FunctionCategory.String,
    [1, 1],
    (args) => parseIntegerText(stringOrNullArg('isInt', args, 0)) !== undefined,
  ),

  // Whether float() would accept the text, with the invariant culture's separators unless a locale is given.
  defineFunction('isFloat', FunctionCategory.String, [1, 2], (args) => {
    const text = stringOrNullArg('isFloat', args, 0);
    let separators = INVARIANT_SEPARATORS;
    if (args.length > 1 && arg(args, 1) !== null) {
      const locale = stringArg('isFloat', args, 1);
      const found = localeSeparators(locale);
      if (found === undefined) {
        throw argumentError('isFloat', `was invoked with a locale '${locale}' that is not valid.`);
      }
      separators = found;
    }
    return parseDecimalText(text, separators) !== undefined;
  }),
];
