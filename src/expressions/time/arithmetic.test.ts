import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ExpressionError, ExpressionErrorCode } from '../expression-error.js';
import { addToInstant, parseTimeUnit, startOfDay, startOfHour, startOfMonth } from './arithmetic.js';
import {
  civilFromDayNumber,
  dayNumber,
  dayOfWeekFromTicks,
  dayOfYearFromTicks,
  partsFromTicks,
  ticksFromParts,
} from './calendar.js';
import { formatTimestamp } from './format-timestamp.js';
import { parseTimestamp } from './parse-timestamp.js';

const add = (text: string, count: number, unit: string): string =>
  formatTimestamp(addToInstant(parseTimestamp(text), count, unit));

describe('addToInstant', () => {
  it('adds fixed-length units', () => {
    assert.equal(add('2018-03-15T00:00:00Z', 10, 'Second'), '2018-03-15T00:00:10.0000000Z');
    assert.equal(add('2018-03-15T00:00:00Z', -90, 'Minute'), '2018-03-14T22:30:00.0000000Z');
    assert.equal(add('2018-03-15T00:00:00Z', 25, 'Hour'), '2018-03-16T01:00:00.0000000Z');
    assert.equal(add('2018-03-15T00:00:00Z', 17, 'Day'), '2018-04-01T00:00:00.0000000Z');
    assert.equal(add('2018-03-15T00:00:00Z', 2, 'Week'), '2018-03-29T00:00:00.0000000Z');
  });

  it('clamps months and years to the month end like DateTime.AddMonths', () => {
    assert.equal(add('2018-01-31T10:00:00Z', 1, 'Month'), '2018-02-28T10:00:00.0000000Z');
    assert.equal(add('2020-01-31T10:00:00Z', 1, 'Month'), '2020-02-29T10:00:00.0000000Z');
    assert.equal(add('2018-03-31T00:00:00Z', -1, 'Month'), '2018-02-28T00:00:00.0000000Z');
    assert.equal(add('2018-05-31T00:00:00Z', 13, 'Month'), '2019-06-30T00:00:00.0000000Z');
    assert.equal(add('2018-01-15T00:00:00Z', -25, 'Month'), '2015-12-15T00:00:00.0000000Z');
    assert.equal(add('2020-02-29T00:00:00Z', 1, 'Year'), '2021-02-28T00:00:00.0000000Z');
    assert.equal(add('2020-02-29T00:00:00Z', 4, 'Year'), '2024-02-29T00:00:00.0000000Z');
  });

  it('keeps sub-millisecond ticks and the kind', () => {
    assert.equal(add('2018-03-15T13:00:00.1234567Z', 1, 'Month'), '2018-04-15T13:00:00.1234567Z');
    assert.equal(add('2018-03-15T13:00:00.1234567', 1, 'Second'), '2018-03-15T13:00:01.1234567');
  });

  it('matches units case-insensitively', () => {
    assert.equal(add('2018-01-01T00:00:00Z', 1, 'day'), '2018-01-02T00:00:00.0000000Z');
    assert.equal(add('2018-01-01T00:00:00Z', 1, 'YEAR'), '2019-01-01T00:00:00.0000000Z');
    assert.equal(parseTimeUnit('mInUtE'), 'Minute');
  });

  it('rejects unknown units', () => {
    for (const unit of ['Days', 'Millisecond', 'Fortnight', '', 'd']) {
      assert.throws(
        () => add('2018-01-01T00:00:00Z', 1, unit),
        (error: unknown) =>
          error instanceof ExpressionError &&
          error.code === ExpressionErrorCode.InvalidArgument &&
          error.message.includes(`time unit '${unit}'`),
      );
    }
  });

  it('rejects results outside years 1–9999 and non-integral counts', () => {
    assert.throws(() => add('9999-12-31T00:00:00Z', 1, 'Day'), /outside the supported range/);
    assert.throws(() => add('0001-01-01T00:00:00Z', -1, 'Second'), /outside the supported range/);
    assert.throws(() => add('9999-12-01T00:00:00Z', 1, 'Month'), /outside the supported range/);
    assert.throws(() => add('2018-01-01T00:00:00Z', 1.5, 'Day'), ExpressionError);
  });
});

describe('startOf*', () => {
  const instant = parseTimestamp('2018-03-15T13:30:30.1234567Z');
  it('truncates to the hour, day and month, keeping the kind', () => {
    assert.equal(formatTimestamp(startOfHour(instant)), '2018-03-15T13:00:00.0000000Z');
    assert.equal(formatTimestamp(startOfDay(instant)), '2018-03-15T00:00:00.0000000Z');
    assert.equal(formatTimestamp(startOfMonth(instant)), '2018-03-01T00:00:00.0000000Z');
    assert.equal(formatTimestamp(startOfDay(parseTimestamp('2018-03-15T13:30:30'))), '2018-03-15T00:00:00.0000000');
  });
});

describe('calendar', () => {
  it('round-trips day numbers over the whole range', () => {
    for (const [y, m, d] of [
      [1, 1, 1],
      [1600, 2, 29],
      [1900, 2, 28],
      [1970, 1, 1],
      [2000, 2, 29],
      [2018, 3, 15],
      [9999, 12, 31],
    ] as const) {
      assert.deepEqual(civilFromDayNumber(dayNumber(y, m, d)), { year: y, month: m, day: d });
    }
    assert.equal(dayNumber(1, 1, 1), 0);
    assert.equal(dayNumber(1970, 1, 1), 719_162);
  });

  it('computes day of week (0 = Sunday) and day of year', () => {
    const ticks = parseTimestamp('2018-03-15T13:27:36Z').ticks;
    assert.equal(dayOfWeekFromTicks(ticks), 4);
    assert.equal(dayOfYearFromTicks(ticks), 74);
    assert.equal(dayOfWeekFromTicks(0n), 1); // 0001-01-01 was a Monday
    assert.equal(dayOfYearFromTicks(parseTimestamp('2020-12-31').ticks), 366);
  });

  it('converts between parts and ticks', () => {
    const parts = { year: 2018, month: 3, day: 15, hour: 13, minute: 4, second: 5, fraction: 1_234_567 };
    assert.deepEqual(partsFromTicks(ticksFromParts(parts)), parts);
    const epoch = { year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 0, fraction: 0 };
    assert.equal(ticksFromParts(epoch), 621_355_968_000_000_000n);
  });
});
