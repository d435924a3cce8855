/**
 * Policy assignments: one of the built-in definitions with its parameters, at a management group or a subscription.
 * Each assignment gets a managed identity — a principal holding Contributor at the assignment's scope, as the
 * built-ins' `roleDefinitionIds` say — and every deployment it makes runs as that identity.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { roleDefinitionId } from '../auth/role-definition.js';
import { normalizeScope } from '../auth/scope.js';
import { type PolicyDefinition, type ResolvedParameters, findPolicyDefinition, resolveParameters } from '../policy/index.js';
import { ApiError, badRequest, notFound } from '../server/api-error.js';
import type { Database, PolicyAssignmentTable } from '../store/database-schema.js';
import type { AccessService } from './access-service.js';
import { type PolicyScope, assignmentId, scopeText } from './policy-scope.js';

const CONTRIBUTOR = roleDefinitionId('b24988ac-6180-42a0-ab88-20f7382dd24c');
const ENFORCEMENT_MODES = ['Default', 'DoNotEnforce'] as const;
type EnforcementMode = (typeof ENFORCEMENT_MODES)[number];

/** An assignment as the evaluator and the deployer use it: its row, its definition and every parameter's value. */
export interface StoredAssignment {
  readonly id: string;
  readonly key: string;
  readonly name: string;
  readonly scope: string;
  readonly definition: PolicyDefinition;
  readonly values: Readonly<Record<string, unknown>>;
  readonly notScopes: readonly string[];
  readonly enforcementMode: EnforcementMode;
  readonly identityPrincipalId: string;
  readonly row: PolicyAssignmentTable;
}

export interface PolicyAssignmentResource {
  readonly id: string;
  readonly type: 'Microsoft.Authorization/policyAssignments';
  readonly name: string;
  readonly location?: string;
  readonly identity: { readonly type: 'SystemAssigned'; readonly principalId: string };
  readonly properties: {
    readonly displayName: string;
    readonly description?: string;
    readonly policyDefinitionId: string;
    readonly scope: string;
    readonly notScopes: readonly string[];
    readonly parameters: Readonly<Record<string, { readonly value: unknown }>>;
    readonly enforcementMode: EnforcementMode;
    readonly metadata: { readonly createdBy: string | null; readonly createdOn: string; readonly updatedOn: string };
  };
}

/** A PUT body, validated: what is stored, and the parameters the route must authorise before anything is looked up. */
export interface AssignmentInput {
  readonly definition: PolicyDefinition;
  readonly parameters: ResolvedParameters;
  readonly displayName: string;
  readonly description?: string;
  readonly notScopes: readonly string[];
  readonly enforcementMode: EnforcementMode;
  readonly location?: string;
}

/** How an assignment's scope relates to subscriptions; the hierarchy service answers. */
export interface AssignmentHierarchy {
  isWithin(scope: string, container: string): boolean;
}

export type AssignmentListener = (change: { readonly assignment?: StoredAssignment; readonly deletedKey?: string }) => Promise<void>;

export class PolicyAssignmentService {
  private readonly listeners: AssignmentListener[] = [];

  constructor(
    private readonly db: Kysely<Database>,
    private readonly hierarchy: AssignmentHierarchy,
    private readonly access: AccessService,
    private readonly now: () => string,
  ) {}

  /** Called after every create, update and delete, before the API answers (compliance is evaluated there). */
  onChange(listener: AssignmentListener): void {
    this.listeners.push(listener);
  }

  /** Validates a PUT body against the definition it names; nothing is looked up or stored. */
  parse(scope: PolicyScope, body: unknown): AssignmentInput {
    const properties = isRecord(body) ? body['properties'] : undefined;
    if (!isRecord(properties)) throw badRequest('InvalidRequestContent', 'The body must be {"properties": {"policyDefinitionId", "parameters"}}.', 'properties');
    const reference = properties['policyDefinitionId'];
    if (typeof reference !== 'string' || reference.trim() === '') {
      throw badRequest('InvalidRequestContent', 'properties.policyDefinitionId must be the id of a policy definition.', 'properties.policyDefinitionId');
    }
    const definition = findPolicyDefinition(reference);
    if (definition === undefined) {
      throw badRequest(
        'PolicyDefinitionNotFound',
        `The policy definition '${reference}' does not exist; GET /api/providers/Microsoft.Authorization/policyDefinitions lists the ones available.`,
        'properties.policyDefinitionId',
      );
    }
    const resolved = resolveParameters(definition, properties['parameters']);
    if (!resolved.ok) {
      const [first] = resolved.errors;
      throw badRequest(
        'InvalidPolicyParameters',
        `${first?.target}: ${first?.message}`,
        first?.target,
        resolved.errors.map((error) => ({ code: 'InvalidPolicyParameters', message: error.message, target: error.target })),
      );
    }
    const own = scopeText(scope);
    return {
      definition,
      parameters: resolved.value,
      displayName: optionalText(properties, 'displayName', 128) ?? definition.properties.displayName,
      ...optionalField('description', optionalText(properties, 'description', 512)),
      notScopes: this.notScopes(properties['notScopes'], own),
      enforcementMode: enforcementMode(properties['enforcementMode']),
      ...optionalField('location', optionalText(isRecord(body) ? body : {}, 'location', 90, 'location')),
    };
  }

