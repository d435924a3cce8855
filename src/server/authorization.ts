/**
 * What the caller may do, checked before a request body is even validated: every `/api` route declares the
 * permission it needs (see request-context.ts), and a route that declares none is refused — deny by default.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from './api-error.js';
import type { AppContext } from './app-context.js';
import { isApiRequest } from './authentication.js';
import type { RouteEntry } from './request-context.js';

export function forbidden(principalId: string, action: string, scope: string): ApiError {
  return new ApiError(
    403,
    'AuthorizationFailed',
    `The client '${principalId}' does not have authorization to perform action '${action}' over scope '${scope}'.`,
    scope,
    [{ code: 'MissingPermission', message: action, target: scope }],
  );
}

/** Refuses unless the caller may perform `action` at `scope` (for checks a route makes beyond its own permission). */
export function demand(request: FastifyRequest, action: string, scope: string): void {
  const { principal, access } = request;
  if (principal === undefined || access === undefined) throw new ApiError(401, 'AuthenticationFailed', 'The request is not authenticated.');
  if (!access.allows(action, scope)) throw forbidden(principal.id, action, scope);
}

/** Whether the caller may perform `action` at `scope` (to filter what a list shows). */
export function may(request: FastifyRequest, action: string, scope: string): boolean {
  return request.access?.allows(action, scope) === true;
}

/**
 * Path parameters are names: one segment each. The router decodes `%2F`, so a name holding `/` would make the
 * scope a request is checked at differ from the resource it acts on.
 */
function refuseSlashesInNames(request: FastifyRequest): void {
  for (const [name, value] of Object.entries((request.params ?? {}) as Record<string, unknown>)) {
    if (name !== '*' && typeof value === 'string' && (value.includes('/') || value.includes('\\') || value === '..' || value === '.')) {
      throw new ApiError(400, 'InvalidResourceName', `The path segment '${name}' must be a single name, not '${value}'.`, name);
    }
  }
}

export function installAuthorization(app: FastifyInstance, context: AppContext): void {
  app.decorate('routeTable', [] as RouteEntry[]);
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api')) return;
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') app.routeTable.push({ method, url: route.url, permission: route.config?.permission });
    }
  });
  app.addHook('preValidation', async (request) => {
    // By the matched route, not the raw URL: routing ignores case and decodes escapes (`/API/…`, `/%61pi/…`).
    if (!isApiRequest(request)) return;
    // No route matched: the not-found answer says so (after authentication, so it reveals nothing to strangers).
    if (request.is404) return;
    refuseSlashesInNames(request);
    const permission = request.routeOptions.config.permission;
    if (permission === 'public') return;
    if (request.principal === undefined) throw new ApiError(401, 'AuthenticationFailed', 'The request is not authenticated.');
    request.access = await context.access.accessFor(request.principal.id);
    if (permission === 'authenticated') return;
    if (permission === undefined) {
      throw new ApiError(403, 'AuthorizationFailed', `The route ${request.method} ${request.routeOptions.url ?? request.url} declares no permission, so it is refused.`);
    }
    const scope = permission.scope(request);
    const action = permission.actionOf?.(request) ?? permission.action;
    if (permission.list) {
      if (!request.access.mayHaveBelow(action, scope)) throw forbidden(request.principal.id, action, scope);
      return;
    }
    demand(request, action, scope);
    for (const requirement of permission.also ?? []) {
      const needed = requirement(request);
      if (needed !== undefined) demand(request, needed.action, needed.scope);
    }
  });
}
