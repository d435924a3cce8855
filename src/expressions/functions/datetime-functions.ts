/**
 * Date and time functions. Timestamps are ISO 8601 (or culture) strings, parsed into the 100-ns `Instant` model
 * of `../time/` and printed in .NET's round-trip "o" format unless a format is given. Zone-less input stays
 * zone-less in the output (`formatDateTime('03/15/2018')` → `2018-03-15T00:00:00.0000000`), as the reference
 * shows; input with `Z` or an offset comes out in UTC with `Z`.
 */
import type { EvalEnvironment } from '../environment.js';
import {
  type Instant,
  addToInstant,
  convertFromUtc,
  convertTimeZone,
  convertToUtc,
  dayOfWeekFromTicks,
  dayOfYearFromTicks,
  formatTimeSpan,
  formatTimestamp,
  inFunction,
  instantFromEpochMs,
  parseExact,
  parseTimeSpan,
  parseTimestamp,
  partsFromTicks,
  resolveTimeZone,
  startOfDay,
  startOfHour,
  startOfMonth,
} from '../time/index.js';
import { type Value, isInteger } from '../values.js';
import { argumentError, integerArg, invalidArgument, stringArg } from './arguments.js';
import { FunctionCategory, type FunctionDefinition, defineFunction } from './function-definition.js';

type DateTimeCall = (args: readonly Value[], env: EvalEnvironment) => Value;

/** Defines a date/time function; invalid timestamps, formats, zones and units name the function. */
function dateTimeFunction(name: string, arity: readonly [number, number], call: DateTimeCall): FunctionDefinition {
  return defineFunction(name, FunctionCategory.DateTime, arity, (args, env) => inFunction(name, () => call(args, env)));
}

function timestampArg(fn: string, args: readonly Value[], index: number): Instant {
  return parseTimestamp(stringArg(fn, args, index));
}

/** An optional string parameter (format, locale): absent or null means "use the default". */
function optionalStringArg(fn: string, args: readonly Value[], index: number): string | undefined {
  const value = args[index];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidArgument(fn, index, 'a string', value);
  return value;
}

function nowInstant(env: EvalEnvironment): Instant {
  return instantFromEpochMs(env.clock.now());
}

/** addDays / addHours / addMinutes / addSeconds: `(timestamp, count, format?)`. */
function addUnit(name: string, unit: string): FunctionDefinition {
  return dateTimeFunction(name, [2, 3], (args) => {
    const instant = timestampArg(name, args, 0);
    const count = integerArg(name, args, 1);
    return formatTimestamp(addToInstant(instant, count, unit), optionalStringArg(name, args, 2));
  });
}

/** addToTime / subtractFromTime: `(timestamp, interval, timeUnit, format?)`. */
function shiftTime(name: string, sign: 1 | -1): FunctionDefinition {
  return dateTimeFunction(name, [3, 4], (args) => {
    const instant = timestampArg(name, args, 0);
    const interval = integerArg(name, args, 1);
    const unit = stringArg(name, args, 2);
    return formatTimestamp(addToInstant(instant, sign * interval, unit), optionalStringArg(name, args, 3));
  });
}

/** getFutureTime / getPastTime: `(interval, timeUnit, format?)` from the environment's clock. */
function shiftNow(name: string, sign: 1 | -1): FunctionDefinition {
  return dateTimeFunction(name, [2, 3], (args, env) => {
    const interval = integerArg(name, args, 0);
    const unit = stringArg(name, args, 1);
    return formatTimestamp(addToInstant(nowInstant(env), sign * interval, unit), optionalStringArg(name, args, 2));
  });
}

/** startOfHour / startOfDay / startOfMonth: `(timestamp, format?)`. */
function truncate(name: string, toStart: (instant: Instant) => Instant): FunctionDefinition {
  return dateTimeFunction(name, [1, 2], (args) =>
    formatTimestamp(toStart(timestampArg(name, args, 0)), optionalStringArg(name, args, 1)),
  );
}

/** dayOfWeek / dayOfMonth / dayOfYear: `(timestamp)` → integer. */
function datePart(name: string, part: (instant: Instant) => number): FunctionDefinition {
  return dateTimeFunction(name, [1, 1], (args) => part(timestampArg(name, args, 0)));
}

