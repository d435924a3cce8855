/**
 * The scopes policy lives at: a management group (`/providers/Microsoft.Management/managementGroups/{mg}`) or a
 * subscription (`/subscriptions/{sub}`), and the resource ids of what is assigned or run there.
 */
import { managementGroupScope } from '../auth/scope.js';

export type PolicyScope = { readonly kind: 'managementGroup'; readonly name: string } | { readonly kind: 'subscription'; readonly subscriptionId: string };

export const ASSIGNMENTS = 'providers/Microsoft.Authorization/policyAssignments';
export const REMEDIATIONS = 'providers/Microsoft.PolicyInsights/remediations';

const MANAGEMENT_GROUP = /^\/providers\/Microsoft\.Management\/managementGroups\/([^/]+)$/i;
const SUBSCRIPTION = /^\/subscriptions\/([^/]+)$/i;

export function scopeText(scope: PolicyScope): string {
  return scope.kind === 'managementGroup' ? managementGroupScope(scope.name) : `/subscriptions/${scope.subscriptionId}`;
}

export function parsePolicyScope(text: string): PolicyScope | undefined {
  const trimmed = text.trim().replace(/\/+$/, '');
  const group = MANAGEMENT_GROUP.exec(trimmed);
  if (group) return { kind: 'managementGroup', name: group[1] as string };
  const subscription = SUBSCRIPTION.exec(trimmed);
  if (subscription) return { kind: 'subscription', subscriptionId: subscription[1] as string };
  return undefined;
}

/** `{scope}/providers/Microsoft.Authorization/policyAssignments/{name}` split back into its scope and name. */
export function parseAssignmentId(id: string): { readonly scope: PolicyScope; readonly name: string } | undefined {
  const match = /^(.*)\/providers\/Microsoft\.Authorization\/policyAssignments\/([^/]+)$/i.exec(id.trim());
  if (match === null) return undefined;
  const scope = parsePolicyScope(match[1] as string);
  return scope === undefined ? undefined : { scope, name: match[2] as string };
}

export const assignmentId = (scope: string, name: string) => `${scope}/${ASSIGNMENTS}/${name}`;
export const remediationId = (scope: string, name: string) => `${scope}/${REMEDIATIONS}/${name}`;

export const subscriptionResourceId = (subscriptionId: string) => `/subscriptions/${subscriptionId}`;

/**
 * Names of assignments and remediations: what ARM accepts in a path segment, without characters that break ids, nor
 * control or invisible formatting characters (bidirectional overrides), so two names that look alike in a list are alike.
 */
const NAME = /^[^<>*%&:\\?+/#|"\p{Cc}\p{Cf}]{1,128}$/u;
export const isValidPolicyResourceName = (name: string) => NAME.test(name) && !name.endsWith('.') && name.trim() === name;
