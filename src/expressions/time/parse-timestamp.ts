/**
 * Timestamp parsing in the spirit of .NET `DateTime.Parse` (which Logic Apps applies to every timestamp
 * parameter): ISO 8601 first, then a tolerant reading of culture dates such as `03/15/2018 12:00:00`,
 * `Thu, 15 Mar 2018 13:00:00 GMT` or `martes 20 octubre 2020` (es-ES).
 *
 * Zones: `Z`/`GMT`/`UTC` or an offset make a `utc` instant (offsets are folded into the ticks, as with
 * `DateTimeStyles.AdjustToUniversal`); no zone gives an `unspecified` instant. Fractions keep all seven digits
 * (more are rounded to the nearest tick). A date is required: time-only text would need "today".
 */
import { type DateParts, TICKS_PER_MINUTE, isValidParts, ticksFromParts, dayOfWeekFromTicks } from './calendar.js';
import { type DateCulture, EN_US, getCulture } from './culture.js';
import { invalidTimestamp } from './errors.js';
import { type DateTimeKind, type Instant, makeInstant } from './instant.js';

/** Parses a timestamp or fails with InvalidArgument ("… date time string 'x' was not valid …"). */
export function parseTimestamp(text: string, locale?: string | null): Instant {
  const instant = tryParseTimestamp(text, locale);
  if (instant === undefined) throw invalidTimestamp(text);
  return instant;
}

/** Like `parseTimestamp` but returns `undefined` for unreadable text (an invalid locale still throws). */
export function tryParseTimestamp(text: string, locale?: string | null): Instant | undefined {
  const culture = getCulture(locale);
  return parseIso(text) ?? parseCultureText(text, culture);
}

