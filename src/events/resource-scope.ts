/**
 * The little ARM-id reading events need: which subscription and resource group an event belongs to (automation
 * scopes select on these), and the resource a security sub-resource is attached to. Segment names compare
 * case-insensitively, as ARM does; values are returned as written.
 */

export interface ResourceScope {
  readonly subscriptionId: string;
  readonly resourceGroup?: string;
}

const SUBSCRIPTION_ID = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;

export function isSubscriptionId(text: string): boolean {
  return SUBSCRIPTION_ID.test(text);
}

/** `/subscriptions/{sub}[/resourceGroups/{rg}]/…` (leading slash optional); `undefined` for other ids. */
export function scopeOf(resourceId: string): ResourceScope | undefined {
  const segments = (resourceId.startsWith('/') ? resourceId.slice(1) : resourceId).split('/');
  const [root, subscriptionId, groups, resourceGroup] = segments;
  if (root?.toLowerCase() !== 'subscriptions' || subscriptionId === undefined || !isSubscriptionId(subscriptionId)) {
    return undefined;
  }
  if (groups?.toLowerCase() === 'resourcegroups' && resourceGroup !== undefined && resourceGroup !== '') {
    return { subscriptionId, resourceGroup };
  }
  return { subscriptionId };
}

function lastIndexOfIgnoringCase(text: string, marker: string): number {
  return text.toLowerCase().lastIndexOf(marker.toLowerCase());
}

/** The resource a `Microsoft.Security` extension resource is attached to: the id before its last `/providers/Microsoft.Security/`. */
export function attachedResourceOf(id: string): string | undefined {
  const at = lastIndexOfIgnoringCase(id, '/providers/Microsoft.Security/');
  return at > 0 ? id.slice(0, at) : undefined;
}

/** The assessment a sub-assessment belongs to: its id before `/subAssessments/`. */
export function parentAssessmentIdOf(subAssessmentId: string): string | undefined {
  const at = lastIndexOfIgnoringCase(subAssessmentId, '/subAssessments/');
  return at > 0 ? subAssessmentId.slice(0, at) : undefined;
}

/** The region in a portal alert link (`…/AlertBlade/…/location/westeurope`), lower-cased. */
export function locationOfAlertUri(alertUri: string): string | undefined {
  return /\/location\/([A-Za-z0-9]{1,64})(?:[/?#]|$)/i.exec(alertUri)?.[1]?.toLowerCase();
}
