import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../store/database-schema.js';

/** Subscriptions and resource groups come into being when a resource first refers to them. */
export class ResourceScopes {
  private readonly known = new Set<string>();

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
    if (resourceGroup !== undefined && groupKey !== undefined) {
      await db
        .insertInto('resource_groups')
        .values({ subscription_key: subscriptionKey, name_key: groupKey, name: resourceGroup, created_at: now })
        .onConflict((conflict) => conflict.columns(['subscription_key', 'name_key']).doNothing())
        .execute();
    }
    this.known.add(cacheKey);
  }
}
