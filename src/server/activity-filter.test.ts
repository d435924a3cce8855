import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ApiError } from './api-error.js';
import { parseActivityFilter, parseInstant } from './activity-filter.js';

function rejects(text: string, reason: RegExp): void {
  assert.throws(
    () => parseActivityFilter(text),
    (error: unknown) => error instanceof ApiError && error.statusCode === 400 && error.target === '$filter' && reason.test(error.message) && error.message.includes('$filter'),
    text,
  );
}

describe('parseInstant', () => {
  test('reads dates and date-times as instant text with seven fractional digits', () => {
    assert.equal(parseInstant('2024-05-01'), '2024-05-01T00:00:00.0000000Z');
    assert.equal(parseInstant('2024-05-01T10:20:30Z'), '2024-05-01T10:20:30.0000000Z');
    assert.equal(parseInstant('2024-05-01T10:20:30.1234567Z'), '2024-05-01T10:20:30.1234567Z');
    assert.equal(parseInstant('2024-05-01T10:20:30.5+02:00'), '2024-05-01T08:20:30.5000000Z');
    assert.equal(parseInstant('2024-05-01T10:20'), '2024-05-01T10:20:00.0000000Z');
  });

  test('refuses what is not a date', () => {
    for (const text of ['', 'yesterday', '2024-02-30', '2024-13-01', '2024-05-01T25:00:00Z', '2024-05-01T10:20:30.12345678Z']) {
      assert.equal(parseInstant(text), undefined, text);
    }
  });
});

describe('parseActivityFilter', () => {
  test("reads Azure's time window with the optional conditions", () => {
    const filter = parseActivityFilter(
      "eventTimestamp ge '2024-05-01T00:00:00Z' and eventTimestamp le '2024-05-02T00:00:00Z' AND resourceGroupName eq 'soc' and caller eq 'c1' and operationName eq 'Microsoft.Logic/workflows/write' and resourceUri eq '/subscriptions/s/resourceGroups/soc' and status eq 'Failed' and correlationId eq 'x'",
    );
    assert.deepEqual(filter, {
      from: '2024-05-01T00:00:00.0000000Z',
      to: '2024-05-02T00:00:00.0000000Z',
      resourceGroupName: 'soc',
      caller: 'c1',
      operationName: 'Microsoft.Logic/workflows/write',
      resourceUri: '/subscriptions/s/resourceGroups/soc',
      status: 'Failed',
      correlationId: 'x',
    });
  });

  test('reads doubled quotes inside values, and no filter at all', () => {
    assert.deepEqual(parseActivityFilter("caller eq 'O''Brien'"), { caller: "O'Brien" });
    assert.deepEqual(parseActivityFilter(undefined), {});
    assert.deepEqual(parseActivityFilter('  '), {});
  });

  test('refuses anything else with a 400 naming $filter and the reason', () => {
    rejects("eventTimestamp gt '2024-05-01'", /'ge' or 'le'/);
    rejects("eventTimestamp ge 'tomorrow'", /not an ISO 8601/);
    rejects("eventTimestamp ge '2024-05-01' and eventTimestamp ge '2024-05-02'", /twice/);
    rejects("color eq 'red'", /unknown field 'color'/);
    rejects("caller ne 'x'", /'eq', not 'ne'/);
    rejects("caller eq 'x' or caller eq 'y'", /only 'and'/);
    rejects("caller eq 'x' and", /missing/);
    rejects('caller eq x', /quoted value/);
    rejects("caller eq 'unterminated", /not closed/);
    rejects("caller eq 'x'; drop table", /unexpected ';'/);
    rejects("(caller eq 'x')", /unexpected '\('/);
    rejects("caller eq ''", /must not be empty/);
  });
});
