/**
 * Role definitions (the built-in ones from code, custom ones stored) and role assignments (a principal, a role, a
 * scope), in Azure's Microsoft.Authorization shapes. Every change drops the cached access of every principal.
 *
 * A custom role is seen at a scope only where it can be assigned (one of its assignable scopes is the scope or
 * above it): elsewhere it is answered as absent, so the right to read roles in one subscription tells nothing of
 * another's. For the same reason, errors name only what the caller sent — never another scope's assignment or role.
 */
import { type Kysely, sql } from 'kysely';
import { OWNER_ROLE_ID, builtInRoles } from '../auth/built-in-roles.js';
import { type RoleDefinition, roleDefinitionId } from '../auth/role-definition.js';
import { type ScopeHierarchy, flatHierarchy, isWithin, normalizeScope, scopeChain } from '../auth/scope.js';
import { ApiError, badRequest } from '../server/api-error.js';
import type { Database, RoleAssignmentTable, RoleDefinitionTable } from '../store/database-schema.js';
import { lockForTransaction } from '../store/cluster-lock.js';
import { type AccessService, customRole } from './access-service.js';
import { equalsTerm, onlyTerms, parseFilter } from './odata-filter.js';
import type { CustomRoleInput } from './role-definition-input.js';
import { GUID, parseScope, scopePrefix } from './role-scope.js';

export const ROLE_DEFINITION_TYPE = 'Microsoft.Authorization/roleDefinitions';
export const ROLE_ASSIGNMENT_TYPE = 'Microsoft.Authorization/roleAssignments';

export interface RoleDefinitionResource {
  readonly id: string;
  readonly name: string;
  readonly type: typeof ROLE_DEFINITION_TYPE;
  readonly properties: {
    readonly roleName: string;
    readonly description: string;
    readonly type: 'BuiltInRole' | 'CustomRole';
    readonly permissions: readonly { readonly actions: readonly string[]; readonly notActions: readonly string[] }[];
    readonly assignableScopes: readonly string[];
    readonly createdOn?: string;
    readonly updatedOn?: string;
  };
}

export interface RoleAssignmentResource {
  readonly id: string;
  readonly name: string;
  readonly type: typeof ROLE_ASSIGNMENT_TYPE;
  readonly properties: {
    readonly scope: string;
    readonly principalId: string;
    readonly principalType: string;
    readonly roleDefinitionId: string;
    readonly roleName: string;
    readonly createdOn: string;
    readonly createdBy: string | null;
  };
}

export interface AssignmentQuery {
  /** Only assignments at the scope and above it (Azure's `atScope()`); otherwise also those below. */
  readonly atScopeOnly?: boolean;
  readonly principalId?: string;
}

export const assignmentId = (scope: string, name: string) => `${scopePrefix(scope)}/providers/Microsoft.Authorization/roleAssignments/${name}`;

/** A role definition reference as clients send it: the bare GUID, the listed id, or an id under any scope. */
export function roleGuidOf(reference: string): string | undefined {
  if (GUID.test(reference)) return reference.toLowerCase();
  const match = /^(.*)\/providers\/Microsoft\.Authorization\/roleDefinitions\/([^/]+)$/i.exec(reference.trim());
  if (match === null || !GUID.test(match[2] as string)) return undefined;
  const prefix = match[1] as string;
  if (prefix !== '' && parseScope(prefix) === undefined) return undefined;
  return (match[2] as string).toLowerCase();
}

function definitionResource(role: RoleDefinition, row?: RoleDefinitionTable): RoleDefinitionResource {
  return {
    id: role.id,
    name: role.name,
    type: ROLE_DEFINITION_TYPE,
    properties: {
      roleName: role.roleName,
      description: role.description,
      type: role.roleType,
      permissions: role.permissions.map((permission) => ({ actions: [...permission.actions], notActions: [...permission.notActions] })),
      assignableScopes: [...role.assignableScopes],
      ...(row === undefined ? {} : { createdOn: row.created_at, updatedOn: row.changed_at }),
    },
  };
}

