import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ExpressionError, ExpressionErrorCode } from '../expression-error.js';
import { formatTimestamp } from './format-timestamp.js';
import { parseTimestamp } from './parse-timestamp.js';
import { convertFromUtc, convertTimeZone, convertToUtc, resolveTimeZone } from './time-zones.js';
import { ianaForWindowsZone } from './windows-zones.js';

const fromUtc = (text: string, zone: string): string =>
  formatTimestamp(convertFromUtc(parseTimestamp(text), resolveTimeZone(zone)));
const toUtc = (text: string, zone: string): string =>
  formatTimestamp(convertToUtc(parseTimestamp(text), resolveTimeZone(zone)));
const between = (text: string, source: string, destination: string): string =>
  formatTimestamp(convertTimeZone(parseTimestamp(text), resolveTimeZone(source), resolveTimeZone(destination)));

describe('resolveTimeZone', () => {
  it('maps Windows ids to IANA ids', () => {
    assert.equal(resolveTimeZone('Pacific Standard Time').iana, 'America/Los_Angeles');
    assert.equal(resolveTimeZone('W. Europe Standard Time').iana, 'Europe/Berlin');
    assert.equal(resolveTimeZone('Eastern Standard Time').iana, 'America/New_York');
    assert.equal(resolveTimeZone('Tokyo Standard Time').iana, 'Asia/Tokyo');
    assert.equal(ianaForWindowsZone('Kamchatka Standard Time'), 'Asia/Kamchatka');
  });

  it('ignores case and the punctuation the reference says may be dropped', () => {
    assert.equal(resolveTimeZone('W Europe Standard Time').iana, 'Europe/Berlin');
    assert.equal(resolveTimeZone('pacific standard time').iana, 'America/Los_Angeles');
    assert.equal(resolveTimeZone('Pacific Standard Time (Mexico)').iana, 'America/Tijuana');
  });

  it('accepts IANA ids directly', () => {
    assert.equal(resolveTimeZone('America/Los_Angeles').iana, 'America/Los_Angeles');
    assert.equal(resolveTimeZone('Europe/Paris').isUtc, false);
  });

  it('recognises UTC in its spellings', () => {
    for (const name of ['UTC', 'utc', 'Etc/UTC', 'Etc/GMT']) assert.equal(resolveTimeZone(name).isUtc, true, name);
    assert.equal(resolveTimeZone('GMT Standard Time').isUtc, false); // London, which has summer time
    assert.equal(resolveTimeZone('UTC-02').isUtc, false);
  });

  it('rejects unknown zones, naming them', () => {
    for (const name of ['Mars Standard Time', '', 'Pacific Time', 'America/Nowhere']) {
      assert.throws(
        () => resolveTimeZone(name),
        (error: unknown) =>
          error instanceof ExpressionError &&
          error.code === ExpressionErrorCode.InvalidArgument &&
          error.message.includes(`time zone '${name}'`),
      );
    }
  });
});

describe('convertFromUtc', () => {
  it('matches the reference example', () => {
    assert.equal(fromUtc('2018-01-01T08:00:00.0000000Z', 'Pacific Standard Time'), '2018-01-01T00:00:00.0000000');
  });

  it('follows the US spring-forward change (2018-03-11 02:00 PST → 03:00 PDT)', () => {
    assert.equal(fromUtc('2018-03-11T09:59:59Z', 'Pacific Standard Time'), '2018-03-11T01:59:59.0000000');
    assert.equal(fromUtc('2018-03-11T10:00:00Z', 'Pacific Standard Time'), '2018-03-11T03:00:00.0000000');
  });

  it('follows the US fall-back change: 01:30 happens twice', () => {
    assert.equal(fromUtc('2018-11-04T08:30:00Z', 'Pacific Standard Time'), '2018-11-04T01:30:00.0000000');
    assert.equal(fromUtc('2018-11-04T09:30:00Z', 'Pacific Standard Time'), '2018-11-04T01:30:00.0000000');
  });

  it('handles half- and quarter-hour zones', () => {
    assert.equal(fromUtc('2018-01-01T00:00:00Z', 'India Standard Time'), '2018-01-01T05:30:00.0000000');
    assert.equal(fromUtc('2018-01-01T00:00:00Z', 'Nepal Standard Time'), '2018-01-01T05:45:00.0000000');
  });

  it('keeps 100-ns precision', () => {
    assert.equal(fromUtc('2018-07-01T12:00:00.1234567Z', 'Pacific Standard Time'), '2018-07-01T05:00:00.1234567');
  });

  it('reads zone-less input as UTC and gives UTC output a Z only for UTC itself', () => {
    assert.equal(fromUtc('2018-01-01T08:00:00', 'Pacific Standard Time'), '2018-01-01T00:00:00.0000000');
    assert.equal(fromUtc('2018-01-01T08:00:00', 'UTC'), '2018-01-01T08:00:00.0000000Z');
  });

  it('fails when the result leaves the supported range', () => {
    assert.throws(() => fromUtc('0001-01-01T00:00:00Z', 'Pacific Standard Time'), ExpressionError);
  });
});

