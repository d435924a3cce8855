/**
 * API connection resources (`Microsoft.Web/connections`): checked against the connector catalogue, secret parameter
 * values sealed at rest and never answered, resolved for `ApiConnection` calls, and tested against the service.
 */
import type { Kysely } from 'kysely';
import { type Value, isObject } from '../expressions/index.js';
import type { ConnectorCatalogue } from '../connectors/catalogue.js';
import type { ConnectionParameters, ConnectionTestResult, ConnectorParameter, ConnectorPorts } from '../connectors/connector.js';
import type { ConnectionResolver, ResolvedConnection } from '../connectors/connector-router.js';
import { scrubText } from '../connectors/scrub-secrets.js';
import { type SecretBox, SecretBoxError } from '../secrets/secret-box.js';
import { connectionReferenceId } from '../workflows/connection-references.js';
import { ConnectorNotConfiguredError } from '../workflows/ports.js';
import { badRequest, notFound } from '../server/api-error.js';
import type { ConnectionTable, Database } from '../store/database-schema.js';
import type { ResourceScopes } from './resource-scopes.js';

export interface ConnectionResource {
  readonly id: string;
  readonly name: string;
  readonly type: 'Microsoft.Web/connections';
  readonly location?: string;
  readonly tags: Record<string, string>;
  readonly properties: {
    readonly api: { readonly name: string; readonly displayName: string; readonly id: string };
    readonly displayName: string;
    /** Non-secret values only; secret ones are never answered. */
    readonly parameterValues: Record<string, string | number | boolean>;
    /** Every parameter that has a value, secret or not. */
    readonly parametersSet: readonly string[];
    readonly statuses: readonly { readonly status: string; readonly message?: string; readonly testedTime?: string }[];
    readonly overallStatus: string;
    readonly createdTime: string;
    readonly changedTime: string;
  };
}

export const connectionId = (subscription: string, resourceGroup: string, name: string) =>
  `/subscriptions/${subscription}/resourceGroups/${resourceGroup}/providers/Microsoft.Web/connections/${name}`;

export const managedApiId = (apiName: string) => `/providers/Microsoft.Web/managedApis/${apiName}`;

const NAME = /^[A-Za-z0-9_.()-]{1,80}$/;
const CONNECTION_ID = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Web\/connections\/([^/]+)$/i;
const TEST_TIMEOUT_MS = 15_000;

