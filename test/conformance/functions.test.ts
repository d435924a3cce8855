/**
 * Conformance suite: every documented example of the WDL function reference, compiled and evaluated through the
 * public expression API. Cases live in function-examples.json (see cases.ts for the format).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type CompiledExpression,
  ExpressionError,
  compileExpression,
  createEnvironment,
} from '../../src/expressions/index.js';
import { type Value, toPlainJson, toText, typeOf, valuesEqual } from '../../src/expressions/values.js';
import { type ConformanceCase, groupByFunction, loadCases } from './cases.js';
import { createFixtureHost } from './fixture-host.js';

/** Used when a case does not state the current time, so no result ever depends on the real clock. */
const DEFAULT_NOW = '2018-03-15T13:00:00Z';

/** A small seeded generator (mulberry32): random-dependent results vary between calls but not between runs. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function environmentFor(entry: ConformanceCase) {
  return createEnvironment({
    now: entry.now ?? DEFAULT_NOW,
    random: seededRandom(20180315),
    host: createFixtureHost(entry.context),
  });
}

function show(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

function assertExpressionError(error: unknown, entry: ConformanceCase): void {
  if (!(error instanceof ExpressionError)) {
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : show(error);
    assert.fail(`expected an ExpressionError, but got ${detail}`);
  }
  if (entry.errorCode !== undefined) {
    assert.equal(error.code, entry.errorCode, `wrong error code; message: ${error.message}`);
  }
}

function runErrorCase(entry: ConformanceCase): void {
  let compiled: CompiledExpression;
  try {
    compiled = compileExpression(entry.expression);
  } catch (error) {
    assertExpressionError(error, entry);
    return;
  }
  if (entry.errorAt === 'compile') assert.fail('expected compileExpression to throw, but the expression compiled');
  let result: Value;
  try {
    result = compiled.evaluate(environmentFor(entry));
  } catch (error) {
    assertExpressionError(error, entry);
    return;
  }
  assert.fail(`expected an ExpressionError, but the expression returned ${show(toPlainJson(result))}`);
}

function runValueCase(entry: ConformanceCase): void {
  const actual = compileExpression(entry.expression).evaluate(environmentFor(entry));
  const plain = toPlainJson(actual);
  if (entry.expectedType !== undefined) {
    assert.equal(typeOf(actual), entry.expectedType, `wrong type for result ${show(plain)}`);
  }
  if (entry.matches !== undefined) {
    assert.match(toText(actual), new RegExp(entry.matches));
    return;
  }
  const expected = (entry.expected ?? null) as Value;
  if (!valuesEqual(plain as Value, expected)) {
    assert.fail(`expected ${show(entry.expected ?? null)}\n     got ${show(plain)}`);
  }
}

for (const [name, group] of groupByFunction(loadCases())) {
  describe(name, () => {
    for (const entry of group) {
      const run = () => (entry.error === true ? runErrorCase(entry) : runValueCase(entry));
      if (entry.skip !== undefined) it(entry.expression, { skip: entry.skip }, run);
      else it(entry.expression, run);
    }
  });
}
