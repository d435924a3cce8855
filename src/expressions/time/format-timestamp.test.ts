import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ExpressionError, ExpressionErrorCode } from '../expression-error.js';
import { formatTimestamp } from './format-timestamp.js';
import { parseTimestamp } from './parse-timestamp.js';

// Thursday 15 March 2018, 13:04:05.1234567 UTC.
const afternoon = parseTimestamp('2018-03-15T13:04:05.1234567Z');
// Friday 2 February 2018, 09:07:08 with no zone.
const morning = parseTimestamp('2018-02-02T09:07:08');
const fmt = (format: string, instant = afternoon, locale?: string): string => formatTimestamp(instant, format, locale);

function assertInvalidFormat(format: string): void {
  assert.throws(
    () => fmt(format),
    (error: unknown) =>
      error instanceof ExpressionError &&
      error.code === ExpressionErrorCode.InvalidArgument &&
      error.message.includes(`'${format}'`),
  );
}

describe('formatTimestamp: standard format specifiers (en-US)', () => {
  const cases: [string, string][] = [
    ['d', '3/15/2018'],
    ['D', 'Thursday, March 15, 2018'],
    ['f', 'Thursday, March 15, 2018 1:04 PM'],
    ['F', 'Thursday, March 15, 2018 1:04:05 PM'],
    ['g', '3/15/2018 1:04 PM'],
    ['G', '3/15/2018 1:04:05 PM'],
    ['M', 'March 15'],
    ['m', 'March 15'],
    ['o', '2018-03-15T13:04:05.1234567Z'],
    ['O', '2018-03-15T13:04:05.1234567Z'],
    ['r', 'Thu, 15 Mar 2018 13:04:05 GMT'],
    ['R', 'Thu, 15 Mar 2018 13:04:05 GMT'],
    ['s', '2018-03-15T13:04:05'],
    ['t', '1:04 PM'],
    ['T', '1:04:05 PM'],
    ['u', '2018-03-15 13:04:05Z'],
    ['U', 'Thursday, March 15, 2018 1:04:05 PM'],
    ['Y', 'March 2018'],
    ['y', 'March 2018'],
  ];
  for (const [format, expected] of cases) {
    it(`"${format}" → ${expected}`, () => assert.equal(fmt(format), expected));
  }

  it('defaults to "o", also for a null or empty format', () => {
    assert.equal(formatTimestamp(afternoon), '2018-03-15T13:04:05.1234567Z');
    assert.equal(formatTimestamp(afternoon, null), '2018-03-15T13:04:05.1234567Z');
    assert.equal(formatTimestamp(afternoon, ''), '2018-03-15T13:04:05.1234567Z');
  });

  it('"o" omits the zone for zone-less instants', () => {
    assert.equal(fmt('o', morning), '2018-02-02T09:07:08.0000000');
  });

  it('rejects single characters that are not standard specifiers', () => {
    for (const format of ['x', 'h', 'H', 'z', 'K', 'Q']) assertInvalidFormat(format);
  });
});