const ISO =
  /^\s*(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*([Zz]|[+-]\d{2}(?::?\d{2})?)?\s*$/;

function parseIso(text: string): Instant | undefined {
  const m = ISO.exec(text);
  if (m === null) return undefined;
  const fraction = fractionTicks(m[7] ?? '');
  let offsetMinutes: number | undefined;
  if (m[8] !== undefined) {
    offsetMinutes = m[8] === 'Z' || m[8] === 'z' ? 0 : parseOffset(m[8]);
    if (offsetMinutes === undefined) return undefined;
  }
  return build(
    {
      year: Number(m[1]),
      month: Number(m[2]),
      day: Number(m[3]),
      hour: Number(m[4] ?? 0),
      minute: Number(m[5] ?? 0),
      second: Number(m[6] ?? 0),
      fraction: 0,
    },
    fraction,
    offsetMinutes,
  );
}

/** Ticks for fractional-second digits: seven are exact, an eighth rounds (it may carry into the second). */
export function fractionTicks(digits: string): number {
  if (digits === '') return 0;
  const ticks = Number(digits.slice(0, 7).padEnd(7, '0'));
  return digits.length > 7 && Number(digits.charAt(7)) >= 5 ? ticks + 1 : ticks;
}

/** "+05:30" / "+0530" / "-08" → minutes east of UTC; `undefined` when out of range (±14:00). */
function parseOffset(text: string): number | undefined {
  const m = /^([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(text);
  if (m === null) return undefined;
  const hours = Number(m[2]);
  const minutes = Number(m[3] ?? 0);
  if (minutes > 59 || hours * 60 + minutes > 14 * 60) return undefined;
  return (m[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

/** Assembles the instant, applying an offset when the text had a zone; `undefined` for impossible fields. */
function build(parts: DateParts, fraction: number, offsetMinutes: number | undefined): Instant | undefined {
  if (!isValidParts(parts)) return undefined;
  const kind: DateTimeKind = offsetMinutes === undefined ? 'unspecified' : 'utc';
  const ticks = ticksFromParts(parts) + BigInt(fraction) - BigInt(offsetMinutes ?? 0) * TICKS_PER_MINUTE;
  try {
    return makeInstant(ticks, kind);
  } catch {
    return undefined;
  }
}

type Token =
  | { readonly type: 'number'; readonly value: number; readonly text: string }
  | { readonly type: 'word'; readonly text: string }
  | { readonly type: 'symbol'; readonly text: string };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(/\s+|\d+|\p{L}+|./gsu)) {
    const piece = match[0];
    if (/^\s+$/.test(piece)) continue;
    if (/^\d/.test(piece)) tokens.push({ type: 'number', value: Number(piece), text: piece });
    else if (/^\p{L}/u.test(piece)) tokens.push({ type: 'word', text: normalizeWord(piece) });
    else tokens.push({ type: 'symbol', text: piece });
  }
  return tokens;
}

/** Case- and accent-insensitive comparison key for month/day names ("Févr." matches "fevr"). */
function normalizeWord(word: string): string {
  return word
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\.$/, '');
}

function findName(word: string, ...lists: readonly (readonly string[])[]): number | undefined {
  for (const list of lists) {
    const index = list.findIndex((name) => normalizeWord(name) === word);
    if (index >= 0) return index;
  }
  return undefined;
}

interface TimeFields {
  hour: number;
  minute: number;
  second: number;
  fraction: number;
}

/** Reads a culture-formatted date (and optional time and zone) from its tokens. */
function parseCultureText(text: string, culture: DateCulture): Instant | undefined {
  const tokens = tokenize(text);
  const numbers: { value: number; digits: number }[] = [];
  let month: number | undefined;
  let weekday: number | undefined;
  let time: TimeFields | undefined;
  let meridiem: 'am' | 'pm' | undefined;
  let offsetMinutes: number | undefined;
  const am = normalizeWord(culture.amDesignator);
  const pm = normalizeWord(culture.pmDesignator);
  const cultures = culture === EN_US ? [culture] : [culture, EN_US];

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token === undefined) break;
    const next = tokens[i + 1];
    if (token.type === 'number') {
      if (next?.type === 'symbol' && next.text === ':' && tokens[i + 2]?.type === 'number') {
        if (time !== undefined) return undefined;
        const read = readTime(tokens, i);
        if (read === undefined) return undefined;
        time = read.time;
        i = read.end - 1;
      } else if (next?.type === 'word' && (next.text === am || next.text === pm) && time === undefined) {
        time = { hour: token.value, minute: 0, second: 0, fraction: 0 }; // "3 PM"
      } else {
        numbers.push({ value: token.value, digits: token.text.length });
      }
      continue;
    }
    if (token.type === 'word') {
      const word = token.text;
      if (word === 't' && next?.type === 'number') continue; // ISO-style date/time separator
      if (word === 'z' || word === 'gmt' || word === 'utc') {
        offsetMinutes ??= 0;
        continue;
      }
      if (word === am || word === 'am') {
        meridiem = 'am';
        continue;
      }
      if (word === pm || word === 'pm') {
        meridiem = 'pm';
        continue;
      }
      const monthIndex = cultures
        .map((c) =>
          findName(word, c.monthNames, c.monthGenitiveNames, c.abbreviatedMonthNames, c.abbreviatedMonthGenitiveNames),
        )
        .find((index) => index !== undefined);
      if (monthIndex !== undefined && month === undefined) {
        month = monthIndex + 1;
        continue;
      }
      const dayIndex = cultures
        .map((c) => findName(word, c.dayNames, c.abbreviatedDayNames))
        .find((index) => index !== undefined);
      if (dayIndex !== undefined && weekday === undefined) {
        weekday = dayIndex;
        continue;
      }
      if (culture.fillerWords.has(word) || EN_US.fillerWords.has(word)) continue;
      return undefined;
    }
    // Symbols: a sign after the time starts an offset; the rest separate fields.
    if ((token.text === '+' || token.text === '-') && time !== undefined && next?.type === 'number') {
      const read = readOffset(tokens, i);
      if (read === undefined) return undefined;
      offsetMinutes = (offsetMinutes ?? 0) + read.minutes;
      i = read.end - 1;
      continue;
    }
    if (!['/', '-', '.', ',', "'"].includes(token.text)) return undefined;
  }

  const date = resolveDate(numbers, month, culture);
  if (date === undefined) return undefined;
  const fields = time ?? { hour: 0, minute: 0, second: 0, fraction: 0 };
  let hour = fields.hour;
  if (meridiem !== undefined) {
    if (hour > 12) return undefined;
    if (meridiem === 'pm' && hour < 12) hour += 12;
    if (meridiem === 'am' && hour === 12) hour = 0;
  }
  const wallClock = { ...date, hour, minute: fields.minute, second: fields.second, fraction: 0 };
  const local = build(wallClock, fields.fraction, undefined);
  if (local === undefined) return undefined;
  // .NET rejects a day name that contradicts the date.
  if (weekday !== undefined && dayOfWeekFromTicks(local.ticks) !== weekday) return undefined;
  if (offsetMinutes === undefined) return local;
  try {
    return makeInstant(local.ticks - BigInt(offsetMinutes) * TICKS_PER_MINUTE, 'utc');
  } catch {
    return undefined;
  }
}

/** h:mm[:ss[.fffffff]] starting at token `start`. */
function readTime(tokens: readonly Token[], start: number): { time: TimeFields; end: number } | undefined {
  const values: number[] = [];
  let i = start;
  while (values.length < 3) {
    const token = tokens[i];
    if (token?.type !== 'number' || token.text.length > 2) return undefined;
    values.push(token.value);
    i++;
    const separator = tokens[i];
    const colon = separator?.type === 'symbol' && separator.text === ':';
    if (values.length < 3 && colon && tokens[i + 1]?.type === 'number') {
      i++;
    } else break;
  }
  let fraction = 0;
  const dot = tokens[i];
  const digits = tokens[i + 1];
  const decimalMark = dot?.type === 'symbol' && (dot.text === '.' || dot.text === ',');
  if (values.length === 3 && decimalMark && digits?.type === 'number') {
    fraction = fractionTicks(digits.text);
    i += 2;
  }
  return { time: { hour: values[0] ?? 0, minute: values[1] ?? 0, second: values[2] ?? 0, fraction }, end: i };
}

/** "+05:30", "+0530", "-8" starting at the sign token. */
function readOffset(tokens: readonly Token[], start: number): { minutes: number; end: number } | undefined {
  const sign = tokens[start]?.text ?? '+';
  const first = tokens[start + 1];
  if (first?.type !== 'number') return undefined;
  let text = `${sign}${first.text}`;
  let end = start + 2;
  const colon = tokens[end];
  const minutes = tokens[end + 1];
  if (first.text.length <= 2 && colon?.type === 'symbol' && colon.text === ':' && minutes?.type === 'number') {
    text += `:${minutes.text}`;
    end += 2;
  }
  const value = parseOffset(text);
  return value === undefined ? undefined : { minutes: value, end };
}

function fullYear(number: { value: number; digits: number }): number {
  // .NET's TwoDigitYearMax is 2049: 49 → 2049, 50 → 1950.
  if (number.digits > 2) return number.value;
  return number.value < 50 ? 2000 + number.value : 1900 + number.value;
}

function resolveDate(
  numbers: readonly { value: number; digits: number }[],
  monthFromName: number | undefined,
  culture: DateCulture,
): { year: number; month: number; day: number } | undefined {
  const [a, b, c] = numbers;
  if (monthFromName !== undefined) {
    if (numbers.length === 1 && a !== undefined && (a.digits > 2 || a.value > 31)) {
      return { year: a.value, month: monthFromName, day: 1 }; // "March 2018"
    }
    if (numbers.length !== 2 || a === undefined || b === undefined) return undefined;
    const yearFirst = a.digits > 2 || (a.value > 31 && b.digits <= 2);
    return yearFirst
      ? { year: fullYear(a), month: monthFromName, day: b.value }
      : { year: fullYear(b), month: monthFromName, day: a.value };
  }
  if (numbers.length === 2 && a !== undefined && b !== undefined) {
    if (a.digits === 4) return { year: a.value, month: b.value, day: 1 }; // "2018-03"
    if (b.digits === 4) return { year: b.value, month: a.value, day: 1 }; // "03/2018"
    return undefined;
  }
  if (numbers.length !== 3 || a === undefined || b === undefined || c === undefined) return undefined;
  if (a.digits > 2) return { year: a.value, month: b.value, day: c.value };
  switch (culture.dateOrder) {
    case 'DMY':
      return { year: fullYear(c), month: b.value, day: a.value };
    case 'YMD':
      return { year: fullYear(a), month: b.value, day: c.value };
    default:
      return { year: fullYear(c), month: a.value, day: b.value };
  }
}
