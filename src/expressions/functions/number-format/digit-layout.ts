/** Laying out rounded digits as text: .NET's FormatFixed, FormatScientific, FormatGeneral and FormatExponent. */
import type { DigitBuffer } from './digit-buffer.js';
import type { NumberCulture } from './number-culture.js';

/** Separates the integer digits into groups from the right; the last size repeats, a size of 0 stops grouping. */
export function groupDigits(integer: string, sizes: readonly number[], separator: string): string {
  if (sizes.length === 0) return integer;
  const groups: string[] = [];
  let end = integer.length;
  let index = 0;
  while (end > 0) {
    const size = sizes[Math.min(index, sizes.length - 1)] ?? 0;
    if (size <= 0) break;
    const start = Math.max(0, end - size);
    groups.unshift(integer.slice(start, end));
    end = start;
    index++;
  }
  if (end > 0) groups.unshift(integer.slice(0, end));
  return groups.join(separator);
}

/** The digits in fixed-point form with exactly `decimals` fraction digits; groups when `groupSizes` is given. */
export function layoutFixed(
  buffer: DigitBuffer,
  decimals: number,
  decimalSeparator: string,
  grouping?: { readonly sizes: readonly number[]; readonly separator: string },
): string {
  const { digits, scale } = buffer;
  let integer: string;
  if (scale > 0) {
    integer = digits.slice(0, scale).padEnd(scale, '0');
    if (grouping !== undefined) integer = groupDigits(integer, grouping.sizes, grouping.separator);
  } else {
    integer = '0';
  }
  if (decimals <= 0) return integer;
  const leadingZeros = scale < 0 ? Math.min(-scale, decimals) : 0;
  const fraction = ('0'.repeat(leadingZeros) + digits.slice(Math.max(scale, 0)))
    .slice(0, decimals)
    .padEnd(decimals, '0');
  return integer + decimalSeparator + fraction;
}

/** 'E' followed by the exponent's sign (the plus sign only when `positiveSign`) and at least `minDigits` digits. */
export function layoutExponent(
  exponent: number,
  expChar: string,
  minDigits: number,
  positiveSign: boolean,
  culture: NumberCulture,
): string {
  const sign = exponent < 0 ? culture.negativeSign : positiveSign ? culture.positiveSign : '';
  return expChar + sign + String(Math.abs(exponent)).padStart(minDigits, '0');
}

/** d.ddd…E+ddd with `significant` digits in all (the 'E' standard format). */
export function layoutScientific(
  buffer: DigitBuffer,
  significant: number,
  expChar: string,
  culture: NumberCulture,
): string {
  const mantissa = buffer.digits.padEnd(significant, '0').slice(0, significant) || '0';
  const body = significant === 1 ? mantissa : `${mantissa.slice(0, 1)}${culture.decimalSeparator}${mantissa.slice(1)}`;
  const exponent = buffer.digits === '' ? 0 : buffer.scale - 1;
  return body + layoutExponent(exponent, expChar, 3, true, culture);
}

/**
 * The 'G' layout: fixed-point unless the exponent is at least `maxDigits` or below -5 (and `allowScientific`), then
 * scientific with a two-digit exponent. Only the digits present are written.
 */
export function layoutGeneral(
  buffer: DigitBuffer,
  maxDigits: number,
  expChar: string,
  culture: NumberCulture,
  allowScientific = true,
): string {
  const { digits, scale } = buffer;
  const scientific = allowScientific && (scale > maxDigits || scale < -3);
  let position = scientific ? 1 : scale;
  let out = '';
  let next = 0;
  if (position > 0) {
    while (position > 0) {
      out += next < digits.length ? digits[next++] : '0';
      position--;
    }
  } else {
    out = '0';
  }
  if (next < digits.length || position < 0) {
    out += culture.decimalSeparator + '0'.repeat(-position) + digits.slice(next);
  }
  if (scientific) out += layoutExponent(scale - 1, expChar, 2, true, culture);
  return out;
}

/** Fills a culture pattern: '#' takes the number, '-' the negative sign, '$' the currency and '%' the percent sign. */
export function fillPattern(pattern: string, number: string, culture: NumberCulture): string {
  let out = '';
  for (const character of pattern) {
    switch (character) {
      case '#':
        out += number;
        break;
      case '-':
        out += culture.negativeSign;
        break;
      case '$':
        out += culture.currencySymbol;
        break;
      case '%':
        out += culture.percentSymbol;
        break;
      default:
        out += character;
    }
  }
  return out;
}
