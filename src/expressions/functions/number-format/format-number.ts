/**
 * `number.ToString(format, culture)` as .NET does it, for `formatNumber`: standard formats ("C2", "N0", "X") and
 * custom formats ("#,##0.00"), with the separators and symbols of the culture.
 */
import { DOUBLE_PRECISION, decimalBuffer, doubleBuffer, integerBuffer } from './digit-buffer.js';
import { formatCustom } from './custom-format.js';
import type { NumberCulture } from './number-culture.js';
import { type FormattableNumber, formatStandard, parseStandardFormat } from './standard-format.js';

export type { FormattableNumber } from './standard-format.js';

export function formatNumberText(number: FormattableNumber, format: string, culture: NumberCulture): string {
  const { value } = number;
  if (Number.isNaN(value)) return culture.nanSymbol;
  if (!Number.isFinite(value)) return (value < 0 ? culture.negativeSign : '') + culture.infinitySymbol;

  // An empty format is "G", as in .NET.
  const standard = format === '' ? { specifier: 'G' } : parseStandardFormat(format);
  if (standard !== undefined) return formatStandard(number, standard.specifier, standard.precision, culture);
  const buffer = number.decimal
    ? decimalBuffer(number.decimal)
    : number.integer
      ? integerBuffer(value)
      : doubleBuffer(value, DOUBLE_PRECISION);
  return formatCustom(buffer, format, culture);
}
