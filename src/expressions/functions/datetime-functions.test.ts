import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EvalEnvironment } from '../environment.js';
import { ExpressionError, ExpressionErrorCode } from '../expression-error.js';
import type { Value } from '../values.js';
import { dateTimeFunctions } from './datetime-functions.js';
import { lookupFunction } from './function-table.js';

function envAt(iso: string): EvalEnvironment {
  return { clock: { now: () => Date.parse(iso) }, random: () => 0.5 };
}

const defaultEnv = envAt('2018-03-15T13:00:00Z');

function call(name: string, args: Value[], env: EvalEnvironment = defaultEnv): Value {
  const definition = lookupFunction(name);
  assert.ok(definition, `function ${name} is registered`);
  assert.ok(args.length >= definition.minArgs && args.length <= definition.maxArgs, `arity of ${name}`);
  return definition.call(args, env);
}

/** Asserts an InvalidArgument ExpressionError whose message names the function and contains `fragment`. */
function assertFails(name: string, args: Value[], fragment: string, env: EvalEnvironment = defaultEnv): void {
  assert.throws(
    () => call(name, args, env),
    (error: unknown) => {
      assert.ok(error instanceof ExpressionError, `expected an ExpressionError, got ${String(error)}`);
      assert.equal(error.code, ExpressionErrorCode.InvalidArgument);
      assert.match(error.message, new RegExp(`'${name}'`));
      assert.ok(error.message.includes(fragment), `message "${error.message}" should include "${fragment}"`);
      return true;
    },
  );
}