type AssignmentRow = RoleAssignmentTable & { principal_type: string | null };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export class RoleService {
  private readonly builtIn = new Map(builtInRoles.map((role) => [role.name.toLowerCase(), role]));

  constructor(
    private readonly db: Kysely<Database>,
    private readonly access: AccessService,
    private readonly now: () => string,
    private readonly hierarchy: ScopeHierarchy = flatHierarchy,
  ) {}

  isBuiltIn(guid: string): boolean {
    return this.builtIn.has(guid.toLowerCase());
  }

  /** Whether `role` may be assigned at `scope`: one of its assignable scopes is the scope or contains it. */
  assignableAt(role: Pick<RoleDefinition, 'assignableScopes'>, scope: string): boolean {
    const chain = scopeChain(scope, this.hierarchy);
    return role.assignableScopes.some((assignable) => chain.includes(normalizeScope(assignable)));
  }

  // Role definitions

  /**
   * The definitions that can be assigned at `scope`: the built-in ones and the custom ones assignable there. With
   * `atScopeAndBelow()` (as in Azure), also the custom ones assignable only below it — which whoever may read role
   * definitions at `scope` may read at their own scopes anyway.
   */
  async definitions(scope: string, filter?: string): Promise<RoleDefinitionResource[]> {
    const terms = filter === undefined || filter.trim() === '' ? [] : parseFilter(filter);
    onlyTerms(terms, ['roleName', 'type'], ['atScopeAndBelow']);
    const roleName = equalsTerm(terms, 'roleName')?.toLowerCase();
    const type = equalsTerm(terms, 'type')?.toLowerCase();
    const calls = terms.filter((term) => term.kind === 'call');
    if (calls.some((term) => term.args.length > 0)) throw badRequest('InvalidFilter', 'atScopeAndBelow() takes no argument.', '$filter');
    const andBelow = calls.length > 0;
    const rows = await this.db.selectFrom('role_definitions').selectAll().orderBy('role_name').execute();
    const all = [...builtInRoles.map((role) => ({ role, row: undefined })), ...rows.map((row) => ({ role: customRole(row), row }))];
    return all
      .filter(({ role }) => this.assignableAt(role, scope) || (andBelow && role.assignableScopes.some((assignable) => isWithin(assignable, scope, this.hierarchy))))
      .filter(({ role }) => roleName === undefined || role.roleName.toLowerCase() === roleName)
      .filter(({ role }) => type === undefined || role.roleType.toLowerCase() === type)
      .map(({ role, row }) => definitionResource(role, row));
  }

  /** The definition as seen at `scope`: undefined when there is none, or it cannot be assigned there. */
  async definitionAt(reference: string, scope: string): Promise<RoleDefinitionResource | undefined> {
    const definition = await this.definition(reference);
    return definition !== undefined && this.assignableAt(definition.properties, scope) ? definition : undefined;
  }

  /** The definition wherever it is assignable (for callers that check rights at each of its scopes). */
  async definition(reference: string): Promise<RoleDefinitionResource | undefined> {
    const guid = roleGuidOf(reference);
    if (guid === undefined) return undefined;
    const builtIn = this.builtIn.get(guid);
    if (builtIn !== undefined) return definitionResource(builtIn);
    const row = await this.customRow(this.db, guid);
    return row === undefined ? undefined : definitionResource(customRole(row), row);
  }

  /** Creates or replaces a custom role; built-in roles cannot be changed. */
  async putDefinition(guid: string, input: CustomRoleInput): Promise<{ created: boolean; resource: RoleDefinitionResource }> {
    const key = guid.toLowerCase();
    if (this.isBuiltIn(key)) throw builtInUnchangeable(key, 'changed');
    const id = roleDefinitionId(key);
    const result = await this.db.transaction().execute(async (trx) => {
      await lockForTransaction(trx, 'riposte:access');
      const taken = [...builtInRoles.map((role) => ({ id: role.id, name: role.roleName })), ...(await trx.selectFrom('role_definitions').select(['id', 'role_name as name']).execute())].find(
        (role) => role.id.toLowerCase() !== id.toLowerCase() && role.name.toLowerCase() === input.roleName.toLowerCase(),
      );
      if (taken !== undefined) {
        // Names are unique in the tenant; which role holds it (maybe at a scope the caller cannot see) is not said.
        throw new ApiError(409, 'RoleDefinitionWithSameNameExists', `A role definition named '${input.roleName}' already exists.`, 'properties.roleName');
      }
      const existing = await this.customRow(trx, key);
      const now = this.now();
      const values = {
        role_name: input.roleName,
        description: input.description,
        permissions: JSON.stringify(input.permissions),
        assignable_scopes: JSON.stringify(input.assignableScopes),
        changed_at: now,
      };
      if (existing === undefined) {
        await trx.insertInto('role_definitions').values({ id, created_at: now, ...values }).execute();
      } else {
        const stranded = (await trx.selectFrom('role_assignments').select(['scope']).where('role_definition_id', '=', existing.id).execute()).filter(
          (assignment) => !this.assignableAt(input, assignment.scope),
        );
        if (stranded.length > 0) {
          throw new ApiError(
            409,
            'RoleDefinitionHasAssignments',
            `The role is assigned at ${stranded.length === 1 ? 'a scope' : `${stranded.length} scopes`} the new assignable scopes leave out; delete those assignments first.`,
            'properties.assignableScopes',
          );
        }
        await trx.updateTable('role_definitions').set(values).where('id', '=', existing.id).execute();
      }
      const row = (await this.customRow(trx, key)) as RoleDefinitionTable;
      return { created: existing === undefined, resource: definitionResource(customRole(row), row) };
    });
    this.access.invalidate();
    return result;
  }

  /** Undefined when there was no such custom role. Refused while any assignment uses it. */
  async deleteDefinition(guid: string): Promise<RoleDefinitionResource | undefined> {
    const key = guid.toLowerCase();
    if (this.isBuiltIn(key)) throw builtInUnchangeable(key, 'deleted');
    const deleted = await this.db.transaction().execute(async (trx) => {
      await lockForTransaction(trx, 'riposte:access');
      const row = await this.customRow(trx, key);
      if (row === undefined) return undefined;
      const used = await trx.selectFrom('role_assignments').select(['id']).where('role_definition_id', '=', row.id).executeTakeFirst();
      if (used !== undefined) {
        throw new ApiError(409, 'RoleDefinitionHasAssignments', `The role definition '${key}' is still assigned; delete its assignments first.`);
      }
      await trx.deleteFrom('role_definitions').where('id', '=', row.id).execute();
      return definitionResource(customRole(row), row);
    });
    if (deleted !== undefined) this.access.invalidate();
    return deleted;
  }

  private async customRow(db: Kysely<Database>, guid: string): Promise<RoleDefinitionTable | undefined> {
    return db.selectFrom('role_definitions').selectAll().where('id', '=', roleDefinitionId(guid)).executeTakeFirst();
  }

  private async role(db: Kysely<Database>, guid: string): Promise<RoleDefinition | undefined> {
    const builtIn = this.builtIn.get(guid);
    if (builtIn !== undefined) return builtIn;
    const row = await this.customRow(db, guid);
    return row === undefined ? undefined : customRole(row);
  }

  // Role assignments

  /**
   * PUT `{scope}/providers/Microsoft.Authorization/roleAssignments/{name}`: 201 when created, 200 when the same
   * assignment is PUT again. Assignments are never updated: another principal, role or scope under the same name is
   * a 409, and so is the same principal, role and scope under another name.
   */
  async putAssignment(scope: string, name: string, body: unknown, createdBy: string | null): Promise<{ created: boolean; resource: RoleAssignmentResource }> {
    const guid = name.toLowerCase();
    const properties = isObject(body) && isObject(body['properties']) ? body['properties'] : undefined;
    if (properties === undefined) throw badRequest('InvalidRequestContent', 'The body must be {"properties": {"principalId", "roleDefinitionId"}}.', 'properties');
    const principalId = properties['principalId'];
    if (typeof principalId !== 'string' || principalId.trim() === '') throw badRequest('InvalidRequestContent', 'properties.principalId must be a principal id.', 'properties.principalId');
    const reference = properties['roleDefinitionId'];
    if (typeof reference !== 'string' || reference.trim() === '') {
      throw badRequest('InvalidRequestContent', 'properties.roleDefinitionId must be a role definition id.', 'properties.roleDefinitionId');
    }
    const bodyScope = properties['scope'];
    if (bodyScope !== undefined && (typeof bodyScope !== 'string' || normalizeScope(bodyScope) !== normalizeScope(scope))) {
      throw badRequest('InvalidRequestContent', `properties.scope must be the scope in the URL ('${scope}') when given.`, 'properties.scope');
    }
    const roleGuid = roleGuidOf(reference);
    if (roleGuid === undefined) {
      throw badRequest('InvalidRoleDefinitionId', `The role definition id '${reference}' is not valid: use an id as listed by GET /api/providers/Microsoft.Authorization/roleDefinitions.`, 'properties.roleDefinitionId');
    }

    const id = assignmentId(scope, guid);
    const scopeKey = normalizeScope(scope);
    const result = await this.db.transaction().execute(async (trx) => {
      await lockForTransaction(trx, 'riposte:access');
      const principal = await trx.selectFrom('principals').select(['id', 'type']).where('id', '=', principalId.trim()).executeTakeFirst();
      if (principal === undefined) throw badRequest('PrincipalNotFound', `The principal '${principalId}' does not exist.`, 'properties.principalId');
      const principalType = properties['principalType'];
      if (principalType !== undefined && principalType !== principal.type) {
        throw badRequest('PrincipalTypeMismatch', `The principal '${principal.id}' is a ${principal.type}, not ${JSON.stringify(principalType)}.`, 'properties.principalType');
      }
      // As in Azure, a custom role that cannot be assigned here does not exist here (nor its name or scopes).
      const role = await this.role(trx, roleGuid);
      if (role === undefined || !this.assignableAt(role, scope)) {
        throw badRequest('RoleDefinitionDoesNotExist', `The role definition '${reference}' does not exist at '${scope}'.`, 'properties.roleDefinitionId');
      }
      const sameName = await trx.selectFrom('role_assignments').selectAll().where('name', '=', guid).executeTakeFirst();
      if (sameName !== undefined) {
        if (sameName.scope_key === scopeKey && sameName.principal_id === principal.id && sameName.role_definition_id.toLowerCase() === role.id.toLowerCase()) {
          return { created: false, id: sameName.id_key };
        }
        // Names are unique in the tenant: the assignment holding it may be at a scope the caller cannot see.
        throw new ApiError(
          409,
          'RoleAssignmentUpdateNotPermitted',
          `Tenant ID, application ID, principal ID, and scope are not allowed to be updated: a role assignment named '${guid}' exists with other content.`,
          'name',
        );
      }
      const twin = await trx
        .selectFrom('role_assignments')
        .select(['id'])
        .where('principal_id', '=', principal.id)
        .where('role_definition_id', '=', role.id)
        .where('scope_key', '=', scopeKey)
        .executeTakeFirst();
      if (twin !== undefined) throw new ApiError(409, 'RoleAssignmentExists', 'The role assignment already exists: the principal holds this role at this scope under another name.');
      await trx
        .insertInto('role_assignments')
        .values({
          id_key: id.toLowerCase(),
          id,
          name: guid,
          scope,
          scope_key: scopeKey,
          principal_id: principal.id,
          role_definition_id: role.id,
          created_by: createdBy,
          created_at: this.now(),
        })
        .execute();
      return { created: true, id: id.toLowerCase() };
    });
    if (result.created) this.access.invalidate();
    const resource = await this.assignmentByKey(result.id);
    if (resource === undefined) throw new ApiError(409, 'Conflict', `The role assignment '${id}' was deleted while it was being created.`);
    return { created: result.created, resource };
  }

  async assignment(scope: string, name: string): Promise<RoleAssignmentResource | undefined> {
    return this.assignmentByKey(assignmentId(scope, name).toLowerCase());
  }

  /**
   * Deletes an assignment; undefined when there was none. The last Owner assignment at the root cannot be deleted,
   * so an installation always keeps someone who can grant access.
   */
  async deleteAssignment(scope: string, name: string): Promise<RoleAssignmentResource | undefined> {
    const key = assignmentId(scope, name).toLowerCase();
    const deleted = await this.db.transaction().execute(async (trx) => {
      await lockForTransaction(trx, 'riposte:access');
      const [row] = await this.assignmentRows(trx, (query) => query.where('role_assignments.id_key', '=', key));
      if (row === undefined) return undefined;
      if (row.scope_key === '/' && row.role_definition_id.toLowerCase() === OWNER_ROLE_ID.toLowerCase()) {
        const others = await trx
          .selectFrom('role_assignments')
          .innerJoin('principals', 'principals.id', 'role_assignments.principal_id')
          .select(['role_assignments.id_key'])
          .where('role_assignments.scope_key', '=', '/')
          .where('role_assignments.role_definition_id', '=', OWNER_ROLE_ID)
          .where('role_assignments.id_key', '!=', key)
          .executeTakeFirst();
        if (others === undefined) {
          throw new ApiError(409, 'LastOwner', 'This is the last Owner assignment at the root scope; assign Owner at / to another principal before deleting it.');
        }
      }
      const [resource] = await this.resources(trx, [row]);
      await trx.deleteFrom('role_assignments').where('id_key', '=', key).execute();
      return resource;
    });
    if (deleted !== undefined) this.access.invalidate();
    return deleted;
  }

  /** Assignments at `scope`, at the scopes above it (they apply to it) and, unless `atScopeOnly`, below it. */
  async assignments(scope: string, query: AssignmentQuery = {}): Promise<RoleAssignmentResource[]> {
    const chain = scopeChain(scope, this.hierarchy);
    const key = normalizeScope(scope);
    const byPrefix = !query.atScopeOnly && key !== '/' && parseScope(scope)?.kind !== 'managementGroup';
    const rows = await this.assignmentRows(this.db, (select) => {
      let result = select;
      if (query.principalId !== undefined) result = result.where('role_assignments.principal_id', '=', query.principalId);
      // Below the root or a management group (whose subscriptions the hierarchy knows), filtered after reading.
      if (query.atScopeOnly) result = result.where('role_assignments.scope_key', 'in', chain);
      else if (byPrefix) {
        const pattern = `${key.replace(/[\\%_]/g, (char) => `\\${char}`)}/%`;
        result = result.where((eb) => eb.or([eb('role_assignments.scope_key', 'in', chain), sql<boolean>`role_assignments.scope_key like ${pattern} escape '\\'`]));
      }
      return result;
    });
    const shown = rows.filter((row) => chain.includes(row.scope_key) || (!query.atScopeOnly && isWithin(row.scope, scope, this.hierarchy)));
    return this.resources(this.db, shown);
  }

  /** The `$filter` of an assignment list: `atScope()`, `principalId eq '…'`, `assignedTo('…')`, joined by `and`. */
  assignmentQuery(filter: string | undefined): AssignmentQuery {
    if (filter === undefined || filter.trim() === '') return {};
    const terms = parseFilter(filter);
    onlyTerms(terms, ['principalId'], ['atScope', 'assignedTo']);
    let principalId = equalsTerm(terms, 'principalId');
    let atScopeOnly = false;
    for (const term of terms) {
      if (term.kind !== 'call') continue;
      if (term.name.toLowerCase() === 'atscope') {
        if (term.args.length > 0) throw badRequest('InvalidFilter', 'atScope() takes no argument.', '$filter');
        atScopeOnly = true;
      } else {
        if (term.args.length !== 1) throw badRequest('InvalidFilter', "assignedTo('<principal id>') takes one principal id.", '$filter');
        principalId = term.args[0];
      }
    }
    return { atScopeOnly, ...(principalId === undefined ? {} : { principalId }) };
  }

  private async assignmentByKey(key: string): Promise<RoleAssignmentResource | undefined> {
    const rows = await this.assignmentRows(this.db, (query) => query.where('role_assignments.id_key', '=', key));
    const [resource] = await this.resources(this.db, rows);
    return resource;
  }

  private assignmentRows(db: Kysely<Database>, narrow: (query: AssignmentSelect) => AssignmentSelect): Promise<AssignmentRow[]> {
    return narrow(selectAssignments(db)).execute();
  }

  private async resources(db: Kysely<Database>, rows: readonly AssignmentRow[]): Promise<RoleAssignmentResource[]> {
    const custom = rows.some((row) => !this.builtIn.has(row.role_definition_id.split('/').pop()?.toLowerCase() ?? ''))
      ? new Map((await db.selectFrom('role_definitions').selectAll().execute()).map((row) => [row.id.toLowerCase(), customRole(row)]))
      : new Map<string, RoleDefinition>();
    return rows.map((row) => {
      const guid = row.role_definition_id.split('/').pop()?.toLowerCase() ?? '';
      const role = this.builtIn.get(guid) ?? custom.get(row.role_definition_id.toLowerCase());
      return {
        id: row.id,
        name: row.name,
        type: ROLE_ASSIGNMENT_TYPE,
        properties: {
          scope: row.scope,
          principalId: row.principal_id,
          principalType: row.principal_type ?? 'Unknown',
          roleDefinitionId: role?.id ?? row.role_definition_id,
          roleName: role?.roleName ?? '',
          createdOn: row.created_at,
          createdBy: row.created_by,
        },
      };
    });
  }
}

function selectAssignments(db: Kysely<Database>) {
  return db
    .selectFrom('role_assignments')
    .leftJoin('principals', 'principals.id', 'role_assignments.principal_id')
    .selectAll('role_assignments')
    .select('principals.type as principal_type')
    .orderBy('role_assignments.scope_key')
    .orderBy('role_assignments.created_at')
    .orderBy('role_assignments.id_key');
}

type AssignmentSelect = ReturnType<typeof selectAssignments>;

export function builtInUnchangeable(guid: string, what: 'changed' | 'deleted'): ApiError {
  return new ApiError(409, 'BuiltInRoleDefinitionReadOnly', `The role definition '${guid}' is a built-in role; built-in roles cannot be ${what}.`, 'roleDefinitionId');
}
