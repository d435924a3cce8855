import type { ExpressionError } from '../expression-error.js';
import { Binary, Decimal, isInteger, numberOf, toText } from '../values.js';
import { checkStringLength } from '../limits.js';
import { arg, argumentError, integerArg, numberArg, stringArg, stringOrNullArg } from './arguments.js';
import { FunctionCategory, type FunctionDefinition, defineFunction } from './function-definition.js';
import { formatNumberText } from './number-format/format-number.js';
import { numberCulture } from './number-format/number-culture.js';
import { foldCase, toLowerInvariant, toUpperInvariant } from './text/case-mapping.js';
import { formatGuid, randomGuidBytes } from './text/guid.js';
import { trimDotNetWhitespace } from './text/whitespace.js';

const S = FunctionCategory.String;
const BYTE_ORDER_MARK = '\ufeff';

/** `substring`'s documented failure: the range must lie inside the string. */
function substringOutOfRange(): ExpressionError {
  return argumentError(
    'substring',
    "parameters are out of range: 'start index' and 'length' must be non-negative integers and their sum must be " +
      'no larger than the length of the string.',
  );
}

/** Index of the `occurrence`-th match, counting from the end when negative; matches may overlap. */
function nthIndexOf(text: string, search: string, occurrence: number): number {
  const fromStart = occurrence > 0;
  let index = fromStart ? -1 : text.length + 1;
  for (let found = 0; found < Math.abs(occurrence); found++) {
    if (fromStart) index = text.indexOf(search, index + 1);
    else index = index > 0 ? text.lastIndexOf(search, index - 1) : -1;
    if (index < 0) return -1;
  }
  return index;
}

export const stringFunctions: readonly FunctionDefinition[] = [
  // Logic Apps converts non-string arguments (numbers, booleans, objects, null) the way string() does.
  defineFunction('concat', S, [1, Infinity], (args) => {
    let length = 0;
    const parts = args.map((value) => {
      const text = toText(value);
      length += text.length;
      return text;
    });
    checkStringLength('concat', length);
    return parts.join('');
  }),

  defineFunction('substring', S, [2, 3], (args) => {
    const text = stringOrNullArg('substring', args, 0);
    const start = integerArg('substring', args, 1);
    const length = args.length > 2 ? integerArg('substring', args, 2) : text.length - start;
    if (start < 0 || length < 0 || start + length > text.length) throw substringOutOfRange();
    return text.substring(start, start + length);
  }),

  // slice clamps like JavaScript's String.prototype.slice: negative indexes count from the end, and an end before
  // the start gives ''.
  defineFunction('slice', S, [2, 3], (args) => {
    const text = stringOrNullArg('slice', args, 0);
    const start = integerArg('slice', args, 1);
    const end = args.length > 2 && arg(args, 2) !== null ? integerArg('slice', args, 2) : text.length;
    return text.slice(start, end);
  }),

  defineFunction('replace', S, [3, 3], (args) => {
    const text = stringOrNullArg('replace', args, 0);
    const oldText = stringArg('replace', args, 1);
    const newText = stringOrNullArg('replace', args, 2);
    // .NET's String.Replace rejects an empty search string.
    if (oldText === '') throw argumentError('replace', 'expects its second parameter to be a non-empty string.');
    const pieces = text.split(oldText);
    checkStringLength('replace', text.length + (pieces.length - 1) * (newText.length - oldText.length));
    return pieces.join(newText);
  }),

  defineFunction('guid', S, [0, 1], (args, env) => {
    const format = args.length > 0 ? stringOrNullArg('guid', args, 0) : 'D';
    const text = formatGuid(randomGuidBytes(env.random), format);
    if (text === undefined) {
      throw argumentError(
        'guid',
        `was invoked with a format '${format}' that is not valid; use 'N', 'D', 'B', 'P' or 'X'.`,
      );
    }
    return text;
  }),

  defineFunction('toLower', S, [1, 1], (args) => toLowerInvariant(stringOrNullArg('toLower', args, 0))),
  defineFunction('toUpper', S, [1, 1], (args) => toUpperInvariant(stringOrNullArg('toUpper', args, 0))),

  // The search functions are case-insensitive in Logic Apps (.NET OrdinalIgnoreCase).
  defineFunction('indexOf', S, [2, 2], (args) =>
    foldCase(stringOrNullArg('indexOf', args, 0)).indexOf(foldCase(stringOrNullArg('indexOf', args, 1))),
  ),

  // The docs do not say whether nthIndexOf ignores case; it does here, like indexOf and lastIndexOf.
  defineFunction('nthIndexOf', S, [3, 3], (args) => {
    const text = foldCase(stringOrNullArg('nthIndexOf', args, 0));
    const search = foldCase(stringOrNullArg('nthIndexOf', args, 1));
    const occurrence = integerArg('nthIndexOf', args, 2);
    if (occurrence === 0) throw argumentError('nthIndexOf', 'expects its third parameter to be a non-zero integer.');
    return nthIndexOf(text, search, occurrence);
  }),

  defineFunction('lastIndexOf', S, [2, 2], (args) => {
    const text = foldCase(stringOrNullArg('lastIndexOf', args, 0));
    const search = foldCase(stringOrNullArg('lastIndexOf', args, 1));
    // Documented: an empty search text gives the string length minus 1 (0 for an empty string).
    if (search === '') return Math.max(text.length - 1, 0);
    return text.lastIndexOf(search);
  }),

  defineFunction('startsWith', S, [2, 2], (args) =>
    foldCase(stringOrNullArg('startsWith', args, 0)).startsWith(foldCase(stringOrNullArg('startsWith', args, 1))),
  ),
  defineFunction('endsWith', S, [2, 2], (args) =>
    foldCase(stringOrNullArg('endsWith', args, 0)).endsWith(foldCase(stringOrNullArg('endsWith', args, 1))),
  ),

  defineFunction('split', S, [2, 2], (args) => {
    const text = stringOrNullArg('split', args, 0);
    const delimiter = stringOrNullArg('split', args, 1);
    // .NET's String.Split with an empty separator does not split (JavaScript would split into characters).
    return delimiter === '' ? [text] : text.split(delimiter);
  }),

  defineFunction('trim', S, [1, 1], (args) => trimDotNetWhitespace(stringOrNullArg('trim', args, 0))),

  defineFunction('trimByteOrderMark', S, [1, 1], (args) => {
    const value = arg(args, 0);
    const text =
      value instanceof Binary
        ? Buffer.from(value.bytes).toString('utf8')
        : stringOrNullArg('trimByteOrderMark', args, 0);
    return text.startsWith(BYTE_ORDER_MARK) ? text.slice(1) : text;
  }),

  defineFunction('formatNumber', S, [2, 3], (args) => {
    const number = numberArg('formatNumber', args, 0);
    const format = stringOrNullArg('formatNumber', args, 1);
    const locale = args.length > 2 && arg(args, 2) !== null ? stringArg('formatNumber', args, 2) : 'en-US';
    const culture = numberCulture(locale);
    if (culture === undefined) {
      throw argumentError('formatNumber', `was invoked with a locale '${locale}' that is not valid.`);
    }
    const decimal = number instanceof Decimal ? number : undefined;
    return formatNumberText({ value: numberOf(number), integer: isInteger(number), decimal }, format, culture);
  }),
];
