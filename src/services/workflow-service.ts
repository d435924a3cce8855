/** Workflow resources: validated by the engine before they are stored; every change is a new immutable version. */
import type { Kysely } from 'kysely';
import type { ChangeFeed } from './change-feed.js';
import { type Value, isObject } from '../expressions/index.js';
import type { Database, WorkflowTable } from '../store/database-schema.js';
import { type CompiledWorkflow, compileWorkflow, resolveParameters } from '../workflows/index.js';
import { isSecureParameter } from '../workflows/compiler/parameter-check.js';
import { declaredConnectionIds } from '../workflows/connection-references.js';
import { type TriggerClassification, classifyTrigger } from '../workflows/defender-trigger.js';
import { ApiError, badRequest, notFound } from '../server/api-error.js';
import type { ResourceScopes } from './resource-scopes.js';

export interface WorkflowResource {
  readonly id: string;
  readonly name: string;
  readonly type: 'Microsoft.Logic/workflows';
  readonly location?: string;
  readonly tags: Record<string, string>;
  readonly properties: {
    readonly state: 'Enabled' | 'Disabled';
    readonly version: number;
    readonly createdTime: string;
    readonly changedTime: string;
    readonly definition: unknown;
    readonly parameters: Record<string, { value?: unknown }>;
    readonly accessEndpoint: string;
  };
}

export interface WorkflowVersion {
  readonly key: string;
  readonly id: string;
  readonly name: string;
  readonly version: number;
  readonly state: string;
  readonly workflow: CompiledWorkflow;
  readonly definition: unknown;
  readonly parameters: ReadonlyMap<string, Value>;
  /** What starts it, as workflow automation sees it (classified once per version). */
  readonly trigger: TriggerClassification;
  /** The only connections its runs may use (lower-cased ids; see connection-references.ts), found once per version. */
  readonly connections: readonly string[];
}

export function workflowId(subscription: string, resourceGroup: string, name: string): string {
  return `/subscriptions/${subscription}/resourceGroups/${resourceGroup}/providers/Microsoft.Logic/workflows/${name}`;
}

const NAME = /^[A-Za-z0-9_.()-]{1,80}$/;

