/**
 * The date/time model shared by the expression functions and the workflow executor.
 *
 * An `Instant` is `{ ticks: bigint, kind: 'utc' | 'unspecified' }`: .NET `DateTime.Ticks` (100-ns intervals
 * since 0001-01-01) plus whether the source text named a zone. Parse with `parseTimestamp`, print with
 * `formatTimestamp` (default "o": `2018-03-25T00:00:00.0000000Z`), shift with `addToInstant`, and hand
 * `instantToEpochMs` to timers. Every failure is an `ExpressionError` with code InvalidArgument.
 */
export {
  type DateTimeKind,
  type Instant,
  instantFromEpochMs,
  instantToEpochMs,
  makeInstant,
  withKind,
} from './instant.js';
export { parseTimestamp, tryParseTimestamp } from './parse-timestamp.js';
export { parseExact } from './parse-exact.js';
export { DEFAULT_FORMAT, formatTimestamp } from './format-timestamp.js';
export {
  TIME_UNITS,
  type TimeUnit,
  addMonths,
  addTicks,
  addToInstant,
  parseTimeUnit,
  startOfDay,
  startOfHour,
  startOfMonth,
} from './arithmetic.js';
export { parseIsoDuration } from './duration.js';
export { formatTimeSpan, parseTimeSpan } from './timespan.js';
export {
  type TimeZone,
  convertFromUtc,
  convertTimeZone,
  convertToUtc,
  resolveTimeZone,
  utcOffsetMs,
} from './time-zones.js';
export { type DateCulture, getCulture } from './culture.js';
export { TimeValueError, inFunction } from './errors.js';
export {
  MAX_TICKS,
  TICKS_PER_DAY,
  TICKS_PER_HOUR,
  TICKS_PER_MILLISECOND,
  TICKS_PER_MINUTE,
  TICKS_PER_SECOND,
  UNIX_EPOCH_TICKS,
  dayOfWeekFromTicks,
  dayOfYearFromTicks,
  partsFromTicks,
} from './calendar.js';
