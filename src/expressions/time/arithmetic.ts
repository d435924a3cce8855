/** Calendar arithmetic with .NET semantics (`AddMonths` clamps to the month's last day) and truncation. */
import {
  TICKS_PER_DAY,
  TICKS_PER_HOUR,
  TICKS_PER_MINUTE,
  TICKS_PER_SECOND,
  daysInMonth,
  partsFromTicks,
  ticksFromParts,
} from './calendar.js';
import { TimeValueError, outOfRange } from './errors.js';
import { type Instant, makeInstant } from './instant.js';

export const TIME_UNITS = ['Second', 'Minute', 'Hour', 'Day', 'Week', 'Month', 'Year'] as const;
export type TimeUnit = (typeof TIME_UNITS)[number];

/** The documented units, matched case-insensitively ('day', 'DAY'); anything else fails. */
export function parseTimeUnit(text: string): TimeUnit {
  const unit = TIME_UNITS.find((candidate) => candidate.toLowerCase() === text.toLowerCase());
  if (unit === undefined) {
    throw new TimeValueError(
      `The time unit '${text}' is not valid. ` +
        `The supported time units are ${TIME_UNITS.map((u) => `'${u}'`).join(', ')}.`,
    );
  }
  return unit;
}

const FIXED_UNIT_TICKS: Partial<Record<TimeUnit, bigint>> = {
  Second: TICKS_PER_SECOND,
  Minute: TICKS_PER_MINUTE,
  Hour: TICKS_PER_HOUR,
  Day: TICKS_PER_DAY,
  Week: 7n * TICKS_PER_DAY,
};

/** Shifts an instant by a whole number of units, keeping its kind; fails outside years 1–9999. */
export function addToInstant(instant: Instant, count: number, unit: TimeUnit | string): Instant {
  if (!Number.isSafeInteger(count)) throw new TimeValueError(`The interval '${count}' is not a whole number.`);
  const resolved = parseTimeUnit(unit);
  const fixed = FIXED_UNIT_TICKS[resolved];
  if (fixed !== undefined) return makeInstant(instant.ticks + BigInt(count) * fixed, instant.kind);
  return addMonths(instant, resolved === 'Year' ? count * 12 : count);
}

export function addTicks(instant: Instant, ticks: bigint): Instant {
  return makeInstant(instant.ticks + ticks, instant.kind);
}

/** `DateTime.AddMonths`: same day and time of day, clamped to the last day of a shorter month. */
export function addMonths(instant: Instant, months: number): Instant {
  const p = partsFromTicks(instant.ticks);
  const monthIndex = p.year * 12 + (p.month - 1) + months;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12 + 1;
  if (year < 1 || year > 9999) throw outOfRange();
  const day = Math.min(p.day, daysInMonth(year, month));
  const dateTicks = ticksFromParts({ year, month, day, hour: 0, minute: 0, second: 0, fraction: 0 });
  return makeInstant(dateTicks + (instant.ticks % TICKS_PER_DAY), instant.kind);
}

export function startOfHour(instant: Instant): Instant {
  return { ticks: instant.ticks - (instant.ticks % TICKS_PER_HOUR), kind: instant.kind };
}

export function startOfDay(instant: Instant): Instant {
  return { ticks: instant.ticks - (instant.ticks % TICKS_PER_DAY), kind: instant.kind };
}

export function startOfMonth(instant: Instant): Instant {
  const p = partsFromTicks(instant.ticks);
  return {
    ticks: ticksFromParts({ year: p.year, month: p.month, day: 1, hour: 0, minute: 0, second: 0, fraction: 0 }),
    kind: instant.kind,
  };
}
