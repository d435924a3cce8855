/** What the Workflows pages ask before they offer a change. */
import { useMemo } from 'react';
import { subscriptionScope } from '../../api/arm-id';
import { type Check, useCan } from '../../api/permissions';
import { useMe } from '../../api/session';
import type { Subscription } from '../../api/subscriptions';

export const WORKFLOW_WRITE = 'Microsoft.Logic/workflows/write';
export const WORKFLOW_DELETE = 'Microsoft.Logic/workflows/delete';
export const WORKFLOW_VALIDATE = 'Microsoft.Logic/workflows/validate/action';

/**
 * Whether the user may write workflows in one of the shown subscriptions or in a resource group of one where they
 * hold a role; shared by the list and the gallery.
 */
export function useCanCreateWorkflow(subscriptions: readonly Subscription[] | undefined, where: string): Check {
  const me = useMe();
  const scopes = useMemo(() => {
    if (subscriptions === undefined) return undefined;
    const subscriptionScopes = subscriptions.map((subscription) => subscriptionScope(subscription.subscriptionId));
    const assigned = me.roleAssignments
      .map((assignment) => assignment.scope)
      .filter((scope) => subscriptions.some((subscription) => scope.toLowerCase().startsWith(`${subscriptionScope(subscription.subscriptionId).toLowerCase()}/`)));
    return [...subscriptionScopes, ...assigned];
  }, [subscriptions, me.roleAssignments]);
  // With no subscription yet, a workflow creates its subscription: that needs the right at the tenant root.
  return useCan(WORKFLOW_WRITE, scopes === undefined ? undefined : scopes.length === 0 ? ['/'] : scopes, scopes?.length === 0 ? undefined : where);
}

