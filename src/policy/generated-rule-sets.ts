/**
 * The rule sets each built-in's template generates from its parameters (the `copy` loops of
 * ASC_WorkflowAutomation*_DINE.json, written out). Every rule is a String rule.
 */
import type { AutomationRuleSet, RuleOperator } from '../automations/automation-types.js';
import type { PolicyKind } from './policy-vocabulary.js';
import { ALL_ASSESSMENTS, ANY_ALERT_VERSION, CONTROL_STATES, alertSeverityValue, recommendationStateValue } from './policy-vocabulary.js';
import { type ParameterValues, stringParameter, stringsParameter } from './policy-values.js';

function rule(propertyJPath: string, expectedValue: string, operator: RuleOperator): AutomationRuleSet['rules'][number] {
  return { propertyJPath, propertyType: 'String', expectedValue, operator };
}

/** One rule set per severity: [name filter (or "any schema version 3.x"), severity]. */
function alertRuleSets(values: ParameterValues): AutomationRuleSet[] {
  const alertName = stringParameter(values, 'alertName');
  const nameRule = alertName === '' ? rule('Version', ANY_ALERT_VERSION, 'Contains') : rule('AlertDisplayName', alertName, 'Contains');
  return stringsParameter(values, 'alertSeverities').map((severity) => ({
    rules: [nameRule, rule('Severity', alertSeverityValue(severity), 'Equals')],
  }));
}

/** names × severities × states, names outermost; no names means one "any assessment" rule in their place. */
function recommendationRuleSets(values: ParameterValues): AutomationRuleSet[] {
  const names = stringsParameter(values, 'recommendationNames');
  const nameRules = names.length === 0 ? [rule('type', ALL_ASSESSMENTS, 'Contains')] : names.map((name) => rule('name', name, 'Contains'));
  const severities = stringsParameter(values, 'recommendationSeverities');
  const states = stringsParameter(values, 'recommendationStates');
  return nameRules.flatMap((nameRule) =>
    severities.flatMap((severity) =>
      states.map((state) => ({
        rules: [nameRule, rule('properties.metadata.severity', severity, 'Equals'), rule('properties.status.code', recommendationStateValue(state), 'Contains')],
      })),
    ),
  );
}

/** "All" standards (none given) and "all" states (all four) add no filter; the rest is a product. */
function complianceRuleSets(values: ParameterValues): AutomationRuleSet[] {
  const standards = stringsParameter(values, 'regulatoryComplianceStandards');
  const states = stringsParameter(values, 'regulatoryComplianceControlStates');
  const allStates = states.length === CONTROL_STATES.length;
  const standardRules = standards.map((standard) => rule('id', standard, 'Contains'));
  const stateRules = allStates ? [] : states.map((state) => rule('properties.state', state, 'Equals'));
  if (standardRules.length === 0) return stateRules.map((stateRule) => ({ rules: [stateRule] }));
  if (stateRules.length === 0) return standardRules.map((standardRule) => ({ rules: [standardRule] }));
  return standardRules.flatMap((standardRule) => stateRules.map((stateRule) => ({ rules: [standardRule, stateRule] })));
}

export function generatedRuleSets(kind: PolicyKind, values: ParameterValues): AutomationRuleSet[] {
  switch (kind) {
    case 'alerts':
      return alertRuleSets(values);
    case 'recommendations':
      return recommendationRuleSets(values);
    case 'regulatoryCompliance':
      return complianceRuleSets(values);
  }
}