describe('date and time functions: documented examples', () => {
  const examples: [string, Value[], Value, string?][] = [
    ['addDays', ['2018-03-15T00:00:00Z', 10], '2018-03-25T00:00:00.0000000Z'],
    ['addDays', ['2018-03-15T00:00:00Z', -5], '2018-03-10T00:00:00.0000000Z'],
    ['addHours', ['2018-03-15T00:00:00Z', 10], '2018-03-15T10:00:00.0000000Z'],
    ['addHours', ['2018-03-15T15:00:00Z', -5], '2018-03-15T10:00:00.0000000Z'],
    ['addMinutes', ['2018-03-15T00:10:00Z', 10], '2018-03-15T00:20:00.0000000Z'],
    ['addMinutes', ['2018-03-15T00:20:00Z', -5], '2018-03-15T00:15:00.0000000Z'],
    ['addSeconds', ['2018-03-15T00:00:00Z', 10], '2018-03-15T00:00:10.0000000Z'],
    ['addSeconds', ['2018-03-15T00:00:30Z', -5], '2018-03-15T00:00:25.0000000Z'],
    ['addToTime', ['2018-01-01T00:00:00Z', 1, 'Day'], '2018-01-02T00:00:00.0000000Z'],
    ['addToTime', ['2018-01-01T00:00:00Z', 1, 'Day', 'D'], 'Tuesday, January 2, 2018'],
    ['convertFromUtc', ['2018-01-01T08:00:00.0000000Z', 'Pacific Standard Time'], '2018-01-01T00:00:00.0000000'],
    ['convertFromUtc', ['2018-01-01T08:00:00.0000000Z', 'Pacific Standard Time', 'D'], 'Monday, January 1, 2018'],
    ['convertTimeZone', ['2018-01-01T08:00:00.0000000Z', 'UTC', 'Pacific Standard Time'], '2018-01-01T00:00:00.0000000'],
    // The reference writes '2018-01-01T80:00:00.0000000Z' here, an hour of 80 (a typo, rejected below).
    ['convertTimeZone', ['2018-01-01T08:00:00.0000000Z', 'UTC', 'Pacific Standard Time', 'D'], 'Monday, January 1, 2018'],
    ['convertToUtc', ['01/01/2018 00:00:00', 'Pacific Standard Time'], '2018-01-01T08:00:00.0000000Z'],
    ['convertToUtc', ['01/01/2018 00:00:00', 'Pacific Standard Time', 'D'], 'Monday, January 1, 2018'],
    ['dateDifference', ['2015-02-08', '2018-07-30'], '1268.00:00:00'],
    ['dayOfMonth', ['2018-03-15T13:27:36Z'], 15],
    ['dayOfWeek', ['2018-03-15T13:27:36Z'], 4],
    ['dayOfYear', ['2018-03-15T13:27:36Z'], 74],
    ['formatDateTime', ['03/15/2018'], '2018-03-15T00:00:00.0000000'],
    ['formatDateTime', ['03/15/2018 12:00:00', 'yyyy-MM-ddTHH:mm:ss'], '2018-03-15T12:00:00'],
    ['formatDateTime', ['01/31/2016', 'dddd MMMM d'], 'Sunday January 31'],
    ['formatDateTime', ['01/31/2016', 'dddd MMMM d', 'fr-fr'], 'dimanche janvier 31'],
    ['formatDateTime', ['01/31/2016', 'dddd MMMM d', 'fr-FR'], 'dimanche janvier 31'],
    ['formatDateTime', ['01/31/2016', 'dddd MMMM d', 'es-es'], 'domingo enero 31'],
    ['getFutureTime', [5, 'Day'], '2018-03-06T00:00:00.0000000Z', '2018-03-01T00:00:00Z'],
    ['getFutureTime', [5, 'Day', 'D'], 'Tuesday, March 6, 2018', '2018-03-01T00:00:00Z'],
    ['getPastTime', [5, 'Day'], '2018-01-27T00:00:00.0000000Z', '2018-02-01T00:00:00Z'],
    ['getPastTime', [5, 'Day', 'D'], 'Saturday, January 27, 2018', '2018-02-01T00:00:00Z'],
    ['parseDateTime', ['20/10/2014', 'fr-fr'], '2014-10-20T00:00:00.0000000'],
    ['parseDateTime', ['20 octobre 2010', 'fr-FR'], '2010-10-20T00:00:00.0000000'],
    ['parseDateTime', ['martes 20 octubre 2020', 'es-es'], '2020-10-20T00:00:00.0000000'],
    ['parseDateTime', ['21052019', 'fr-fr', 'ddMMyyyy'], '2019-05-21T00:00:00.0000000'],
    ['parseDateTime', ['10/20/2014 15h', 'en-US', 'MM/dd/yyyy HH\\h'], '2014-10-20T15:00:00.0000000'],
    ['startOfDay', ['2018-03-15T13:30:30Z'], '2018-03-15T00:00:00.0000000Z'],
    ['startOfHour', ['2018-03-15T13:30:30Z'], '2018-03-15T13:00:00.0000000Z'],
    ['startOfMonth', ['2018-03-15T13:30:30Z'], '2018-03-01T00:00:00.0000000Z'],
    ['startOfMonth', ['2018-03-15T13:30:30Z', 'yyyy-MM-dd'], '2018-03-01'],
    ['subtractFromTime', ['2018-01-02T00:00:00Z', 1, 'Day'], '2018-01-01T00:00:00.0000000Z'],
    // The reference shows "Monday, January, 1, 2018" (a stray comma); .NET's "D" gives this.
    ['subtractFromTime', ['2018-01-02T00:00:00Z', 1, 'Day', 'D'], 'Monday, January 1, 2018'],
    ['utcNow', [], '2018-04-15T13:00:00.0000000Z', '2018-04-15T13:00:00Z'],
    ['utcNow', ['D'], 'Sunday, April 15, 2018', '2018-04-15T13:00:00Z'],
  ];
  for (const [name, args, expected, now] of examples) {
    it(`${name}(${args.map((a) => JSON.stringify(a)).join(', ')}) → ${JSON.stringify(expected)}`, () => {
      assert.deepEqual(call(name, args, now === undefined ? defaultEnv : envAt(now)), expected);
    });
  }

  it('ticks() counts 100-ns intervals since 0001-01-01 (DateTime.Ticks)', () => {
    assert.equal(call('ticks', ['0001-01-01T00:00:00Z']), 0);
    assert.equal(call('ticks', ['1970-01-01T00:00:00Z']), 621355968000000000);
    assert.equal(call('ticks', ['2018-01-01T00:00:00Z']), 636503616000000000);
    // Beyond 2^53 a JS number keeps ~16 significant digits; the value is still an integer.
    const ticks = call('ticks', ['2018-03-15T13:00:00.1234567Z']);
    assert.ok(Number.isInteger(ticks));
    assert.ok(Math.abs((ticks as number) - Number(636567156001234567n)) <= 64);
  });
});

