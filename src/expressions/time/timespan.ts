/**
 * .NET `TimeSpan` text, as returned by `dateDifference` ("1268.00:00:00") and produced by `formatTimeSpan`.
 * Durations are bigint ticks (100 ns), the TimeSpan unit.
 *
 * Formats follow `TimeSpan.ToString(format)`: standard "c"/"t"/"T" (`[-][d.]hh:mm:ss[.fffffff]`, the default),
 * "g" (`[-][d:]h:mm:ss[.FFFFFFF]`), "G" (`[-]d:hh:mm:ss.fffffff`), and custom patterns of d…dddddddd, h/hh,
 * m/mm, s/ss, f…fffffff, F…FFFFFFF with every other character quoted or `\`-escaped. Custom patterns print
 * the magnitude only, as in .NET (no sign).
 */
import { TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, TICKS_PER_SECOND } from './calendar.js';
import { TimeValueError } from './errors.js';

interface Components {
  readonly negative: boolean;
  readonly days: bigint;
  readonly hours: number;
  readonly minutes: number;
  readonly seconds: number;
  /** Ticks within the second, 0–9,999,999. */
  readonly fraction: number;
}

function components(ticks: bigint): Components {
  const negative = ticks < 0n;
  const magnitude = negative ? -ticks : ticks;
  return {
    negative,
    days: magnitude / TICKS_PER_DAY,
    hours: Number((magnitude % TICKS_PER_DAY) / TICKS_PER_HOUR),
    minutes: Number((magnitude % TICKS_PER_HOUR) / TICKS_PER_MINUTE),
    seconds: Number((magnitude % TICKS_PER_MINUTE) / TICKS_PER_SECOND),
    fraction: Number(magnitude % TICKS_PER_SECOND),
  };
}

const pad = (value: number | bigint, width: number): string => String(value).padStart(width, '0');

function invalidTimeSpanFormat(format: string): TimeValueError {
  return new TimeValueError(`The provided format '${format}' is not a valid time span format string.`);
}

/** Formats a duration given in ticks; `format` defaults to "c". */
export function formatTimeSpan(ticks: bigint, format?: string | null): string {
  const c = components(ticks);
  const sign = c.negative ? '-' : '';
  const hms = (hourWidth: number): string => `${pad(c.hours, hourWidth)}:${pad(c.minutes, 2)}:${pad(c.seconds, 2)}`;
  switch (format ?? '') {
    case '':
    case 'c':
    case 't':
    case 'T':
      return `${sign}${c.days > 0n ? `${c.days}.` : ''}${hms(2)}${c.fraction > 0 ? `.${pad(c.fraction, 7)}` : ''}`;
    case 'g': {
      const fraction = c.fraction > 0 ? `.${pad(c.fraction, 7).replace(/0+$/, '')}` : '';
      return `${sign}${c.days > 0n ? `${c.days}:` : ''}${hms(1)}${fraction}`;
    }
    case 'G':
      return `${sign}${c.days}:${hms(2)}.${pad(c.fraction, 7)}`;
    default:
      if (format === undefined || format === null || format.length === 1) throw invalidTimeSpanFormat(format ?? '');
      return formatCustom(c, format);
  }
}

const LIMITS: Readonly<Record<string, number>> = { d: 8, h: 2, m: 2, s: 2, f: 7, F: 7 };

function formatCustom(c: Components, format: string): string {
  let out = '';
  let i = 0;
  while (i < format.length) {
    const ch = format.charAt(i);
    const limit = LIMITS[ch];
    if (limit !== undefined) {
      let count = 1;
      while (format.charAt(i + count) === ch) count++;
      if (count > limit) throw invalidTimeSpanFormat(format);
      out += customField(c, ch, count);
      i += count;
    } else if (ch === "'" || ch === '"') {
      const end = format.indexOf(ch, i + 1);
      if (end < 0) throw invalidTimeSpanFormat(format);
      out += format.slice(i + 1, end);
      i = end + 1;
    } else if (ch === '\\') {
      if (i + 1 >= format.length) throw invalidTimeSpanFormat(format);
      out += format.charAt(i + 1);
      i += 2;
    } else if (ch === '%' && LIMITS[format.charAt(i + 1)] !== undefined) {
      out += customField(c, format.charAt(i + 1), 1);
      i += 2;
    } else {
      // Unlike date patterns, TimeSpan patterns reject unescaped literals such as ':'.
      throw invalidTimeSpanFormat(format);
    }
  }
  return out;
}

function customField(c: Components, letter: string, count: number): string {
  switch (letter) {
    case 'd':
      return pad(c.days, count);
    case 'h':
      return pad(c.hours, count);
    case 'm':
      return pad(c.minutes, count);
    case 's':
      return pad(c.seconds, count);
    case 'f':
      return pad(Math.floor(c.fraction / 10 ** (7 - count)), count);
    default:
      return pad(Math.floor(c.fraction / 10 ** (7 - count)), count).replace(/0+$/, '');
  }
}

/** Reads "c"-format text (`[-][d.]hh:mm:ss[.fffffff]`, also `[-]d`) back into ticks; `undefined` if malformed. */
export function parseTimeSpan(text: string): bigint | undefined {
  const m = /^\s*(-)?(?:(\d+)\.)?(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,7}))?)?\s*$/.exec(text);
  if (m === null) {
    const daysOnly = /^\s*(-)?(\d+)\s*$/.exec(text);
    if (daysOnly === null) return undefined;
    const days = BigInt(daysOnly[2] ?? '0') * TICKS_PER_DAY;
    return daysOnly[1] === '-' ? -days : days;
  }
  const hours = Number(m[3]);
  const minutes = Number(m[4]);
  const seconds = Number(m[5] ?? 0);
  if (hours > 23 || minutes > 59 || seconds > 59) return undefined;
  const ticks =
    BigInt(m[2] ?? '0') * TICKS_PER_DAY +
    BigInt(hours) * TICKS_PER_HOUR +
    BigInt(minutes) * TICKS_PER_MINUTE +
    BigInt(seconds) * TICKS_PER_SECOND +
    BigInt((m[6] ?? '').padEnd(7, '0') || '0');
  return m[1] === '-' ? -ticks : ticks;
}
