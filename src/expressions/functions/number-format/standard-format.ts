/**
 * .NET standard numeric format strings ("C2", "N0", "X8", …): one letter and an optional precision.
 * https://learn.microsoft.com/dotnet/standard/base-types/standard-numeric-format-strings
 */
import type { Decimal } from '../../decimal/decimal.js';
import {
  type DigitBuffer,
  DOUBLE_PRECISION,
  decimalBuffer,
  doubleBuffer,
  integerBuffer,
  roundBuffer,
} from './digit-buffer.js';
import { fillPattern, layoutFixed, layoutGeneral, layoutScientific } from './digit-layout.js';
import { formatNumberError } from './format-error.js';
import type { NumberCulture } from './number-culture.js';

/**
 * A number to format: .NET formats an Int64, a Double and a Decimal differently ('D' and 'X' accept integers only; a
 * decimal formats from all its digits).
 */
export interface FormattableNumber {
  readonly value: number;
  readonly integer: boolean;
  /** Set for a decimal: its exact digits are formatted instead of `value`'s. */
  readonly decimal?: Decimal | undefined;
}

/** Largest precision accepted; .NET Framework's limit, and it keeps a format from asking for megabytes of zeros. */
export const MAX_PRECISION = 99;

const STANDARD_FORMAT = /^([A-Za-z])(\d*)$/;

/** The specifier and precision of a standard format, or `undefined` for a custom format. */
export function parseStandardFormat(format: string): { specifier: string; precision?: number } | undefined {
  const match = STANDARD_FORMAT.exec(format);
  if (match === null) return undefined;
  const [, specifier = 'G', digits = ''] = match;
  if (digits === '') return { specifier };
  const precision = Number(digits);
  if (precision > MAX_PRECISION) {
    throw formatNumberError(`The precision of the format '${format}' must be between 0 and ${MAX_PRECISION}.`);
  }
  return { specifier, precision };
}

/** The digits .NET starts from: all of an integer's or a decimal's, 15 significant ones of a double's. */
function startingDigits(number: FormattableNumber, significant = DOUBLE_PRECISION): DigitBuffer {
  if (number.decimal) return decimalBuffer(number.decimal);
  return number.integer ? integerBuffer(number.value) : doubleBuffer(number.value, significant);
}

function sign(buffer: DigitBuffer, culture: NumberCulture): string {
  return buffer.negative ? culture.negativeSign : '';
}

/** Two's complement text of a 64-bit integer in base 16 or 2, as .NET writes a negative Int64 in 'X' or 'B'. */
function unsignedText(value: number, radix: 16 | 2): string {
  return BigInt.asUintN(64, BigInt(value)).toString(radix);
}

function requireInteger(number: FormattableNumber, specifier: string): void {
  if (!number.integer) {
    throw formatNumberError(`The format '${specifier}' can only be used with integers.`);
  }
}

function formatGeneral(
  number: FormattableNumber,
  precision: number | undefined,
  expChar: string,
  culture: NumberCulture,
): string {
  let buffer: DigitBuffer;
  let maxDigits: number;
  if (number.decimal && precision === undefined) {
    // 'G' on a decimal skips rounding and scientific notation so the scale's trailing zeros show (1.50 → "1.50").
    buffer = decimalBuffer(number.decimal);
    return sign(buffer, culture) + layoutGeneral(buffer, Infinity, expChar, culture, false);
  }
  if (number.decimal && precision === 0) {
    // 'G0' rounds to the decimal's own digit count, which drops trailing zeros.
    buffer = decimalBuffer(number.decimal);
    maxDigits = buffer.digits.length;
    roundBuffer(buffer, maxDigits);
  } else if (precision !== undefined && precision > 0) {
    buffer = startingDigits(number, Math.max(DOUBLE_PRECISION, precision));
    roundBuffer(buffer, precision);
    maxDigits = precision;
  } else if (number.integer) {
    buffer = integerBuffer(number.value);
    roundBuffer(buffer, buffer.digits.length);
    maxDigits = Math.max(19, buffer.digits.length); // an Int64 never needs scientific notation
  } else {
    // Without a precision .NET writes the shortest text that round-trips, in scientific notation from 1E+15 up.
    buffer = doubleBuffer(number.value);
    maxDigits = Math.max(buffer.digits.length, DOUBLE_PRECISION);
  }
  return sign(buffer, culture) + layoutGeneral(buffer, maxDigits, expChar, culture);
}

