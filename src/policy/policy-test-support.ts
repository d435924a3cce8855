/** Shared fixtures for the policy unit tests (excluded from the build). */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { findPolicyDefinition } from './policy-definitions.js';
import type { PolicyDefinition } from './policy-definition-types.js';
import { resolveParameters } from './policy-parameters.js';
import { CONTROL_STATES, MANUAL_TRIGGER, RECOMMENDATION_STATES, SEVERITIES, defenderTriggers } from './policy-vocabulary.js';

export const SUB = 'a5caac9c-5c04-49af-b3d0-e204f40345d5';
export const LOGIC_APP = `/subscriptions/${SUB}/resourceGroups/apps-rg/providers/Microsoft.Logic/workflows/notify-soc`;
export const CALLBACK = 'https://riposte.example/api/workflows/notify-soc/triggers/manual/paths/invoke?sig=secret';

function definition(id: string): PolicyDefinition {
  const found = findPolicyDefinition(id);
  assert.ok(found, `no definition ${id}`);
  return found;
}

export const alerts = definition('f1525828-9a90-4fcf-be48-268cdd02361e');
export const recommendations = definition('73d6ab6c-2475-4850-afd6-43795f3492ef');
export const compliance = definition('509122b9-ddd9-47ba-a5f1-d0dac20be63c');

/** The required parameters, wrapped as an assignment gives them. */
export function requiredParameters(overrides: Record<string, unknown> = {}): Record<string, { value: unknown }> {
  const plain: Record<string, unknown> = {
    automationName: 'asc-automation',
    resourceGroupName: 'asc-automation-rg',
    resourceGroupLocation: 'westeurope',
    logicAppResourceId: LOGIC_APP,
    logicAppTrigger: MANUAL_TRIGGER,
    ...overrides,
  };
  return Object.fromEntries(Object.entries(plain).map(([name, value]) => [name, { value }]));
}

/** Resolved values for the given plain (unwrapped) parameters; fails the test on any error. */
export function valuesOf(policy: PolicyDefinition, overrides: Record<string, unknown> = {}): Readonly<Record<string, unknown>> {
  const result = resolveParameters(policy, requiredParameters(overrides));
  assert.ok(result.ok, JSON.stringify(result.ok ? '' : result.errors));
  return result.value.values;
}

/** A non-empty, duplicate-free (case-insensitively) subset of `values`, in any order. */
function someOf(values: readonly string[]): fc.Arbitrary<string[]> {
  return fc.shuffledSubarray([...values], { minLength: 1 });
}

/** Free-text list items (recommendation keys, standard names): distinct ignoring case, never blank. */
const freeText = fc.uniqueArray(
  fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim() !== ''),
  { maxLength: 4, selector: (s) => s.toLowerCase() },
);

const trigger = (policy: PolicyDefinition): fc.Arbitrary<string> => fc.constantFrom(MANUAL_TRIGGER, defenderTriggers[policy.kind].display);

/** Any valid plain parameter set for the policy (beyond the required ones). */
export function validParameters(policy: PolicyDefinition): fc.Arbitrary<Record<string, unknown>> {
  const common = { logicAppTrigger: trigger(policy), createResourceGroup: fc.boolean() };
  switch (policy.kind) {
    case 'alerts':
      return fc.record({ ...common, alertName: fc.oneof(fc.constant(''), fc.string({ maxLength: 20 })), alertSeverities: someOf(SEVERITIES) });
    case 'recommendations':
      return fc.record({
        ...common,
        recommendationNames: freeText,
        recommendationSeverities: someOf(SEVERITIES),
        recommendationStates: someOf(RECOMMENDATION_STATES),
      });
    case 'regulatoryCompliance':
      return fc.record({ ...common, regulatoryComplianceStandards: freeText, regulatoryComplianceControlStates: someOf(CONTROL_STATES) });
  }
}
