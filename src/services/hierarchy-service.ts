/**
 * The management group hierarchy: groups (under the tenant root group `root`), the subscriptions placed in them and
 * their resource groups. The tree is kept in memory (loaded at start, changed only through this service) so scope
 * chains are answered without a query. Changes to the tree are made one at a time, so two moves cannot make a cycle
 * together; listeners hear of placed and removed subscriptions after the change is stored, before the HTTP answer.
 */
import type { Kysely, Transaction } from 'kysely';
import type { ChangeFeed } from './change-feed.js';
import { withClusterLock } from '../store/cluster-lock.js';
import type { ScopeHierarchy } from '../auth/scope.js';
import { normalizeScope } from '../auth/scope.js';
import { ApiError, badRequest } from '../server/api-error.js';
import type { Database } from '../store/database-schema.js';
import {
  type ChildFilter,
  type DescendantResource,
  type ManagementGroupResource,
  type ResourceGroupResource,
  type SubscriptionResource,
  childrenOf,
  descendantResource,
  managementGroupResource,
  resourceGroupResource,
  subscriptionResource,
} from './hierarchy-resources.js';
import { type GroupNode, HierarchyTree, ROOT_GROUP, type SubscriptionNode } from './hierarchy-tree.js';
import {
  checkManagementGroupName,
  checkResourceGroupName,
  checkSubscriptionId,
  managementGroupId,
  parseManagementGroup,
  parseResourceGroupLocation,
  parseSubscription,
} from './management-group-input.js';
import type { ResourceScopes } from './resource-scopes.js';

export type SubscriptionsPlaced = (subscriptionIds: readonly string[]) => void | Promise<void>;
export type SubscriptionRemoved = (subscriptionId: string) => void | Promise<void>;

/** The slice of a logger the service needs (listener failures are logged, never answered). */
export interface HierarchyLogger {
  error(details: object, message: string): void;
}

type Db = Kysely<Database> | Transaction<Database>;

const groupNotFound = (name: string) => new ApiError(404, 'ManagementGroupNotFound', `The management group '${name}' was not found.`);
const subscriptionNotFound = (id: string) => new ApiError(404, 'SubscriptionNotFound', `The subscription '${id}' was not found.`);
const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

