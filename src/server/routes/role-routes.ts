/**
 * Microsoft.Authorization role definitions and role assignments at every scope: the tenant root (`/api/providers/…`),
 * management groups, subscriptions, resource groups and resources. Each scope shape is its own parametric route, so
 * the router prefers these over the catch-all routes other modules serve (`/api/subscriptions/*`).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type RoleDefinitionResource, builtInUnchangeable } from '../../services/role-service.js';
import { GUID, parseScope } from '../../services/role-scope.js';
import { parseCustomRole } from '../../services/role-definition-input.js';
import { ApiError, badRequest } from '../api-error.js';
import type { AppContext } from '../app-context.js';
import { demand, may } from '../authorization.js';
import { at, listing } from '../permissions.js';

const ASSIGNMENTS = '/providers/Microsoft.Authorization/roleAssignments';
const DEFINITIONS = '/providers/Microsoft.Authorization/roleDefinitions';

const ASSIGNMENT_READ = 'Microsoft.Authorization/roleAssignments/read';
const ASSIGNMENT_WRITE = 'Microsoft.Authorization/roleAssignments/write';
const ASSIGNMENT_DELETE = 'Microsoft.Authorization/roleAssignments/delete';
const DEFINITION_READ = 'Microsoft.Authorization/roleDefinitions/read';
const DEFINITION_WRITE = 'Microsoft.Authorization/roleDefinitions/write';
const DEFINITION_DELETE = 'Microsoft.Authorization/roleDefinitions/delete';

/** Scopes custom roles may be created at and assigned to. */
export const CONTAINER_SCOPES = ['', '/providers/Microsoft.Management/managementGroups/:mg', '/subscriptions/:sub', '/subscriptions/:sub/resourceGroups/:rg'];
/** Resources (and their child resources), under a subscription or a resource group. */
const RESOURCE_SCOPES = [
  '/subscriptions/:sub/providers/:ns/:type/:name',
  '/subscriptions/:sub/providers/:ns/:type/:name/:childType/:childName',
  '/subscriptions/:sub/resourceGroups/:rg/providers/:ns/:type/:name',
  '/subscriptions/:sub/resourceGroups/:rg/providers/:ns/:type/:name/:childType/:childName',
];
/** Every scope shape a route can name: the root, containers, resources and their children. */
export const ALL_SCOPES = [...CONTAINER_SCOPES, ...RESOURCE_SCOPES];

type Params = Readonly<Record<string, string>>;
type Query = Readonly<Record<string, unknown>>;
const tags = ['Access control'];

/** The scope a route's path names: its pattern with the parameters filled in (`/` for the root). */
const scopeFrom = (pattern: string) => (params: Params) => pattern.replace(/:(\w+)/g, (_, name: string) => params[name] ?? '') || '/';

/** The scope a request's path names, checked (400 `InvalidScope`). */
export function checkedScope(pattern: string, request: FastifyRequest): string {
  const text = scopeFrom(pattern)(request.params as Params);
  const parsed = parseScope(text);
  if (parsed === undefined) throw badRequest('InvalidScope', `'${text}' is not a valid scope.`, 'scope');
  return parsed.scope;
}

function guidParam(request: FastifyRequest, param: 'id' | 'guid', what: 'RoleAssignment' | 'RoleDefinition'): string {
  const value = (request.params as Params)[param] ?? '';
  if (!GUID.test(value)) {
    const target = what === 'RoleAssignment' ? 'roleAssignmentName' : 'roleDefinitionId';
    throw badRequest(`Invalid${what}Id`, `The ${what === 'RoleAssignment' ? 'role assignment' : 'role definition'} id '${value}' is not valid: it must be a GUID.`, target);
  }
  return value.toLowerCase();
}

const filterOf = (request: FastifyRequest) => {
  const filter = (request.query as Query)['$filter'];
  if (filter !== undefined && typeof filter !== 'string') throw badRequest('InvalidFilter', '$filter must be given once.', '$filter');
  return filter;
};

const sent = <T>(reply: FastifyReply, created: boolean, body: T) => reply.status(created ? 201 : 200).send(body);

/** Whether the caller may perform `action` at every scope the role can be assigned at. */
const mayAtEach = (request: FastifyRequest, action: string, role: RoleDefinitionResource) => role.properties.assignableScopes.every((scope) => may(request, action, scope));

