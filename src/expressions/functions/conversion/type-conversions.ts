/** Conversions between value types: json, int, float, decimal, bool, string, array, createArray. */
import { decimalFromDigits } from '../../decimal/decimal-conversion.js';
import { ExpressionError, ExpressionErrorCode, expressionError } from '../../expression-error.js';
import {
  Binary,
  Decimal,
  type Float,
  type Value,
  decimalOf,
  isNumber,
  makeNumber,
  numberOf,
  toText,
} from '../../values.js';
import { arg, argumentError, invalidArgument, stringArg } from '../arguments.js';
import { FunctionCategory, type FunctionDefinition, defineFunction } from '../function-definition.js';
import { xmlToJsonValue } from '../xml/xml-json.js';
import { decodeText } from './content-arguments.js';
import { conversionError } from './conversion-errors.js';
import { JsonTextError, parseJsonText } from './json-text.js';
import {
  INVARIANT_SEPARATORS,
  type NumberSeparators,
  localeSeparators,
  parseDecimalText,
  parseIntegerText,
  splitDecimalText,
} from './number-text.js';

const category = FunctionCategory.Conversion;

/** `json()`: JSON or XML text becomes a value; values that are already JSON pass through. */
function toJsonValue(value: Value): Value {
  // Documented: "If the string is null, the function returns an empty object."
  if (value === null) return {};
  if (typeof value === 'string') return parseContentText(value);
  // Binary content (an HTTP body, a blob) is parsed as its UTF-8 text, the common `json(body('Get_blob'))` pattern.
  if (value instanceof Binary) return parseContentText(decodeText(value.bytes));
  return value;
}

function parseContentText(text: string): Value {
  if (text.trimStart().startsWith('<')) return convertXml(text);
  try {
    return parseJsonText(text);
  } catch (error) {
    if (!(error instanceof JsonTextError)) throw error;
    if (error.tooDeep) {
      throw expressionError(
        ExpressionErrorCode.LimitExceeded,
        `The template language function 'json' was given JSON nested more than the supported depth. ${error.message}.`,
      );
    }
    throw conversionError('json', `The text is not valid JSON: ${error.message}.`);
  }
}

function convertXml(text: string): Value {
  try {
    return xmlToJsonValue(text);
  } catch (error) {
    if (error instanceof ExpressionError) throw error;
    const reason = error instanceof Error ? ` ${error.message}` : '';
    throw conversionError('json', `The text is not valid XML.${reason}`);
  }
}

function toInteger(value: Value): number {
  if (typeof value === 'string') {
    const n = parseIntegerText(value);
    if (n === undefined) throw conversionError('int');
    return n;
  }
  if (value instanceof Decimal) {
    // Exactly, so that decimal('1.0000000000000000001') is not taken for the whole number its double is.
    const n = value.isInteger() ? Number(value.truncate()) : NaN;
    if (!Number.isSafeInteger(n)) throw conversionError('int');
    return n === 0 ? 0 : n;
  }
  if (isNumber(value)) {
    // A float converts only when it holds a whole number; silently rounding would hide data errors.
    const n = numberOf(value);
    if (!Number.isSafeInteger(n)) throw conversionError('int');
    return n === 0 ? 0 : n;
  }
  throw invalidArgument('int', 0, 'a string or a number', value);
}

function toFloat(args: readonly Value[]): number | Float {
  const separators = args.length > 1 ? separatorsForLocale(stringArg('float', args, 1)) : INVARIANT_SEPARATORS;
  const value = arg(args, 0);
  if (typeof value === 'string') {
    const n = parseDecimalText(value, separators);
    if (n === undefined) throw conversionError('float');
    return makeNumber(n, true);
  }
  if (isNumber(value)) return makeNumber(numberOf(value), true);
  throw invalidArgument('float', 0, 'a string or a number', value);
}

function separatorsForLocale(locale: string): NumberSeparators {
  const separators = localeSeparators(locale);
  if (separators === undefined) {
    throw argumentError(
      'float',
      `was invoked with a locale '${locale}' that is not valid or has no associated culture.`,
    );
  }
  return separators;
}

/**
 * `decimal()`: a .NET decimal, exact to 28–29 significant digits. `string(decimal('1.2345678912312131'))` keeps
 * every digit, while the value used as a number (JSON output) is the nearest double, 1.234567891231213.
 */
function toDecimal(value: Value): Decimal {
  if (typeof value === 'string') {
    // decimal.Parse with NumberStyles.Number: sign, group separators and a decimal point, but no exponent. More
    // digits than a decimal holds are rounded half to even; a value beyond its range fails.
    const parts = splitDecimalText(value, INVARIANT_SEPARATORS, false);
    const decimal = parts && decimalFromDigits(parts.negative, parts.integerDigits, parts.fractionDigits);
    if (decimal === undefined) throw conversionError('decimal');
    return decimal;
  }
  if (isNumber(value)) {
    // An integer converts exactly, a float as .NET's (decimal)double does (15 significant digits).
    const decimal = decimalOf(value);
    if (decimal === undefined) throw conversionError('decimal');
    return decimal;
  }
  throw invalidArgument('decimal', 0, 'a string or a number', value);
}

function toBoolean(value: Value): boolean {
  if (typeof value === 'boolean') return value;
  if (isNumber(value)) return numberOf(value) !== 0;
  if (typeof value === 'string') {
    // bool.Parse: 'true'/'false' in any case, surrounding whitespace ignored; '1' and 'yes' are not booleans.
    const word = value.trim().toLowerCase();
    if (word === 'true') return true;
    if (word === 'false') return false;
    throw conversionError('bool');
  }
  throw invalidArgument('bool', 0, 'a boolean, a number or a string', value);
}

export const typeConversionFunctions: readonly FunctionDefinition[] = [
  defineFunction('json', category, [1, 1], (args) => toJsonValue(arg(args, 0))),
  defineFunction('int', category, [1, 1], (args) => toInteger(arg(args, 0))),
  defineFunction('float', category, [1, 2], (args) => toFloat(args)),
  defineFunction('decimal', category, [1, 1], (args) => toDecimal(arg(args, 0))),
  defineFunction('bool', category, [1, 1], (args) => toBoolean(arg(args, 0))),
  defineFunction('string', category, [1, 1], (args) => toText(arg(args, 0))),
  // A single value becomes a one-item array; an array is already one.
  defineFunction('array', category, [1, 1], (args) => {
    const value = arg(args, 0);
    return Array.isArray(value) ? value : [value];
  }),
  defineFunction('createArray', category, [1, Infinity], (args) => [...args]),
];
