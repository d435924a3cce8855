import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ExpressionError, ExpressionErrorCode } from '../expression-error.js';
import { formatTimestamp } from './format-timestamp.js';
import { instantFromEpochMs, instantToEpochMs } from './instant.js';
import { parseExact } from './parse-exact.js';
import { parseTimestamp, tryParseTimestamp } from './parse-timestamp.js';

const roundTrip = (text: string, locale?: string): string => formatTimestamp(parseTimestamp(text, locale));

function assertUnparseable(text: string, locale?: string): void {
  assert.equal(tryParseTimestamp(text, locale), undefined, `'${text}' should not parse`);
  assert.throws(
    () => parseTimestamp(text, locale),
    (error: unknown) =>
      error instanceof ExpressionError &&
      error.code === ExpressionErrorCode.InvalidArgument &&
      error.message.includes(`date time string '${text}' was not valid`),
  );
}

describe('parseTimestamp: ISO 8601', () => {
  const cases: [string, string][] = [
    ['2018-03-15T13:00:00Z', '2018-03-15T13:00:00.0000000Z'],
    ['2018-03-15T13:00:00.000Z', '2018-03-15T13:00:00.0000000Z'],
    ['2018-03-15t13:00:00z', '2018-03-15T13:00:00.0000000Z'],
    ['2018-03-15T13:00Z', '2018-03-15T13:00:00.0000000Z'],
    ['2018-03-15 13:00:00Z', '2018-03-15T13:00:00.0000000Z'],
    ['2018-03-15', '2018-03-15T00:00:00.0000000'],
    ['2018-03-15T13:00:00', '2018-03-15T13:00:00.0000000'],
    ['  2018-03-15T13:00:00Z  ', '2018-03-15T13:00:00.0000000Z'],
    // Offsets are folded into UTC.
    ['2018-03-15T13:00:00+02:00', '2018-03-15T11:00:00.0000000Z'],
    ['2018-03-15T13:00:00-0530', '2018-03-15T18:30:00.0000000Z'],
    ['2018-03-15T01:00:00+05', '2018-03-14T20:00:00.0000000Z'],
    ['2018-03-15T13:00:00.5+00:00', '2018-03-15T13:00:00.5000000Z'],
  ];
  for (const [text, expected] of cases) it(`'${text}' → ${expected}`, () => assert.equal(roundTrip(text), expected));

  it('keeps all seven fractional digits (100-ns precision)', () => {
    assert.equal(roundTrip('2018-03-15T13:00:00.1234567Z'), '2018-03-15T13:00:00.1234567Z');
    assert.equal(roundTrip('2018-03-15T13:00:00.0000001Z'), '2018-03-15T13:00:00.0000001Z');
    assert.equal(roundTrip('2018-03-15T13:00:00.9999999'), '2018-03-15T13:00:00.9999999');
    assert.equal(parseTimestamp('2018-03-15T13:00:00.1234567Z').ticks, 636567156001234567n);
  });

  it('rounds an eighth fractional digit to the nearest tick, carrying into the second', () => {
    assert.equal(roundTrip('2018-03-15T13:00:00.12345674Z'), '2018-03-15T13:00:00.1234567Z');
    assert.equal(roundTrip('2018-03-15T13:00:00.12345675Z'), '2018-03-15T13:00:00.1234568Z');
    assert.equal(roundTrip('2018-03-15T13:00:59.99999999Z'), '2018-03-15T13:01:00.0000000Z');
  });

  it('records the kind', () => {
    assert.equal(parseTimestamp('2018-03-15T13:00:00Z').kind, 'utc');
    assert.equal(parseTimestamp('2018-03-15T13:00:00+01:00').kind, 'utc');
    assert.equal(parseTimestamp('2018-03-15T13:00:00').kind, 'unspecified');
  });

  it('covers the whole DateTime range', () => {
    assert.equal(roundTrip('0001-01-01T00:00:00Z'), '0001-01-01T00:00:00.0000000Z');
    assert.equal(roundTrip('9999-12-31T23:59:59.9999999Z'), '9999-12-31T23:59:59.9999999Z');
    assert.equal(parseTimestamp('0001-01-01T00:00:00Z').ticks, 0n);
  });

  it('rejects impossible or out-of-range values', () => {
    for (const text of [
      '2018-02-30',
      '2018-13-01',
      '2019-02-29',
      '2018-01-01T24:00:00Z',
      '2018-01-01T80:00:00.0000000Z',
      '2018-01-01T10:60:00Z',
      '2018-01-01T10:00:60Z',
      '2018-01-01T10:00:00+15:00',
      '0001-01-01T00:00:00+01:00',
      '9999-12-31T23:00:00-02:00',
      '0000-01-01',
    ]) {
      assertUnparseable(text);
    }
  });

  it('accepts leap days', () => assert.equal(roundTrip('2020-02-29T12:00:00Z'), '2020-02-29T12:00:00.0000000Z'));
});

