/**
 * What one principal may do: its role assignments, each a role at a scope, applied to every scope below it.
 * Deny by default: an action is allowed only when some assignment on the scope's chain permits it.
 */
import { type Permission, type RoleDefinition, rolePermits } from './role-definition.js';
import { type ScopeHierarchy, normalizeScope, scopeChain } from './scope.js';

const MANAGEMENT_GROUP = /^\/providers\/microsoft\.management\/managementgroups\/[^/]+$/;

export interface EffectiveAssignment {
  readonly scope: string;
  readonly role: RoleDefinition;
}

export class Access {
  private readonly byScope = new Map<string, RoleDefinition[]>();
  private readonly permits = new Map<string, boolean>();

  constructor(
    readonly principalId: string,
    assignments: readonly EffectiveAssignment[],
    private readonly hierarchy: ScopeHierarchy,
  ) {
    for (const { scope, role } of assignments) {
      const key = normalizeScope(scope);
      const roles = this.byScope.get(key) ?? [];
      roles.push(role);
      this.byScope.set(key, roles);
    }
  }

  allows(action: string, scope: string): boolean {
    // The root heads every scope's chain: a role there (the first Owner's) decides before the chain is worked out,
    // which costs microseconds and is asked for every event posted.
    for (const role of this.byScope.get('/') ?? []) if (this.permitted(role, action)) return true;
    for (const key of scopeChain(scope, this.hierarchy)) {
      for (const role of this.byScope.get(key) ?? []) if (this.permitted(role, action)) return true;
    }
    return false;
  }

  /** The permissions of every role assigned at `scope` or above it, each role once: what the caller may do there. */
  permissionsAt(scope: string): Permission[] {
    const roles = new Map<string, RoleDefinition>();
    for (const key of scopeChain(scope, this.hierarchy)) for (const role of this.byScope.get(key) ?? []) roles.set(role.id.toLowerCase(), role);
    return [...roles.values()].flatMap((role) => role.permissions);
  }

  /**
   * True when some assignment at or below `scope` could permit `action` (a list under it may show something). Below
   * a management group lie its groups and subscriptions by the tree, not by id, so their chains are consulted.
   */
  mayHaveBelow(action: string, scope: string): boolean {
    const container = normalizeScope(scope);
    const prefix = container === '/' ? '/' : `${container}/`;
    const above = new Set(scopeChain(scope, this.hierarchy));
    const byTree = MANAGEMENT_GROUP.test(container);
    for (const [key, roles] of this.byScope) {
      const related = above.has(key) || key.startsWith(prefix) || (byTree && scopeChain(key, this.hierarchy).includes(container));
      if (!related) continue;
      if (roles.some((role) => this.permitted(role, action))) return true;
    }
    return false;
  }

  /**
   * Whether the principal holds any role at, above or below `scope`: as in Azure, a subscription is listed to
   * anyone with access to something in it, whatever the role.
   */
  holdsAnyRoleAround(scope: string): boolean {
    const container = normalizeScope(scope);
    const prefix = `${container}/`;
    const above = new Set(scopeChain(scope, this.hierarchy));
    for (const key of this.byScope.keys()) if (above.has(key) || key.startsWith(prefix)) return true;
    return false;
  }

  private permitted(role: RoleDefinition, action: string): boolean {
    const key = `${role.id}\n${action}`;
    let result = this.permits.get(key);
    if (result === undefined) {
      result = rolePermits(role, action);
      this.permits.set(key, result);
    }
    return result;
  }
}