describe('convertToUtc', () => {
  it('matches the reference example', () => {
    assert.equal(toUtc('01/01/2018 00:00:00', 'Pacific Standard Time'), '2018-01-01T08:00:00.0000000Z');
  });

  it('uses the offset in force at that date', () => {
    assert.equal(toUtc('2018-07-01T00:00:00', 'Pacific Standard Time'), '2018-07-01T07:00:00.0000000Z');
    assert.equal(toUtc('2018-03-11 01:30:00', 'Pacific Standard Time'), '2018-03-11T09:30:00.0000000Z');
    assert.equal(toUtc('2018-03-11 03:30:00', 'Pacific Standard Time'), '2018-03-11T10:30:00.0000000Z');
  });

  it('rejects a wall-clock time skipped by daylight saving time', () => {
    assert.throws(() => toUtc('2018-03-11 02:30:00', 'Pacific Standard Time'), /daylight saving/);
    assert.throws(() => toUtc('2018-03-25T02:30:00', 'W. Europe Standard Time'), /daylight saving/);
  });

  it('reads a twice-occurring wall-clock time as standard time, like .NET', () => {
    assert.equal(toUtc('2018-11-04 01:30:00', 'Pacific Standard Time'), '2018-11-04T09:30:00.0000000Z');
    assert.equal(toUtc('2018-10-28T02:30:00', 'W. Europe Standard Time'), '2018-10-28T01:30:00.0000000Z');
  });

  it('keeps timestamps that already carry a zone', () => {
    assert.equal(toUtc('2018-01-01T08:00:00Z', 'Pacific Standard Time'), '2018-01-01T08:00:00.0000000Z');
    assert.equal(toUtc('2018-01-01T08:00:00+01:00', 'Pacific Standard Time'), '2018-01-01T07:00:00.0000000Z');
  });
});

describe('convertTimeZone', () => {
  it('matches the reference example', () => {
    const result = between('2018-01-01T08:00:00.0000000Z', 'UTC', 'Pacific Standard Time');
    assert.equal(result, '2018-01-01T00:00:00.0000000');
  });

  it('crosses the European spring-forward change (2018-03-25 02:00 CET → 03:00 CEST)', () => {
    assert.equal(between('2018-03-25T00:30:00Z', 'UTC', 'W. Europe Standard Time'), '2018-03-25T01:30:00.0000000');
    assert.equal(between('2018-03-25T01:30:00Z', 'UTC', 'W. Europe Standard Time'), '2018-03-25T03:30:00.0000000');
  });

  it('converts between two non-UTC zones with different DST dates', () => {
    // 01:30 CET is 00:30Z; Pacific is already on PDT (UTC-7) since 11 March.
    assert.equal(
      between('2018-03-25T01:30:00', 'W. Europe Standard Time', 'Pacific Standard Time'),
      '2018-03-24T17:30:00.0000000',
    );
    const tokyo = between('2018-07-01 09:00:00', 'Eastern Standard Time', 'Tokyo Standard Time');
    assert.equal(tokyo, '2018-07-01T22:00:00.0000000');
  });

  it('gives UTC output a Z', () => {
    assert.equal(between('2018-01-01 00:00:00', 'Pacific Standard Time', 'UTC'), '2018-01-01T08:00:00.0000000Z');
  });

  it('accepts IANA names on either side', () => {
    assert.equal(between('2018-01-01 12:00:00', 'Europe/Berlin', 'America/New_York'), '2018-01-01T06:00:00.0000000');
  });
});