export class WorkflowService {
  /** Compiled versions, so runs do not re-validate a definition each time. */
  private readonly compiled = new Map<string, WorkflowVersion>();
  private readonly currentByKey = new Map<string, WorkflowVersion>();
  private changes: ChangeFeed | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly scopes: ResourceScopes,
    private readonly publicUrl: string,
    private readonly now: () => string,
  ) {}

  /** Tells other processes which workflows this one changed, and drops its cached copies of theirs. */
  shareChanges(changes: ChangeFeed): void {
    this.changes = changes;
    changes.onRemoteChange((topic) => {
      if (topic.startsWith('workflow:')) this.forget(topic.slice('workflow:'.length));
      if (topic === 'workflows') {
        this.currentByKey.clear();
        this.compiled.clear();
      }
    });
  }

  /** Drops the cached current and compiled versions of a workflow (lower-cased id). */
  private forget(key: string): void {
    this.currentByKey.delete(key);
    for (const cached of this.compiled.keys()) if (cached.startsWith(`${key}#`)) this.compiled.delete(cached);
  }

  /**
   * Checks a workflow body as `put` would (400s name the field) without storing anything. A masked secure parameter
   * (`{}`) stands for "the stored value": it is checked as set, with a stand-in — never with the stored value, which
   * answers to a caller who may only validate would otherwise reveal, one allowed value at a time.
   */
  validate(name: string, body: unknown): void {
    checkWorkflow(name, withStandIns(body));
  }

  async put(subscription: string, resourceGroup: string, name: string, body: unknown): Promise<{ created: boolean; resource: WorkflowResource }> {
    const { resource, props, state, parameters } = checkWorkflow(name, body);
    const location = typeof resource['location'] === 'string' ? resource['location'] : null;
    const tags = isObject(resource['tags'] as Value) ? (resource['tags'] as Record<string, string>) : {};
    const id = workflowId(subscription, resourceGroup, name);
    const key = id.toLowerCase();
    const now = this.now();
    this.currentByKey.delete(key);
    const created = await this.db.transaction().execute(async (trx) => {
      await this.scopes.ensure(trx, subscription, resourceGroup, now);
      const existing = await trx.selectFrom('workflows').select(['id', 'version', 'created_at']).where('id_key', '=', key).executeTakeFirst();
      const version = (existing?.version ?? 0) + 1;
      const row: WorkflowTable = {
        id_key: key,
        id: existing?.id ?? id,
        subscription_id: subscription.toLowerCase(),
        resource_group: resourceGroup.toLowerCase(),
        name,
        location,
        tags: JSON.stringify(tags),
        state,
        version,
        created_at: existing?.created_at ?? now,
        changed_at: now,
      };
      if (existing) await trx.updateTable('workflows').set(row).where('id_key', '=', key).execute();
      else await trx.insertInto('workflows').values(row).execute();
      await trx
        .insertInto('workflow_versions')
        .values({ workflow_key: key, version, definition: JSON.stringify(props['definition']), parameters: JSON.stringify(parameters), created_at: now })
        .execute();
      return existing === undefined;
    });
    this.currentByKey.delete(key);
    this.changes?.changed(`workflow:${key}`);
    return { created, resource: await this.getResource(id) };
  }

  /**
   * Enables or disables a workflow without a new version (Logic Apps' `enable`/`disable` actions, which an operator
   * may use without the right to edit it).
   */
  async setState(id: string, state: 'Enabled' | 'Disabled'): Promise<WorkflowResource> {
    const key = id.toLowerCase();
    const result = await this.db.updateTable('workflows').set({ state, changed_at: this.now() }).where('id_key', '=', key).executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw notFound('workflow', id);
    // Compiled versions carry the state they were read with.
    this.forget(key);
    this.changes?.changed(`workflow:${key}`);
    return this.getResource(id);
  }

  /**
   * The body with each masked secure parameter (`{}`, as GET shows it) replaced by the value the current version
   * stores — only where the stored version declares that parameter secure with the same type, so re-declaring a
   * plain parameter (such as `$connections`) as secure never carries a value the caller could not send itself.
   * Callers check the result (connection joins) as if it had been sent.
   */
  async withStoredSecrets(id: string, body: unknown): Promise<unknown> {
    const masked = maskedSecureParameters(body);
    if (masked.length === 0) return body;
    const row = await this.db
      .selectFrom('workflows')
      .innerJoin('workflow_versions', (join) => join.onRef('workflow_versions.workflow_key', '=', 'workflows.id_key').onRef('workflow_versions.version', '=', 'workflows.version'))
      .select(['workflow_versions.parameters', 'workflow_versions.definition'])
      .where('workflows.id_key', '=', id.toLowerCase())
      .executeTakeFirst();
    if (row === undefined) return body;
    const storedValues = JSON.parse(row.parameters) as Record<string, unknown>;
    const storedSecure = new Map(secureDeclarations(JSON.parse(row.definition) as unknown).map((declaration) => [declaration.name.toLowerCase(), declaration.type]));
    const resource = body as Record<string, unknown>;
    const props = resource['properties'] as Record<string, unknown>;
    const parameters = { ...(props['parameters'] as Record<string, unknown>) };
    for (const { name, type } of masked) {
      if (storedSecure.get(name.toLowerCase()) !== type) continue;
      const kept = Object.entries(storedValues).find(([storedName]) => storedName.toLowerCase() === name.toLowerCase())?.[1];
      if (kept !== undefined) parameters[name] = kept;
    }
    return { ...resource, properties: { ...props, parameters } };
  }

  async getResource(id: string): Promise<WorkflowResource> {
    const row = await this.db.selectFrom('workflows').selectAll().where('id_key', '=', id.toLowerCase()).executeTakeFirst();
    if (row === undefined) throw notFound('workflow', id);
    return this.toResource(row);
  }

  async list(scope: { subscription: string; resourceGroup?: string }, top: number, after?: string): Promise<WorkflowResource[]> {
    let query = this.db.selectFrom('workflows').selectAll().where('subscription_id', '=', scope.subscription.toLowerCase());
    if (scope.resourceGroup !== undefined) query = query.where('resource_group', '=', scope.resourceGroup.toLowerCase());
    if (after !== undefined) query = query.where('id_key', '>', after);
    const rows = await query.orderBy('id_key').limit(top).execute();
    return Promise.all(rows.map((row) => this.toResource(row)));
  }

  /**
   * Deletes the workflow with its history, as Logic Apps does: its versions (a workflow created again under the
   * same name starts at version 1 and must not meet the old definitions), its runs and their actions (queued runs
   * of a workflow that no longer exists could never execute). Answers the runs that were executing, which the
   * caller stops: deleting a workflow cancels its running instances.
   */
  async delete(id: string): Promise<{ readonly deleted: boolean; readonly executingRuns: readonly string[] }> {
    const key = id.toLowerCase();
    const result = await this.db.transaction().execute(async (trx) => {
      const deleted = await trx.deleteFrom('workflows').where('id_key', '=', key).executeTakeFirst();
      const executing = await trx.selectFrom('runs').select('id').where('workflow_key', '=', key).where('status', '=', 'Running').execute();
      const runsOfWorkflow = trx.selectFrom('runs').select('id').where('workflow_key', '=', key);
      await trx.deleteFrom('run_actions').where('run_id', 'in', runsOfWorkflow).execute();
      await trx.deleteFrom('run_triggers').where('run_id', 'in', runsOfWorkflow).execute();
      await trx.deleteFrom('runs').where('workflow_key', '=', key).execute();
      await trx.deleteFrom('workflow_versions').where('workflow_key', '=', key).execute();
      return { deleted: Number(deleted.numDeletedRows) > 0, executingRuns: executing.map((run) => run.id) };
    });
    this.forget(key);
    this.changes?.changed(`workflow:${key}`);
    return result;
  }

  /**
   * The current version from memory when known: ingestion asks for it for every matched event. PUT and DELETE
   * through this service keep it exact (one process owns an embedded database).
   */
  async currentOrUndefined(id: string): Promise<WorkflowVersion | undefined> {
    const key = id.toLowerCase();
    const known = this.currentByKey.get(key);
    if (known !== undefined) return known;
    try {
      const version = await this.current(id);
      this.currentByKey.set(key, version);
      return version;
    } catch (error) {
      if (error instanceof ApiError && error.statusCode === 404) return undefined;
      throw error;
    }
  }

  /** The current version of a workflow, compiled (cached by id and version). */
  async current(id: string): Promise<WorkflowVersion> {
    const row = await this.db.selectFrom('workflows').select(['id', 'id_key', 'name', 'version', 'state']).where('id_key', '=', id.toLowerCase()).executeTakeFirst();
    if (row === undefined) throw notFound('workflow', id);
    return this.version(row.id_key, row.version);
  }

  /** A specific version (runs keep the version they started with). */
  async version(key: string, version: number): Promise<WorkflowVersion> {
    const cacheKey = `${key}#${version}`;
    const cached = this.compiled.get(cacheKey);
    if (cached !== undefined) return cached;
    const row = await this.db
      .selectFrom('workflow_versions')
      .innerJoin('workflows', 'workflows.id_key', 'workflow_versions.workflow_key')
      .select(['workflows.id', 'workflows.name', 'workflows.state', 'workflow_versions.definition', 'workflow_versions.parameters'])
      .where('workflow_versions.workflow_key', '=', key)
      .where('workflow_versions.version', '=', version)
      .executeTakeFirst();
    if (row === undefined) throw new ApiError(404, 'WorkflowVersionNotFound', `Version ${version} of workflow '${key}' was not found.`);
    const definition = JSON.parse(row.definition) as unknown;
    const compiled = compileWorkflow(definition);
    if (!compiled.ok) throw new ApiError(500, 'StoredDefinitionInvalid', `The stored definition of '${row.id}' no longer validates.`);
    const resolved = resolveParameters(compiled.workflow, unwrapParameters(JSON.parse(row.parameters)));
    if (!resolved.ok) throw new ApiError(500, 'StoredParametersInvalid', `The stored parameters of '${row.id}' no longer validate.`);
    const entry: WorkflowVersion = {
      key,
      id: row.id,
      name: row.name,
      version,
      state: row.state,
      workflow: compiled.workflow,
      definition,
      parameters: resolved.values,
      trigger: classifyTrigger(definition),
      connections: declaredConnectionIds(definition, Object.fromEntries(resolved.values), row.id),
    };
    if (this.compiled.size > 1000) this.compiled.clear();
    this.compiled.set(cacheKey, entry);
    return entry;
  }

  private async toResource(row: WorkflowTable): Promise<WorkflowResource> {
    const versionRow = await this.db
      .selectFrom('workflow_versions')
      .select(['definition', 'parameters'])
      .where('workflow_key', '=', row.id_key)
      .where('version', '=', row.version)
      .executeTakeFirstOrThrow();
    const definition = JSON.parse(versionRow.definition) as Record<string, unknown>;
    return {
      id: row.id,
      name: row.name,
      type: 'Microsoft.Logic/workflows',
      ...(row.location === null ? {} : { location: row.location }),
      tags: JSON.parse(row.tags) as Record<string, string>,
      properties: {
        state: row.state as 'Enabled' | 'Disabled',
        version: row.version,
        createdTime: row.created_at,
        changedTime: row.changed_at,
        definition,
        parameters: maskSecureParameters(definition, JSON.parse(versionRow.parameters) as Record<string, { value?: unknown }>),
        accessEndpoint: `${this.publicUrl}/api${row.id}`,
      },
    };
  }
}