/** Formats with a standard format; throws for unknown specifiers and for 'D'/'X'/'B' on non-integers. */
export function formatStandard(
  number: FormattableNumber,
  specifier: string,
  precision: number | undefined,
  culture: NumberCulture,
): string {
  switch (specifier) {
    case 'C':
    case 'c': {
      const decimals = precision ?? culture.currencyDecimalDigits;
      const buffer = startingDigits(number);
      roundBuffer(buffer, buffer.scale + decimals);
      const digits = layoutFixed(buffer, decimals, culture.currencyDecimalSeparator, {
        sizes: culture.currencyGroupSizes,
        separator: culture.currencyGroupSeparator,
      });
      const pattern = buffer.negative ? culture.currencyNegativePattern : culture.currencyPositivePattern;
      return fillPattern(pattern, digits, culture);
    }
    case 'D':
    case 'd': {
      requireInteger(number, specifier);
      const buffer = integerBuffer(number.value);
      return sign(buffer, culture) + (buffer.digits || '0').padStart(precision ?? 0, '0');
    }
    case 'E':
    case 'e': {
      const significant = (precision ?? 6) + 1;
      const buffer = startingDigits(number, Math.max(DOUBLE_PRECISION, significant));
      roundBuffer(buffer, significant);
      return sign(buffer, culture) + layoutScientific(buffer, significant, specifier, culture);
    }
    case 'F':
    case 'f': {
      const decimals = precision ?? culture.numberDecimalDigits;
      const buffer = startingDigits(number);
      roundBuffer(buffer, buffer.scale + decimals);
      return sign(buffer, culture) + layoutFixed(buffer, decimals, culture.decimalSeparator);
    }
    case 'G':
    case 'g':
      return formatGeneral(number, precision, specifier === 'G' ? 'E' : 'e', culture);
    case 'N':
    case 'n': {
      const decimals = precision ?? culture.numberDecimalDigits;
      const buffer = startingDigits(number);
      roundBuffer(buffer, buffer.scale + decimals);
      const digits = layoutFixed(buffer, decimals, culture.decimalSeparator, {
        sizes: culture.groupSizes,
        separator: culture.groupSeparator,
      });
      return buffer.negative ? fillPattern(culture.numberNegativePattern, digits, culture) : digits;
    }
    case 'P':
    case 'p': {
      const decimals = precision ?? culture.percentDecimalDigits;
      const buffer = startingDigits(number);
      if (buffer.digits !== '') buffer.scale += 2; // × 100
      roundBuffer(buffer, buffer.scale + decimals);
      const digits = layoutFixed(buffer, decimals, culture.decimalSeparator, {
        sizes: culture.groupSizes,
        separator: culture.groupSeparator,
      });
      const pattern = buffer.negative ? culture.percentNegativePattern : culture.percentPositivePattern;
      return fillPattern(pattern, digits, culture);
    }
    case 'R':
    case 'r':
      // Round-trip: every digit of an integer, the shortest round-tripping digits of a double.
      return formatGeneral(number, undefined, 'E', culture);
    case 'X':
    case 'x': {
      requireInteger(number, specifier);
      const hex = unsignedText(number.value, 16).padStart(precision ?? 0, '0');
      return specifier === 'X' ? hex.toUpperCase() : hex;
    }
    case 'B':
    case 'b':
      requireInteger(number, specifier);
      return unsignedText(number.value, 2).padStart(precision ?? 0, '0');
    default:
      throw formatNumberError(`The format specifier '${specifier}' is not supported.`);
  }
}