export class HierarchyService implements ScopeHierarchy {
  private tree = new HierarchyTree();
  private changes: ChangeFeed | undefined;
  private readonly placed: SubscriptionsPlaced[] = [];
  private readonly removed: SubscriptionRemoved[] = [];
  private writes: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly scopes: ResourceScopes,
    private readonly now: () => string,
    private readonly logger: HierarchyLogger,
  ) {
    // A subscription first named by a workflow, automation or connection sits under the root group.
    scopes.onSubscriptionSeen((id) => {
      if (this.tree.subscription(id) === undefined) {
        this.tree.setSubscription({ id, displayName: null, groupKey: ROOT_GROUP });
        this.changes?.changed('hierarchy');
      }
    });
  }

  /** Reads the whole tree from the database; it replaces the one in memory once complete. */
  async load(): Promise<void> {
    const tree = new HierarchyTree();
    for (const row of await this.db.selectFrom('management_groups').selectAll().execute()) {
      tree.setGroup({ name: row.name, displayName: row.display_name, parentKey: row.parent_key, changedAt: row.changed_at });
    }
    for (const row of await this.db.selectFrom('subscriptions').select(['subscription_id', 'display_name', 'management_group_key']).execute()) {
      tree.setSubscription({ id: row.subscription_id, displayName: row.display_name, groupKey: row.management_group_key });
    }
    this.tree = tree;
  }

  /** Tells other processes when this one changes the tree, and reloads it (between this one's changes) on theirs. */
  shareChanges(changes: ChangeFeed, onError: (error: unknown) => void): void {
    this.changes = changes;
    changes.onRemoteChange((topic) => {
      if (topic === 'hierarchy') this.writes = this.writes.then(() => this.load()).catch(onError);
    });
  }

  // The hierarchy as access control and the policy service see it.

  managementGroupsOf(subscriptionId: string): readonly string[] {
    return this.tree.managementGroupsOf(subscriptionId);
  }

  parentsOfManagementGroup(name: string): readonly string[] {
    return this.tree.parentsOfManagementGroup(name);
  }

  /** Subscription ids (as stored) at or below a management group, `/` or a subscription scope. */
  subscriptionsUnder(scope: string): string[] {
    return this.tree.subscriptionsUnder(scope);
  }

  isWithin(scope: string, container: string): boolean {
    return this.tree.isWithin(scope, container);
  }

  findGroup(name: string): GroupNode | undefined {
    return this.tree.group(name);
  }

  findSubscription(id: string): SubscriptionNode | undefined {
    return this.tree.subscription(id);
  }

  /** After subscriptions are created through PUT or moved (with every subscription below a moved group). */
  onSubscriptionPlaced(listener: SubscriptionsPlaced): void {
    this.placed.push(listener);
  }

  onSubscriptionRemoved(listener: SubscriptionRemoved): void {
    this.removed.push(listener);
  }

  // Management groups.

  getManagementGroup(name: string, children?: { readonly recurse: boolean; readonly visible: ChildFilter }): ManagementGroupResource {
    const node = this.tree.group(name);
    if (node === undefined) throw groupNotFound(name);
    return managementGroupResource(this.tree, node, children === undefined ? undefined : childrenOf(this.tree, node.name, children.recurse, children.visible));
  }

  listManagementGroups(): ManagementGroupResource[] {
    return this.tree.allGroups().map((node) => managementGroupResource(this.tree, node));
  }

  descendants(name: string): DescendantResource[] {
    if (this.tree.group(name) === undefined) throw groupNotFound(name);
    return this.tree.descendantsOf(name).map((entry) => descendantResource(this.tree, entry));
  }

  async putManagementGroup(name: string, body: unknown): Promise<{ created: boolean; resource: ManagementGroupResource }> {
    checkManagementGroupName(name);
    const input = parseManagementGroup(body);
    const { created, moved, node } = await this.exclusive(async () => {
      const key = name.toLowerCase();
      const existing = this.tree.group(key);
      if (key === ROOT_GROUP && input.parent !== undefined) {
        throw badRequest('RootManagementGroupHasNoParent', 'The tenant root group cannot be given a parent.', 'properties.details.parent.id');
      }
      const parentKey = key === ROOT_GROUP ? null : (input.parent ?? existing?.parentKey ?? ROOT_GROUP).toLowerCase();
      if (parentKey !== null) this.checkParent(key, parentKey, input.parent ?? parentKey);
      const now = this.now();
      const node: GroupNode = { name: existing?.name ?? name, displayName: input.displayName ?? existing?.displayName ?? name, parentKey, changedAt: now };
      if (existing === undefined) {
        await this.db
          .insertInto('management_groups')
          .values({ name_key: key, name: node.name, display_name: node.displayName, parent_key: parentKey, created_at: now, changed_at: now })
          .execute();
      } else {
        await this.db.updateTable('management_groups').set({ display_name: node.displayName, parent_key: parentKey, changed_at: now }).where('name_key', '=', key).execute();
      }
      this.tree.setGroup(node);
      this.changes?.changed('hierarchy');
      return { created: existing === undefined, moved: existing !== undefined && existing.parentKey !== parentKey, node };
    });
    if (moved) await this.announcePlaced(this.tree.subscriptionsUnder(managementGroupId(node.name)));
    return { created, resource: managementGroupResource(this.tree, node) };
  }

  /** The group as it was; undefined when there was none. */
  async deleteManagementGroup(name: string): Promise<ManagementGroupResource | undefined> {
    if (name.toLowerCase() === ROOT_GROUP) throw badRequest('RootManagementGroupCannotBeDeleted', 'The tenant root group cannot be deleted.', 'groupId');
    return this.exclusive(async () => {
      const node = this.tree.group(name);
      if (node === undefined) return undefined;
      const key = name.toLowerCase();
      const groups = await this.count('management_groups', 'parent_key', key);
      const subscriptions = await this.count('subscriptions', 'management_group_key', key);
      if (groups + subscriptions > 0) {
        throw badRequest(
          'ManagementGroupNotEmpty',
          `The management group '${node.name}' still holds ${plural(groups, 'management group')} and ${plural(subscriptions, 'subscription')}; move or delete them first.`,
          'groupId',
        );
      }
      const scopeKey = normalizeScope(managementGroupId(node.name));
      const roleAssignments = await this.count('role_assignments', 'scope_key', scopeKey);
      const policyAssignments = await this.count('policy_assignments', 'scope_key', scopeKey);
      if (roleAssignments + policyAssignments > 0) {
        throw badRequest(
          'ManagementGroupHasAssignments',
          `The management group '${node.name}' still has ${plural(roleAssignments, 'role assignment')} and ${plural(policyAssignments, 'policy assignment')} at its scope; delete them first.`,
          'groupId',
        );
      }
      const resource = managementGroupResource(this.tree, node);
      await this.db.deleteFrom('management_groups').where('name_key', '=', key).execute();
      this.tree.removeGroup(key);
      this.changes?.changed('hierarchy');
      return resource;
    });
  }

  // Subscriptions.

  getSubscription(id: string): SubscriptionResource {
    const node = this.tree.subscription(id);
    if (node === undefined) throw subscriptionNotFound(id);
    return subscriptionResource(this.tree, node);
  }

  /** Every known subscription, or those placed directly in one group. */
  listSubscriptions(groupName?: string): SubscriptionResource[] {
    if (groupName === undefined) return this.tree.allSubscriptions().map((node) => subscriptionResource(this.tree, node));
    if (this.tree.group(groupName) === undefined) throw groupNotFound(groupName);
    return this.tree.childrenOf(groupName).flatMap((entry) => (entry.kind === 'subscription' ? [subscriptionResource(this.tree, entry.node)] : []));
  }

  async putSubscription(id: string, body: unknown): Promise<{ created: boolean; resource: SubscriptionResource }> {
    checkSubscriptionId(id);
    const input = parseSubscription(body);
    const { created, moved, node } = await this.exclusive(async () => {
      const existing = this.tree.subscription(id);
      const groupKey = (input.managementGroup ?? existing?.groupKey ?? ROOT_GROUP).toLowerCase();
      if (this.tree.group(groupKey) === undefined) {
        throw badRequest('ManagementGroupNotFound', `The management group '${input.managementGroup ?? groupKey}' does not exist.`, 'properties.managementGroupId');
      }
      const node: SubscriptionNode = { id: existing?.id ?? id, displayName: input.displayName ?? existing?.displayName ?? null, groupKey };
      const now = this.now();
      await this.db
        .insertInto('subscriptions')
        .values({ subscription_key: id.toLowerCase(), subscription_id: node.id, display_name: node.displayName, management_group_key: groupKey, created_at: now, changed_at: now })
        .onConflict((conflict) => conflict.column('subscription_key').doUpdateSet({ display_name: node.displayName, management_group_key: groupKey, changed_at: now }))
        .execute();
      this.tree.setSubscription(node);
      this.changes?.changed('hierarchy');
      return { created: existing === undefined, moved: existing !== undefined && existing.groupKey !== groupKey, node };
    });
    if (created || moved) await this.announcePlaced([node.id]);
    return { created, resource: subscriptionResource(this.tree, node) };
  }

  /** Deletes the subscription and its resource groups (its events stay); refused while it holds resources. */
  async deleteSubscription(id: string): Promise<SubscriptionResource | undefined> {
    const deleted = await this.exclusive(async () => {
      const key = id.toLowerCase();
      const row = await this.db.selectFrom('subscriptions').select('subscription_key').where('subscription_key', '=', key).executeTakeFirst();
      const node = this.tree.subscription(id);
      if (row === undefined && node === undefined) return undefined;
      const resource = subscriptionResource(this.tree, node ?? { id, displayName: null, groupKey: ROOT_GROUP });
      await this.db.transaction().execute(async (trx) => {
        await this.refuseWhileInUse(trx, 'SubscriptionNotEmpty', `The subscription '${resource.subscriptionId}'`, key);
        await this.refuseWhileReferenced(trx, resource.subscriptionId, key);
        await trx.deleteFrom('resource_groups').where('subscription_key', '=', key).execute();
        await trx.deleteFrom('subscriptions').where('subscription_key', '=', key).execute();
      });
      this.tree.removeSubscription(id);
      this.changes?.changed('hierarchy');
      this.scopes.forget(id);
      return resource;
    });
    if (deleted !== undefined) await this.announceRemoved(deleted.subscriptionId);
    return deleted;
  }

  // Resource groups.

  async getResourceGroup(subscription: string, name: string): Promise<ResourceGroupResource> {
    const row = await this.resourceGroupRow(this.db, subscription, name);
    if (row === undefined) throw new ApiError(404, 'ResourceGroupNotFound', `The resource group '${name}' was not found in subscription '${subscription}'.`);
    return resourceGroupResource(this.storedSubscriptionId(subscription), row.name, row.location);
  }

  async listResourceGroups(subscription: string): Promise<ResourceGroupResource[]> {
    if (this.tree.subscription(subscription) === undefined) throw subscriptionNotFound(subscription);
    const rows = await this.db.selectFrom('resource_groups').select(['name', 'location']).where('subscription_key', '=', subscription.toLowerCase()).orderBy('name_key').execute();
    return rows.map((row) => resourceGroupResource(this.storedSubscriptionId(subscription), row.name, row.location));
  }

  /** `{location}`: required to create; a group keeps its location (one first seen without any takes the given one). */
  async putResourceGroup(subscription: string, name: string, body: unknown): Promise<{ created: boolean; resource: ResourceGroupResource }> {
    checkSubscriptionId(subscription);
    checkResourceGroupName(name);
    const existing = await this.resourceGroupRow(this.db, subscription, name);
    const location = parseResourceGroupLocation(body, existing === undefined);
    if (existing !== undefined && existing.location !== null && location !== undefined && existing.location.toLowerCase() !== location.toLowerCase()) {
      throw badRequest('InvalidResourceGroupLocation', `The resource group '${existing.name}' already exists in location '${existing.location}'; it cannot move to '${location}'.`, 'location');
    }
    const { created, resource } = await this.ensureResourceGroup(subscription, name, location ?? null);
    return { created, resource };
  }

  /**
   * Makes sure a resource group exists (its subscription too, under the root group when new), for other services
   * (policy remediation): created with `location`, or given it when it had none; an existing location is kept.
   */
  async ensureResourceGroup(subscription: string, name: string, location: string | null, db: Db = this.db): Promise<{ created: boolean; resource: ResourceGroupResource }> {
    const now = this.now();
    await this.scopes.ensure(db, subscription, undefined, now);
    const inserted = await db
      .insertInto('resource_groups')
      .values({ subscription_key: subscription.toLowerCase(), name_key: name.toLowerCase(), name, location, created_at: now })
      .onConflict((conflict) => conflict.columns(['subscription_key', 'name_key']).doNothing())
      .executeTakeFirst();
    const created = Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
    if (!created && location !== null) {
      await db
        .updateTable('resource_groups')
        .set({ location })
        .where('subscription_key', '=', subscription.toLowerCase())
        .where('name_key', '=', name.toLowerCase())
        .where('location', 'is', null)
        .execute();
    }
    const row = (await this.resourceGroupRow(db, subscription, name)) ?? { name, location };
    return { created, resource: resourceGroupResource(this.storedSubscriptionId(subscription), row.name, row.location) };
  }

  /** Refused while workflows, automations or connections are in it. */
  async deleteResourceGroup(subscription: string, name: string): Promise<ResourceGroupResource | undefined> {
    const deleted = await this.db.transaction().execute(async (trx) => {
      const row = await this.resourceGroupRow(trx, subscription, name);
      if (row === undefined) return undefined;
      await this.refuseWhileInUse(trx, 'ResourceGroupNotEmpty', `The resource group '${row.name}'`, subscription.toLowerCase(), name.toLowerCase());
      await trx.deleteFrom('resource_groups').where('subscription_key', '=', subscription.toLowerCase()).where('name_key', '=', name.toLowerCase()).execute();
      return resourceGroupResource(this.storedSubscriptionId(subscription), row.name, row.location);
    });
    if (deleted !== undefined) this.scopes.forget(subscription, name);
    return deleted;
  }

  // Helpers.

  /** The parent must exist, and must not be the group itself or below it. */
  private checkParent(key: string, parentKey: string, given: string): void {
    if (this.tree.group(parentKey) === undefined) {
      throw badRequest('ParentManagementGroupNotFound', `The parent management group '${given}' does not exist.`, 'properties.details.parent.id');
    }
    const path = [...this.tree.ancestorKeys(parentKey), parentKey];
    const at = path.indexOf(key);
    if (at === -1) return;
    const cycle = [...path.slice(at), key].map((groupKey) => this.tree.group(groupKey)?.name ?? groupKey);
    throw badRequest(
      'ManagementGroupCycle',
      `The management group '${cycle[0]}' cannot be placed under '${this.tree.group(parentKey)?.name ?? parentKey}', which is ${at === path.length - 1 ? 'itself' : 'below it'}: ${cycle.join(' → ')}.`,
      'properties.details.parent.id',
    );
  }

  private async refuseWhileInUse(db: Db, code: string, what: string, subscriptionKey: string, resourceGroupKey?: string): Promise<void> {
    const counts: [string, number][] = [];
    for (const [table, word] of [['workflows', 'workflow'], ['automations', 'automation'], ['connections', 'connection']] as const) {
      let query = db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('count')).where('subscription_id', '=', subscriptionKey);
      if (resourceGroupKey !== undefined) query = query.where('resource_group', '=', resourceGroupKey);
      counts.push([word, Number((await query.executeTakeFirstOrThrow()).count)]);
    }
    if (counts.every(([, count]) => count === 0)) return;
    const listed = counts.map(([word, count]) => plural(count, word));
    throw new ApiError(409, code, `${what} still holds ${listed[0]}, ${listed[1]} and ${listed[2]}; delete them first.`);
  }

  /**
   * A deleted subscription's id could be created again by anyone allowed to create subscriptions in some group, so
   * it must leave nothing behind that such a caller would inherit: security events, role or policy assignments.
   */
  private async refuseWhileReferenced(db: Db, subscriptionId: string, key: string): Promise<void> {
    const scope = `/subscriptions/${key}`;
    const count = async (query: Promise<{ count: number | string | bigint } | undefined>) => Number((await query)?.count ?? 0);
    const events = await count(db.selectFrom('security_events').select((eb) => eb.fn.countAll<number>().as('count')).where('subscription_id', '=', key).executeTakeFirst());
    const roles = await count(
      db
        .selectFrom('role_assignments')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where((eb) => eb.or([eb('scope_key', '=', scope), eb('scope_key', 'like', `${scope}/%`)]))
        .executeTakeFirst(),
    );
    const policies = await count(db.selectFrom('policy_assignments').select((eb) => eb.fn.countAll<number>().as('count')).where('scope_key', '=', scope).executeTakeFirst());
    if (events + roles + policies === 0) return;
    throw new ApiError(
      409,
      'SubscriptionInUse',
      `The subscription '${subscriptionId}' still has ${plural(events, 'security event')}, ${plural(roles, 'role assignment')} and ${plural(policies, 'policy assignment')}; they would pass to whoever creates it again, so it cannot be deleted.`,
    );
  }

  private async count(table: 'management_groups' | 'subscriptions' | 'role_assignments' | 'policy_assignments', column: string, value: string): Promise<number> {
    const row = await this.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where(column as never, '=', value as never)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  private resourceGroupRow(db: Db, subscription: string, name: string) {
    return db
      .selectFrom('resource_groups')
      .select(['name', 'location'])
      .where('subscription_key', '=', subscription.toLowerCase())
      .where('name_key', '=', name.toLowerCase())
      .executeTakeFirst();
  }

  private storedSubscriptionId(subscription: string): string {
    return this.tree.subscription(subscription)?.id ?? subscription;
  }

  /**
   * Changes to the tree are made one at a time. With other processes sharing the database, also one at a time
   * across them, each starting from the tree as the database has it (another process may have just changed it).
   */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const result = this.writes.then(() =>
      withClusterLock(this.db, 'riposte:hierarchy', async (shared) => {
        if (shared) await this.load();
        return work();
      }),
    );
    this.writes = result.catch(() => undefined);
    return result;
  }

  private async announcePlaced(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    for (const listener of this.placed) {
      try {
        await listener(ids);
      } catch (error) {
        this.logger.error({ err: error, subscriptions: ids }, 'a listener for placed subscriptions failed');
      }
    }
  }

  private async announceRemoved(id: string): Promise<void> {
    for (const listener of this.removed) {
      try {
        await listener(id);
      } catch (error) {
        this.logger.error({ err: error, subscription: id }, 'a listener for removed subscriptions failed');
      }
    }
  }
}
