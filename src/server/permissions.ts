/**
 * Route permission declarations: the action a route needs and the scope its URL names. Every `/api` route uses one
 * of these (or 'authenticated' / 'public'); `docs/access-control.md` lists them and a test walks every route.
 */
import type { FastifyRequest } from 'fastify';
import { connectionReferenceId, declaredConnectionIds } from '../workflows/connection-references.js';
import { demand, may } from './authorization.js';
import type { ActionPermission } from './request-context.js';

type Params = Readonly<Record<string, string>>;

export const subscriptionScope = (p: Params) => `/subscriptions/${p['sub']}`;
export const groupScope = (p: Params) => `${subscriptionScope(p)}/resourceGroups/${p['rg']}`;
export const resourceScope = (type: string) => (p: Params) => `${groupScope(p)}/providers/${type}/${p['name']}`;
export const workflowScope = resourceScope('Microsoft.Logic/workflows');
export const runScope = (p: Params) => `${workflowScope(p)}/runs/${p['run']}`;

/** `action` at the scope built from the route's path parameters. */
export function at(action: string, scope: (params: Params) => string): ActionPermission {
  return { action, scope: (request: FastifyRequest) => scope(request.params as Params) };
}

/** A list: answered with only the items the caller may perform `action` on (refused when it can read nothing there). */
export function listing(action: string, scope: (params: Params) => string): ActionPermission {
  return { action, scope: (request: FastifyRequest) => scope(request.params as Params), list: true };
}

/** Keeps the page's `nextLink` (computed on the unfiltered page) and drops the items the caller may not read. */
export function readableOnly<T extends { readonly id: string }>(
  request: FastifyRequest,
  action: string,
  answer: { readonly value: readonly T[]; readonly nextLink?: string },
): { value: readonly T[]; nextLink?: string } {
  return { ...answer, value: answer.value.filter((item) => may(request, action, item.id)) };
}

const JOIN = 'Microsoft.Web/connections/join/action';
const GROUP = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\//i;

/** The one method of the connection service the join check needs. */
export interface ConnectionExistence {
  find(subscriptionId: string, resourceGroup: string, nameOrId: string): Promise<{ readonly id: string } | undefined>;
}

/**
 * As in Azure, using a connection (its stored credentials) in a workflow needs `join` on it, so the right to edit
 * workflows in one resource group does not lend the credentials kept in another. Checked when the workflow is saved
 * on every connection it can reach (`declaredConnectionIds`: `$connections`, given or defaulted, in any spelling,
 * and literal `host.connection.name`s); its runs may use no other (the connector client refuses them).
 *
 * A connection outside the workflow's resource group needs `join` whether it exists or not, so the answer never tells
 * whether there is one; one in the workflow's own group that does not exist yet (a Defender trigger's `ascalert`)
 * needs none.
 */
export async function demandConnectionJoins(request: FastifyRequest, connections: ConnectionExistence, workflowId: string, body: unknown): Promise<void> {
  const properties = isRecord(body) ? body['properties'] : undefined;
  const definition = isRecord(properties) ? properties['definition'] : undefined;
  const given = isRecord(properties) && isRecord(properties['parameters']) ? properties['parameters'] : {};
  const values: Record<string, unknown> = {};
  for (const [name, wrapper] of Object.entries(given)) if (isRecord(wrapper)) values[name] = wrapper['value'];
  const ownGroup = GROUP.exec(workflowId)?.[0].toLowerCase();
  for (const id of declaredConnectionIds(definition, values, workflowId)) {
    if (may(request, JOIN, id)) continue;
    // `find` takes a full id as is; the group arguments only place bare names.
    if (ownGroup !== undefined && id.startsWith(ownGroup) && (await connections.find('', '', id)) === undefined) continue;
    demand(request, JOIN, id);
  }
}

/**
 * A template deployment's `connections` (connector → name in the deployment's group, or id) need `join` before they
 * are looked up, so a refused caller learns nothing about what exists there (found, missing, or of another API).
 */
export function demandNamedConnectionJoins(request: FastifyRequest, groupScope: string, references: unknown): void {
  if (!isRecord(references)) return;
  for (const reference of Object.values(references)) {
    const id = typeof reference === 'string' ? connectionReferenceId(reference, groupScope) : undefined;
    if (id !== undefined) demand(request, JOIN, id);
  }
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