  async put(scope: PolicyScope, name: string, input: AssignmentInput, createdBy: string | null): Promise<{ created: boolean; resource: PolicyAssignmentResource }> {
    const own = scopeText(scope);
    const id = assignmentId(own, name);
    const key = id.toLowerCase();
    const now = this.now();
    const created = await this.db.transaction().execute(async (trx) => {
      const existing = await trx.selectFrom('policy_assignments').selectAll().where('id_key', '=', key).executeTakeFirst();
      if (existing !== undefined && existing.policy_definition_id.toLowerCase() !== input.definition.id.toLowerCase()) {
        throw badRequest(
          'PolicyDefinitionIdUpdateNotAllowed',
          `The assignment '${name}' assigns '${existing.policy_definition_id}'; delete it to assign another definition under this name.`,
          'properties.policyDefinitionId',
        );
      }
      const identity = existing?.identity_principal_id ?? (await this.createIdentity(trx, name, own, createdBy, now));
      const row: PolicyAssignmentTable = {
        id_key: key,
        id: existing?.id ?? id,
        name: existing?.name ?? name,
        scope: existing?.scope ?? own,
        scope_key: normalizeScope(own),
        policy_definition_id: input.definition.id,
        display_name: input.displayName,
        description: input.description ?? null,
        parameters: JSON.stringify(input.parameters.given),
        not_scopes: JSON.stringify(input.notScopes),
        enforcement_mode: input.enforcementMode,
        location: input.location ?? null,
        identity_principal_id: identity,
        created_by: existing?.created_by ?? createdBy,
        created_at: existing?.created_at ?? now,
        changed_at: now,
      };
      if (existing === undefined) await trx.insertInto('policy_assignments').values(row).execute();
      else await trx.updateTable('policy_assignments').set(row).where('id_key', '=', key).execute();
      return existing === undefined;
    });
    this.access.invalidate();
    const stored = await this.stored(id);
    if (stored === undefined) throw notFound('policy assignment', id);
    await this.notify({ assignment: stored });
    return { created, resource: toResource(stored) };
  }

  async get(id: string): Promise<PolicyAssignmentResource> {
    const stored = await this.stored(id);
    if (stored === undefined) throw new ApiError(404, 'PolicyAssignmentNotFound', `The policy assignment '${id}' was not found.`);
    return toResource(stored);
  }

  /** The assignment, with its definition and resolved parameters; undefined when there is none. */
  async stored(id: string): Promise<StoredAssignment | undefined> {
    const row = await this.db.selectFrom('policy_assignments').selectAll().where('id_key', '=', id.toLowerCase()).executeTakeFirst();
    return row === undefined ? undefined : toStored(row);
  }

  /** Every assignment (there are few: one per rollout, not per subscription). */
  async all(): Promise<StoredAssignment[]> {
    const rows = await this.db.selectFrom('policy_assignments').selectAll().orderBy('id_key').execute();
    return rows.map(toStored);
  }

  /**
   * Assignments related to a scope: `atScope` those at it or above it (what applies there); otherwise also those
   * below it, as ARM lists them without a filter.
   */
  async list(scope: string, options: { readonly atScope?: boolean; readonly exact?: boolean } = {}): Promise<PolicyAssignmentResource[]> {
    const key = normalizeScope(scope);
    const related = (await this.all()).filter((assignment) => {
      const at = assignment.row.scope_key;
      if (options.exact) return at === key;
      const above = this.hierarchy.isWithin(scope, assignment.scope);
      return options.atScope ? above : above || this.hierarchy.isWithin(assignment.scope, scope);
    });
    return related.map(toResource);
  }

  async delete(id: string): Promise<PolicyAssignmentResource | undefined> {
    const stored = await this.stored(id);
    if (stored === undefined) return undefined;
    await this.db.transaction().execute(async (trx) => {
      // Its identity is about to go: a task still deploying as it would fail everywhere, for a cause no re-run can fix.
      const running = await trx
        .selectFrom('remediations')
        .select('name')
        .where('policy_assignment_id', '=', stored.id)
        .where('provisioning_state', 'in', ['Accepted', 'Running', 'Canceling'])
        .executeTakeFirst();
      if (running !== undefined) {
        throw new ApiError(409, 'RemediationInProgress', `The remediation '${running.name}' of this assignment is still running; cancel it or wait for it to finish first.`);
      }
      await trx.deleteFrom('policy_assignments').where('id_key', '=', stored.key).execute();
      await trx.deleteFrom('policy_states').where('assignment_key', '=', stored.key).execute();
      await trx.deleteFrom('role_assignments').where('principal_id', '=', stored.identityPrincipalId).execute();
      await trx.deleteFrom('principals').where('id', '=', stored.identityPrincipalId).execute();
    });
    this.access.invalidate();
    await this.notify({ deletedKey: stored.key });
    return toResource(stored);
  }

