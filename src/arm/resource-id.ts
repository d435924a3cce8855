/**
 * ARM resource ids: `/subscriptions/{sub}/resourceGroups/{rg}/providers/{namespace}/{type}/{name}[/{type}/{name}…]`.
 * ARM compares ids case-insensitively, so every comparison here does too; the id itself is kept as given.
 */

export interface ParsedResourceId {
  /** The id as given, without a trailing slash. */
  readonly id: string;
  readonly subscriptionId?: string;
  readonly resourceGroup?: string;
  /** Provider namespace of the last `providers/` group (extension resources have several). */
  readonly namespace?: string;
  /** Full type of the last `providers/` group: `Microsoft.Logic/workflows/triggers` for a nested resource. */
  readonly resourceType?: string;
  /** Name of the resource; absent for a collection path (`…/providers/Microsoft.Security/automations`). */
  readonly name?: string;
  /** Number of `providers/` groups: 0 for a subscription or resource group, 2+ for an extension resource. */
  readonly providerGroups: number;
}

function same(a: string | undefined, b: string): boolean {
  return a !== undefined && a.toLowerCase() === b.toLowerCase();
}

function withoutTrailingSlashes(id: string): string {
  let end = id.length;
  while (end > 1 && id.charCodeAt(end - 1) === 47 /* / */) end--;
  return id.slice(0, end);
}

/** Parses an ARM id; `undefined` when it is not one (no leading slash, empty segments, stray segments). */
export function parseResourceId(id: string): ParsedResourceId | undefined {
  if (typeof id !== 'string' || !id.startsWith('/')) return undefined;
  const trimmed = withoutTrailingSlashes(id);
  if (trimmed === '/') return undefined;
  const segments = trimmed.slice(1).split('/');
  if (segments.some((segment) => segment === '')) return undefined;

  let i = 0;
  let subscriptionId: string | undefined;
  let resourceGroup: string | undefined;
  if (same(segments[0], 'subscriptions')) {
    subscriptionId = segments[1];
    if (subscriptionId === undefined) return undefined;
    i = 2;
    if (same(segments[i], 'resourceGroups')) {
      resourceGroup = segments[i + 1];
      if (resourceGroup === undefined) return undefined;
      i += 2;
    }
  } else if (!same(segments[0], 'providers')) {
    return undefined;
  }

  let providerGroups = 0;
  let namespace: string | undefined;
  let types: string[] = [];
  let name: string | undefined;
  while (i < segments.length) {
    // A group starts at `providers/{namespace}`; inside a group `providers` can only appear at a type position.
    if (!same(segments[i], 'providers') || segments[i + 1] === undefined) return undefined;
    providerGroups++;
    namespace = segments[i + 1];
    types = [];
    name = undefined;
    i += 2;
    while (i < segments.length && !same(segments[i], 'providers')) {
      types.push(segments[i] as string);
      name = segments[i + 1];
      i += 2;
      if (name === undefined) break;
    }
  }
  return {
    id: trimmed,
    ...(subscriptionId !== undefined ? { subscriptionId } : {}),
    ...(resourceGroup !== undefined ? { resourceGroup } : {}),
    ...(namespace !== undefined ? { namespace } : {}),
    ...(namespace !== undefined && types.length > 0 ? { resourceType: `${namespace}/${types.join('/')}` } : {}),
    ...(name !== undefined ? { name } : {}),
    providerGroups,
  };
}

/** The form used as a lookup key: lower-cased, no trailing slash. */
export function normalizeResourceId(id: string): string {
  return withoutTrailingSlashes(id).toLowerCase();
}

export function resourceIdsEqual(a: string, b: string): boolean {
  return normalizeResourceId(a) === normalizeResourceId(b);
}

/**
 * True when `resourceId` is `scope` or lies beneath it on a path-segment boundary, case-insensitively:
 * `/subscriptions/a/resourceGroups/rg` contains `/subscriptions/a/resourceGroups/rg/providers/…` but not
 * `/subscriptions/a/resourceGroups/rg2`. The scope `/` contains everything.
 */
export function isWithinScope(resourceId: string, scope: string): boolean {
  return isWithinNormalizedScope(normalizeResourceId(resourceId), normalizeResourceId(scope));
}

/** `isWithinScope` for ids already passed through `normalizeResourceId` (the hot path of event matching). */
export function isWithinNormalizedScope(resourceId: string, scope: string): boolean {
  if (scope === '/') return resourceId.startsWith('/');
  if (resourceId.length === scope.length) return resourceId === scope;
  // lastIndexOf from 0 is a prefix test several times faster than startsWith in V8 (ids share long prefixes).
  return resourceId.charCodeAt(scope.length) === 47 && resourceId.lastIndexOf(scope, 0) === 0;
}

/** The subscription an id lies in (`/subscriptions/{sub}/…`), without parsing the rest. */
export function subscriptionIdOf(id: string): string | undefined {
  const match = /^\/subscriptions\/([^/]+)/i.exec(id);
  return match?.[1];
}

export function subscriptionResourceId(subscriptionId: string): string {
  return `/subscriptions/${subscriptionId}`;
}

export function resourceGroupResourceId(subscriptionId: string, resourceGroup: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`;
}

/** `/subscriptions/{sub}/resourceGroups/{rg}/providers/{namespace}/{type}/{name}` for a top-level RG resource. */
export function resourceGroupResource(
  subscriptionId: string,
  resourceGroup: string,
  namespace: string,
  type: string,
  name: string,
): string {
  return `${resourceGroupResourceId(subscriptionId, resourceGroup)}/providers/${namespace}/${type}/${name}`;
}

export interface ResourceGroupResource {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly name: string;
}

/**
 * Parses the id of a top-level resource of one type in a resource group (`Microsoft.Logic/workflows`,
 * `Microsoft.Security/automations`); `undefined` for any other shape, nested or extension resources included.
 */
export function parseResourceGroupResource(id: string, resourceType: string): ResourceGroupResource | undefined {
  const parsed = parseResourceId(id);
  if (
    parsed?.subscriptionId === undefined ||
    parsed.resourceGroup === undefined ||
    parsed.name === undefined ||
    parsed.providerGroups !== 1 ||
    !same(parsed.resourceType, resourceType)
  ) {
    return undefined;
  }
  return { subscriptionId: parsed.subscriptionId, resourceGroup: parsed.resourceGroup, name: parsed.name };
}
