/** Argument checks shared by the function library; each failure names the function and the argument. */
import { ExpressionErrorCode, expressionError, type ExpressionError } from '../expression-error.js';
import {
  Binary,
  type JsonObject,
  type NumberValue,
  type Value,
  isInteger,
  isNumber,
  isObject,
  numberOf,
  typeOf,
} from '../values.js';

const ordinals = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'];

export function ordinal(index: number): string {
  return ordinals[index] ?? `${index + 1}th`;
}

export function invalidArgument(fn: string, index: number, expected: string, value: Value): ExpressionError {
  return expressionError(
    ExpressionErrorCode.InvalidArgument,
    `The template language function '${fn}' expects its ${ordinal(index)} parameter to be ${expected}. ` +
      `The provided value is of type '${typeOf(value)}'.`,
  );
}

export function argumentError(fn: string, message: string): ExpressionError {
  return expressionError(ExpressionErrorCode.InvalidArgument, `The template language function '${fn}' ${message}`);
}

export function arg(args: readonly Value[], index: number): Value {
  const value = args[index];
  return value === undefined ? null : value;
}

export function stringArg(fn: string, args: readonly Value[], index: number): string {
  const value = arg(args, index);
  if (typeof value !== 'string') throw invalidArgument(fn, index, 'a string', value);
  return value;
}

/** A string, or null treated as the empty string (how Logic Apps treats null in string functions). */
export function stringOrNullArg(fn: string, args: readonly Value[], index: number): string {
  const value = arg(args, index);
  if (value === null) return '';
  if (typeof value !== 'string') throw invalidArgument(fn, index, 'a string', value);
  return value;
}

export function integerArg(fn: string, args: readonly Value[], index: number): number {
  const value = arg(args, index);
  if (!isInteger(value)) throw invalidArgument(fn, index, 'an integer', value);
  return value;
}

/** An integer, a float or a decimal. */
export function numberArg(fn: string, args: readonly Value[], index: number): NumberValue {
  const value = arg(args, index);
  if (!isNumber(value)) throw invalidArgument(fn, index, 'an integer or a decimal number', value);
  return value;
}

export function numericValueArg(fn: string, args: readonly Value[], index: number): number {
  return numberOf(numberArg(fn, args, index));
}

export function booleanArg(fn: string, args: readonly Value[], index: number): boolean {
  const value = arg(args, index);
  if (typeof value !== 'boolean') throw invalidArgument(fn, index, 'a boolean', value);
  return value;
}

export function arrayArg(fn: string, args: readonly Value[], index: number): Value[] {
  const value = arg(args, index);
  if (!Array.isArray(value)) throw invalidArgument(fn, index, 'an array', value);
  return value;
}

export function objectArg(fn: string, args: readonly Value[], index: number): JsonObject {
  const value = arg(args, index);
  if (!isObject(value)) throw invalidArgument(fn, index, 'an object', value);
  return value;
}

export function binaryArg(fn: string, args: readonly Value[], index: number): Binary {
  const value = arg(args, index);
  if (!(value instanceof Binary)) throw invalidArgument(fn, index, 'binary content', value);
  return value;
}
