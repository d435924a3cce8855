import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  addDecimals,
  compareDecimals,
  divideDecimals,
  multiplyDecimals,
  remainderDecimals,
  subtractDecimals,
} from './decimal-arithmetic.js';
import { decimalFromDigits, decimalFromDouble, decimalFromInteger } from './decimal-conversion.js';
import { DECIMAL_MAX_MANTISSA, Decimal } from './decimal.js';

/** A decimal from plain text ("-1.50"), through the same path decimal() uses. */
function d(text: string): Decimal {
  const match = /^(-?)(\d*)(?:\.(\d*))?$/.exec(text);
  assert.ok(match, `bad test literal ${text}`);
  const value = decimalFromDigits(match[1] === '-', match[2] ?? '', match[3] ?? '');
  assert.ok(value, `${text} is out of range`);
  return value;
}

function text(value: Decimal | undefined): string | undefined {
  return value?.toString();
}

const MAX = '79228162514264337593543950335';

describe('Decimal value', () => {
  it('prints every digit with the scale it has, as decimal.ToString() does', () => {
    assert.equal(d('1.2345678912312131').toString(), '1.2345678912312131');
    assert.equal(d('1.50').toString(), '1.50');
    assert.equal(d('-0.0010').toString(), '-0.0010');
    assert.equal(d('0.00').toString(), '0.00');
    assert.equal(d('-0.00').toString(), '0.00');
    assert.equal(d('007').toString(), '7');
    assert.equal(d(MAX).toString(), MAX);
    assert.equal(Decimal.of(5n, 28).toString(), '0.0000000000000000000000000005');
  });

  it('reads as the nearest double, and as that double in JSON', () => {
    assert.equal(d('1.2345678912312131').toNumber(), 1.234567891231213);
    assert.equal(d('2.4691357824624262').toNumber(), 2.469135782462426);
    assert.equal(d(MAX).toNumber(), 7.922816251426434e28);
    assert.equal(d('-0.00').toNumber(), 0);
    assert.equal(JSON.stringify({ a: d('1.50') }), '{"a":1.5}');
  });

  it('knows whole values and truncates toward zero', () => {
    assert.ok(d('42.000').isInteger());
    assert.ok(!d('42.001').isInteger());
    assert.equal(d('-42.9').truncate(), -42n);
    assert.equal(d('1.500').normalize().toString(), '1.5');
    assert.equal(d('100').normalize().toString(), '100');
  });

  it('refuses parts outside the decimal range', () => {
    assert.throws(() => Decimal.of(DECIMAL_MAX_MANTISSA + 1n, 0), RangeError);
    assert.throws(() => Decimal.of(1n, 29), RangeError);
    assert.throws(() => Decimal.of(1n, -1), RangeError);
  });

  it('rounds exact values into range half to even, dropping as few digits as possible', () => {
    assert.equal(text(Decimal.round(125n, 29)), '0.0000000000000000000000000012');
    assert.equal(text(Decimal.round(135n, 29)), '0.0000000000000000000000000014');
    assert.equal(text(Decimal.round(1251n, 30)), '0.0000000000000000000000000013');
    assert.equal(text(Decimal.round(-125n, 30)), '-0.0000000000000000000000000001');
    assert.equal(text(Decimal.round(-5n, 2)), '-0.05');
    assert.equal(text(Decimal.round(7n, -3)), '7000');
    // 29 digits above 2^96 - 1 lose one digit, and keep 28 more.
    assert.equal(text(Decimal.round(80000000000000000000000000001n, 28)), '8.000000000000000000000000000');
    assert.equal(Decimal.round(DECIMAL_MAX_MANTISSA + 1n, 0), undefined);
  });
});

describe('decimalFromDigits (decimal.Parse)', () => {
  it('keeps up to 28 places and 96 bits, rounding the rest half to even', () => {
    assert.equal(d('0.12345678901234567890123456785').toString(), '0.1234567890123456789012345678');
    assert.equal(d('0.12345678901234567890123456775').toString(), '0.1234567890123456789012345678');
    assert.equal(d('8.0000000000000000000000000001').toString(), '8.000000000000000000000000000');
    assert.equal(d('7.9228162514264337593543950335').toString(), '7.9228162514264337593543950335');
    assert.equal(d(`0.${'0'.repeat(27)}5${'0'.repeat(50)}1`).toString(), `0.${'0'.repeat(27)}5`);
    assert.equal(d(`0.${'0'.repeat(28)}5`).toString(), `0.${'0'.repeat(28)}`);
    assert.equal(d(`0.${'0'.repeat(28)}51`).toString(), `0.${'0'.repeat(27)}1`);
    assert.equal(d(`${MAX}.49999`).toString(), MAX);
  });

  it('fails beyond the decimal range', () => {
    assert.equal(decimalFromDigits(false, `${MAX}`.replace(/5$/, '6'), ''), undefined);
    assert.equal(decimalFromDigits(false, MAX, '5'), undefined);
    assert.equal(decimalFromDigits(true, '1'.padEnd(30, '0'), ''), undefined);
  });
});

