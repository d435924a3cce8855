import type { Decimal } from '../../decimal/decimal.js';

/**
 * A number as .NET's formatter sees it (its `NumberBuffer`): decimal digits and the position of the decimal point,
 * so that value = 0.DIGITS × 10^scale. Zero has no digits. Rounding works on these digits, which is how .NET
 * rounds (half away from zero on the decimal digits), not on the binary double.
 */
export interface DigitBuffer {
  /** Significant digits, no leading zeros; '' for zero. */
  digits: string;
  scale: number;
  negative: boolean;
}

/** .NET formats a double from its first 15 significant digits in every format but round-trip ones. */
export const DOUBLE_PRECISION = 15;

export function zeroBuffer(): DigitBuffer {
  return { digits: '', scale: 0, negative: false };
}

/** All the digits of an integral value (a .NET Int64). */
export function integerBuffer(n: number): DigitBuffer {
  if (n === 0) return zeroBuffer();
  const text = BigInt(n).toString();
  const negative = text.startsWith('-');
  const digits = negative ? text.slice(1) : text;
  return { digits, scale: digits.length, negative };
}

/**
 * Every digit of a decimal, trailing zeros of its scale included (1.50 is "150"), as .NET's `DecimalToNumber` fills
 * the buffer; a zero keeps its places as a negative scale (0.00 has scale -2) so 'G' can print "0.00".
 */
export function decimalBuffer(decimal: Decimal): DigitBuffer {
  if (decimal.isZero) return { digits: '', scale: -decimal.scale, negative: false };
  const digits = (decimal.isNegative ? -decimal.mantissa : decimal.mantissa).toString();
  return { digits, scale: digits.length - decimal.scale, negative: decimal.isNegative };
}

/**
 * The digits of a finite double: `significant` digits correctly rounded from its exact value, or the shortest
 * digits that round-trip when `significant` is omitted.
 */
export function doubleBuffer(n: number, significant?: number): DigitBuffer {
  // .NET Framework formats -0.0 as "0"; treating it as plain zero keeps formatted output free of "-0".
  if (n === 0) return zeroBuffer();
  const text =
    significant === undefined ? Math.abs(n).toExponential() : Math.abs(n).toExponential(Math.min(significant, 101) - 1);
  const [mantissa = '0', exponent = '0'] = text.split('e');
  const digits = mantissa.replace('.', '').replace(/0+$/, '');
  return { digits, scale: Number(exponent) + 1, negative: n < 0 };
}

/**
 * Keeps the first `pos` digits, rounding half away from zero (.NET's `RoundNumber`). Trailing zeros are dropped; a
 * value that rounds to zero loses its sign.
 */
export function roundBuffer(buffer: DigitBuffer, pos: number): void {
  const { digits } = buffer;
  let i = Math.max(0, Math.min(pos, digits.length));
  let kept: string;
  if (i === pos && i < digits.length && (digits.charCodeAt(i) ?? 0) >= 0x35 /* '5' */) {
    while (i > 0 && digits[i - 1] === '9') i--;
    if (i > 0) {
      kept = digits.slice(0, i - 1) + String.fromCharCode(digits.charCodeAt(i - 1) + 1);
    } else {
      buffer.scale++;
      kept = '1';
    }
  } else {
    while (i > 0 && digits[i - 1] === '0') i--;
    kept = digits.slice(0, i);
  }
  buffer.digits = kept;
  if (kept === '') {
    buffer.scale = 0;
    buffer.negative = false;
  }
}
