/** Making decimals from text, integers and doubles, with .NET's rounding rules. */
import {
  DECIMAL_MAX_DIGITS,
  DECIMAL_MAX_MANTISSA,
  DECIMAL_MAX_SCALE,
  DECIMAL_ZERO,
  Decimal,
  magnitude,
} from './decimal.js';

/** Fraction digits past the one that decides rounding at 28 places only matter as "is anything non-zero". */
const DECIDING_FRACTION_DIGITS = DECIMAL_MAX_SCALE + 1;

/**
 * The decimal for parsed digits, as `decimal.Parse` builds it: trailing fraction zeros kept (scale is the number of
 * fraction digits), then rounded half to even to at most 28 places and 96 bits. `undefined` when out of range.
 * The digits must be ASCII decimal digits.
 */
export function decimalFromDigits(negative: boolean, integerDigits: string, fractionDigits: string): Decimal | undefined {
  const integer = integerDigits.replace(/^0+/, '');
  if (integer.length > DECIMAL_MAX_DIGITS) return undefined;
  let fraction = fractionDigits;
  if (fraction.length > DECIDING_FRACTION_DIGITS + 1) {
    // Keeps a long input cheap without changing the result: the tail becomes one sticky digit.
    const sticky = /[1-9]/.test(fraction.slice(DECIDING_FRACTION_DIGITS)) ? '1' : '0';
    fraction = fraction.slice(0, DECIDING_FRACTION_DIGITS) + sticky;
  }
  const mantissa = BigInt(integer + fraction || '0');
  // A zero keeps its places too ("0.00"), up to the 28 a decimal can hold.
  if (mantissa === 0n) return Decimal.of(0n, Math.min(fraction.length, DECIMAL_MAX_SCALE));
  return Decimal.round(negative ? -mantissa : mantissa, fraction.length);
}

/** An integer exactly, or `undefined` when it is beyond the decimal range. */
export function decimalFromInteger(n: number): Decimal | undefined {
  const mantissa = BigInt(n);
  return magnitude(mantissa) <= DECIMAL_MAX_MANTISSA ? Decimal.of(mantissa, 0) : undefined;
}

/** The significant digits .NET Framework keeps when converting a double to a decimal. */
const DOUBLE_DIGITS = 15;

/**
 * A double as .NET Framework's `(decimal)double` converts it: rounded to 15 significant digits (so 0.1 becomes
 * exactly 0.1, not 0.1000000000000000055…), at most 28 places, trailing zeros dropped. `undefined` for NaN, the
 * infinities and values beyond the decimal range (.NET throws OverflowException).
 */
export function decimalFromDouble(n: number): Decimal | undefined {
  if (!Number.isFinite(n)) return undefined;
  if (n === 0) return DECIMAL_ZERO;
  const size = Math.abs(n);
  const [digits = '0', exponent = '0'] = size.toExponential(DOUBLE_DIGITS - 1).split('e');
  let text = digits.replace('.', '');
  let scale = DOUBLE_DIGITS - 1 - Number(exponent);
  if (scale > DECIMAL_MAX_SCALE) {
    // Below 1e-14 the 28-place limit comes first: .NET scales the double by 10^28 and rounds that.
    text = size.toFixed(DECIMAL_MAX_SCALE).replace('.', '');
    scale = DECIMAL_MAX_SCALE;
  }
  let mantissa = BigInt(text);
  while (scale > 0 && mantissa % 10n === 0n && mantissa !== 0n) {
    mantissa /= 10n;
    scale--;
  }
  if (mantissa === 0n) return DECIMAL_ZERO;
  return Decimal.round(n < 0 ? -mantissa : mantissa, scale);
}