describe('decimalFromInteger and decimalFromDouble', () => {
  it('takes integers exactly', () => {
    assert.equal(text(decimalFromInteger(-9007199254740991)), '-9007199254740991');
    assert.equal(text(decimalFromInteger(2 ** 90)), '1237940039285380274899124224');
    assert.equal(decimalFromInteger(1e30), undefined);
  });

  it('takes doubles to 15 significant digits, as .NET Framework does', () => {
    assert.equal(text(decimalFromDouble(0.1)), '0.1');
    assert.equal(text(decimalFromDouble(0.1 + 0.2)), '0.3');
    assert.equal(text(decimalFromDouble(-2.5)), '-2.5');
    assert.equal(text(decimalFromDouble(100)), '100');
    assert.equal(text(decimalFromDouble(1 / 3)), '0.333333333333333');
    assert.equal(text(decimalFromDouble(123456789012345680)), '123456789012346000');
    assert.equal(text(decimalFromDouble(1.5e-20)), '0.000000000000000000015');
    assert.equal(text(decimalFromDouble(1.2345678901234567e-20)), '0.0000000000000000000123456789');
    assert.equal(text(decimalFromDouble(1e-30)), '0');
    assert.equal(text(decimalFromDouble(-0)), '0');
    assert.equal(decimalFromDouble(1e29), undefined);
    assert.equal(decimalFromDouble(Number.NaN), undefined);
    assert.equal(decimalFromDouble(Infinity), undefined);
  });
});

describe('decimal arithmetic', () => {
  it('adds and subtracts exactly at the larger scale (documented example)', () => {
    const x = d('1.2345678912312131');
    assert.equal(text(addDecimals(x, x)), '2.4691357824624262');
    assert.equal(text(addDecimals(d('0.1'), d('0.2'))), '0.3');
    assert.equal(text(addDecimals(d('1.50'), d('1'))), '2.50');
    assert.equal(text(subtractDecimals(d('1'), d('1.00'))), '0.00');
    assert.equal(text(subtractDecimals(d('1.5'), d('2.75'))), '-1.25');
  });

  it('rounds a sum that needs more than 96 bits, and fails when the integer part overflows', () => {
    assert.equal(text(addDecimals(d(MAX), d('0.4'))), MAX);
    assert.equal(text(addDecimals(d('1'), d('0.00000000000000000000000000005'))), '1.0000000000000000000000000000');
    assert.equal(addDecimals(d(MAX), d('0.5')), undefined);
    assert.equal(addDecimals(d(MAX), d('1')), undefined);
    assert.equal(subtractDecimals(d(`-${MAX}`), d('1')), undefined);
  });

  it('multiplies with the scales added, rounding past 28 places', () => {
    assert.equal(text(multiplyDecimals(d('1.5'), d('2'))), '3.0');
    assert.equal(text(multiplyDecimals(d('0.1'), d('0.1'))), '0.01');
    assert.equal(text(multiplyDecimals(d('-1.1'), d('3'))), '-3.3');
    assert.equal(text(multiplyDecimals(d('0.0000000000000001'), d('0.0000000000000001'))), `0.${'0'.repeat(28)}`);
    assert.equal(text(multiplyDecimals(d('0.00000000000005'), d('0.000000000000003'))), `0.${'0'.repeat(27)}2`);
    assert.equal(text(multiplyDecimals(d(MAX), d('1.0'))), MAX);
    assert.equal(multiplyDecimals(d(MAX), d('1.1')), undefined);
  });

  it('divides like VarDecDiv: natural scale when exact, else 28 places or as many as fit, without trailing zeros', () => {
    assert.equal(text(divideDecimals(d('1'), d('3'))), '0.3333333333333333333333333333');
    assert.equal(text(divideDecimals(d('2'), d('3'))), '0.6666666666666666666666666667');
    assert.equal(text(divideDecimals(d('10'), d('3'))), '3.3333333333333333333333333333');
    assert.equal(text(divideDecimals(d('100'), d('3'))), '33.333333333333333333333333333');
    assert.equal(text(divideDecimals(d('80'), d('3'))), '26.666666666666666666666666667');
    assert.equal(text(divideDecimals(d('1'), d('8'))), '0.125');
    assert.equal(text(divideDecimals(d('4.0'), d('2'))), '2.0');
    assert.equal(text(divideDecimals(d('1.0000'), d('8'))), '0.1250');
    assert.equal(text(divideDecimals(d('10'), d('0.5'))), '20');
    assert.equal(text(divideDecimals(d('1'), d('0.5'))), '2');
    assert.equal(text(divideDecimals(d('0'), d('5.00'))), '0');
    assert.equal(text(divideDecimals(d('0.00'), d('5'))), '0.00');
    assert.equal(text(divideDecimals(d('-7'), d('2'))), '-3.5');
    assert.equal(text(divideDecimals(d('7'), d('-0.3'))), '-23.333333333333333333333333333');
    assert.equal(divideDecimals(d(MAX), d('0.1')), undefined);
    assert.throws(() => divideDecimals(d('1'), d('0.00')), RangeError);
  });

  it('takes remainders with the sign of the dividend', () => {
    assert.equal(text(remainderDecimals(d('7.5'), d('2'))), '1.5');
    assert.equal(text(remainderDecimals(d('-7.5'), d('2'))), '-1.5');
    assert.equal(text(remainderDecimals(d('7.5'), d('-2'))), '1.5');
    assert.equal(text(remainderDecimals(d('10'), d('0.3'))), '0.1');
    assert.equal(text(remainderDecimals(d('1.5'), d('2.00'))), '1.5');
    assert.equal(text(remainderDecimals(d('2.00'), d('2'))), '0.00');
    assert.equal(text(remainderDecimals(d(MAX), d('0.0000000000000000000000000011'))), '0.0000000000000000000000000008');
    assert.throws(() => remainderDecimals(d('1'), d('0')), RangeError);
  });

  it('compares by value whatever the scale', () => {
    assert.equal(compareDecimals(d('1.50'), d('1.5')), 0);
    assert.equal(compareDecimals(d('-1'), d('0.0001')), -1);
    assert.equal(compareDecimals(d(MAX), d('7.9228162514264337593543950335')), 1);
  });
});

