/** The three built-in DeployIfNotExists policies Riposte implements, as data, and lookup by id or guid. */
import { alertsPolicy } from './alerts-policy.js';
import type { PolicyDefinition } from './policy-definition-types.js';
import { recommendationsPolicy } from './recommendations-policy.js';
import { regulatoryCompliancePolicy } from './regulatory-compliance-policy.js';

export type { PolicyDefinition, PolicyKind, PolicyParameterDefinition } from './policy-definition-types.js';

/** Shared module data handed to every caller, so frozen all the way down. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}

export const policyDefinitions: readonly PolicyDefinition[] = deepFreeze([alertsPolicy, recommendationsPolicy, regulatoryCompliancePolicy]);

const byKey = new Map<string, PolicyDefinition>(
  policyDefinitions.flatMap((definition) => [
    [definition.id.toLowerCase(), definition],
    [definition.name.toLowerCase(), definition],
  ]),
);

/** By full id or bare guid, case-insensitively; undefined when unknown. */
export function findPolicyDefinition(idOrName: string): PolicyDefinition | undefined {
  return byKey.get(idOrName.trim().replace(/\/+$/, '').toLowerCase());
}
