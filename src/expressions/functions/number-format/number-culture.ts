/**
 * The parts of .NET's `NumberFormatInfo` that number formatting needs, read from the runtime's ICU data through
 * `Intl.NumberFormat` (the same data .NET uses on ICU). Patterns are templates in which '#' stands for the digits,
 * '-' for the negative sign, '$' for the currency symbol and '%' for the percent symbol.
 */
import { CURRENCY_SYMBOL_OVERRIDES, currencyOfRegion } from './currency-by-region.js';

export interface NumberCulture {
  readonly negativeSign: string;
  readonly positiveSign: string;
  readonly decimalSeparator: string;
  readonly groupSeparator: string;
  readonly groupSizes: readonly number[];
  readonly numberDecimalDigits: number;
  readonly numberNegativePattern: string;
  readonly currencySymbol: string;
  readonly currencyDecimalDigits: number;
  readonly currencyDecimalSeparator: string;
  readonly currencyGroupSeparator: string;
  readonly currencyGroupSizes: readonly number[];
  readonly currencyPositivePattern: string;
  readonly currencyNegativePattern: string;
  readonly percentSymbol: string;
  readonly percentDecimalDigits: number;
  readonly percentPositivePattern: string;
  readonly percentNegativePattern: string;
  readonly perMilleSymbol: string;
  readonly nanSymbol: string;
  readonly infinitySymbol: string;
}

/** .NET's invariant culture (`CultureInfo("")`). */
export const INVARIANT_CULTURE: NumberCulture = {
  negativeSign: '-',
  positiveSign: '+',
  decimalSeparator: '.',
  groupSeparator: ',',
  groupSizes: [3],
  numberDecimalDigits: 2,
  numberNegativePattern: '-#',
  currencySymbol: '\u00a4',
  currencyDecimalDigits: 2,
  currencyDecimalSeparator: '.',
  currencyGroupSeparator: ',',
  currencyGroupSizes: [3],
  currencyPositivePattern: '$#',
  currencyNegativePattern: '($#)',
  percentSymbol: '%',
  percentDecimalDigits: 2,
  percentPositivePattern: '# %',
  percentNegativePattern: '-# %',
  perMilleSymbol: '\u2030',
  nanSymbol: 'NaN',
  infinitySymbol: 'Infinity',
};

const NUMBER_PART_TYPES = new Set(['integer', 'group', 'decimal', 'fraction']);
/** .NET's patterns put plain spaces around symbols where ICU uses no-break spaces. */
const NO_BREAK_SPACES = /[\u00a0\u202f]/g;
/** A number with enough digits to show every group size, and a fraction to show the decimal separator. */
const SAMPLE = 1234567890123.5;

interface PatternInfo {
  readonly pattern: string;
  readonly symbol: string;
  readonly decimalSeparator: string;
  readonly groupSeparator: string;
  readonly groupSizes: readonly number[];
  readonly minusSign: string;
}

function describe(parts: readonly Intl.NumberFormatPart[]): PatternInfo {
  let pattern = '';
  let symbol = '';
  let minusSign = '-';
  for (const part of parts) {
    if (NUMBER_PART_TYPES.has(part.type)) {
      if (!pattern.endsWith('#')) pattern += '#';
    } else if (part.type === 'minusSign') {
      pattern += '-';
      minusSign = part.value;
    } else if (part.type === 'currency') {
      pattern += '$';
      symbol = part.value;
    } else if (part.type === 'percentSign') {
      pattern += '%';
      symbol = part.value;
    } else {
      pattern += part.value.replace(NO_BREAK_SPACES, ' ');
    }
  }
  const integers = parts.filter((part) => part.type === 'integer').map((part) => part.value.length);
  const primary = integers.at(-1);
  const secondary = integers.length >= 3 ? integers.at(-2) : undefined;
  let groupSizes: number[] = [];
  if (primary !== undefined && integers.length >= 2) {
    groupSizes = secondary === undefined || secondary === primary ? [primary] : [primary, secondary];
  }
  return {
    pattern,
    symbol,
    decimalSeparator: parts.find((part) => part.type === 'decimal')?.value ?? '.',
    groupSeparator: parts.find((part) => part.type === 'group')?.value ?? ',',
    groupSizes,
    minusSign,
  };
}

function buildCulture(locale: string): NumberCulture {
  const base = { numberingSystem: 'latn', useGrouping: true, minimumFractionDigits: 1 } as const;
  const decimal = new Intl.NumberFormat(locale, base);
  const negativeNumber = describe(decimal.formatToParts(-SAMPLE));

  const percent = new Intl.NumberFormat(locale, { ...base, style: 'percent' });
  const positivePercent = describe(percent.formatToParts(SAMPLE));
  const negativePercent = describe(percent.formatToParts(-SAMPLE));

  const region = new Intl.Locale(locale).maximize().region;
  const currencyCode = currencyOfRegion(region) ?? 'XXX';
  const currencyOptions = { numberingSystem: 'latn', style: 'currency', currency: currencyCode } as const;
  const currencyDigits = new Intl.NumberFormat(locale, currencyOptions).resolvedOptions().maximumFractionDigits ?? 2;
  const currency = new Intl.NumberFormat(locale, {
    ...currencyOptions,
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  });
  const positiveCurrency = describe(currency.formatToParts(SAMPLE));
  const negativeCurrency = describe(currency.formatToParts(-SAMPLE));

  const nanParts = decimal.formatToParts(Number.NaN);
  const infinityParts = decimal.formatToParts(Number.POSITIVE_INFINITY);
  return {
    negativeSign: negativeNumber.minusSign,
    positiveSign: '+',
    decimalSeparator: negativeNumber.decimalSeparator,
    groupSeparator: negativeNumber.groupSeparator,
    groupSizes: negativeNumber.groupSizes,
    numberDecimalDigits: 2,
    numberNegativePattern: negativeNumber.pattern,
    currencySymbol: CURRENCY_SYMBOL_OVERRIDES[currencyCode] ?? positiveCurrency.symbol,
    currencyDecimalDigits: currencyDigits,
    currencyDecimalSeparator: positiveCurrency.decimalSeparator,
    currencyGroupSeparator: positiveCurrency.groupSeparator,
    currencyGroupSizes: positiveCurrency.groupSizes,
    currencyPositivePattern: positiveCurrency.pattern,
    currencyNegativePattern: negativeCurrency.pattern,
    percentSymbol: positivePercent.symbol || '%',
    percentDecimalDigits: 2,
    percentPositivePattern: positivePercent.pattern,
    percentNegativePattern: negativePercent.pattern,
    perMilleSymbol: '\u2030',
    nanSymbol: nanParts.find((part) => part.type === 'nan')?.value ?? 'NaN',
    infinitySymbol: infinityParts.find((part) => part.type === 'infinity')?.value ?? 'Infinity',
  };
}

const cache = new Map<string, NumberCulture>();
const CACHE_LIMIT = 256;

/**
 * The number culture of a locale tag such as 'en-US' or 'is-IS' ('' is the invariant culture), or `undefined` when
 * the tag is malformed or the runtime knows no such locale.
 */
export function numberCulture(locale: string): NumberCulture | undefined {
  if (locale === '') return INVARIANT_CULTURE;
  const key = locale.toLowerCase();
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  try {
    if (Intl.NumberFormat.supportedLocalesOf([locale]).length === 0) return undefined;
  } catch {
    return undefined; // RangeError: not a well-formed language tag
  }
  const culture = buildCulture(locale);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, culture);
  return culture;
}
