/**
 * An exact base-10 number shaped like .NET's `System.Decimal`, which Logic Apps' `decimal()` returns: a signed
 * integer mantissa of at most 96 bits and a scale of 0–28 decimal places, the value being mantissa / 10^scale.
 * As in .NET the scale is part of the value's identity: `decimal('1.50')` keeps its two places and prints "1.50",
 * while still comparing equal to 1.5.
 *
 * This module depends on nothing in the expression language but the `TaggedValue` base, so `values.ts` can build
 * on it without an import cycle.
 */
import { TaggedValue } from '../tagged-value.js';

export const DECIMAL_MAX_SCALE = 28;
/** 2^96 - 1 = 79228162514264337593543950335, the largest mantissa (and value) a decimal holds. */
export const DECIMAL_MAX_MANTISSA = (1n << 96n) - 1n;
/** Digits in DECIMAL_MAX_MANTISSA; no larger integer part can fit. */
export const DECIMAL_MAX_DIGITS = 29;

const POWERS_OF_TEN: readonly bigint[] = Array.from({ length: 64 }, (_, n) => 10n ** BigInt(n));

export function powerOfTen(exponent: number): bigint {
  return POWERS_OF_TEN[exponent] ?? 10n ** BigInt(exponent);
}

export function magnitude(n: bigint): bigint {
  return n < 0n ? -n : n;
}

/** `dividend / divisor` for non-negative operands, rounded half to even (the rounding .NET's decimal uses). */
export function divideRoundingHalfEven(dividend: bigint, divisor: bigint): bigint {
  const quotient = dividend / divisor;
  const twiceRemainder = (dividend % divisor) * 2n;
  if (twiceRemainder > divisor || (twiceRemainder === divisor && (quotient & 1n) === 1n)) return quotient + 1n;
  return quotient;
}

export class Decimal extends TaggedValue {
  /** The nearest double, computed on first use (decimals are immutable, so the cache never goes stale). */
  #approximation: number | undefined;

  private constructor(
    readonly mantissa: bigint,
    readonly scale: number,
  ) {
    super();
  }

  /** A decimal from parts already in range; anything else is a defect in the caller. */
  static of(mantissa: bigint, scale: number): Decimal {
    if (!Number.isInteger(scale) || scale < 0 || scale > DECIMAL_MAX_SCALE || magnitude(mantissa) > DECIMAL_MAX_MANTISSA) {
      throw new RangeError(`${mantissa}e-${scale} is not a valid decimal`);
    }
    return new Decimal(mantissa, scale);
  }

  /**
   * The decimal nearest to the exact value mantissa × 10^-scale (any size; a negative scale multiplies), or
   * `undefined` when it is beyond the decimal range. Like .NET's `ScaleResult`, it drops the fewest trailing digits
   * that bring the scale to 28 or less and the mantissa within 96 bits, rounding half to even.
   */
  static round(mantissa: bigint, scale: number): Decimal | undefined {
    if (scale < 0) {
      mantissa *= powerOfTen(-scale);
      scale = 0;
    }
    const size = magnitude(mantissa);
    if (size <= DECIMAL_MAX_MANTISSA && scale <= DECIMAL_MAX_SCALE) return new Decimal(mantissa, scale);
    let drop = Math.max(scale - DECIMAL_MAX_SCALE, size.toString().length - DECIMAL_MAX_DIGITS, 0);
    for (; drop <= scale; drop++) {
      // Each attempt rounds from the exact value, never from an already rounded one.
      const rounded = divideRoundingHalfEven(size, powerOfTen(drop));
      if (rounded <= DECIMAL_MAX_MANTISSA) return new Decimal(mantissa < 0n ? -rounded : rounded, scale - drop);
    }
    return undefined; // the integer part alone does not fit
  }

  get isZero(): boolean {
    return this.mantissa === 0n;
  }

  get isNegative(): boolean {
    return this.mantissa < 0n;
  }

  /** Whether the value is whole (1.00 is). */
  isInteger(): boolean {
    return this.scale === 0 || this.mantissa % powerOfTen(this.scale) === 0n;
  }

  /** The integer part, truncated toward zero. */
  truncate(): bigint {
    return this.scale === 0 ? this.mantissa : this.mantissa / powerOfTen(this.scale);
  }

  negate(): Decimal {
    return new Decimal(-this.mantissa, this.scale);
  }

  /** The same value with trailing fractional zeros removed (1.500 → 1.5). */
  normalize(): Decimal {
    let { mantissa, scale } = this;
    while (scale > 0 && mantissa % 10n === 0n) {
      mantissa /= 10n;
      scale--;
    }
    return scale === this.scale ? this : new Decimal(mantissa, scale);
  }

  /** The double nearest to the value (correctly rounded), which is how the decimal reads "used as a number". */
  toNumber(): number {
    this.#approximation ??= Number(this.toString());
    return this.#approximation;
  }

  /** `toNumber()`, under the name `Float` uses for its double, so either reads the same way. */
  get value(): number {
    return this.toNumber();
  }

  /** Every digit, as .NET's `decimal.ToString()` prints it: no exponent, the scale's trailing zeros kept. */
  override toString(): string {
    const digits = magnitude(this.mantissa).toString();
    const sign = this.mantissa < 0n ? '-' : '';
    if (this.scale === 0) return sign + digits;
    const padded = digits.padStart(this.scale + 1, '0');
    const point = padded.length - this.scale;
    return `${sign}${padded.slice(0, point)}.${padded.slice(point)}`;
  }

  /**
   * JSON output carries the double: the documented `decimal('1.2345678912312131')` "used as a number" is
   * 1.234567891231213, and the docs advise `string()` to keep every digit in outputs.
   */
  override toJSON(): number {
    return this.toNumber();
  }
}

export const DECIMAL_ZERO = Decimal.of(0n, 0);