describe('formatTimestamp: custom format strings', () => {
  const cases: [string, string, string?][] = [
    ['yyyy-MM-dd', '2018-03-15'],
    ['yy', '18'],
    ['%y', '18'],
    ['yyy', '2018'],
    ['yyyyy', '02018'],
    ['M/d/yy', '3/15/18'],
    ['MMM', 'Mar'],
    ['MMMM', 'March'],
    ['dd', '02', '2018-02-02T09:07:08'],
    ['%d', '2', '2018-02-02T09:07:08'],
    ['%M', '2', '2018-02-02T09:07:08'],
    ['ddd', 'Thu'],
    ['dddd', 'Thursday'],
    ['HH:mm:ss', '13:04:05'],
    ['hh:mm:ss tt', '01:04:05 PM'],
    ['h:m:s t', '1:4:5 P'],
    ['H:mm', '9:07', '2018-02-02T09:07:08'],
    ['hh tt', '09 AM', '2018-02-02T09:07:08'],
    ['hh tt', '12 AM', '2018-02-02T00:00:00'],
    ['hh tt', '12 PM', '2018-02-02T12:00:00'],
    ['HHH', '13'],
    ['%f', '1'],
    ['ff', '12'],
    ['fff', '123'],
    ['ffff', '1234'],
    ['fffff', '12345'],
    ['ffffff', '123456'],
    ['fffffff', '1234567'],
    ['ss.FFFFFFF', '05.1234567'],
    ['ss.FFF', '05.123'],
    ['ss.FFFFFFF', '08', '2018-02-02T09:07:08'],
    ['ss.FFFFFFF', '08.5', '2018-02-02T09:07:08.5'],
    ['ss.fff', '08.000', '2018-02-02T09:07:08'],
    ['%K', 'Z'],
    ['%K', '', '2018-02-02T09:07:08'],
    ['%z', '+0'],
    ['zz', '+00'],
    ['zzz', '+00:00'],
    ["'Year' yyyy", 'Year 2018'],
    ['"Day" d', 'Day 15'],
    ['\\d\\a\\y d', 'day 15'],
    ["'it''s'", 'its'],
    ['yyyy-MM-ddTHH:mm:ss', '2018-03-15T13:04:05'],
    ['yyyyMMdd', '20180315'],
    ['dd.MM.yyyy', '15.03.2018'],
    ['gg yyyy', 'A.D. 2018'],
  ];
  for (const [format, expected, input] of cases) {
    it(`"${format}" → "${expected}"`, () => {
      assert.equal(fmt(format, input === undefined ? afternoon : parseTimestamp(input)), expected);
    });
  }

  it('keeps the round-trip pattern equal to "o"', () => {
    assert.equal(fmt("yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK"), fmt('o'));
  });

  it('pads years below 1000', () => {
    assert.equal(formatTimestamp(parseTimestamp('0001-01-01T00:00:00Z')), '0001-01-01T00:00:00.0000000Z');
    assert.equal(fmt('yyyy y', parseTimestamp('0987-06-05')), '0987 87');
  });

  it('rejects malformed custom strings', () => {
    for (const format of ["'open", 'dd\\', '%', '%%', 'ffffffff', 'FFFFFFFF', 'yyyy "x']) assertInvalidFormat(format);
  });
});

describe('formatTimestamp: locales', () => {
  const sunday = parseTimestamp('01/31/2016');
  it('uses Intl month and day names', () => {
    assert.equal(fmt('dddd MMMM d', sunday, 'fr-fr'), 'dimanche janvier 31');
    assert.equal(fmt('dddd MMMM d', sunday, 'fr-FR'), 'dimanche janvier 31');
    assert.equal(fmt('dddd MMMM d', sunday, 'es-es'), 'domingo enero 31');
    assert.equal(fmt('dddd d MMMM yyyy', sunday, 'de-DE'), 'Sonntag 31 Januar 2016');
  });

  it('derives standard patterns from the culture', () => {
    assert.equal(fmt('d', afternoon, 'fr-FR'), '15/03/2018');
    assert.equal(fmt('D', afternoon, 'fr-FR'), 'jeudi 15 mars 2018');
    assert.equal(fmt('T', afternoon, 'fr-FR'), '13:04:05');
    assert.equal(fmt('D', afternoon, 'es-ES'), 'jueves, 15 de marzo de 2018');
    assert.equal(fmt('D', afternoon, 'de-DE'), 'Donnerstag, 15. März 2018');
    assert.equal(fmt('d', afternoon, 'de-DE'), '15.3.2018');
    assert.equal(fmt('Y', afternoon, 'fr-FR'), 'mars 2018');
  });

  it('uses the culture date separator for "/"', () => {
    assert.equal(fmt('dd/MM/yyyy', afternoon, 'de-DE'), '15.03.2018');
    assert.equal(fmt('dd/MM/yyyy', afternoon, 'fr-FR'), '15/03/2018');
  });

  it('keeps invariant formats invariant', () => {
    assert.equal(fmt('r', afternoon, 'fr-FR'), 'Thu, 15 Mar 2018 13:04:05 GMT');
    assert.equal(fmt('o', afternoon, 'fr-FR'), '2018-03-15T13:04:05.1234567Z');
  });

  it('treats the locale case-insensitively and defaults to en-US', () => {
    assert.equal(fmt('D', afternoon, 'EN-us'), 'Thursday, March 15, 2018');
    assert.equal(fmt('D', afternoon, ''), 'Thursday, March 15, 2018');
  });

  it('rejects unknown locales', () => {
    for (const locale of ['xx-yy', 'not a locale', '123']) {
      assert.throws(() => fmt('D', afternoon, locale), (error: unknown) => {
        return error instanceof ExpressionError && error.message.includes(`'${locale}'`);
      });
    }
  });
});
