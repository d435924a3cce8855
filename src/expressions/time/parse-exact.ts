/**
 * `DateTime.ParseExact`: reads text that must follow a standard or custom .NET format exactly (names and
 * designators compare case-insensitively). Used by `parseDateTime(text, locale, format)`.
 */
import { TICKS_PER_MINUTE, isValidParts, ticksFromParts, dayOfWeekFromTicks } from './calendar.js';
import { type DateCulture, getCulture } from './culture.js';
import { invalidTimestamp } from './errors.js';
import { type PatternToken, resolveFormat } from './format-pattern.js';
import { type Instant, makeInstant } from './instant.js';
import { fractionTicks } from './parse-timestamp.js';

interface Fields {
  year?: number;
  month?: number;
  day?: number;
  weekday?: number;
  hour: number;
  minute: number;
  second: number;
  fraction: number;
  meridiem?: 'am' | 'pm';
  offsetMinutes?: number;
}

/** Parses `text` with `format` in `locale` (default en-US); fails with InvalidArgument when it does not fit. */
export function parseExact(text: string, format: string, locale?: string | null): Instant {
  const culture = getCulture(locale);
  const { tokens, culture: formatCulture } = resolveFormat(format, culture);
  const fields = matchTokens(text, tokens, formatCulture);
  const instant = fields === undefined ? undefined : toInstant(fields);
  if (instant === undefined) throw invalidTimestamp(text);
  return instant;
}

function toInstant(f: Fields): Instant | undefined {
  // Without a year .NET would use the current date; expressions must not depend on the clock here.
  if (f.year === undefined) return undefined;
  let hour = f.hour;
  if (f.meridiem !== undefined) {
    if (hour > 12) return undefined;
    if (f.meridiem === 'pm' && hour < 12) hour += 12;
    if (f.meridiem === 'am' && hour === 12) hour = 0;
  }
  const parts = {
    year: f.year,
    month: f.month ?? 1,
    day: f.day ?? 1,
    hour,
    minute: f.minute,
    second: f.second,
    fraction: 0,
  };
  if (!isValidParts(parts)) return undefined;
  const local = ticksFromParts(parts) + BigInt(f.fraction);
  if (f.weekday !== undefined && dayOfWeekFromTicks(local) !== f.weekday) return undefined;
  try {
    if (f.offsetMinutes === undefined) return makeInstant(local, 'unspecified');
    return makeInstant(local - BigInt(f.offsetMinutes) * TICKS_PER_MINUTE, 'utc');
  } catch {
    return undefined;
  }
}

function matchTokens(text: string, tokens: readonly PatternToken[], culture: DateCulture): Fields | undefined {
  const f: Fields = { hour: 0, minute: 0, second: 0, fraction: 0 };
  let pos = 0;
  const lower = text.toLowerCase();

  const literal = (expected: string): boolean => {
    if (lower.startsWith(expected.toLowerCase(), pos)) {
      pos += expected.length;
      return true;
    }
    return false;
  };
  const digits = (min: number, max: number): string | undefined => {
    const m = /^\d+/.exec(text.slice(pos, pos + max));
    if (m === null || m[0].length < min) return undefined;
    pos += m[0].length;
    return m[0];
  };
  const number = (count: number): number | undefined => {
    const read = digits(count === 1 ? 1 : 2, 2);
    return read === undefined ? undefined : Number(read);
  };
  /** Longest name in the lists matching at `pos`; returns its index. */
  const name = (...lists: readonly (readonly string[])[]): number | undefined => {
    let best: { index: number; length: number } | undefined;
    for (const list of lists) {
      list.forEach((candidate, index) => {
        const longer = candidate.length > (best?.length ?? 0);
        if (candidate !== '' && longer && lower.startsWith(candidate.toLowerCase(), pos)) {
          best = { index, length: candidate.length };
        }
      });
    }
    if (best === undefined) return undefined;
    pos += best.length;
    return best.index;
  };
  const offset = (requireMinutes: boolean): number | undefined => {
    const m = (requireMinutes ? /^([+-])(\d{2}):(\d{2})/ : /^([+-])(\d{1,2})(?::(\d{2}))?/).exec(text.slice(pos));
    if (m === null) return undefined;
    const hours = Number(m[2]);
    const minutes = Number(m[3] ?? 0);
    if (hours > 14 || minutes > 59) return undefined;
    pos += m[0].length;
    return (m[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
  };

  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index];
    if (token === undefined) break;
    if (token.kind === 'literal') {
      if (literal(token.text)) continue;
      // Like .NET, "ss.FFF" also accepts a time without any fraction: the '.' and the F digits are optional.
      const next = tokens[index + 1];
      const optionalFraction = token.text.endsWith('.') && next?.kind === 'field' && next.letter === 'F';
      if (optionalFraction && literal(token.text.slice(0, -1))) {
        index++;
        continue;
      }
      return undefined;
    }
    if (token.kind === 'dateSeparator' || token.kind === 'timeSeparator') {
      if (!literal(token.kind === 'dateSeparator' ? culture.dateSeparator : culture.timeSeparator)) return undefined;
      continue;
    }
    const { letter, count } = token;
    let value: number | undefined;
    switch (letter) {
      case 'y': {
        const read = count === 1 ? digits(1, 2) : count === 2 ? digits(2, 2) : digits(count, Math.max(count, 4));
        if (read === undefined) return undefined;
        value = Number(read);
        // .NET's TwoDigitYearMax is 2049.
        f.year = count <= 2 ? (value < 50 ? 2000 + value : 1900 + value) : value;
        break;
      }
      case 'M':
        value =
          count <= 2
            ? number(count)
            : count === 3
              ? name(culture.abbreviatedMonthNames, culture.abbreviatedMonthGenitiveNames)
              : name(culture.monthNames, culture.monthGenitiveNames);
        if (value === undefined) return undefined;
        f.month = count <= 2 ? value : value + 1;
        break;
      case 'd':
        if (count <= 2) {
          value = number(count);
          if (value === undefined) return undefined;
          f.day = value;
        } else {
          value = count === 3 ? name(culture.abbreviatedDayNames) : name(culture.dayNames);
          if (value === undefined) return undefined;
          f.weekday = value;
        }
        break;
      case 'h':
      case 'H':
      case 'm':
      case 's':
        value = number(count);
        if (value === undefined) return undefined;
        if (letter === 'm') f.minute = value;
        else if (letter === 's') f.second = value;
        else f.hour = value;
        break;
      case 'f':
      case 'F': {
        const read = digits(letter === 'f' ? count : 0, count);
        if (read === undefined) return undefined;
        f.fraction = fractionTicks(read);
        break;
      }
      case 't': {
        const am = count === 1 ? culture.amDesignator.charAt(0) : culture.amDesignator;
        const pm = count === 1 ? culture.pmDesignator.charAt(0) : culture.pmDesignator;
        if (am !== '' && literal(am)) f.meridiem = 'am';
        else if (pm !== '' && literal(pm)) f.meridiem = 'pm';
        else return undefined;
        break;
      }
      case 'K':
        if (literal('Z')) f.offsetMinutes = 0;
        else if (/^[+-]/.test(text.charAt(pos))) {
          value = offset(true);
          if (value === undefined) return undefined;
          f.offsetMinutes = value;
        }
        break;
      case 'z':
        value = offset(count >= 3);
        if (value === undefined) return undefined;
        f.offsetMinutes = value;
        break;
      case 'g':
        if (!literal('A.D.')) literal('AD');
        break;
    }
  }
  return pos === text.length ? f : undefined;
}
