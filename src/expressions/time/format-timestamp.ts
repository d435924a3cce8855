/** `DateTime.ToString(format, culture)` for instants: standard specifiers and custom patterns. */
import { dayOfWeekFromTicks, partsFromTicks } from './calendar.js';
import { type DateCulture, getCulture } from './culture.js';
import { type PatternToken, resolveFormat } from './format-pattern.js';
import type { Instant } from './instant.js';

/** The default output of every date function: "o", e.g. `2018-03-25T00:00:00.0000000Z`. */
export const DEFAULT_FORMAT = 'o';

/**
 * Formats an instant the way .NET formats a `DateTime` of the same kind. `format` defaults to "o" (an empty
 * string counts as absent, as Logic Apps treats a blank format parameter); `locale` defaults to en-US.
 */
export function formatTimestamp(instant: Instant, format?: string | null, locale?: string | null): string {
  const culture = getCulture(locale);
  const effective = format === undefined || format === null || format === '' ? DEFAULT_FORMAT : format;
  if (effective === 'o' || effective === 'O') return roundTrip(instant);
  const resolved = resolveFormat(effective, culture);
  return renderTokens(instant, resolved.tokens, resolved.culture);
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** Fast path for the overwhelmingly common "o" format. */
function roundTrip(instant: Instant): string {
  const p = partsFromTicks(instant.ticks);
  return (
    `${pad(p.year, 4)}-${pad(p.month, 2)}-${pad(p.day, 2)}T${pad(p.hour, 2)}:${pad(p.minute, 2)}:${pad(p.second, 2)}` +
    `.${pad(p.fraction, 7)}${instant.kind === 'utc' ? 'Z' : ''}`
  );
}

export function renderTokens(instant: Instant, tokens: readonly PatternToken[], culture: DateCulture): string {
  const p = partsFromTicks(instant.ticks);
  // .NET switches to genitive month names when the pattern also shows the day number.
  const genitive = tokens.some((t) => t.kind === 'field' && t.letter === 'd' && t.count <= 2);
  let out = '';
  for (const token of tokens) {
    switch (token.kind) {
      case 'literal':
        out += token.text;
        continue;
      case 'dateSeparator':
        out += culture.dateSeparator;
        continue;
      case 'timeSeparator':
        out += culture.timeSeparator;
        continue;
      case 'field':
        break;
    }
    // Numeric fields other than the year are capped at two digits, as in .NET ("HHH" prints "13").
    const n = Math.min(token.count, 2);
    switch (token.letter) {
      case 'd':
        if (token.count <= 2) out += pad(p.day, n);
        else {
          const names = token.count === 3 ? culture.abbreviatedDayNames : culture.dayNames;
          out += names[dayOfWeekFromTicks(instant.ticks)] ?? '';
        }
        break;
      case 'M':
        if (token.count <= 2) out += pad(p.month, n);
        else if (token.count === 3) {
          out += (genitive ? culture.abbreviatedMonthGenitiveNames : culture.abbreviatedMonthNames)[p.month - 1] ?? '';
        } else out += (genitive ? culture.monthGenitiveNames : culture.monthNames)[p.month - 1] ?? '';
        break;
      case 'y':
        out += token.count <= 2 ? pad(p.year % 100, token.count) : pad(p.year, token.count);
        break;
      case 'h':
        out += pad(p.hour % 12 === 0 ? 12 : p.hour % 12, n);
        break;
      case 'H':
        out += pad(p.hour, n);
        break;
      case 'm':
        out += pad(p.minute, n);
        break;
      case 's':
        out += pad(p.second, n);
        break;
      case 'f':
        out += pad(Math.floor(p.fraction / 10 ** (7 - token.count)), token.count);
        break;
      case 'F': {
        const digits = pad(Math.floor(p.fraction / 10 ** (7 - token.count)), token.count).replace(/0+$/, '');
        // With no significant digits .NET also drops a '.' written just before the F specifier.
        if (digits === '' && out.endsWith('.')) out = out.slice(0, -1);
        out += digits;
        break;
      }
      case 't': {
        const designator = p.hour < 12 ? culture.amDesignator : culture.pmDesignator;
        out += token.count === 1 ? designator.charAt(0) : designator;
        break;
      }
      case 'K':
        out += instant.kind === 'utc' ? 'Z' : '';
        break;
      case 'z':
        // .NET prints the host's offset for DateTime values; Logic Apps' hosts run in UTC.
        out += token.count === 1 ? '+0' : token.count === 2 ? '+00' : '+00:00';
        break;
      case 'g':
        out += 'A.D.';
        break;
    }
  }
  return out;
}
