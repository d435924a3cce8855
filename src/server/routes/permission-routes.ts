/**
 * What the caller may do at a scope, as ARM answers it (`Microsoft.Authorization/permissions`): the permissions of
 * every role the caller holds there or above. The web UI checks an action against them to disable a button with its
 * reason instead of letting the request fail. Any signed-in principal may ask, about itself only.
 */
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../api-error.js';
import { ALL_SCOPES, checkedScope } from './role-routes.js';

const PERMISSIONS = '/providers/Microsoft.Authorization/permissions';

export function permissionRoutes(app: FastifyInstance): void {
  for (const pattern of ALL_SCOPES) {
    app.get(`/api${pattern}${PERMISSIONS}`, { schema: { tags: ['Access control'] }, config: { permission: 'authenticated' } }, async (request) => {
      const scope = checkedScope(pattern, request);
      if (request.access === undefined) throw new ApiError(401, 'AuthenticationFailed', 'The request is not authenticated.');
      return { value: request.access.permissionsAt(scope).map(({ actions, notActions }) => ({ actions: [...actions], notActions: [...notActions] })) };
    });
  }
}