describe('date and time functions: behaviour beyond the examples', () => {
  it('are all registered under their documented names, case-insensitively', () => {
    assert.equal(dateTimeFunctions.length, 23);
    for (const definition of dateTimeFunctions) {
      assert.equal(definition.category, 'datetime');
      assert.equal(lookupFunction(definition.name.toUpperCase()), definition);
    }
  });

  it('keep 100-ns precision through arithmetic', () => {
    assert.equal(call('addSeconds', ['2018-03-15T13:00:00.1234567Z', 1]), '2018-03-15T13:00:01.1234567Z');
    assert.equal(call('formatDateTime', ['2018-03-15T13:00:00.1234567Z']), '2018-03-15T13:00:00.1234567Z');
    assert.equal(call('formatDateTime', ['2018-03-15T13:00:00.1234567Z', 'fffffff']), '1234567');
  });

  it('convert offsets to UTC and keep zone-less input zone-less', () => {
    assert.equal(call('addDays', ['2018-03-15T10:00:00+02:00', 1]), '2018-03-16T08:00:00.0000000Z');
    assert.equal(call('addDays', ['2018-03-15', 1]), '2018-03-16T00:00:00.0000000');
    assert.equal(call('startOfDay', ['2018-03-15T23:30:00-02:00']), '2018-03-16T00:00:00.0000000Z');
  });

  it('addToTime supports every unit, case-insensitively, with month-end clamping', () => {
    const at = '2018-01-31T00:00:00Z';
    assert.equal(call('addToTime', [at, 30, 'second']), '2018-01-31T00:00:30.0000000Z');
    assert.equal(call('addToTime', [at, 30, 'MINUTE']), '2018-01-31T00:30:00.0000000Z');
    assert.equal(call('addToTime', [at, 2, 'Hour']), '2018-01-31T02:00:00.0000000Z');
    assert.equal(call('addToTime', [at, 1, 'Week']), '2018-02-07T00:00:00.0000000Z');
    assert.equal(call('addToTime', [at, 1, 'Month']), '2018-02-28T00:00:00.0000000Z');
    assert.equal(call('addToTime', [at, 2, 'Year']), '2020-01-31T00:00:00.0000000Z');
    assert.equal(call('subtractFromTime', ['2018-03-31T00:00:00Z', 1, 'month']), '2018-02-28T00:00:00.0000000Z');
    assert.equal(call('getFutureTime', [1, 'Month'], envAt('2018-01-31T12:00:00Z')), '2018-02-28T12:00:00.0000000Z');
    assert.equal(call('getPastTime', [1, 'Year'], envAt('2020-02-29T12:00:00Z')), '2019-02-28T12:00:00.0000000Z');
  });

  it('dateDifference returns a TimeSpan string, negative when the start is later', () => {
    assert.equal(call('dateDifference', ['2018-03-15T13:00:00Z', '2018-03-15T14:30:00.5Z']), '01:30:00.5000000');
    assert.equal(call('dateDifference', ['2018-03-16T00:00:00Z', '2018-03-15T00:00:00Z']), '-1.00:00:00');
    assert.equal(call('dateDifference', ['2018-03-15', '2018-03-15']), '00:00:00');
  });

  it('formatTimeSpan formats ticks or TimeSpan strings (.NET TimeSpan.ToString)', () => {
    assert.equal(call('formatTimeSpan', [36_000_000_000]), '01:00:00');
    assert.equal(call('formatTimeSpan', [1_234_567_890_123, 'g']), '1:10:17:36.7890123');
    assert.equal(call('formatTimeSpan', ['1268.00:00:00', "d' days'"]), '1268 days');
    assert.equal(call('formatTimeSpan', [-50_000_000, 'c']), '-00:00:05');
  });

  it('formatDateTime applies standard and custom formats', () => {
    assert.equal(call('formatDateTime', ['2018-03-15T13:04:05Z', 'u']), '2018-03-15 13:04:05Z');
    assert.equal(call('formatDateTime', ['2018-03-15T13:04:05Z', 'hh:mm tt']), '01:04 PM');
    assert.equal(call('formatDateTime', ['2018-03-15T13:04:05Z', null, 'fr-FR']), '2018-03-15T13:04:05.0000000Z');
    assert.equal(call('formatDateTime', ['2018-03-15T13:04:05Z', 'D', 'de-DE']), 'Donnerstag, 15. März 2018');
  });

  it('parseDateTime defaults to en-US and returns the "o" format', () => {
    assert.equal(call('parseDateTime', ['10/20/2014']), '2014-10-20T00:00:00.0000000');
    assert.equal(call('parseDateTime', ['2014-10-20T10:00:00Z']), '2014-10-20T10:00:00.0000000Z');
    assert.equal(call('parseDateTime', ['Oct 20, 2014 3:15 PM', null]), '2014-10-20T15:15:00.0000000');
  });

  it('convertTimeZone crosses a DST change', () => {
    assert.equal(
      call('convertTimeZone', ['2018-03-25T01:30:00Z', 'UTC', 'W. Europe Standard Time']),
      '2018-03-25T03:30:00.0000000',
    );
    assert.equal(
      call('convertTimeZone', ['2018-03-25T00:30:00Z', 'UTC', 'W. Europe Standard Time', 'HH:mm']),
      '01:30',
    );
    assert.equal(call('convertFromUtc', ['2018-07-01T12:00:00Z', 'America/Los_Angeles']), '2018-07-01T05:00:00.0000000');
  });

  it('utcNow keeps the clock sub-millisecond digits as zeros', () => {
    assert.equal(call('utcNow', [], envAt('2018-04-15T13:00:00.123Z')), '2018-04-15T13:00:00.1230000Z');
    assert.equal(call('utcNow', ['yyyy-MM-dd']), '2018-03-15');
  });
});

