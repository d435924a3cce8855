/** Policy: the built-in workflow-automation DeployIfNotExists definitions, their parameters, what they deploy, compliance. Pure. */
export { findPolicyDefinition, policyDefinitions, type PolicyDefinition, type PolicyKind, type PolicyParameterDefinition } from './policy-definitions.js';
export { resolveParameters, MAX_RULE_SETS, type ParameterError, type ResolvedParameters, type ResolveParametersResult } from './policy-parameters.js';
export { plannedAutomation, type PlannedAutomation, type TriggerChoice } from './planned-automation.js';
export { evaluateCompliance, type AutomationSnapshot, type ComplianceResult } from './compliance.js';
export { CONTRIBUTOR_ROLE_ID, MANUAL_TRIGGER, defenderTriggers } from './policy-vocabulary.js';