interface CheckedWorkflow {
  readonly resource: Readonly<Record<string, unknown>>;
  readonly props: Readonly<Record<string, unknown>>;
  readonly state: 'Enabled' | 'Disabled';
  readonly parameters: unknown;
}

/** The checks `put` makes before it stores a workflow: its name, state, definition and parameters. */
interface SecureDeclaration {
  readonly name: string;
  /** Lower-cased: `securestring` or `secureobject`. */
  readonly type: string;
  readonly allowedValues?: readonly unknown[];
}

/** The secure parameters a definition declares. */
function secureDeclarations(definition: unknown): SecureDeclaration[] {
  const declared = isObject(definition as Value) ? (definition as Record<string, unknown>)['parameters'] : undefined;
  if (!isObject(declared as Value)) return [];
  const found: SecureDeclaration[] = [];
  for (const [name, declaration] of Object.entries(declared as Record<string, unknown>)) {
    const type = isObject(declaration as Value) ? (declaration as Record<string, unknown>)['type'] : undefined;
    if (typeof type !== 'string' || !isSecureParameter({ type })) continue;
    const allowed = (declaration as Record<string, unknown>)['allowedValues'];
    found.push({ name, type: type.toLowerCase(), ...(Array.isArray(allowed) ? { allowedValues: allowed } : {}) });
  }
  return found;
}

