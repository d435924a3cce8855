/**
 * Subscriptions (placed in management groups) and their resource groups. A subscription that does not exist yet is
 * created where it will sit, so write is checked at its destination group; placing or moving one also needs
 * `managementGroups/subscriptions/write` at the destination group and, for a move, at the group it leaves.
 * These parametric routes sit beside the catch-all `/api/subscriptions/*` event routes; the router prefers them.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { HierarchyService } from '../../services/hierarchy-service.js';
import { ROOT_GROUP } from '../../services/hierarchy-tree.js';
import { managementGroupId, managementGroupIn } from '../../services/management-group-input.js';
import type { AppContext } from '../app-context.js';
import { may } from '../authorization.js';
import { at, groupScope, listing, subscriptionScope } from '../permissions.js';
import type { ActionPermission, Requirement } from '../request-context.js';

const SUBSCRIPTION_READ = 'Microsoft.Resources/subscriptions/read';
const SUBSCRIPTION_WRITE = 'Microsoft.Resources/subscriptions/write';
const SUBSCRIPTION_DELETE = 'Microsoft.Resources/subscriptions/delete';
const PLACE = 'Microsoft.Management/managementGroups/subscriptions/write';
const GRANT = 'Microsoft.Authorization/roleAssignments/write';
const GROUP_READ = 'Microsoft.Resources/subscriptions/resourceGroups/read';
const GROUP_WRITE = 'Microsoft.Resources/subscriptions/resourceGroups/write';
const GROUP_DELETE = 'Microsoft.Resources/subscriptions/resourceGroups/delete';

const SubParams = Type.Object({ sub: Type.String() });
const GroupParams = Type.Object({ sub: Type.String(), rg: Type.String() });
type SubParamsType = { sub: string };
type GroupParamsType = { sub: string; rg: string };

/** Where a PUT puts the subscription (its group's id) and where it is now (undefined when it does not exist yet). */
function placement(hierarchy: HierarchyService, request: FastifyRequest): { readonly current?: string; readonly destination: string } {
  const existing = hierarchy.findSubscription((request.params as Partial<SubParamsType>).sub ?? '');
  const current = existing === undefined ? undefined : existing.groupKey;
  const destination = (managementGroupIn(request.body) ?? current ?? ROOT_GROUP).toLowerCase();
  const id = (key: string) => managementGroupId(hierarchy.findGroup(key)?.name ?? key);
  return { ...(current === undefined ? {} : { current: id(current) }), destination: id(destination) };
}

function subscriptionWrite(hierarchy: HierarchyService): ActionPermission {
  const moving = (request: FastifyRequest) => {
    const { current, destination } = placement(hierarchy, request);
    return current !== undefined && current.toLowerCase() !== destination.toLowerCase();
  };
  return {
    action: SUBSCRIPTION_WRITE,
    // A new subscription is checked where it will be; an existing one at itself.
    scope: (request) => {
      const { current, destination } = placement(hierarchy, request);
      return current === undefined ? destination : subscriptionScope(request.params as SubParamsType);
    },
    scopeText: '`/subscriptions/{sub}`; for a new one its destination group `/providers/Microsoft.Management/managementGroups/{properties.managementGroupId}`',
    also: [
      (request): Requirement | undefined => {
        const { current, destination } = placement(hierarchy, request);
        return current === undefined || moving(request) ? { action: PLACE, scope: destination } : undefined;
      },
      (request): Requirement | undefined => (moving(request) ? { action: PLACE, scope: placement(hierarchy, request).current as string } : undefined),
      // Moving a subscription changes who inherits access to it: as in Azure, only someone who may grant access to
      // it (Owner, User Access Administrator) may move it, or a Contributor could carry it under a group they own.
      (request): Requirement | undefined => (moving(request) ? { action: GRANT, scope: subscriptionScope(request.params as SubParamsType) } : undefined),
    ],
    alsoText: `and \`${PLACE}\` at the destination group when it is created or moved; a move also needs \`${PLACE}\` at the group it leaves and \`${GRANT}\` on the subscription`,
  };
}

export function subscriptionRoutes(app: FastifyInstance, context: AppContext): void {
  const { hierarchy } = context;

  // Like ARM's subscription list: every subscription the caller may read, or holds any role at, above or in.
  app.get('/api/subscriptions', { schema: { tags: ['Subscriptions'] }, config: { permission: 'authenticated' } }, async (request) => ({
    value: hierarchy.listSubscriptions().filter((subscription) => may(request, SUBSCRIPTION_READ, subscription.id) || request.access?.holdsAnyRoleAround(subscription.id) === true),
  }));

  app.get<{ Params: SubParamsType }>(
    '/api/subscriptions/:sub',
    { schema: { tags: ['Subscriptions'], params: SubParams }, config: { permission: at(SUBSCRIPTION_READ, subscriptionScope) } },
    async (request) => hierarchy.getSubscription(request.params.sub),
  );

  app.put<{ Params: SubParamsType }>(
    '/api/subscriptions/:sub',
    { schema: { tags: ['Subscriptions'], params: SubParams }, config: { permission: subscriptionWrite(hierarchy) } },
    async (request, reply) => {
      const { created, resource } = await hierarchy.putSubscription(request.params.sub, request.body);
      return reply.status(created ? 201 : 200).send(resource);
    },
  );

  app.delete<{ Params: SubParamsType }>(
    '/api/subscriptions/:sub',
    { schema: { tags: ['Subscriptions'], params: SubParams }, config: { permission: at(SUBSCRIPTION_DELETE, subscriptionScope) } },
    async (request, reply) => {
      const deleted = await hierarchy.deleteSubscription(request.params.sub);
      return deleted === undefined ? reply.status(204).send() : deleted;
    },
  );

  app.get<{ Params: SubParamsType }>(
    '/api/subscriptions/:sub/resourceGroups',
    { schema: { tags: ['Resource groups'], params: SubParams }, config: { permission: listing(GROUP_READ, subscriptionScope) } },
    async (request) => ({ value: (await hierarchy.listResourceGroups(request.params.sub)).filter((group) => may(request, GROUP_READ, group.id)) }),
  );

  app.get<{ Params: GroupParamsType }>(
    '/api/subscriptions/:sub/resourceGroups/:rg',
    { schema: { tags: ['Resource groups'], params: GroupParams }, config: { permission: at(GROUP_READ, groupScope) } },
    async (request) => hierarchy.getResourceGroup(request.params.sub, request.params.rg),
  );

  app.put<{ Params: GroupParamsType }>(
    '/api/subscriptions/:sub/resourceGroups/:rg',
    { schema: { tags: ['Resource groups'], params: GroupParams }, config: { permission: at(GROUP_WRITE, groupScope) } },
    async (request, reply) => {
      const { created, resource } = await hierarchy.putResourceGroup(request.params.sub, request.params.rg, request.body);
      return reply.status(created ? 201 : 200).send(resource);
    },
  );

  app.delete<{ Params: GroupParamsType }>(
    '/api/subscriptions/:sub/resourceGroups/:rg',
    { schema: { tags: ['Resource groups'], params: GroupParams }, config: { permission: at(GROUP_DELETE, groupScope) } },
    async (request, reply) => {
      const deleted = await hierarchy.deleteResourceGroup(request.params.sub, request.params.rg);
      return deleted === undefined ? reply.status(204).send() : deleted;
    },
  );
}
