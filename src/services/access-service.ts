/**
 * Loads what a principal may do: its role assignments with their role definitions (built-in or custom). Kept for
 * a moment per principal, and dropped at once when assignments or roles change in this process; the short life
 * bounds how long another process's change takes to apply.
 */
import type { Kysely } from 'kysely';
import type { ChangeFeed } from './change-feed.js';
import { Access, type EffectiveAssignment } from '../auth/access.js';
import { builtInRoles } from '../auth/built-in-roles.js';
import type { Permission, RoleDefinition } from '../auth/role-definition.js';
import { type ScopeHierarchy, flatHierarchy } from '../auth/scope.js';
import type { Database, RoleDefinitionTable } from '../store/database-schema.js';

const CACHE_MS = 2_000;

export function customRole(row: RoleDefinitionTable): RoleDefinition {
  return {
    id: row.id,
    name: row.id.split('/').pop() ?? row.id,
    roleName: row.role_name,
    description: row.description,
    roleType: 'CustomRole',
    permissions: JSON.parse(row.permissions) as Permission[],
    assignableScopes: JSON.parse(row.assignable_scopes) as string[],
  };
}

export class AccessService {
  private readonly cache = new Map<string, { access: Access; until: number }>();
  private changes: ChangeFeed | undefined;
  private readonly builtIn = new Map(builtInRoles.map((role) => [role.id.toLowerCase(), role]));

  constructor(
    private readonly db: Kysely<Database>,
    private readonly hierarchy: ScopeHierarchy = flatHierarchy,
  ) {}

  async accessFor(principalId: string): Promise<Access> {
    const cached = this.cache.get(principalId);
    if (cached !== undefined && cached.until > Date.now()) return cached.access;
    const rows = await this.db.selectFrom('role_assignments').select(['scope', 'role_definition_id']).where('principal_id', '=', principalId).execute();
    const custom = rows.some((row) => !this.builtIn.has(row.role_definition_id.toLowerCase()))
      ? new Map((await this.db.selectFrom('role_definitions').selectAll().execute()).map((row) => [row.id.toLowerCase(), customRole(row)]))
      : new Map<string, RoleDefinition>();
    const assignments: EffectiveAssignment[] = [];
    for (const row of rows) {
      const key = row.role_definition_id.toLowerCase();
      const role = this.builtIn.get(key) ?? custom.get(key);
      if (role !== undefined) assignments.push({ scope: row.scope, role });
    }
    const access = new Access(principalId, assignments, this.hierarchy);
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(principalId, { access, until: Date.now() + CACHE_MS });
    return access;
  }

  /** After any change to assignments or role definitions (in any process sharing the database). */
  invalidate(): void {
    this.cache.clear();
    this.changes?.changed('access');
  }

  /** Tells other processes when access changed here, and forgets cached access on theirs. */
  shareChanges(changes: ChangeFeed): void {
    this.changes = changes;
    changes.onRemoteChange((topic) => {
      if (topic === 'access') this.cache.clear();
    });
  }
}
