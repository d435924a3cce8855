/**
 * Proleptic Gregorian calendar arithmetic on the .NET tick scale: 100-nanosecond ticks since
 * 0001-01-01T00:00:00, the unit of `DateTime.Ticks`. Pure integer maths (bigint for ticks, numbers for
 * day counts, which stay far below 2^53), so no precision is lost to JS `Date`'s milliseconds.
 */

export const TICKS_PER_MILLISECOND = 10_000n;
export const TICKS_PER_SECOND = 10_000_000n;
export const TICKS_PER_MINUTE = 60n * TICKS_PER_SECOND;
export const TICKS_PER_HOUR = 60n * TICKS_PER_MINUTE;
export const TICKS_PER_DAY = 24n * TICKS_PER_HOUR;
/** `DateTime.MaxValue.Ticks`: 9999-12-31T23:59:59.9999999. */
export const MAX_TICKS = 3_155_378_975_999_999_999n;
/** Ticks at 1970-01-01T00:00:00Z. */
export const UNIX_EPOCH_TICKS = 621_355_968_000_000_000n;

/** Days between 0001-01-01 and 1970-01-01. */
const DAYS_TO_UNIX_EPOCH = 719_162;

/** Broken-down wall-clock fields; `fraction` is the ticks within the second (0–9,999,999). */
export interface DateParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly fraction: number;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const MONTH_LENGTHS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : (MONTH_LENGTHS[month - 1] ?? 0);
}

/** Days since 0001-01-01 (day 0) for a valid calendar date (Howard Hinnant's days_from_civil). */
export function dayNumber(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468 + DAYS_TO_UNIX_EPOCH;
}

/** Inverse of `dayNumber` (civil_from_days). */
export function civilFromDayNumber(days: number): { year: number; month: number; day: number } {
  const z = days - DAYS_TO_UNIX_EPOCH + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** True when the fields form a real date and time in years 1–9999. */
export function isValidParts(p: DateParts): boolean {
  return (
    Number.isInteger(p.year) &&
    p.year >= 1 &&
    p.year <= 9999 &&
    p.month >= 1 &&
    p.month <= 12 &&
    p.day >= 1 &&
    p.day <= daysInMonth(p.year, p.month) &&
    p.hour >= 0 &&
    p.hour <= 23 &&
    p.minute >= 0 &&
    p.minute <= 59 &&
    p.second >= 0 &&
    p.second <= 59 &&
    p.fraction >= 0 &&
    p.fraction <= 9_999_999
  );
}

export function ticksFromParts(p: DateParts): bigint {
  const seconds = p.hour * 3600 + p.minute * 60 + p.second;
  return (
    BigInt(dayNumber(p.year, p.month, p.day)) * TICKS_PER_DAY + BigInt(seconds) * TICKS_PER_SECOND + BigInt(p.fraction)
  );
}

export function partsFromTicks(ticks: bigint): DateParts {
  const days = Number(ticks / TICKS_PER_DAY);
  const ofDay = Number(ticks % TICKS_PER_DAY); // < 8.64e11, exact as a number
  const { year, month, day } = civilFromDayNumber(days);
  const seconds = Math.floor(ofDay / 10_000_000);
  return {
    year,
    month,
    day,
    hour: Math.floor(seconds / 3600),
    minute: Math.floor(seconds / 60) % 60,
    second: seconds % 60,
    fraction: ofDay % 10_000_000,
  };
}

/** 0 = Sunday … 6 = Saturday, like .NET `DayOfWeek` (0001-01-01 was a Monday). */
export function dayOfWeekFromTicks(ticks: bigint): number {
  return (Number(ticks / TICKS_PER_DAY) + 1) % 7;
}

/** 1-based day of the year. */
export function dayOfYearFromTicks(ticks: bigint): number {
  const days = Number(ticks / TICKS_PER_DAY);
  const { year } = civilFromDayNumber(days);
  return days - dayNumber(year, 1, 1) + 1;
}

export function isTicksInRange(ticks: bigint): boolean {
  return ticks >= 0n && ticks <= MAX_TICKS;
}