export class ConnectionService implements ConnectionResolver {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly scopes: ResourceScopes,
    private readonly catalogue: ConnectorCatalogue,
    private readonly box: SecretBox,
    private readonly ports: ConnectorPorts,
    private readonly now: () => string,
  ) {}

  /**
   * Creates or replaces a connection. A secret parameter left out of the body keeps its stored value (a client
   * that read the connection never saw it, and must be able to write the rest back); `null` clears it.
   */
  async put(subscription: string, resourceGroup: string, name: string, body: unknown): Promise<{ created: boolean; resource: ConnectionResource }> {
    if (!NAME.test(name)) throw badRequest('InvalidResourceName', `The connection name '${name}' must be 1-80 letters, digits, '_', '-', '.', '(' or ')'.`, 'name');
    const resource = isObject(body as Value) ? (body as Record<string, unknown>) : undefined;
    const properties = resource?.['properties'];
    if (resource === undefined || !isObject(properties as Value)) throw badRequest('InvalidRequestContent', "The connection needs 'properties'.", 'properties');
    const props = properties as Record<string, unknown>;
    const connector = this.catalogue.get(apiNameOf(props['api']));
    if (connector === undefined) {
      const known = this.catalogue.connectors.map((item) => item.name).join(', ');
      throw badRequest('InvalidApi', `'properties.api.name' must name a managed API: ${known}.`, 'properties.api.name');
    }
    const given = props['parameterValues'] ?? {};
    if (!isObject(given as Value)) throw badRequest('InvalidRequestContent', "'properties.parameterValues' must be an object.", 'properties.parameterValues');
    const id = connectionId(subscription, resourceGroup, name);
    const key = id.toLowerCase();
    const existing = await this.db.selectFrom('connections').selectAll().where('id_key', '=', key).executeTakeFirst();
    // Secrets sealed under a key since replaced cannot be kept; the body must set them again.
    let kept: Record<string, unknown> = {};
    if (existing !== undefined && existing.api_name === connector.name) {
      try {
        kept = this.secretsOf(existing);
      } catch (error) {
        if (!(error instanceof ConnectorNotConfiguredError)) throw error;
      }
    }
    const named = declaredNames(connector.parameters, given as Record<string, unknown>);
    // A kept secret must never follow the connection to a destination its owner did not send it to.
    const changed = existing === undefined ? undefined : changedParameter(connector.parameters, JSON.parse(existing.parameters) as Record<string, unknown>, named);
    const carried = Object.keys(kept).filter((secret) => !(secret in named));
    if (changed !== undefined && carried.length > 0) {
      throw badRequest(
        'SecretNotCarriedOver',
        `'${changed}' changed, so the stored ${carried.map((name) => `'${name}'`).join(', ')} is not sent to the new destination: send ${carried.length > 1 ? 'them' : 'it'} again (or null to clear).`,
        `properties.parameterValues.${carried[0]}`,
      );
    }
    const merged: Record<string, unknown> = { ...kept, ...named };
    const checked = this.catalogue.checkParameters(connector, merged, new Set(carried));
    if (!checked.ok) {
      throw badRequest(
        'InvalidConnectionParameters',
        checked.problems.map((problem) => problem.message).join(' '),
        `properties.parameterValues.${checked.problems[0]?.parameter ?? ''}`,
        checked.problems.map((problem) => ({ code: 'InvalidConnectionParameter', message: problem.message, target: `properties.parameterValues.${problem.parameter}` })),
      );
    }
    const secrets: Record<string, string | number | boolean> = {};
    const plain: Record<string, string | number | boolean> = {};
    for (const [parameter, value] of Object.entries(checked.values)) (checked.secretNames.includes(parameter) ? secrets : plain)[parameter] = value;
    const displayName = typeof props['displayName'] === 'string' ? props['displayName'] : name;
    const now = this.now();
    const row: ConnectionTable = {
      id_key: key,
      id: existing?.id ?? id,
      subscription_id: subscription.toLowerCase(),
      resource_group: resourceGroup.toLowerCase(),
      name: existing?.name ?? name,
      api_name: connector.name,
      display_name: displayName,
      location: typeof resource['location'] === 'string' ? resource['location'] : null,
      tags: JSON.stringify(isObject(resource['tags'] as Value) ? resource['tags'] : {}),
      parameters: JSON.stringify(plain),
      secret_names: JSON.stringify(Object.keys(secrets)),
      sealed_secrets: Object.keys(secrets).length === 0 ? null : this.box.seal(JSON.stringify(secrets), key),
      // New credentials have not been tested yet.
      test_status: null,
      test_message: null,
      tested_at: null,
      created_at: existing?.created_at ?? now,
      changed_at: now,
    };
    await this.db.transaction().execute(async (trx) => {
      await this.scopes.ensure(trx, subscription, resourceGroup, now);
      if (existing) await trx.updateTable('connections').set(row).where('id_key', '=', key).execute();
      else await trx.insertInto('connections').values(row).execute();
    });
    return { created: existing === undefined, resource: this.toResource(row) };
  }

  async get(id: string): Promise<ConnectionResource> {
    return this.toResource(await this.row(id));
  }

  async list(scope: { subscription: string; resourceGroup?: string }, top: number, after?: string): Promise<ConnectionResource[]> {
    let query = this.db.selectFrom('connections').selectAll().where('subscription_id', '=', scope.subscription.toLowerCase());
    if (scope.resourceGroup !== undefined) query = query.where('resource_group', '=', scope.resourceGroup.toLowerCase());
    if (after !== undefined) query = query.where('id_key', '>', after);
    const rows = await query.orderBy('id_key').limit(top).execute();
    return rows.map((row) => this.toResource(row));
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('connections').where('id_key', '=', id.toLowerCase()).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  /** A connection by name in a resource group, or by its full id (template deployment). */
  async find(subscription: string, resourceGroup: string, nameOrId: string): Promise<{ id: string; name: string; apiName: string } | undefined> {
    const id = CONNECTION_ID.test(nameOrId) ? nameOrId : connectionId(subscription, resourceGroup, nameOrId);
    const row = await this.db.selectFrom('connections').select(['id', 'name', 'api_name']).where('id_key', '=', id.toLowerCase()).executeTakeFirst();
    return row && { id: row.id, name: row.name, apiName: row.api_name };
  }

  /** Read at every call, not cached: a changed password takes effect at once, in every process. */
  async resolve(reference: string, workflowId: string): Promise<ResolvedConnection | undefined> {
    const id = connectionReferenceId(reference, workflowId);
    if (id === undefined) return undefined;
    const row = await this.db.selectFrom('connections').selectAll().where('id_key', '=', id.toLowerCase()).executeTakeFirst();
    if (row === undefined) return undefined;
    const parameters: ConnectionParameters = { ...(JSON.parse(row.parameters) as ConnectionParameters), ...this.secretsOf(row) };
    return { id: row.id, name: row.name, apiName: row.api_name, parameters };
  }

  /** The secret values of these connections, so a run's record can hide them wherever a service echoes one. */
  async secretValuesFor(connectionIds: readonly string[]): Promise<string[]> {
    if (connectionIds.length === 0) return [];
    const rows = await this.db.selectFrom('connections').selectAll().where('id_key', 'in', connectionIds.map((id) => id.toLowerCase())).execute();
    const values: string[] = [];
    for (const row of rows) {
      try {
        for (const value of Object.values(this.secretsOf(row))) values.push(String(value));
      } catch (error) {
        // An unreadable connection fails the actions that use it, with its own message; the run goes on.
        if (!(error instanceof ConnectorNotConfiguredError)) throw error;
      }
    }
    return values;
  }

  async test(id: string): Promise<ConnectionTestResult & { testedTime: string }> {
    const row = await this.row(id);
    const connector = this.catalogue.get(row.api_name);
    let result: ConnectionTestResult;
    let secrets: string[] = [];
    try {
      const resolved = await this.resolve(row.id, row.id);
      if (connector === undefined || resolved === undefined) throw new Error(`The API '${row.api_name}' is not provided by this server.`);
      secrets = connector.parameters.filter((parameter) => parameter.secret && parameter.name in resolved.parameters).map((parameter) => String(resolved.parameters[parameter.name]));
      result = await connector.test(resolved.parameters, this.ports, AbortSignal.timeout(TEST_TIMEOUT_MS));
    } catch (error) {
      result = { status: 'Error', message: error instanceof Error ? error.message : String(error) };
    }
    // A service's error text could quote what it was sent; the message is stored and answered, so scrub it.
    result = { status: result.status, message: scrubText(result.message, secrets) };
    const testedTime = this.now();
    await this.db
      .updateTable('connections')
      .set({ test_status: result.status, test_message: result.message, tested_at: testedTime })
      .where('id_key', '=', row.id_key)
      .execute();
    return { status: result.status, message: result.message, testedTime };
  }

  private async row(id: string): Promise<ConnectionTable> {
    const row = await this.db.selectFrom('connections').selectAll().where('id_key', '=', id.toLowerCase()).executeTakeFirst();
    if (row === undefined) throw notFound('connection', id);
    return row;
  }

  private secretsOf(row: ConnectionTable): Record<string, string | number | boolean> {
    if (row.sealed_secrets === null) return {};
    try {
      return JSON.parse(this.box.open(row.sealed_secrets, row.id_key)) as Record<string, string | number | boolean>;
    } catch (error) {
      if (!(error instanceof SecretBoxError)) throw error;
      throw new ConnectorNotConfiguredError(
        `The secrets of connection '${row.name}' cannot be read: ${error.message} Restore the secret key it was created with, or set the connection's secret parameters again.`,
      );
    }
  }

  private toResource(row: ConnectionTable): ConnectionResource {
    const connector = this.catalogue.get(row.api_name);
    const plain = JSON.parse(row.parameters) as Record<string, string | number | boolean>;
    const secretNames = JSON.parse(row.secret_names) as string[];
    const status = row.test_status ?? 'Untested';
    return {
      id: row.id,
      name: row.name,
      type: 'Microsoft.Web/connections',
      ...(row.location === null ? {} : { location: row.location }),
      tags: JSON.parse(row.tags) as Record<string, string>,
      properties: {
        api: { name: row.api_name, displayName: connector?.displayName ?? row.api_name, id: managedApiId(row.api_name) },
        displayName: row.display_name,
        parameterValues: plain,
        parametersSet: [...Object.keys(plain), ...secretNames],
        statuses: [{ status, ...(row.test_message === null ? {} : { message: row.test_message }), ...(row.tested_at === null ? {} : { testedTime: row.tested_at }) }],
        overallStatus: status,
        createdTime: row.created_at,
        changedTime: row.changed_at,
      },
    };
  }
}

