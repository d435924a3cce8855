/** Management groups, subscriptions and resource groups as the API answers them (ARM's shapes). */
import { type GroupNode, type HierarchyTree, type SubscriptionNode, type TreeEntry } from './hierarchy-tree.js';
import { MANAGEMENT_GROUP_TYPE, managementGroupId } from './management-group-input.js';

/** The type management groups give the subscriptions among their children and descendants. */
export const SUBSCRIPTION_CHILD_TYPE = '/subscriptions';
export const SUBSCRIPTION_TYPE = 'Microsoft.Resources/subscriptions';
export const RESOURCE_GROUP_TYPE = 'Microsoft.Resources/resourceGroups';

export interface ManagementGroupChild {
  readonly id: string;
  readonly type: string;
  readonly name: string;
  readonly displayName: string;
  readonly children?: readonly ManagementGroupChild[];
}

export interface ManagementGroupResource {
  readonly id: string;
  readonly type: typeof MANAGEMENT_GROUP_TYPE;
  readonly name: string;
  readonly properties: {
    readonly displayName: string;
    readonly details: { readonly parent: { readonly id: string; readonly name: string; readonly displayName: string } | null; readonly updatedTime: string };
    readonly children?: readonly ManagementGroupChild[];
  };
}

export interface DescendantResource {
  readonly id: string;
  readonly type: string;
  readonly name: string;
  readonly properties: { readonly displayName: string; readonly parent: { readonly id: string } };
}

export interface SubscriptionResource {
  readonly id: string;
  readonly type: typeof SUBSCRIPTION_TYPE;
  readonly name: string;
  readonly subscriptionId: string;
  readonly displayName: string;
  readonly state: 'Enabled';
  readonly properties: { readonly displayName: string; readonly managementGroupId: string; readonly state: 'Enabled' };
}

export interface ResourceGroupResource {
  readonly id: string;
  readonly name: string;
  readonly type: typeof RESOURCE_GROUP_TYPE;
  readonly location: string | null;
  readonly properties: { readonly provisioningState: 'Succeeded' };
}

/** Which children the caller may see (by id and type). */
export type ChildFilter = (id: string, type: string) => boolean;

export const subscriptionId = (id: string) => `/subscriptions/${id}`;
export const resourceGroupId = (subscription: string, name: string) => `/subscriptions/${subscription}/resourceGroups/${name}`;

export function managementGroupResource(tree: HierarchyTree, node: GroupNode, children?: readonly ManagementGroupChild[]): ManagementGroupResource {
  const parent = node.parentKey === null ? undefined : tree.group(node.parentKey);
  return {
    id: managementGroupId(node.name),
    type: MANAGEMENT_GROUP_TYPE,
    name: node.name,
    properties: {
      displayName: node.displayName,
      details: {
        parent: parent === undefined ? null : { id: managementGroupId(parent.name), name: parent.name, displayName: parent.displayName },
        updatedTime: node.changedAt,
      },
      ...(children === undefined ? {} : { children }),
    },
  };
}

/** A group's direct children (nested all the way down with `recurse`), only those `visible`. */
export function childrenOf(tree: HierarchyTree, name: string, recurse: boolean, visible: ChildFilter, seen = new Set<string>([name.toLowerCase()])): ManagementGroupChild[] {
  const children: ManagementGroupChild[] = [];
  for (const entry of tree.childrenOf(name)) {
    const { id, type, name: childName, displayName } = describe(entry);
    if (!visible(id, type)) continue;
    const nested = recurse && entry.kind === 'group' && !seen.has(entry.key) ? childrenOf(tree, entry.node.name, true, visible, seen.add(entry.key)) : undefined;
    children.push({ id, type, name: childName, displayName, ...(nested === undefined ? {} : { children: nested }) });
  }
  return children;
}

export function descendantResource(tree: HierarchyTree, entry: TreeEntry): DescendantResource {
  const { id, type, name, displayName } = describe(entry);
  const parentKey = entry.kind === 'group' ? (entry.node.parentKey as string) : entry.node.groupKey;
  return { id, type, name, properties: { displayName, parent: { id: managementGroupId(tree.group(parentKey)?.name ?? parentKey) } } };
}

export function subscriptionResource(tree: HierarchyTree, node: SubscriptionNode): SubscriptionResource {
  const displayName = node.displayName ?? node.id;
  const managementGroupIdText = managementGroupId(tree.group(node.groupKey)?.name ?? node.groupKey);
  return {
    id: subscriptionId(node.id),
    type: SUBSCRIPTION_TYPE,
    name: node.id,
    subscriptionId: node.id,
    displayName,
    state: 'Enabled',
    properties: { displayName, managementGroupId: managementGroupIdText, state: 'Enabled' },
  };
}

export function resourceGroupResource(subscription: string, name: string, location: string | null): ResourceGroupResource {
  return { id: resourceGroupId(subscription, name), name, type: RESOURCE_GROUP_TYPE, location, properties: { provisioningState: 'Succeeded' } };
}

function describe(entry: TreeEntry): { id: string; type: string; name: string; displayName: string } {
  if (entry.kind === 'group') return { id: managementGroupId(entry.node.name), type: MANAGEMENT_GROUP_TYPE, name: entry.node.name, displayName: entry.node.displayName };
  return { id: subscriptionId(entry.node.id), type: SUBSCRIPTION_CHILD_TYPE, name: entry.node.id, displayName: entry.node.displayName ?? entry.node.id };
}