export function roleRoutes(app: FastifyInstance, context: AppContext): void {
  const { roles } = context;

  for (const pattern of ALL_SCOPES) {
    const scope = scopeFrom(pattern);

    // Role definitions: read at any scope.
    app.get(`/api${pattern}${DEFINITIONS}`, { schema: { tags }, config: { permission: at(DEFINITION_READ, scope) } }, async (request) => ({
      value: await roles.definitions(checkedScope(pattern, request), filterOf(request)),
    }));

    // A custom role is seen only where it can be assigned (role-service.ts).
    app.get(`/api${pattern}${DEFINITIONS}/:guid`, { schema: { tags }, config: { permission: at(DEFINITION_READ, scope) } }, async (request) => {
      const atScope = checkedScope(pattern, request);
      const guid = guidParam(request, 'guid', 'RoleDefinition');
      const definition = await roles.definitionAt(guid, atScope);
      if (definition === undefined) throw new ApiError(404, 'RoleDefinitionDoesNotExist', `The role definition '${guid}' does not exist at '${atScope}'.`);
      return definition;
    });

    // Role assignments.
    app.get(`/api${pattern}${ASSIGNMENTS}`, { schema: { tags }, config: { permission: listing(ASSIGNMENT_READ, scope) } }, async (request) => {
      const assignments = await roles.assignments(checkedScope(pattern, request), roles.assignmentQuery(filterOf(request)));
      return { value: assignments.filter((assignment) => may(request, ASSIGNMENT_READ, assignment.properties.scope)) };
    });

    app.get(`/api${pattern}${ASSIGNMENTS}/:id`, { schema: { tags }, config: { permission: at(ASSIGNMENT_READ, scope) } }, async (request) => {
      const atScope = checkedScope(pattern, request);
      const id = guidParam(request, 'id', 'RoleAssignment');
      const assignment = await roles.assignment(atScope, id);
      if (assignment === undefined) throw new ApiError(404, 'RoleAssignmentNotFound', `The role assignment '${id}' is not found at scope '${atScope}'.`);
      return assignment;
    });

    app.put(`/api${pattern}${ASSIGNMENTS}/:id`, { schema: { tags }, config: { permission: at(ASSIGNMENT_WRITE, scope) } }, async (request, reply) => {
      const atScope = checkedScope(pattern, request);
      const id = guidParam(request, 'id', 'RoleAssignment');
      const { created, resource } = await roles.putAssignment(atScope, id, request.body, request.principal?.id ?? null);
      return sent(reply, created, resource);
    });

    app.delete(`/api${pattern}${ASSIGNMENTS}/:id`, { schema: { tags }, config: { permission: at(ASSIGNMENT_DELETE, scope) } }, async (request, reply) => {
      const deleted = await roles.deleteAssignment(checkedScope(pattern, request), guidParam(request, 'id', 'RoleAssignment'));
      return deleted === undefined ? reply.status(204).send() : deleted;
    });
  }

  // Custom role definitions are created and deleted at the root, a management group, a subscription or a group.
  for (const pattern of CONTAINER_SCOPES) {
    const scope = scopeFrom(pattern);

    app.put(`/api${pattern}${DEFINITIONS}/:guid`, { schema: { tags }, config: { permission: at(DEFINITION_WRITE, scope) } }, async (request, reply) => {
      const atScope = checkedScope(pattern, request);
      const guid = guidParam(request, 'guid', 'RoleDefinition');
      if (roles.isBuiltIn(guid)) throw builtInUnchangeable(guid, 'changed');
      const input = parseCustomRole(request.body, atScope);
      // A role is changed everywhere it can be assigned: the caller needs the right at each of those scopes.
      for (const assignable of input.assignableScopes) demand(request, DEFINITION_WRITE, assignable);
      const existing = await roles.definition(guid);
      if (existing !== undefined) {
        // Where the role cannot be assigned, only someone who may change it everywhere learns that it exists.
        if (!roles.assignableAt(existing.properties, atScope) && !mayAtEach(request, DEFINITION_WRITE, existing)) {
          throw new ApiError(409, 'RoleDefinitionIdInUse', `The role definition id '${guid}' is in use; choose another.`, 'roleDefinitionId');
        }
        for (const assignable of existing.properties.assignableScopes) demand(request, DEFINITION_WRITE, assignable);
      }
      const { created, resource } = await roles.putDefinition(guid, input);
      return sent(reply, created, resource);
    });

    app.delete(`/api${pattern}${DEFINITIONS}/:guid`, { schema: { tags }, config: { permission: at(DEFINITION_DELETE, scope) } }, async (request, reply) => {
      const atScope = checkedScope(pattern, request);
      const guid = guidParam(request, 'guid', 'RoleDefinition');
      if (!roles.isBuiltIn(guid)) {
        const existing = await roles.definition(guid);
        if (existing === undefined) return reply.status(204).send();
        // Where it cannot be assigned it does not exist, unless the caller may delete it at each of its scopes.
        if (!roles.assignableAt(existing.properties, atScope) && !mayAtEach(request, DEFINITION_DELETE, existing)) return reply.status(204).send();
        for (const assignable of existing.properties.assignableScopes) demand(request, DEFINITION_DELETE, assignable);
      }
      const deleted = await roles.deleteDefinition(guid);
      return deleted === undefined ? reply.status(204).send() : deleted;
    });
  }
}
