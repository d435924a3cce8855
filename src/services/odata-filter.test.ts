import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { ApiError } from '../server/api-error.js';
import { equalsTerm, onlyTerms, parseFilter } from './odata-filter.js';

const refusal = (run: () => unknown) =>
  assert.throws(run, (error: unknown) => error instanceof ApiError && error.statusCode === 400 && error.target === '$filter');

describe('$filter', () => {
  test('reads eq terms and calls joined by and', () => {
    assert.deepEqual(parseFilter("roleName eq 'Logic App Operator'"), [{ kind: 'eq', field: 'roleName', value: 'Logic App Operator' }]);
    assert.deepEqual(parseFilter(" atScope()  AND principalId eq 'p''1' "), [
      { kind: 'call', name: 'atScope', args: [] },
      { kind: 'eq', field: 'principalId', value: "p'1" },
    ]);
    assert.deepEqual(parseFilter("assignedTo('x')"), [{ kind: 'call', name: 'assignedTo', args: ['x'] }]);
    assert.equal(equalsTerm(parseFilter("PRINCIPALID eq 'x'"), 'principalId'), 'x');
  });

  test('refuses anything else with a 400 naming $filter', () => {
    for (const text of ['', 'roleName', "roleName eq Owner", "roleName ne 'x'", "atScope() or atScope()", "atScope() and", "roleName eq 'unterminated"]) refusal(() => parseFilter(text));
    refusal(() => onlyTerms(parseFilter("roleName eq 'x'"), ['principalId'], ['atScope']));
    refusal(() => onlyTerms(parseFilter('assignedTo()'), ['principalId'], ['atScope']));
  });

  test('never fails other than with a 400, and quickly', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', ' ', "'", '(', ')', 'e', 'q', 'n', 'd', 'x') , maxLength: 60 }), (text) => {
        try {
          parseFilter(text);
        } catch (error) {
          assert.ok(error instanceof ApiError && error.statusCode === 400, String(error));
        }
      }),
    );
  });
});
