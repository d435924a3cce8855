/**
 * The management group tree in memory: each group's parent and each known subscription's group, so a scope chain
 * (asked by every authorization check) needs no query. Keys are lower case; names and ids are kept as stored.
 * A subscription the tree does not know, and a group it does not know, sit directly under the tenant root group.
 */
import { type ScopeHierarchy, isWithin, normalizeScope } from '../auth/scope.js';

export const ROOT_GROUP = 'root';

export interface GroupNode {
  readonly name: string;
  readonly displayName: string;
  /** Null only for the tenant root group. */
  readonly parentKey: string | null;
  readonly changedAt: string;
}

export interface SubscriptionNode {
  readonly id: string;
  readonly displayName: string | null;
  readonly groupKey: string;
}

/** One entry of a breadth-first walk below a group. */
export type TreeEntry =
  | { readonly kind: 'group'; readonly key: string; readonly node: GroupNode }
  | { readonly kind: 'subscription'; readonly key: string; readonly node: SubscriptionNode };

const MANAGEMENT_GROUP_SCOPE = /^\/providers\/microsoft\.management\/managementgroups\/([^/]+)$/;
const SUBSCRIPTION_SCOPE = /^\/subscriptions\/([^/]+)$/;

const byName = (a: { readonly name: string }, b: { readonly name: string }) => a.name.toLowerCase().localeCompare(b.name.toLowerCase());

export class HierarchyTree implements ScopeHierarchy {
  private readonly groups = new Map<string, GroupNode>();
  private readonly subscriptions = new Map<string, SubscriptionNode>();
  private readonly childGroups = new Map<string, Set<string>>();
  private readonly childSubscriptions = new Map<string, Set<string>>();

  group(name: string): GroupNode | undefined {
    return this.groups.get(name.toLowerCase());
  }

  subscription(id: string): SubscriptionNode | undefined {
    return this.subscriptions.get(id.toLowerCase());
  }

  allGroups(): readonly GroupNode[] {
    return [...this.groups.values()].sort(byName);
  }

  allSubscriptions(): readonly SubscriptionNode[] {
    return [...this.subscriptions.values()].sort((a, b) => a.id.toLowerCase().localeCompare(b.id.toLowerCase()));
  }

  setGroup(node: GroupNode): void {
    const key = node.name.toLowerCase();
    const before = this.groups.get(key);
    if (before !== undefined && before.parentKey !== null) this.childGroups.get(before.parentKey)?.delete(key);
    this.groups.set(key, node);
    if (node.parentKey !== null) this.children(this.childGroups, node.parentKey).add(key);
  }

  removeGroup(name: string): void {
    const key = name.toLowerCase();
    const before = this.groups.get(key);
    if (before !== undefined && before.parentKey !== null) this.childGroups.get(before.parentKey)?.delete(key);
    this.groups.delete(key);
  }

  setSubscription(node: SubscriptionNode): void {
    const key = node.id.toLowerCase();
    const before = this.subscriptions.get(key);
    if (before !== undefined) this.childSubscriptions.get(before.groupKey)?.delete(key);
    this.subscriptions.set(key, node);
    this.children(this.childSubscriptions, node.groupKey).add(key);
  }

  removeSubscription(id: string): void {
    const key = id.toLowerCase();
    const before = this.subscriptions.get(key);
    if (before !== undefined) this.childSubscriptions.get(before.groupKey)?.delete(key);
    this.subscriptions.delete(key);
  }

  /** Direct children, groups first, each sorted by name. */
  childrenOf(name: string): TreeEntry[] {
    const key = name.toLowerCase();
    const groups = [...(this.childGroups.get(key) ?? [])].map((child) => ({ key: child, node: this.groups.get(child) as GroupNode })).sort((a, b) => byName(a.node, b.node));
    const subscriptions = [...(this.childSubscriptions.get(key) ?? [])]
      .map((child) => ({ key: child, node: this.subscriptions.get(child) as SubscriptionNode }))
      .sort((a, b) => a.key.localeCompare(b.key));
    return [...groups.map((entry) => ({ kind: 'group' as const, ...entry })), ...subscriptions.map((entry) => ({ kind: 'subscription' as const, ...entry }))];
  }

  /** Every group and subscription below `name`, breadth first (the group itself excluded). */
  descendantsOf(name: string): TreeEntry[] {
    const found: TreeEntry[] = [];
    const queue = [name.toLowerCase()];
    const seen = new Set(queue);
    for (let index = 0; index < queue.length; index++) {
      for (const entry of this.childrenOf(queue[index] as string)) {
        if (entry.kind === 'group') {
          if (seen.has(entry.key)) continue;
          seen.add(entry.key);
          queue.push(entry.key);
        }
        found.push(entry);
      }
    }
    return found;
  }

  /** Keys of the groups enclosing a group, outermost first; a group the tree does not know sits under the root. */
  ancestorKeys(name: string): string[] {
    const key = name.toLowerCase();
    if (key === ROOT_GROUP) return [];
    const chain: string[] = [];
    const seen = new Set([key]);
    let parent = this.groups.has(key) ? (this.groups.get(key)?.parentKey ?? null) : ROOT_GROUP;
    while (parent !== null && !seen.has(parent)) {
      chain.push(parent);
      seen.add(parent);
      parent = this.groups.get(parent)?.parentKey ?? null;
    }
    return chain.reverse();
  }

  managementGroupsOf(subscriptionId: string): readonly string[] {
    const groupKey = this.subscriptions.get(subscriptionId.toLowerCase())?.groupKey ?? ROOT_GROUP;
    return [...this.ancestorKeys(groupKey), groupKey].map((key) => this.nameOf(key));
  }

  parentsOfManagementGroup(name: string): readonly string[] {
    return this.ancestorKeys(name).map((key) => this.nameOf(key));
  }

  /**
   * Subscription ids (as stored) at or below `scope`: every known one for `/` or a management group's subtree; the
   * subscription itself for a subscription scope (as given when unknown); none below a subscription.
   */
  subscriptionsUnder(scope: string): string[] {
    const key = normalizeScope(scope);
    if (key === '/') return this.allSubscriptions().map((node) => node.id);
    const group = MANAGEMENT_GROUP_SCOPE.exec(key);
    if (group) {
      return this.descendantsOf(group[1] as string).flatMap((entry) => (entry.kind === 'subscription' ? [entry.node.id] : []));
    }
    const subscription = SUBSCRIPTION_SCOPE.exec(key);
    if (subscription) {
      const given = scope.trim().replace(/\/+$/, '').split('/')[2] as string;
      return [this.subscription(subscription[1] as string)?.id ?? given];
    }
    return [];
  }

  isWithin(scope: string, container: string): boolean {
    return isWithin(scope, container, this);
  }

  private nameOf(key: string): string {
    return this.groups.get(key)?.name ?? key;
  }

  private children(index: Map<string, Set<string>>, key: string): Set<string> {
    let set = index.get(key);
    if (set === undefined) {
      set = new Set();
      index.set(key, set);
    }
    return set;
  }
}