/**
 * `api: {name: 'slack'}` or, as ARM templates write it, `api: {id: '/subscriptions/…/managedApis/slack'}`. With
 * both, they must agree: picking one would store a connection to an API its author may not have meant.
 */
function apiNameOf(api: unknown): string {
  if (!isObject(api as Value)) return '';
  const record = api as Record<string, unknown>;
  const name = typeof record['name'] === 'string' ? record['name'] : undefined;
  const id = typeof record['id'] === 'string' ? record['id'] : undefined;
  const idName = id?.split('/').pop();
  if (name !== undefined && idName !== undefined && name.toLowerCase() !== idName.toLowerCase()) {
    throw badRequest('InvalidApi', `'properties.api.name' ('${name}') and 'properties.api.id' ('${id}') name different APIs; send one, or make them agree.`, 'properties.api');
  }
  return name ?? idName ?? '';
}

/** The body's parameter names spelled as the connector declares them, so `Password` replaces a kept `password`. */
function declaredNames(declared: readonly ConnectorParameter[], given: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(given)) {
    out[declared.find((parameter) => parameter.name.toLowerCase() === name.toLowerCase())?.name ?? name] = value;
  }
  return out;
}

/** The first non-secret parameter (a host, a URL, a user name) given a value other than the stored one. */
function changedParameter(declared: readonly ConnectorParameter[], stored: Readonly<Record<string, unknown>>, given: Readonly<Record<string, unknown>>): string | undefined {
  const differs = (parameter: ConnectorParameter) =>
    !parameter.secret && parameter.name in given && given[parameter.name] !== null && String(given[parameter.name]) !== String(stored[parameter.name] ?? parameter.default ?? '');
  return declared.find(differs)?.name;
}