describe('date and time functions: errors', () => {
  it('reject unparseable timestamps in Logic Apps style', () => {
    assertFails('addDays', ['not a date', 1], "the value provided for date time string 'not a date' was not valid");
    assertFails('formatDateTime', ['2018-02-30'], "date time string '2018-02-30'");
    assertFails('ticks', [''], "date time string ''");
    assertFails('convertTimeZone', ['2018-01-01T80:00:00.0000000Z', 'UTC', 'Pacific Standard Time', 'D'], 'T80:00');
    assertFails('dateDifference', ['2018-01-01', 'soon'], "'soon'");
  });

  it('reject arguments of the wrong type', () => {
    assertFails('addDays', [20180315, 1], 'first parameter to be a string');
    assertFails('addDays', ['2018-03-15', '1'], 'second parameter to be an integer');
    assertFails('addHours', ['2018-03-15', 1.5], 'second parameter to be an integer');
    assertFails('addToTime', ['2018-03-15', 1, 3], 'third parameter to be a string');
    assertFails('formatDateTime', ['2018-03-15', 5], 'second parameter to be a string');
    assertFails('getFutureTime', ['5', 'Day'], 'first parameter to be an integer');
    assertFails('convertFromUtc', ['2018-03-15', null], 'second parameter to be a string');
    assertFails('dayOfWeek', [null], 'first parameter to be a string');
    assertFails('formatTimeSpan', [true], 'first parameter');
  });

  it('reject invalid formats, locales, zones and units', () => {
    assertFails('formatDateTime', ['2018-03-15', 'q'], "format 'q'");
    assertFails('utcNow', ["'unterminated"], 'format');
    assertFails('formatDateTime', ['2018-03-15', 'D', 'xx-yy'], "locale 'xx-yy'");
    assertFails('parseDateTime', ['2018-03-15', 'not a locale'], "locale 'not a locale'");
    assertFails('parseDateTime', ['2018-03-15', 'en-US', 'ddMMyyyy'], "'2018-03-15'");
    assertFails('convertFromUtc', ['2018-03-15T00:00:00Z', 'Mars Standard Time'], "time zone 'Mars Standard Time'");
    assertFails('convertTimeZone', ['2018-03-15T00:00:00Z', 'UTC', 'Nowhere/City'], "time zone 'Nowhere/City'");
    assertFails('convertToUtc', ['2018-03-11 02:30:00', 'Pacific Standard Time'], 'daylight saving');
    assertFails('addToTime', ['2018-03-15', 1, 'Days'], "time unit 'Days'");
    assertFails('getPastTime', [1, 'fortnight'], "time unit 'fortnight'");
    assertFails('formatTimeSpan', [0, 'hh:mm'], "format 'hh:mm'");
    assertFails('formatTimeSpan', ['later'], "time span 'later'");
  });

  it('reject results outside 0001–9999', () => {
    assertFails('addDays', ['9999-12-31T00:00:00Z', 1], 'outside the supported range');
    assertFails('subtractFromTime', ['0001-01-01T00:00:00Z', 1, 'Second'], 'outside the supported range');
    assertFails('getFutureTime', [10_000, 'Year'], 'outside the supported range');
  });
});
