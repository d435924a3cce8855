/**
 * Loads and validates test/conformance/function-examples.json: one case per documented example of Microsoft's
 * Workflow Definition Language function reference, plus error-path cases.
 */
import { readFileSync } from 'node:fs';
import { ValueType } from '../../src/expressions/values.js';
import type { CaseContext } from './fixture-host.js';

export interface ConformanceCase {
  /** The function the case documents (documented camelCase); '(errors)' for cases about no single function. */
  readonly function: string;
  /** A bare expression, without the leading '@'. */
  readonly expression: string;
  /** The expected result as plain JSON (Binary as its {"$content-type", "$content"} envelope). */
  readonly expected?: unknown;
  readonly expectedType?: ValueType;
  /** A regular expression the result's text form must match (random output: rand, guid). */
  readonly matches?: string;
  /** The expression must throw an ExpressionError… */
  readonly error?: boolean;
  /** …with this code (an ExpressionErrorCode value)… */
  readonly errorCode?: string;
  /** …from compileExpression ('compile') rather than from evaluate. */
  readonly errorAt?: 'compile';
  /** The current time for time-dependent functions (ISO 8601). */
  readonly now?: string;
  readonly context?: CaseContext;
  readonly note?: string;
  /** Why the case cannot run; the test is reported as skipped. */
  readonly skip?: string;
}

const knownKeys = new Set([
  'function',
  'expression',
  'expected',
  'expectedType',
  'matches',
  'error',
  'errorCode',
  'errorAt',
  'now',
  'context',
  'note',
  'skip',
]);
const valueTypes = new Set<string>(Object.values(ValueType));

/** Rejects malformed cases up front, so a typo in the JSON cannot turn into a silently vacuous test. */
function validate(raw: unknown, index: number): ConformanceCase {
  const where = `function-examples.json[${index}]`;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error(`${where} is not an object`);
  const record = raw as Record<string, unknown>;
  for (const key of Object.keys(record)) if (!knownKeys.has(key)) throw new Error(`${where} has unknown key '${key}'`);
  if (typeof record.function !== 'string' || typeof record.expression !== 'string') {
    throw new Error(`${where} needs string 'function' and 'expression'`);
  }
  if (record.expectedType !== undefined && !valueTypes.has(String(record.expectedType))) {
    throw new Error(`${where} has unknown expectedType '${String(record.expectedType)}'`);
  }
  const outcomes = [record.error === true, 'expected' in record || typeof record.matches === 'string'];
  if (record.skip === undefined && outcomes.filter(Boolean).length !== 1) {
    throw new Error(`${where} ('${record.expression}') needs exactly one of 'expected'/'matches' or 'error'`);
  }
  if (record.errorAt !== undefined && record.errorAt !== 'compile') throw new Error(`${where} has bad errorAt`);
  return record as unknown as ConformanceCase;
}

export function loadCases(): ConformanceCase[] {
  const text = readFileSync(new URL('./function-examples.json', import.meta.url), 'utf8');
  const parsed: unknown = JSON.parse(text);
  if (!Array.isArray(parsed)) throw new Error('function-examples.json must hold an array');
  return parsed.map(validate);
}

/** Cases grouped by function name, in first-appearance order. */
export function groupByFunction(cases: readonly ConformanceCase[]): Map<string, ConformanceCase[]> {
  const groups = new Map<string, ConformanceCase[]>();
  for (const entry of cases) {
    const group = groups.get(entry.function);
    if (group === undefined) groups.set(entry.function, [entry]);
    else group.push(entry);
  }
  return groups;
}
