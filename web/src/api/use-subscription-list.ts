/** What a list page filtered by subscription loads: the subscriptions shown, and the resources in them by name. */
import { useMemo } from 'react';
import { sameId } from './arm-id';
import { listInEachSubscription } from './each-subscription';
import type { Subscription } from './subscriptions';
import { type Loaded, useLoad } from './use-load';

export interface SubscriptionList<T> {
  /** Every subscription, or only the selected one. */
  readonly shown: readonly Subscription[];
  /** The resources in the shown subscriptions, sorted by name; one the user may not list is left out, not an error. */
  readonly items: Loaded<T[]>;
}

/** `selected` is a subscription id, or `''` for all; `list` lists one subscription's resources (a module function). */
export function useSubscriptionList<T extends { readonly name: string }>(
  subscriptions: readonly Subscription[] | undefined,
  selected: string,
  list: (subscriptionId: string) => Promise<readonly T[]>,
): SubscriptionList<T> {
  const shown = useMemo(() => (subscriptions ?? []).filter((subscription) => selected === '' || sameId(subscription.subscriptionId, selected)), [subscriptions, selected]);
  const shownIds = shown.map((subscription) => subscription.subscriptionId).join(',');
  const items = useLoad(
    async () => (subscriptions === undefined || shownIds === '' ? [] : (await listInEachSubscription(shownIds.split(','), list)).sort((a, b) => a.name.localeCompare(b.name))),
    [subscriptions, shownIds],
  );
  return { shown, items };
}
