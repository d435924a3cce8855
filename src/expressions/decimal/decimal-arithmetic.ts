/**
 * Decimal arithmetic with .NET's results, scale included: sums keep the larger scale (1.50 + 1 = 2.50), products
 * add the scales, and anything that does not fit is rounded half to even to 28 places / 96 bits. Operations return
 * `undefined` when the result is beyond the decimal range (.NET's OverflowException); callers check for a zero
 * divisor first.
 */
import {
  DECIMAL_MAX_MANTISSA,
  DECIMAL_MAX_SCALE,
  Decimal,
  divideRoundingHalfEven,
  magnitude,
  powerOfTen,
} from './decimal.js';

/** Both mantissas at the larger of the two scales. */
function align(a: Decimal, b: Decimal): { a: bigint; b: bigint; scale: number } {
  const scale = Math.max(a.scale, b.scale);
  return {
    a: a.scale === scale ? a.mantissa : a.mantissa * powerOfTen(scale - a.scale),
    b: b.scale === scale ? b.mantissa : b.mantissa * powerOfTen(scale - b.scale),
    scale,
  };
}

export function addDecimals(a: Decimal, b: Decimal): Decimal | undefined {
  const aligned = align(a, b);
  return Decimal.round(aligned.a + aligned.b, aligned.scale);
}

export function subtractDecimals(a: Decimal, b: Decimal): Decimal | undefined {
  const aligned = align(a, b);
  return Decimal.round(aligned.a - aligned.b, aligned.scale);
}

export function multiplyDecimals(a: Decimal, b: Decimal): Decimal | undefined {
  return Decimal.round(a.mantissa * b.mantissa, a.scale + b.scale);
}

/** -1, 0 or 1 by numeric value; the scale does not matter (1.50 equals 1.5). */
export function compareDecimals(a: Decimal, b: Decimal): number {
  const aligned = align(a, b);
  return aligned.a < aligned.b ? -1 : aligned.a > aligned.b ? 1 : 0;
}

function withSign(size: bigint, negative: boolean, scale: number): Decimal {
  return Decimal.of(negative ? -size : size, scale);
}

/**
 * The quotient as .NET's `VarDecDiv` computes it. An exact quotient keeps the natural scale (dividend scale minus
 * divisor scale, at least 0): 4.0 / 2 is 2.0. Otherwise the quotient gets as many places as fit (28 at most),
 * rounded half to even, and then loses its trailing zeros: 1 / 3 is 0.3333333333333333333333333333, 1 / 8 is 0.125.
 */
export function divideDecimals(dividend: Decimal, divisor: Decimal): Decimal | undefined {
  if (divisor.isZero) throw new RangeError('decimal division by zero');
  const negative = dividend.isNegative !== divisor.isNegative;
  const numerator = magnitude(dividend.mantissa);
  const denominator = magnitude(divisor.mantissa);
  const natural = dividend.scale - divisor.scale;
  // numerator / denominator × 10^(scale - natural) is the mantissa of the quotient at a given scale.
  const scaled = (scale: number) => numerator * powerOfTen(scale - natural);

  const start = Math.max(natural, 0);
  const exact = scaled(start);
  if (exact % denominator === 0n) {
    const quotient = exact / denominator;
    return quotient <= DECIMAL_MAX_MANTISSA ? withSign(quotient, negative, start) : undefined;
  }

  // The largest scale whose truncated quotient fits in 96 bits.
  let scale = DECIMAL_MAX_SCALE;
  const truncated = scaled(scale) / denominator;
  if (truncated > DECIMAL_MAX_MANTISSA) scale -= truncated.toString().length - DECIMAL_MAX_MANTISSA.toString().length;
  while (scale >= start && scaled(scale) / denominator > DECIMAL_MAX_MANTISSA) scale--;
  for (; scale >= start; scale--) {
    const quotient = divideRoundingHalfEven(scaled(scale), denominator);
    if (quotient <= DECIMAL_MAX_MANTISSA) return withSign(quotient, negative, scale).normalize();
  }
  return undefined;
}

/**
 * The remainder as .NET's `decimal %` gives it: the sign of the dividend, exact, at the larger scale; a dividend
 * smaller than the divisor comes back unchanged (1.5 % 2.00 is 1.5).
 */
export function remainderDecimals(dividend: Decimal, divisor: Decimal): Decimal {
  if (divisor.isZero) throw new RangeError('decimal division by zero');
  const aligned = align(dividend, divisor);
  const a = magnitude(aligned.a);
  const b = magnitude(aligned.b);
  if (a < b) return dividend;
  // The remainder is smaller than the divisor's scaled mantissa, which is at most the dividend's: it always fits.
  return Decimal.of(aligned.a % aligned.b, aligned.scale);
}
