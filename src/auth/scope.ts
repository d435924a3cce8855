/**
 * Scopes form a tree: `/` (the tenant root) ⊃ management groups ⊃ subscriptions ⊃ resource groups ⊃ resources
 * (and their child resources). A role assigned at a scope applies to everything below it.
 */

/**
 * Where a subscription sits among management groups, outermost first: from the tenant root group `root` down to its
 * own group (empty when no tree is kept: directly under `/`).
 */
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
  for (const end of nameEnds(parts)) chain.push(`/${parts.slice(0, end + 1).join('/')}`);
  if (chain[chain.length - 1] !== target) chain.push(target);
  return chain;
}

/**
 * Where each scope's name sits, read by the shape of an ARM id rather than by searching for words (a resource group
 * may be called `providers`): `subscriptions/{id}`, `resourceGroups/{name}`, then `providers/{namespace}` followed
 * by `type/name` pairs, again after each nested `providers/{namespace}` (extension resources).
 */
function nameEnds(parts: readonly string[]): number[] {
  const ends: number[] = [];
  let index = 0;
  if (parts[0] === 'subscriptions' && parts.length > 1) {
    ends.push(1);
    index = 2;
    if (parts[index] === 'resourcegroups' && parts.length > index + 1) {
      ends.push(index + 1);
      index += 2;
    }
  }
  while (index < parts.length) {
    if (parts[index] === 'providers') {
      index += 2;
      continue;
    }
    if (index + 1 < parts.length) ends.push(index + 1);
    index += 2;
  }
  return ends;
}

export function isWithin(scope: string, container: string, hierarchy: ScopeHierarchy): boolean {
  return scopeChain(scope, hierarchy).includes(normalizeScope(container));
}
