/**
 * Microsoft.Management management groups: the tree under the tenant root group `root`, its descendants and the
 * subscriptions placed directly in a group. Creating a group needs write at its parent; moving one, at both ends.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { HierarchyService } from '../../services/hierarchy-service.js';
import { ROOT_GROUP } from '../../services/hierarchy-tree.js';
import { SUBSCRIPTION_CHILD_TYPE } from '../../services/hierarchy-resources.js';
import { managementGroupId, parentIn } from '../../services/management-group-input.js';
import { badRequest } from '../api-error.js';
import type { AppContext } from '../app-context.js';
import { may } from '../authorization.js';
import { at, listing } from '../permissions.js';
import type { ActionPermission, Requirement } from '../request-context.js';

const GROUP_READ = 'Microsoft.Management/managementGroups/read';
const GRANT = 'Microsoft.Authorization/roleAssignments/write';
const GROUP_WRITE = 'Microsoft.Management/managementGroups/write';
const GROUP_DELETE = 'Microsoft.Management/managementGroups/delete';
const SUBSCRIPTION_READ = 'Microsoft.Resources/subscriptions/read';

const base = '/api/providers/Microsoft.Management/managementGroups';
const GroupParams = Type.Object({ mg: Type.String() });
type Params = { mg: string };
type Query = Readonly<Record<string, unknown>>;
const tags = ['Management groups'];

const groupScope = (params: Readonly<Record<string, string>>) => managementGroupId(params['mg'] ?? '');

/** A subscription or a group among children and descendants, checked with its own read action. */
const readable = (request: FastifyRequest) => (id: string, type: string) => may(request, type === SUBSCRIPTION_CHILD_TYPE ? SUBSCRIPTION_READ : GROUP_READ, id);

/** `$expand=children` (with `$recurse=true`, nested all the way down). */
function childrenView(query: Query): { expand: boolean; recurse: boolean } {
  const expand = query['$expand'];
  const recurse = query['$recurse'];
  if (expand !== undefined && typeof expand !== 'string') throw badRequest('InvalidQueryParameter', '$expand must be given once.', '$expand');
  const expanded = (expand ?? '').split(',').map((part) => part.trim().toLowerCase()).filter((part) => part !== '');
  const unknown = expanded.find((part) => part !== 'children');
  if (unknown !== undefined) throw badRequest('InvalidQueryParameter', `$expand supports 'children' only (got '${unknown}').`, '$expand');
  if (recurse !== undefined && recurse !== 'true' && recurse !== 'false') throw badRequest('InvalidQueryParameter', "$recurse must be 'true' or 'false'.", '$recurse');
  if (recurse === 'true' && expanded.length === 0) throw badRequest('InvalidQueryParameter', '$recurse=true needs $expand=children.', '$recurse');
  return { expand: expanded.length > 0, recurse: recurse === 'true' };
}

/** Where a PUT puts the group: its parent's id (none for the root), and whether it exists yet. */
function placement(hierarchy: HierarchyService, request: FastifyRequest): { readonly exists: boolean; readonly moving: boolean; readonly parent?: string; readonly currentParent?: string } {
  const name = (request.params as Partial<Params>).mg ?? '';
  const existing = hierarchy.findGroup(name);
  if (name.toLowerCase() === ROOT_GROUP) return { exists: existing !== undefined, moving: false };
  const parent = (parentIn(request.body) ?? existing?.parentKey ?? ROOT_GROUP).toLowerCase();
  const moving = existing !== undefined && existing.parentKey !== parent;
  const id = (key: string) => managementGroupId(hierarchy.findGroup(key)?.name ?? key);
  return { exists: existing !== undefined, moving, parent: id(parent), ...(existing?.parentKey ? { currentParent: id(existing.parentKey) } : {}) };
}

/**
 * A group that does not exist yet is created where it will be: write is checked at its parent (as Azure does). An
 * existing one is checked at itself, and a move also needs write at the new parent.
 */
function groupWrite(hierarchy: HierarchyService): ActionPermission {
  return {
    action: GROUP_WRITE,
    scope: (request) => {
      const { exists, parent } = placement(hierarchy, request);
      return exists || parent === undefined ? groupScope(request.params as Readonly<Record<string, string>>) : parent;
    },
    scopeText: '`/providers/Microsoft.Management/managementGroups/{mg}`; for a new one its parent `{properties.details.parent.id}` (default the root group)',
    also: [
      (request): Requirement | undefined => {
        const { moving, parent } = placement(hierarchy, request);
        return moving && parent !== undefined ? { action: GROUP_WRITE, scope: parent } : undefined;
      },
      (request): Requirement | undefined => {
        const { moving, currentParent } = placement(hierarchy, request);
        return moving && currentParent !== undefined ? { action: GROUP_WRITE, scope: currentParent } : undefined;
      },
      // A move changes who inherits access to everything below the group: as in Azure, it needs the right to grant
      // access on the group itself, or a Contributor could carry it under a group they own.
      (request): Requirement | undefined => (placement(hierarchy, request).moving ? { action: GRANT, scope: groupScope(request.params as Readonly<Record<string, string>>) } : undefined),
    ],
    alsoText: `and, when it is moved, \`${GROUP_WRITE}\` at the new and the old parent and \`${GRANT}\` on the group`,
  };
}

export function managementGroupRoutes(app: FastifyInstance, context: AppContext): void {
  const { hierarchy } = context;

  app.get(base, { schema: { tags }, config: { permission: listing(GROUP_READ, () => '/') } }, async (request) => ({
    value: hierarchy.listManagementGroups().filter((group) => may(request, GROUP_READ, group.id)),
  }));

  app.get<{ Params: Params; Querystring: Query }>(`${base}/:mg`, { schema: { tags, params: GroupParams }, config: { permission: at(GROUP_READ, groupScope) } }, async (request) => {
    const view = childrenView(request.query);
    return hierarchy.getManagementGroup(request.params.mg, view.expand ? { recurse: view.recurse, visible: readable(request) } : undefined);
  });

  app.put<{ Params: Params }>(
    `${base}/:mg`,
    {
      schema: { tags, params: GroupParams },
      config: { permission: groupWrite(hierarchy) },
    },
    async (request, reply) => {
      const { created, resource } = await hierarchy.putManagementGroup(request.params.mg, request.body);
      return reply.status(created ? 201 : 200).send(resource);
    },
  );

  app.delete<{ Params: Params }>(`${base}/:mg`, { schema: { tags, params: GroupParams }, config: { permission: at(GROUP_DELETE, groupScope) } }, async (request, reply) => {
    const deleted = await hierarchy.deleteManagementGroup(request.params.mg);
    return deleted === undefined ? reply.status(204).send() : deleted;
  });

  app.get<{ Params: Params }>(`${base}/:mg/descendants`, { schema: { tags, params: GroupParams }, config: { permission: listing(GROUP_READ, groupScope) } }, async (request) => {
    const visible = readable(request);
    return { value: hierarchy.descendants(request.params.mg).filter((item) => visible(item.id, item.type)) };
  });

  app.get<{ Params: Params }>(
    `${base}/:mg/subscriptions`,
    { schema: { tags, params: GroupParams }, config: { permission: listing(SUBSCRIPTION_READ, groupScope) } },
    async (request) => ({ value: hierarchy.listSubscriptions(request.params.mg).filter((subscription) => may(request, SUBSCRIPTION_READ, subscription.id)) }),
  );
}