  private async notify(change: Parameters<AssignmentListener>[0]): Promise<void> {
    for (const listener of this.listeners) await listener(change);
  }

  private notScopes(value: unknown, own: string): string[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) throw badRequest('InvalidRequestContent', 'properties.notScopes must be an array of scopes inside the assignment scope.', 'properties.notScopes');
    return value.map((scope, index) => {
      const target = `properties.notScopes[${index}]`;
      if (typeof scope !== 'string' || !scope.startsWith('/')) throw badRequest('InvalidNotScope', `${target} must be a scope such as /subscriptions/{id}.`, target);
      const trimmed = scope.trim().replace(/\/+$/, '');
      if (normalizeScope(trimmed) === normalizeScope(own) || !this.hierarchy.isWithin(trimmed, own)) {
        throw badRequest('InvalidNotScope', `${target} ('${scope}') must be a scope below the assignment's scope '${own}'.`, target);
      }
      return trimmed;
    });
  }

  private async createIdentity(trx: Transaction<Database>, name: string, scope: string, createdBy: string | null, now: string): Promise<string> {
    const principalId = randomUUID();
    await trx
      .insertInto('principals')
      .values({ id: principalId, name: `policy-assignment-${name}-${principalId.slice(0, 8)}`, role: '', type: 'ServicePrincipal', password_hash: null, created_at: now })
      .execute();
    await this.grant(trx, principalId, CONTRIBUTOR, scope, createdBy, now);
    return principalId;
  }

  private async grant(trx: Transaction<Database>, principalId: string, role: string, scope: string, createdBy: string | null, now: string): Promise<void> {
    const name = randomUUID();
    const id = `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`;
    await trx
      .insertInto('role_assignments')
      .values({ id_key: id.toLowerCase(), id, name, scope, scope_key: normalizeScope(scope), principal_id: principalId, role_definition_id: role, created_by: createdBy, created_at: now })
      .execute();
  }
}

function toStored(row: PolicyAssignmentTable): StoredAssignment {
  const definition = findPolicyDefinition(row.policy_definition_id);
  if (definition === undefined) throw new Error(`policy assignment ${row.id} names unknown definition ${row.policy_definition_id}`);
  const resolved = resolveParameters(definition, JSON.parse(row.parameters));
  // Stored parameters were valid when stored; a definition that changed since would be a bug worth failing loudly.
  if (!resolved.ok) throw new Error(`policy assignment ${row.id} holds parameters its definition refuses: ${resolved.errors[0]?.message}`);
  return {
    id: row.id,
    key: row.id_key,
    name: row.name,
    scope: row.scope,
    definition,
    values: resolved.value.values,
    notScopes: JSON.parse(row.not_scopes) as string[],
    enforcementMode: row.enforcement_mode as EnforcementMode,
    identityPrincipalId: row.identity_principal_id,
    row,
  };
}

export function toResource(stored: StoredAssignment): PolicyAssignmentResource {
  const { row } = stored;
  return {
    id: row.id,
    type: 'Microsoft.Authorization/policyAssignments',
    name: row.name,
    ...(row.location === null ? {} : { location: row.location }),
    identity: { type: 'SystemAssigned', principalId: row.identity_principal_id },
    properties: {
      displayName: row.display_name,
      ...(row.description === null ? {} : { description: row.description }),
      policyDefinitionId: row.policy_definition_id,
      scope: row.scope,
      notScopes: stored.notScopes,
      parameters: JSON.parse(row.parameters) as Record<string, { value: unknown }>,
      enforcementMode: stored.enforcementMode,
      metadata: { createdBy: row.created_by, createdOn: row.created_at, updatedOn: row.changed_at },
    },
  };
}

function enforcementMode(value: unknown): EnforcementMode {
  if (value === undefined || value === null) return 'Default';
  const mode = typeof value === 'string' ? ENFORCEMENT_MODES.find((known) => known.toLowerCase() === value.toLowerCase()) : undefined;
  if (mode === undefined) throw badRequest('InvalidRequestContent', `properties.enforcementMode must be one of ${ENFORCEMENT_MODES.join(', ')}.`, 'properties.enforcementMode');
  return mode;
}

function optionalText(record: Readonly<Record<string, unknown>>, field: string, max: number, target = `properties.${field}`): string | undefined {
  const value = record[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.length > max) throw badRequest('InvalidRequestContent', `${target} must be a string of at most ${max} characters.`, target);
  return value;
}

function optionalField<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