describe('parseTimestamp: culture text (DateTime.Parse style)', () => {
  const cases: [string, string, string?][] = [
    ['03/15/2018', '2018-03-15T00:00:00.0000000'],
    ['3/5/2018', '2018-03-05T00:00:00.0000000'],
    ['03/15/2018 12:00:00', '2018-03-15T12:00:00.0000000'],
    ['01/01/2018 00:00:00', '2018-01-01T00:00:00.0000000'],
    ['3/15/2018 1:30 PM', '2018-03-15T13:30:00.0000000'],
    ['3/15/2018 12:15:00 AM', '2018-03-15T00:15:00.0000000'],
    ['3/15/2018 12:15:00 pm', '2018-03-15T12:15:00.0000000'],
    ['3/15/2018 3 PM', '2018-03-15T15:00:00.0000000'],
    ['03/15/18', '2018-03-15T00:00:00.0000000'],
    ['03/15/50', '1950-03-15T00:00:00.0000000'],
    ['2018/03/15 13:45:10.25', '2018-03-15T13:45:10.2500000'],
    ['Thu, 15 Mar 2018 13:00:00 GMT', '2018-03-15T13:00:00.0000000Z'],
    ['Thursday, March 15, 2018', '2018-03-15T00:00:00.0000000'],
    ['March 15, 2018 10:00:00 AM', '2018-03-15T10:00:00.0000000'],
    ['15 March 2018', '2018-03-15T00:00:00.0000000'],
    ['Mar 15 2018 08:00:00 +02:00', '2018-03-15T06:00:00.0000000Z'],
    ['March 2018', '2018-03-01T00:00:00.0000000'],
    ['2018-03', '2018-03-01T00:00:00.0000000'],
    ['03/15/2018 10:00:00 UTC', '2018-03-15T10:00:00.0000000Z'],
    ['20/10/2014', '2014-10-20T00:00:00.0000000', 'fr-fr'],
    ['20 octobre 2010', '2010-10-20T00:00:00.0000000', 'fr-FR'],
    ['20 oct. 2010 14:05', '2010-10-20T14:05:00.0000000', 'fr-FR'],
    ['martes 20 octubre 2020', '2020-10-20T00:00:00.0000000', 'es-es'],
    ['martes, 20 de octubre de 2020', '2020-10-20T00:00:00.0000000', 'es-ES'],
    ['20.10.2014 15:00', '2014-10-20T15:00:00.0000000', 'de-DE'],
    ['2014/10/20', '2014-10-20T00:00:00.0000000', 'ja-JP'],
  ];
  for (const [text, expected, locale] of cases) {
    it(`'${text}'${locale === undefined ? '' : ` (${locale})`} → ${expected}`, () => {
      assert.equal(roundTrip(text, locale), expected);
    });
  }

  it('rejects a day name that contradicts the date', () => assertUnparseable('Friday, March 15, 2018'));

  it('rejects text that is not a date', () => {
    const notDates = ['', 'abc', 'now', '13:00', '15 March', '3/15', '32/01/2018', '2018-03-15 garbage'];
    for (const text of [...notDates, '12/1/2018 13:00 PM']) {
      assertUnparseable(text);
    }
  });
});

