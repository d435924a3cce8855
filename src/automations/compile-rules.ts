/**
 * Rules → predicates, built once per automation version. Semantics (automations.md §1.4 plus our decisions):
 * - rules in a ruleSet are ANDed (an empty ruleSet is true), ruleSets are ORed, no ruleSets = every event;
 * - String compares case-insensitively; numbers and booleans in the event compare by their JSON text;
 * - Integer/Number compare numerically, Boolean as true/false; a value of the wrong type (or an object, array
 *   or null) is "not comparable": every operator is false on it;
 * - a missing property is false too;
 * - `NotEquals` is exactly `not Equals`, so it is TRUE for a missing, null or non-comparable value.
 * A rule that validation would have rejected (bad path, operator for the wrong type, unparsable expected
 * value) compiles to "never". Predicates never throw.
 */
import type { Value } from '../expressions/values.js';
import type { AutomationRule, AutomationRuleSet, PropertyType, RuleOperator } from './automation-types.js';
import { type PathSegment, parsePropertyPath, resolvePropertyPath } from './property-path.js';
import { readBoolean, readInteger, readLowerText, readNumber } from './rule-values.js';

export type PayloadPredicate = (payload: Value) => boolean;
type ValueTest = (actual: Value | undefined) => boolean;

const never: PayloadPredicate = () => false;
const always: PayloadPredicate = () => true;

function stringTest(operator: RuleOperator, expected: string): ValueTest | undefined {
  const e = expected.toLowerCase();
  const text = (compare: (actual: string) => boolean): ValueTest => (actual) => {
    const a = readLowerText(actual);
    return a !== undefined && compare(a);
  };
  switch (operator) {
    case 'Equals':
      return text((a) => a === e);
    case 'Contains':
      return text((a) => a.includes(e));
    case 'StartsWith':
      return text((a) => a.startsWith(e));
    case 'EndsWith':
      return text((a) => a.endsWith(e));
    default:
      return undefined;
  }
}

function numericTest(operator: RuleOperator, expected: string, read: typeof readNumber): ValueTest | undefined {
  const e = read(expected);
  if (e === undefined) return undefined;
  const number = (compare: (actual: number) => boolean): ValueTest => (actual) => {
    const a = read(actual);
    return a !== undefined && compare(a);
  };
  switch (operator) {
    case 'Equals':
      return number((a) => a === e);
    case 'GreaterThan':
      return number((a) => a > e);
    case 'GreaterThanOrEqualTo':
      return number((a) => a >= e);
    case 'LesserThan':
      return number((a) => a < e);
    case 'LesserThanOrEqualTo':
      return number((a) => a <= e);
    default:
      return undefined;
  }
}

function booleanTest(operator: RuleOperator, expected: string): ValueTest | undefined {
  const e = readBoolean(expected);
  if (e === undefined || operator !== 'Equals') return undefined;
  return (actual) => readBoolean(actual) === e;
}

/** The test one rule applies to the value at its path; `undefined` for a combination that cannot be true. */
export function compileValueTest(type: PropertyType, operator: RuleOperator, expected: string): ValueTest | undefined {
  if (operator === 'NotEquals') {
    const equals = compileValueTest(type, 'Equals', expected);
    return equals && ((actual) => !equals(actual));
  }
  switch (type) {
    case 'String':
      return stringTest(operator, expected);
    case 'Integer':
      return numericTest(operator, expected, readInteger);
    case 'Number':
      return numericTest(operator, expected, readNumber);
    case 'Boolean':
      return booleanTest(operator, expected);
    default:
      return undefined;
  }
}

export function compileRule(rule: AutomationRule): PayloadPredicate {
  const path = parsePropertyPath(typeof rule.propertyJPath === 'string' ? rule.propertyJPath : '');
  const test = compileValueTest(rule.propertyType, rule.operator, String(rule.expectedValue));
  if (!path.ok || test === undefined) return never;
  const segments = path.segments;
  return (payload) => test(resolvePropertyPath(payload, segments));
}

export function compileRuleSet(ruleSet: AutomationRuleSet): PayloadPredicate {
  const rules = (ruleSet.rules ?? []).map(compileRule);
  if (rules.length === 0) return always;
  if (rules.length === 1) return rules[0] as PayloadPredicate;
  return (payload) => {
    for (const rule of rules) if (!rule(payload)) return false;
    return true;
  };
}

/** One source's ruleSets ORed; none at all matches every event of the source. */
export function compileRuleSets(ruleSets: readonly AutomationRuleSet[] | undefined): PayloadPredicate {
  const sets = (ruleSets ?? []).map(compileRuleSet);
  if (sets.length === 0) return always;
  if (sets.length === 1) return sets[0] as PayloadPredicate;
  return (payload) => {
    for (const set of sets) if (set(payload)) return true;
    return false;
  };
}

/** A String `Equals` rule that every event the ruleSets accept satisfies: the index files automations by its value. */
export interface EqualsKey {
  /** The rule's path, in a form equal for equal paths (`Severity`, `$.Severity` and `['Severity']` alike). */
  readonly path: string;
  readonly segments: readonly PathSegment[];
  /** The expected value, lower-cased: the event's value lower-cased must be exactly this. */
  readonly value: string;
}

/**
 * The String `Equals` rule of a source's only ruleSet, when it has one (several ruleSets are ORed, so no single
 * rule holds for every match). Matching with it stays exact: it only skips automations whose rule would be false.
 */
export function equalsKeyOf(ruleSets: readonly AutomationRuleSet[] | undefined): EqualsKey | undefined {
  if (ruleSets?.length !== 1) return undefined;
  for (const rule of ruleSets[0]?.rules ?? []) {
    if (rule.propertyType !== 'String' || rule.operator !== 'Equals') continue;
    const path = parsePropertyPath(typeof rule.propertyJPath === 'string' ? rule.propertyJPath : '');
    if (path.ok) return { path: JSON.stringify(path.segments), segments: path.segments, value: String(rule.expectedValue).toLowerCase() };
  }
  return undefined;
}

/** The key an event's value is looked up by: what a String rule compares, or undefined if it compares nothing. */
export function equalsLookupValue(payload: Value, segments: readonly PathSegment[]): string | undefined {
  return readLowerText(resolvePropertyPath(payload, segments));
}