/** The duration argument of formatTimeSpan: integer ticks, or TimeSpan text such as dateDifference returns. */
function timeSpanArg(fn: string, args: readonly Value[], index: number): bigint {
  const value = args[index] ?? null;
  if (isInteger(value)) return BigInt(value);
  if (typeof value === 'string') {
    const ticks = parseTimeSpan(value);
    if (ticks !== undefined) return ticks;
    throw argumentError(
      fn,
      `was invoked with a time span '${value}' that is not valid. Expected ticks or 'd.hh:mm:ss'.`,
    );
  }
  throw invalidArgument(fn, index, 'an integer number of ticks or a time span string', value);
}

export const dateTimeFunctions: readonly FunctionDefinition[] = [
  dateTimeFunction('utcNow', [0, 1], (args, env) =>
    formatTimestamp(nowInstant(env), optionalStringArg('utcNow', args, 0)),
  ),

  addUnit('addSeconds', 'Second'),
  addUnit('addMinutes', 'Minute'),
  addUnit('addHours', 'Hour'),
  addUnit('addDays', 'Day'),
  shiftTime('addToTime', 1),
  shiftTime('subtractFromTime', -1),
  shiftNow('getFutureTime', 1),
  shiftNow('getPastTime', -1),

  dateTimeFunction('dateDifference', [2, 2], (args) => {
    const start = timestampArg('dateDifference', args, 0);
    const end = timestampArg('dateDifference', args, 1);
    return formatTimeSpan(end.ticks - start.ticks);
  }),

  dateTimeFunction('convertTimeZone', [3, 4], (args) => {
    const instant = timestampArg('convertTimeZone', args, 0);
    const source = resolveTimeZone(stringArg('convertTimeZone', args, 1));
    const destination = resolveTimeZone(stringArg('convertTimeZone', args, 2));
    const format = optionalStringArg('convertTimeZone', args, 3);
    return formatTimestamp(convertTimeZone(instant, source, destination), format);
  }),
  dateTimeFunction('convertToUtc', [2, 3], (args) => {
    const instant = timestampArg('convertToUtc', args, 0);
    const source = resolveTimeZone(stringArg('convertToUtc', args, 1));
    return formatTimestamp(convertToUtc(instant, source), optionalStringArg('convertToUtc', args, 2));
  }),
  dateTimeFunction('convertFromUtc', [2, 3], (args) => {
    const instant = timestampArg('convertFromUtc', args, 0);
    const destination = resolveTimeZone(stringArg('convertFromUtc', args, 1));
    return formatTimestamp(convertFromUtc(instant, destination), optionalStringArg('convertFromUtc', args, 2));
  }),

  dateTimeFunction('formatDateTime', [1, 3], (args) => {
    const instant = timestampArg('formatDateTime', args, 0);
    const format = optionalStringArg('formatDateTime', args, 1);
    return formatTimestamp(instant, format, optionalStringArg('formatDateTime', args, 2));
  }),
  dateTimeFunction('parseDateTime', [1, 3], (args) => {
    const text = stringArg('parseDateTime', args, 0);
    const locale = optionalStringArg('parseDateTime', args, 1);
    const format = optionalStringArg('parseDateTime', args, 2);
    const exact = format !== undefined && format !== '';
    const instant = exact ? parseExact(text, format, locale) : parseTimestamp(text, locale);
    return formatTimestamp(instant);
  }),

  truncate('startOfHour', startOfHour),
  truncate('startOfDay', startOfDay),
  truncate('startOfMonth', startOfMonth),

  datePart('dayOfWeek', (instant) => dayOfWeekFromTicks(instant.ticks)),
  datePart('dayOfMonth', (instant) => partsFromTicks(instant.ticks).day),
  datePart('dayOfYear', (instant) => dayOfYearFromTicks(instant.ticks)),
  // Ticks exceed 2^53, so the JS number is the nearest double (within 64 ticks, 6.4 µs); JSON shows it in full.
  datePart('ticks', (instant) => Number(instant.ticks)),

  // Not in Microsoft's reference: `TimeSpan.ToString(format)` over ticks (or a TimeSpan string such as
  // dateDifference returns), so durations computed with ticks() can be shown; format defaults to "c".
  dateTimeFunction('formatTimeSpan', [1, 2], (args) =>
    formatTimeSpan(timeSpanArg('formatTimeSpan', args, 0), optionalStringArg('formatTimeSpan', args, 1)),
  ),
];
