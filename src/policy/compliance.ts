/**
 * The built-ins' `existenceCondition`, evaluated against the automation found in the target resource group.
 * Like Azure Policy, string comparisons ignore case and a condition over `rules[*]` looks at the rules of every
 * source and rule set together. Conditions are checked in the built-ins' order; the first that fails is the
 * reason. Deliberately as loose as the built-ins: they check neither the event source nor the actions.
 */
import type { PolicyDefinition } from './policy-definition-types.js';
import { type ParameterValues, stringParameter, stringsParameter } from './policy-values.js';
import { ALL_ASSESSMENTS, ANY_ALERT_VERSION, CONTROL_STATES, alertSeverityValue, recommendationStateValue } from './policy-vocabulary.js';

export interface AutomationSnapshot {
  readonly isEnabled: boolean;
  readonly sources: readonly {
    readonly eventSource: string;
    readonly ruleSets: readonly {
      readonly rules: readonly { readonly propertyJPath: string; readonly expectedValue: string; readonly operator?: string }[];
    }[];
  }[];
}

export interface ComplianceResult {
  readonly compliant: boolean;
  /** Why not, in one sentence a user can act on; undefined when compliant. */
  readonly reason?: string;
}

type Rule = AutomationSnapshot['sources'][number]['ruleSets'][number]['rules'][number];

function same(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function describe(rule: Rule): string {
  return [rule.propertyJPath, rule.operator, rule.expectedValue].filter((part) => part !== undefined).join(' ');
}

/** `rules[*].expectedValue in allowed` (and likewise for paths): the first rule outside the set, if any. */
function outside(rules: readonly Rule[], allowed: readonly string[], part: 'expectedValue' | 'propertyJPath'): string | undefined {
  const rule = rules.find((candidate) => !allowed.some((value) => same(value, candidate[part])));
  return rule === undefined ? undefined : `rule '${describe(rule)}' is not one the policy generates`;
}

/** A dimension of the generated product: its values, how each is written in a rule, and how often it must occur. */
interface Dimension {
  readonly label: string;
  readonly propertyJPath: string;
  readonly values: readonly string[];
  readonly ruleValue: (value: string) => string;
  readonly times: number;
}

/** The count-in-count conditions: every value of the dimension occurs in exactly `times` rules. */
function miscounted(rules: readonly Rule[], dimension: Dimension): string | undefined {
  for (const value of dimension.values) {
    const expected = dimension.ruleValue(value);
    const n = rules.filter((rule) => same(rule.propertyJPath, dimension.propertyJPath) && same(rule.expectedValue, expected)).length;
    if (n === dimension.times) continue;
    const what = `${dimension.label} '${value}'`;
    if (n === 0) return `${what} has no rule set`;
    return `${what} appears in ${n} rules; the policy generates ${dimension.times}`;
  }
  return undefined;
}

function firstOf(...checks: (() => string | undefined)[]): string | undefined {
  for (const check of checks) {
    const reason = check();
    if (reason !== undefined) return reason;
  }
  return undefined;
}

function alertsReason(values: ParameterValues, rules: readonly Rule[]): string | undefined {
  const alertName = stringParameter(values, 'alertName');
  const severities = stringsParameter(values, 'alertSeverities');
  const nameValue = alertName === '' ? ANY_ALERT_VERSION : alertName;
  const namePath = alertName === '' ? 'Version' : 'AlertDisplayName';
  return firstOf(
    () => outside(rules, [...severities, nameValue], 'expectedValue'),
    () => outside(rules, ['Severity', namePath], 'propertyJPath'),
    () => miscounted(rules, { label: 'severity', propertyJPath: 'Severity', values: severities.map(alertSeverityValue), ruleValue: (v) => v, times: 1 }),
  );
}

function recommendationsReason(values: ParameterValues, rules: readonly Rule[]): string | undefined {
  const names = stringsParameter(values, 'recommendationNames');
  const severities = stringsParameter(values, 'recommendationSeverities');
  const states = stringsParameter(values, 'recommendationStates');
  const stateValues = states.some((state) => same(state, 'Not Applicable')) ? [...states, 'notapplicable'] : states;
  const allowed = [...(names.length === 0 ? [ALL_ASSESSMENTS] : names), ...severities, ...stateValues];
  const perName = Math.max(1, names.length);
  return firstOf(
    () => outside(rules, allowed, 'expectedValue'),
    () =>
      miscounted(rules, {
        label: 'severity',
        propertyJPath: 'properties.metadata.severity',
        values: severities,
        ruleValue: (v) => v,
        times: perName * states.length,
      }),
    () =>
      miscounted(rules, {
        label: 'state',
        propertyJPath: 'properties.status.code',
        values: states,
        ruleValue: recommendationStateValue,
        times: perName * severities.length,
      }),
    () =>
      miscounted(rules, { label: 'recommendation', propertyJPath: 'name', values: names, ruleValue: (v) => v, times: severities.length * states.length }),
  );
}

function complianceReason(values: ParameterValues, rules: readonly Rule[]): string | undefined {
  const standards = stringsParameter(values, 'regulatoryComplianceStandards');
  const states = stringsParameter(values, 'regulatoryComplianceControlStates');
  const allStates = states.length === CONTROL_STATES.length;
  const once = (label: string, propertyJPath: string, list: readonly string[]): Dimension => ({
    label,
    propertyJPath,
    values: list,
    ruleValue: (v) => v,
    times: 1,
  });
  if (standards.length === 0 && allStates) {
    // The built-in generates no rule sets; an empty rule set also matches everything, so only a rule differs.
    const rule = rules[0];
    return rule === undefined ? undefined : `rule '${describe(rule)}' is not one the policy generates (it filters nothing for all standards and states)`;
  }
  if (standards.length === 0) {
    return firstOf(
      () => outside(rules, states, 'expectedValue'),
      () => miscounted(rules, once('control state', 'properties.state', states)),
    );
  }
  if (allStates) {
    return firstOf(
      () => outside(rules, standards, 'expectedValue'),
      () => miscounted(rules, once('standard', 'id', standards)),
    );
  }
  const expected = 2 * standards.length * states.length;
  return firstOf(
    () => outside(rules, [...standards, ...states], 'expectedValue'),
    () =>
      rules.length === expected
        ? undefined
        : `the automation has ${rules.length} rules; the policy generates ${expected} (a standard and a state rule for each of ${standards.length} × ${states.length} combinations)`,
  );
}

export function evaluateCompliance(
  definition: PolicyDefinition,
  values: ParameterValues,
  automation: AutomationSnapshot | undefined,
): ComplianceResult {
  const name = stringParameter(values, 'automationName');
  if (automation === undefined) {
    return { compliant: false, reason: `no automation '${name}' in resource group '${stringParameter(values, 'resourceGroupName')}'` };
  }
  if (!automation.isEnabled) return { compliant: false, reason: `automation '${name}' is disabled` };
  const rules = automation.sources.flatMap((source) => source.ruleSets.flatMap((ruleSet) => ruleSet.rules));
  let reason: string | undefined;
  switch (definition.kind) {
    case 'alerts':
      reason = alertsReason(values, rules);
      break;
    case 'recommendations':
      reason = recommendationsReason(values, rules);
      break;
    case 'regulatoryCompliance':
      reason = complianceReason(values, rules);
      break;
  }
  return reason === undefined ? { compliant: true } : { compliant: false, reason };
}
