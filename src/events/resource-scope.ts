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

/** The first `count` segments of a path (leading slash optional), without splitting the rest (every event is placed). */
function leadingSegments(path: string, count: number): string[] {
  const segments: string[] = [];
  let from = path.startsWith('/') ? 1 : 0;
  while (segments.length < count) {
    const slash = path.indexOf('/', from);
    if (slash < 0) {
      segments.push(path.slice(from));
      break;
    }
    segments.push(path.slice(from, slash));
    from = slash + 1;
  }
  return segments;
}

/** `/subscriptions/{sub}[/resourceGroups/{rg}]/…` (leading slash optional); `undefined` for other ids. */
export function scopeOf(resourceId: string): ResourceScope | undefined {
  const [root, subscriptionId, groups, resourceGroup] = leadingSegments(resourceId, 4);
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
