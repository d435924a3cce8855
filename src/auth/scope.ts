/**
 * Scopes form a tree: `/` (the tenant root) ⊃ management groups ⊃ subscriptions ⊃ resource groups ⊃ resources
 * (and their child resources). A role assigned at a scope applies to everything below it.
 */

/** Where a subscription sits among management groups, outermost first (empty: directly under the root). */
export interface ScopeHierarchy {
  managementGroupsOf(subscriptionId: string): readonly string[];
  /** Enclosing groups of a management group, outermost first (the group itself excluded). */
  parentsOfManagementGroup(name: string): readonly string[];
}

export const flatHierarchy: ScopeHierarchy = { managementGroupsOf: () => [], parentsOfManagementGroup: () => [] };

export const managementGroupScope = (name: string) => `/providers/Microsoft.Management/managementGroups/${name}`;

const SUBSCRIPTION = /^\/subscriptions\/([^/]+)/i;
const MANAGEMENT_GROUP = /^\/providers\/Microsoft\.Management\/managementGroups\/([^/]+)/i;

/** Lower case, no trailing slash; `/` for the root. */
export function normalizeScope(scope: string): string {
  const trimmed = scope.trim().replace(/\/+$/, '').toLowerCase();
  return trimmed === '' ? '/' : trimmed;
}

/**
 * Every scope that contains `scope`, from the root down to `scope` itself, normalised. A resource's parents are its
 * id's prefixes at each `/providers/…/type/name` boundary, so a run inherits from its workflow.
 */
export function scopeChain(scope: string, hierarchy: ScopeHierarchy): string[] {
  const target = normalizeScope(scope);
  const chain = ['/'];
  if (target === '/') return chain;
  const group = MANAGEMENT_GROUP.exec(target);
  if (group) {
    for (const parent of hierarchy.parentsOfManagementGroup(group[1] as string)) chain.push(normalizeScope(managementGroupScope(parent)));
    chain.push(normalizeScope(managementGroupScope(group[1] as string)));
    return chain;
  }
  const subscription = SUBSCRIPTION.exec(target);
  if (subscription) {
    for (const name of hierarchy.managementGroupsOf(subscription[1] as string)) chain.push(normalizeScope(managementGroupScope(name)));
  }
  const parts = target.split('/').slice(1);
  let path = '';
  for (let index = 0; index < parts.length; index++) {
    path += `/${parts[index]}`;
    // Scopes end at a name: after `subscriptions/{id}`, `resourceGroups/{name}`, or a resource `type/name` pair.
    if (isScopeBoundary(parts, index)) chain.push(path);
  }
  if (chain[chain.length - 1] !== target) chain.push(target);
  return chain;
}

function isScopeBoundary(parts: readonly string[], index: number): boolean {
  const providers = parts.indexOf('providers');
  if (providers === -1 || index < providers) return index % 2 === 1;
  // After `providers/Namespace`, names sit at every second segment: providers/ns/type/name/type/name…
  return index > providers + 1 && (index - providers) % 2 === 1;
}

export function isWithin(scope: string, container: string, hierarchy: ScopeHierarchy): boolean {
  return scopeChain(scope, hierarchy).includes(normalizeScope(container));
}
