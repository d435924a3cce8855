/**
 * The culture data date formatting and parsing need (month/day names, AM/PM, standard patterns). en-US — the
 * default, and the only culture in the reference's examples for standard formats — is written out to match
 * .NET exactly; other locales are derived from ICU through `Intl.DateTimeFormat`, which agrees with .NET on
 * names (`dimanche`, `enero`) and on most patterns, though not always on zero-padding.
 */
import { invalidLocale } from './errors.js';

export type DateOrder = 'MDY' | 'DMY' | 'YMD';

export interface DateCulture {
  readonly name: string;
  /** Stand-alone month names, January first. */
  readonly monthNames: readonly string[];
  /** Month names as used next to a day number (differs from `monthNames` in e.g. Russian or Polish). */
  readonly monthGenitiveNames: readonly string[];
  readonly abbreviatedMonthNames: readonly string[];
  readonly abbreviatedMonthGenitiveNames: readonly string[];
  /** Sunday first, like .NET `DayOfWeek`. */
  readonly dayNames: readonly string[];
  readonly abbreviatedDayNames: readonly string[];
  readonly amDesignator: string;
  readonly pmDesignator: string;
  readonly dateSeparator: string;
  readonly timeSeparator: string;
  readonly shortDatePattern: string;
  readonly longDatePattern: string;
  readonly shortTimePattern: string;
  readonly longTimePattern: string;
  readonly monthDayPattern: string;
  readonly yearMonthPattern: string;
  /** Order of day, month and year in an all-numeric date ('3/15/2018' vs '15/03/2018'). */
  readonly dateOrder: DateOrder;
  /** Lower-case words that glue long dates together ('de' in '20 de octubre de 2020'); the parser skips them. */
  readonly fillerWords: ReadonlySet<string>;
}

const EN_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const EN_ABBREVIATED_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export const EN_US: DateCulture = {
  name: 'en-US',
  monthNames: EN_MONTHS,
  monthGenitiveNames: EN_MONTHS,
  abbreviatedMonthNames: EN_ABBREVIATED_MONTHS,
  abbreviatedMonthGenitiveNames: EN_ABBREVIATED_MONTHS,
  dayNames: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
  abbreviatedDayNames: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
  amDesignator: 'AM',
  pmDesignator: 'PM',
  dateSeparator: '/',
  timeSeparator: ':',
  shortDatePattern: 'M/d/yyyy',
  longDatePattern: 'dddd, MMMM d, yyyy',
  shortTimePattern: 'h:mm tt',
  longTimePattern: 'h:mm:ss tt',
  monthDayPattern: 'MMMM d',
  yearMonthPattern: 'MMMM yyyy',
  dateOrder: 'MDY',
  fillerWords: new Set(['at', 'of', 'the']),
};

const cache = new Map<string, DateCulture>([['en-US', EN_US]]);

/**
 * The culture for a locale name such as 'fr-fr' or 'es-ES' (case-insensitive, as in .NET). An absent or empty
 * locale means en-US, Logic Apps' default. Unknown locales fail with an InvalidArgument error.
 */
export function getCulture(locale?: string | null): DateCulture {
  if (locale === undefined || locale === null || locale === '') return EN_US;
  let canonical: string | undefined;
  try {
    canonical = Intl.DateTimeFormat.supportedLocalesOf([locale])[0];
  } catch {
    canonical = undefined;
  }
  if (canonical === undefined) throw invalidLocale(locale);
  if (canonical === 'en' || canonical === 'en-US') return EN_US;
  let culture = cache.get(canonical);
  if (culture === undefined) {
    culture = deriveCulture(canonical);
    cache.set(canonical, culture);
  }
  return culture;
}

// Saturday 3 February 2001, 04:05:06 UTC: every field has a distinct value, and day/month/hour are one digit
// so zero-padding shows in the output.
const PROBE = new Date(Date.UTC(2001, 1, 3, 4, 5, 6));

function dtf(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC', calendar: 'gregory', numberingSystem: 'latn' });
}

/** ICU uses (narrow) no-break spaces where .NET cultures mostly use plain ones. */
function normalizeSpaces(text: string): string {
  return text.replace(/[\u00a0\u202f]/g, ' ');
}

function partValue(formatter: Intl.DateTimeFormat, date: Date, type: Intl.DateTimeFormatPartTypes): string {
  return normalizeSpaces(formatter.formatToParts(date).find((part) => part.type === type)?.value ?? '');
}