/** The secure parameters a body sends back masked (`{}`), as its own definition declares them. */
function maskedSecureParameters(body: unknown): SecureDeclaration[] {
  if (!isObject(body as Value)) return [];
  const props = (body as Record<string, unknown>)['properties'];
  if (!isObject(props as Value)) return [];
  const { definition, parameters } = props as Record<string, unknown>;
  if (!isObject(parameters as Value)) return [];
  const given = Object.entries(parameters as Record<string, unknown>);
  return secureDeclarations(definition).flatMap((declaration) => {
    const entry = given.find(([name]) => name.toLowerCase() === declaration.name.toLowerCase());
    return entry !== undefined && isObject(entry[1] as Value) && Object.keys(entry[1] as object).length === 0 ? [{ ...declaration, name: entry[0] }] : [];
  });
}

/** Masked secure parameters replaced by a value of their type (their first allowed value, if any) for checking. */
function withStandIns(body: unknown): unknown {
  const masked = maskedSecureParameters(body);
  if (masked.length === 0) return body;
  const resource = body as Record<string, unknown>;
  const props = resource['properties'] as Record<string, unknown>;
  const parameters = { ...(props['parameters'] as Record<string, unknown>) };
  for (const { name, type, allowedValues } of masked) parameters[name] = { value: allowedValues?.[0] ?? (type === 'secureobject' ? {} : '') };
  return { ...resource, properties: { ...props, parameters } };
}

