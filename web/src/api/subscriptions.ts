/** Subscriptions and resource groups the signed-in user may read. */
import { ApiError, getAll } from './client';

export interface Subscription {
  readonly id: string;
  readonly subscriptionId: string;
  readonly displayName: string;
}

export interface ResourceGroup {
  readonly id: string;
  readonly name: string;
}

export function listSubscriptions(): Promise<Subscription[]> {
  return getAll<Subscription>('/api/subscriptions');
}

/**
 * The subscriptions to offer: those the user may read, plus those a role assignment of theirs names (a Security
 * Admin at a subscription may manage its automations without `Microsoft.Resources/subscriptions/read`, and then
 * only knows the subscription's id).
 */
export async function knownSubscriptions(assignmentScopes: readonly string[]): Promise<Subscription[]> {
  let readable: Subscription[] = [];
  try {
    readable = await listSubscriptions();
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 403)) throw error;
  }
  const known = new Set(readable.map((subscription) => subscription.subscriptionId.toLowerCase()));
  const assigned: Subscription[] = [];
  for (const scope of assignmentScopes) {
    const id = /^\/subscriptions\/([^/]+)/i.exec(scope)?.[1];
    if (id === undefined || known.has(id.toLowerCase())) continue;
    known.add(id.toLowerCase());
    assigned.push({ id: `/subscriptions/${id}`, subscriptionId: id, displayName: id });
  }
  return [...readable, ...assigned];
}

export function listResourceGroups(subscriptionId: string): Promise<ResourceGroup[]> {
  return getAll<ResourceGroup>(`/api/subscriptions/${encodeURIComponent(subscriptionId)}/resourceGroups`);
}

/** "Display name (id)" unless the display name is the id. */
export function subscriptionLabel(subscription: Subscription): string {
  return subscription.displayName === subscription.subscriptionId ? subscription.subscriptionId : `${subscription.displayName} (${subscription.subscriptionId})`;
}
