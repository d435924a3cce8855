/**
 * Number parsing with .NET's rules rather than JavaScript's (`Number('')` is 0, `Number('0x10')` is 16, and
 * `parseFloat('1abc')` is 1 — none of which .NET accepts).
 */

/** The whitespace .NET's number parsing skips around a number. */
const DOTNET_WHITESPACE = /^[\t\n\v\f\r ]+|[\t\n\v\f\r ]+$/g;

const INTEGER_TEXT = /^([+-]?)(\d+)$/;

/**
 * An integer as `long.Parse` (NumberStyles.Integer) reads it: optional sign, decimal digits, surrounding
 * whitespace. Returns `undefined` when the text is not an integer or is outside JavaScript's safe integer range
 * (beyond it the value could not be represented exactly).
 */
export function parseIntegerText(text: string): number | undefined {
  const match = INTEGER_TEXT.exec(text.replace(DOTNET_WHITESPACE, ''));
  if (match === null) return undefined;
  const n = Number(`${match[1] ?? ''}${match[2] ?? ''}`);
  if (!Number.isSafeInteger(n)) return undefined;
  return n === 0 ? 0 : n;
}

export interface NumberSeparators {
  readonly decimal: string;
  readonly group: string;
}

export const INVARIANT_SEPARATORS: NumberSeparators = { decimal: '.', group: ',' };

/**
 * The decimal and group separators of a locale (RFC 4646 / BCP 47 tag), or `undefined` when the locale is malformed
 * or unknown to the runtime's ICU data.
 */
export function localeSeparators(locale: string): NumberSeparators | undefined {
  let supported: string[];
  try {
    supported = Intl.NumberFormat.supportedLocalesOf([locale]);
  } catch {
    return undefined; // RangeError: not a well-formed language tag
  }
  if (supported.length === 0) return undefined;
  // Latin digits: .NET only parses ASCII digits, and the separators must be those used alongside them.
  const parts = new Intl.NumberFormat(locale, { numberingSystem: 'latn', useGrouping: true }).formatToParts(1234567.5);
  return {
    decimal: parts.find((part) => part.type === 'decimal')?.value ?? '.',
    group: parts.find((part) => part.type === 'group')?.value ?? ',',
  };
}

function escapeForClass(text: string): string {
  return text.replace(/[\\\]^-]/g, '\\$&');
}

function escapeForPattern(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Group separators that count as a space also match an ordinary or no-break space, which is what people type. */
function groupCharacters(group: string): string {
  return /^\s$/u.test(group) ? `${group} \u00a0\u202f` : group;
}

/** The parts of a number's text: ASCII digits without group separators, and the exponent ('' when absent). */
export interface NumberTextParts {
  readonly negative: boolean;
  readonly integerDigits: string;
  readonly fractionDigits: string;
  readonly exponent: string;
}

/**
 * Splits a decimal number the way .NET's parser reads it with `NumberStyles.Float | NumberStyles.AllowThousands`:
 * surrounding whitespace, a leading sign, group separators in the integer part, one decimal separator and, when
 * `allowExponent`, an exponent. Returns `undefined` when the text is not such a number.
 */
export function splitDecimalText(
  text: string,
  separators: NumberSeparators,
  allowExponent = true,
): NumberTextParts | undefined {
  const group = escapeForClass(groupCharacters(separators.group));
  const decimal = escapeForPattern(separators.decimal);
  const exponent = allowExponent ? '(?:[eE]([+-]?\\d+))?' : '()';
  const pattern = new RegExp(`^([+\\-\\u2212]?)(\\d[\\d${group}]*)?(?:${decimal}(\\d*))?${exponent}$`);
  const match = pattern.exec(text.replace(DOTNET_WHITESPACE, ''));
  if (match === null) return undefined;
  const [, sign = '', integerPart = '', fraction = '', power = ''] = match;
  if (integerPart === '' && fraction === '') return undefined;
  return {
    negative: sign === '-' || sign === '\u2212',
    integerDigits: integerPart.replace(new RegExp(`[${group}]`, 'g'), ''),
    fractionDigits: fraction,
    exponent: power,
  };
}

/**
 * A decimal number as `double.Parse(text, NumberStyles.Float | NumberStyles.AllowThousands, culture)` reads it (see
 * `splitDecimalText`). Returns `undefined` for anything else, including values too large for a double.
 */
export function parseDecimalText(
  text: string,
  separators: NumberSeparators,
  allowExponent = true,
): number | undefined {
  const parts = splitDecimalText(text, separators, allowExponent);
  if (parts === undefined) return undefined;
  const { negative, integerDigits, fractionDigits, exponent } = parts;
  const n = Number(`${negative ? '-' : ''}${integerDigits || '0'}.${fractionDigits || '0'}e${exponent || '0'}`);
  if (!Number.isFinite(n)) return undefined;
  return n === 0 ? 0 : n;
}
