/**
 * Route permission declarations: the action a route needs and the scope its URL names. Every `/api` route uses one
 * of these (or 'authenticated' / 'public'); `docs/access-control.md` lists them and a test walks every route.
 */
import type { FastifyRequest } from 'fastify';
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

const CONNECTION_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Web\/connections\/[^/]+$/i;

/**
 * As in Azure, using a connection (its stored credentials) in a workflow needs `join` on it, so the right to edit
 * workflows in one resource group does not lend the credentials kept in another.
 */
export function demandConnectionJoins(request: FastifyRequest, body: unknown): void {
  const value = (body as { properties?: { parameters?: { $connections?: { value?: unknown } } } } | undefined)?.properties?.parameters?.$connections?.value;
  if (typeof value !== 'object' || value === null) return;
  for (const entry of Object.values(value as Record<string, unknown>)) {
    const id = (entry as { connectionId?: unknown } | null)?.connectionId;
    if (typeof id === 'string' && CONNECTION_ID.test(id)) demand(request, 'Microsoft.Web/connections/join/action', id);
  }
}
