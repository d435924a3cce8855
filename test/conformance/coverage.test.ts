/** Every function in the library must be exercised by at least one conformance case, and vice versa. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allFunctions } from '../../src/expressions/functions/function-table.js';
import { loadCases } from './cases.js';

/** Cases about the language rather than one function (syntax, unknown names). */
const GENERAL_GROUP = '(errors)';

describe('conformance coverage', () => {
  const cases = loadCases();
  const covered = new Set(cases.filter((entry) => entry.skip === undefined).map((entry) => entry.function.toLowerCase()));

  it('has a runnable case for every function in the table', () => {
    const missing = allFunctions.map((definition) => definition.name).filter((name) => !covered.has(name.toLowerCase()));
    assert.deepEqual(missing, [], `functions without a conformance case: ${missing.join(', ')}`);
  });

  it('names only functions that are in the table', () => {
    const known = new Set(allFunctions.map((definition) => definition.name.toLowerCase()));
    const unknown = [...new Set(cases.map((entry) => entry.function))].filter(
      (name) => name !== GENERAL_GROUP && !known.has(name.toLowerCase()),
    );
    assert.deepEqual(unknown, [], `cases name functions the table lacks: ${unknown.join(', ')}`);
  });
});