function deriveCulture(locale: string): DateCulture {
  const months = (options: Intl.DateTimeFormatOptions, type: Intl.DateTimeFormatPartTypes = 'month'): string[] => {
    const formatter = dtf(locale, options);
    return Array.from({ length: 12 }, (_, m) => partValue(formatter, new Date(Date.UTC(2001, m, 15)), type));
  };
  const days = (weekday: 'long' | 'short'): string[] => {
    const formatter = dtf(locale, { weekday });
    // 2001-01-07 was a Sunday.
    return Array.from({ length: 7 }, (_, d) => partValue(formatter, new Date(Date.UTC(2001, 0, 7 + d)), 'weekday'));
  };
  const monthNames = months({ month: 'long' });
  const monthGenitiveNames = months({ month: 'long', day: 'numeric' });
  const dayNames = days('long');
  const longNames = new Set([...monthNames, ...monthGenitiveNames].map((name) => name.toLowerCase()));
  const toPattern = (options: Intl.DateTimeFormatOptions): string =>
    patternFromParts(dtf(locale, options).formatToParts(PROBE), longNames, dayNames);

  const hour12 = dtf(locale, { hour: 'numeric', hour12: true });
  const numericDate = dtf(locale, { year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(PROBE);
  const fillerSource = [
    ...dtf(locale, { dateStyle: 'full', timeStyle: 'short' }).formatToParts(PROBE),
    ...dtf(locale, { dateStyle: 'long' }).formatToParts(PROBE),
  ];
  const fillerWords = new Set<string>();
  for (const part of fillerSource) {
    if (part.type !== 'literal') continue;
    for (const word of part.value.toLowerCase().match(/\p{L}+/gu) ?? []) fillerWords.add(word);
  }

  return {
    name: locale,
    monthNames,
    monthGenitiveNames,
    abbreviatedMonthNames: months({ month: 'short' }),
    abbreviatedMonthGenitiveNames: months({ month: 'short', day: 'numeric' }),
    dayNames,
    abbreviatedDayNames: days('short'),
    amDesignator: partValue(hour12, new Date(Date.UTC(2001, 0, 1, 4)), 'dayPeriod'),
    pmDesignator: partValue(hour12, new Date(Date.UTC(2001, 0, 1, 16)), 'dayPeriod'),
    dateSeparator: firstLiteralBetween(numericDate, ['day', 'month', 'year']) ?? '/',
    timeSeparator:
      firstLiteralBetween(dtf(locale, { hour: 'numeric', minute: 'numeric' }).formatToParts(PROBE), [
        'hour',
        'minute',
      ]) ?? ':',
    shortDatePattern: toPattern({ year: 'numeric', month: 'numeric', day: 'numeric' }),
    longDatePattern: toPattern({ dateStyle: 'full' }),
    shortTimePattern: toPattern({ timeStyle: 'short' }),
    longTimePattern: toPattern({ timeStyle: 'medium' }),
    monthDayPattern: toPattern({ month: 'long', day: 'numeric' }),
    yearMonthPattern: toPattern({ month: 'long', year: 'numeric' }),
    dateOrder: dateOrderOf(numericDate),
    fillerWords,
  };
}

function firstLiteralBetween(parts: Intl.DateTimeFormatPart[], fields: string[]): string | undefined {
  for (let i = 1; i + 1 < parts.length; i++) {
    const part = parts[i];
    if (
      part?.type === 'literal' &&
      fields.includes(parts[i - 1]?.type ?? '') &&
      fields.includes(parts[i + 1]?.type ?? '')
    ) {
      const trimmed = normalizeSpaces(part.value).trim();
      return trimmed === '' ? ' ' : trimmed;
    }
  }
  return undefined;
}

function dateOrderOf(parts: Intl.DateTimeFormatPart[]): DateOrder {
  const order = parts
    .filter((part) => part.type === 'day' || part.type === 'month' || part.type === 'year')
    .map((part) => part.type.charAt(0).toUpperCase())
    .join('');
  return order === 'DMY' || order === 'YMD' ? order : 'MDY';
}

/** Turns ICU's formatted parts of the probe date back into a .NET custom pattern. */
function patternFromParts(
  parts: Intl.DateTimeFormatPart[],
  longMonthNames: ReadonlySet<string>,
  dayNames: readonly string[],
): string {
  const twelveHour = parts.some((part) => part.type === 'dayPeriod');
  let pattern = '';
  for (const part of parts) {
    const value = normalizeSpaces(part.value);
    switch (part.type) {
      case 'year':
        pattern += value.length <= 2 ? 'yy' : 'yyyy';
        break;
      case 'month':
        if (/^\d+$/.test(value)) pattern += value.length === 2 ? 'MM' : 'M';
        else pattern += longMonthNames.has(value.toLowerCase()) ? 'MMMM' : 'MMM';
        break;
      case 'day':
        pattern += value.length === 2 ? 'dd' : 'd';
        break;
      case 'weekday':
        pattern += value === dayNames[6] ? 'dddd' : 'ddd';
        break;
      case 'hour': {
        const letter = twelveHour ? 'h' : 'H';
        pattern += value.length === 2 ? letter + letter : letter;
        break;
      }
      case 'minute':
        pattern += 'mm';
        break;
      case 'second':
        pattern += 'ss';
        break;
      case 'dayPeriod':
        pattern += 'tt';
        break;
      case 'era':
        pattern += 'g';
        break;
      default:
        pattern += quoteLiteral(value);
    }
  }
  return pattern;
}

/** Quotes literal text for a custom pattern unless it holds nothing a pattern would interpret. */
function quoteLiteral(text: string): string {
  if (text === '' || !/[\p{L}:/\\%'"]/u.test(text)) return text;
  return `'${text.replace(/'/g, "\\'")}'`;
}
