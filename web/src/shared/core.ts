/**
 * The server's pure modules the UI shares, so both sides agree by construction: action-pattern matching (what a
 * role permits) and the rule sets the built-in workflow-automation policies generate from their parameters.
 * Only modules without I/O or Node imports belong here; Vite bundles them from ../../../src.
 */
export { actionMatches } from '../../../src/auth/action-pattern.js';
export { generatedRuleSets } from '../../../src/policy/generated-rule-sets.js';
export { CONTROL_STATES, RECOMMENDATION_STATES, SEVERITIES, type PolicyKind } from '../../../src/policy/policy-vocabulary.js';
export type { AutomationRuleSet } from '../../../src/automations/automation-types.js';
