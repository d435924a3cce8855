/**
 * What the hooks attach to a request, and what each route declares: who is calling (authentication), what they may
 * do (authorization) and the permission the route needs.
 */
import type { FastifyRequest } from 'fastify';
import type { Access } from '../auth/access.js';

export interface AuthenticatedPrincipal {
  readonly id: string;
  readonly name: string;
  readonly type: 'User' | 'ServicePrincipal';
}

/**
 * `action` at the scope a request names. `list: true` routes answer only the items the caller may read, so they are
 * not refused outright. `'authenticated'`: any signed-in principal (the catalogue, schemas, the caller's own
 * profile). `'public'`: no credentials at all (login, health).
 */
export type RoutePermission = ActionPermission | 'authenticated' | 'public';

export interface ActionPermission {
  readonly action: string;
  /** When the action depends on the request (an alert or an assessment read by id); `action` then describes it. */
  readonly actionOf?: (request: FastifyRequest) => string;
  readonly scope: (request: FastifyRequest) => string;
  readonly list?: boolean;
  /** How the docs describe a scope taken from the body rather than the path. */
  readonly scopeText?: string;
  /** Further permissions the request needs, each at its own scope (e.g. read on the alert a workflow is run for). */
  readonly also?: readonly ((request: FastifyRequest) => Requirement | undefined)[];
  readonly alsoText?: string;
}

export interface Requirement {
  readonly action: string;
  readonly scope: string;
}

/** Every route as registered, with its permission: the access-control table and its test are built from it. */
export interface RouteEntry {
  readonly method: string;
  readonly url: string;
  readonly permission: RoutePermission | undefined;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: AuthenticatedPrincipal;
    access?: Access;
  }
  interface FastifyContextConfig {
    permission?: RoutePermission;
  }
  interface FastifyInstance {
    readonly routeTable: RouteEntry[];
  }
}
