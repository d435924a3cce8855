/** Shared by the function library's unit tests: a fixed environment, direct calls, and error assertions. */
import assert from 'node:assert/strict';
import type { EvalEnvironment } from '../environment.js';
import { ExpressionError, type ExpressionErrorCode } from '../expression-error.js';
import type { Value } from '../values.js';
import type { FunctionDefinition } from './function-definition.js';
import { lookupFunction } from './function-table.js';

export const testEnv: EvalEnvironment = { clock: { now: () => Date.parse('2018-03-15T13:00:00Z') }, random: () => 0.5 };

export function definitionOf(name: string): FunctionDefinition {
  const found = lookupFunction(name);
  if (found === undefined) throw new Error(`no function ${name}`);
  return found;
}

/** Calls a library function directly (not through the parser), with `testEnv` or the given one. */
export function callFunction(name: string, args: readonly Value[], env: EvalEnvironment = testEnv): Value {
  return definitionOf(name).call(args, env);
}

export function assertFails(code: ExpressionErrorCode, action: () => unknown, fragment?: string): void {
  assert.throws(action, (error: unknown) => {
    assert.ok(error instanceof ExpressionError, `expected an ExpressionError, got ${String(error)}`);
    assert.equal(error.code, code);
    if (fragment !== undefined) assert.ok(error.message.includes(fragment), error.message);
    return true;
  });
}
