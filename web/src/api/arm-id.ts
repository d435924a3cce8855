/** Reading ARM ids (`/subscriptions/{sub}/resourceGroups/{rg}/providers/{ns}/{type}/{name}`) for display. */

export interface ArmIdParts {
  readonly subscriptionId?: string;
  readonly resourceGroup?: string;
  /** The last segment: the resource's name. */
  readonly name: string;
}

export function parseArmId(id: string): ArmIdParts {
  const segments = id.split('/').filter((segment) => segment !== '');
  const after = (key: string): string | undefined => {
    const index = segments.findIndex((segment) => segment.toLowerCase() === key);
    return index >= 0 ? segments[index + 1] : undefined;
  };
  const subscriptionId = after('subscriptions');
  const resourceGroup = after('resourcegroups');
  return {
    ...(subscriptionId === undefined ? {} : { subscriptionId }),
    ...(resourceGroup === undefined ? {} : { resourceGroup }),
    name: segments[segments.length - 1] ?? id,
  };
}

export function subscriptionScope(subscriptionId: string): string {
  return `/subscriptions/${subscriptionId}`;
}

export function resourceGroupScope(subscriptionId: string, resourceGroup: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`;
}

/** The `/api` path of a scope or resource id (`/` is the tenant root). */
export function apiPath(id: string, suffix = ''): string {
  return `/api${id === '/' ? '' : id}${suffix}`;
}

/** ARM ids compare case-insensitively. */
export function sameId(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