describe('decimal arithmetic properties', () => {
  // Small decimals: the exact results always fit, so they can be checked against BigInt arithmetic.
  const small = fc
    .record({ mantissa: fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), scale: fc.integer({ min: 0, max: 12 }) })
    .map(({ mantissa, scale }) => Decimal.of(mantissa, scale));
  const value = (x: Decimal, scale: number) => x.mantissa * 10n ** BigInt(scale - x.scale);

  it('adds, subtracts and multiplies exactly when the result fits', () => {
    fc.assert(
      fc.property(small, small, (a, b) => {
        const sum = addDecimals(a, b);
        const difference = subtractDecimals(a, b);
        const product = multiplyDecimals(a, b);
        assert.ok(sum && difference && product);
        assert.equal(value(sum, 24), value(a, 24) + value(b, 24));
        assert.equal(value(difference, 24), value(a, 24) - value(b, 24));
        assert.equal(value(product, 24), value(a, 12) * value(b, 12));
        assert.equal(compareDecimals(subtractDecimals(sum, b) as Decimal, a), 0);
      }),
    );
  });

  it('divides to within half a unit in the last place, and the remainder is consistent', () => {
    fc.assert(
      fc.property(small, small, (a, b) => {
        fc.pre(!b.isZero);
        const quotient = divideDecimals(a, b);
        assert.ok(quotient);
        // |a / b - q| ≤ ½ × 10^-scale(q), checked in integers: |a × 10^scale(q) - mantissa(q) × b| × 2 ≤ |b|.
        const error = value(a, 40) * 10n ** BigInt(quotient.scale) - quotient.mantissa * value(b, 40);
        const divisor = value(b, 40);
        const abs = (n: bigint) => (n < 0n ? -n : n);
        assert.ok(abs(error) * 2n <= abs(divisor), `${a} / ${b} = ${quotient}`);

        const remainder = remainderDecimals(a, b);
        const scale = Math.max(a.scale, b.scale);
        assert.equal(value(remainder, scale), value(a, scale) % value(b, scale));
      }),
    );
  });

  it('prints text that reads back as the same decimal', () => {
    fc.assert(
      fc.property(small, (a) => {
        const back = d(a.toString());
        assert.equal(back.mantissa, a.mantissa);
        assert.equal(back.scale, a.scale);
      }),
    );
  });
});
