import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../store/database-schema.js';

/**
 * Subscriptions and resource groups come into being when a resource first refers to them (a subscription seen this
 * way sits under the tenant root group; a resource group has no location). Remembers which rows it has made sure of,
 * so the hierarchy forgets them here when it deletes them.
 */
export class ResourceScopes {
  private readonly known = new Set<string>();
  private readonly seen: ((subscription: string) => void)[] = [];

  /** Told of each subscription `ensure` makes sure of (so the in-memory hierarchy knows every row). */
  onSubscriptionSeen(listener: (subscription: string) => void): void {
    this.seen.push(listener);
  }

  async ensure(db: Kysely<Database> | Transaction<Database>, subscription: string, resourceGroup: string | undefined, now: string): Promise<void> {
    const subscriptionKey = subscription.toLowerCase();
    const groupKey = resourceGroup?.toLowerCase();
    const cacheKey = `${subscriptionKey}/${groupKey ?? ''}`;
    if (this.known.has(cacheKey)) return;
    await db
      .insertInto('subscriptions')
      .values({ subscription_key: subscriptionKey, subscription_id: subscription, created_at: now })
      .onConflict((conflict) => conflict.column('subscription_key').doNothing())
      .execute();
    for (const listener of this.seen) listener(subscription);
    if (resourceGroup !== undefined && groupKey !== undefined) {
      await db
        .insertInto('resource_groups')
        .values({ subscription_key: subscriptionKey, name_key: groupKey, name: resourceGroup, created_at: now })
        .onConflict((conflict) => conflict.columns(['subscription_key', 'name_key']).doNothing())
        .execute();
    }
    this.known.add(cacheKey);
  }

  /** After a subscription (every resource group in it too) or one resource group was deleted. */
  forget(subscription: string, resourceGroup?: string): void {
    const prefix = `${subscription.toLowerCase()}/`;
    if (resourceGroup !== undefined) {
      this.known.delete(`${prefix}${resourceGroup.toLowerCase()}`);
      return;
    }
    for (const key of this.known) if (key.startsWith(prefix)) this.known.delete(key);
  }
}