function checkWorkflow(name: string, body: unknown): CheckedWorkflow {
  if (!NAME.test(name)) throw badRequest('InvalidResourceName', `The workflow name '${name}' must be 1-80 letters, digits, '_', '-', '.', '(' or ')'.`, 'name');
  if (!isObject(body as Value)) throw badRequest('InvalidRequestContent', 'The request body must be a JSON object.');
  const resource = body as Record<string, unknown>;
  const properties = resource['properties'];
  if (!isObject(properties as Value)) throw badRequest('InvalidRequestContent', "The workflow needs 'properties'.", 'properties');
  const props = properties as Record<string, unknown>;
  const stateText = props['state'] ?? 'Enabled';
  const state = typeof stateText === 'string' ? (['Enabled', 'Disabled'].find((s) => s.toLowerCase() === stateText.toLowerCase()) as 'Enabled' | 'Disabled' | undefined) : undefined;
  if (state === undefined) throw badRequest('InvalidWorkflowState', "'properties.state' must be 'Enabled' or 'Disabled'.", 'properties.state');
  if (!('definition' in props)) throw badRequest('InvalidRequestContent', "The workflow needs 'properties.definition'.", 'properties.definition');
  const compiled = compileWorkflow(props['definition']);
  if (!compiled.ok) {
    throw badRequest(
      'InvalidWorkflowDefinition',
      `The workflow definition is not valid: ${compiled.issues.length} problem(s), the first at '${compiled.issues[0]?.path}': ${compiled.issues[0]?.message}`,
      `properties.definition.${compiled.issues[0]?.path ?? ''}`,
      compiled.issues.map((issue) => ({ code: 'InvalidDefinition', message: issue.message, target: `properties.definition.${issue.path}` })),
    );
  }
  const parameters = props['parameters'] ?? {};
  const values = unwrapParameters(parameters);
  const resolved = resolveParameters(compiled.workflow, values);
  if (!resolved.ok) {
    throw badRequest(
      'InvalidWorkflowParameters',
      resolved.issues.map((issue) => issue.message).join(' '),
      `properties.${resolved.issues[0]?.path ?? 'parameters'}`,
    );
  }
  return { resource, props, state, parameters };
}

/** `{"name": {"value": …}}` → `{"name": …}`, with a 400 naming a malformed entry. */
function unwrapParameters(parameters: unknown): Record<string, Value> {
  if (!isObject(parameters as Value)) throw badRequest('InvalidWorkflowParameters', "'properties.parameters' must be an object.", 'properties.parameters');
  const values: Record<string, Value> = {};
  for (const [name, wrapper] of Object.entries(parameters as Record<string, unknown>)) {
    if (!isObject(wrapper as Value) || !('value' in (wrapper as object))) {
      throw badRequest('InvalidWorkflowParameters', `Parameter '${name}' must be written as {"value": ...}.`, `properties.parameters.${name}`);
    }
    values[name] = (wrapper as { value: Value }).value;
  }
  return values;
}

/** Secure parameter values are write-only: responses show that a value is set, never the value. */
function maskSecureParameters(definition: Record<string, unknown>, parameters: Record<string, { value?: unknown }>): Record<string, { value?: unknown }> {
  const declared = isObject(definition['parameters'] as Value) ? (definition['parameters'] as Record<string, { type: string }>) : {};
  const out: Record<string, { value?: unknown }> = {};
  for (const [name, wrapper] of Object.entries(parameters)) {
    const declaration = Object.entries(declared).find(([declaredName]) => declaredName.toLowerCase() === name.toLowerCase())?.[1];
    out[name] = declaration && typeof declaration.type === 'string' && isSecureParameter(declaration) ? {} : wrapper;
  }
  return out;
}