describe('parseExact', () => {
  const cases: [string, string, string | undefined, string][] = [
    ['21052019', 'ddMMyyyy', 'fr-fr', '2019-05-21T00:00:00.0000000'],
    ['10/20/2014 15h', 'MM/dd/yyyy HH\\h', 'en-US', '2014-10-20T15:00:00.0000000'],
    ['2014-10-20T15:16:17.1234567Z', 'o', undefined, '2014-10-20T15:16:17.1234567Z'],
    ['2014-10-20T15:16:17.1234567', 'o', undefined, '2014-10-20T15:16:17.1234567'],
    ['Mon, 20 Oct 2014 15:16:17 GMT', 'r', undefined, '2014-10-20T15:16:17.0000000'],
    ['10/20/2014', 'd', undefined, '2014-10-20T00:00:00.0000000'],
    ['Monday, October 20, 2014', 'D', undefined, '2014-10-20T00:00:00.0000000'],
    ['20/10/2014', 'd', 'fr-FR', '2014-10-20T00:00:00.0000000'],
    ['20 octobre 2014', 'd MMMM yyyy', 'fr-FR', '2014-10-20T00:00:00.0000000'],
    ['OCT 20 14 3:04 pm', 'MMM dd yy h:mm tt', undefined, '2014-10-20T15:04:00.0000000'],
    ['2014-10-20 15:04 +02:00', 'yyyy-MM-dd HH:mm zzz', undefined, '2014-10-20T13:04:00.0000000Z'],
    ['2014-10-20 15:04:05.5', 'yyyy-MM-dd HH:mm:ss.FFF', undefined, '2014-10-20T15:04:05.5000000'],
    ['2014-10-20 15:04:05', 'yyyy-MM-dd HH:mm:ss.FFF', undefined, '2014-10-20T15:04:05.0000000'],
  ];
  for (const [text, format, locale, expected] of cases) {
    it(`'${text}' with '${format}' → ${expected}`, () => {
      assert.equal(formatTimestamp(parseExact(text, format, locale)), expected);
    });
  }

  it('fails when the text does not fit the format', () => {
    for (const [text, format] of [
      ['2014-10-20', 'ddMMyyyy'],
      ['2014102', 'yyyyMMdd'],
      ['20141020x', 'yyyyMMdd'],
      ['31022014', 'ddMMyyyy'],
      ['15:00', 'HH:mm'],
      ['Tuesday, October 20, 2014', 'D'],
    ] as const) {
      assert.throws(() => parseExact(text, format), ExpressionError, `${text} / ${format}`);
    }
  });

  it('rejects invalid formats', () => assert.throws(() => parseExact('2014', 'x'), /format 'x'/));
});

describe('epoch milliseconds', () => {
  it('converts both ways, flooring sub-millisecond ticks', () => {
    const instant = parseTimestamp('2018-03-15T13:00:00.1234567Z');
    assert.equal(instantToEpochMs(instant), Date.parse('2018-03-15T13:00:00.123Z'));
    const fromClock = instantFromEpochMs(Date.parse('2018-03-15T13:00:00.123Z'));
    assert.equal(formatTimestamp(fromClock), '2018-03-15T13:00:00.1230000Z');
    assert.equal(instantToEpochMs(parseTimestamp('1969-12-31T23:59:59.9999999Z')), -1);
    assert.equal(instantToEpochMs(parseTimestamp('2018-03-15T13:00:00')), Date.parse('2018-03-15T13:00:00Z'));
  });
});
