/**
 * The scopes roles are assigned at, as written in URLs and bodies: `/` (the tenant root), a management group, a
 * subscription, a resource group, or a resource id (with child resources). Anything else is not a scope.
 */

export type ScopeKind = 'root' | 'managementGroup' | 'subscription' | 'resourceGroup' | 'resource';

const SHAPES: readonly (readonly [ScopeKind, RegExp])[] = [
  ['managementGroup', /^\/providers\/Microsoft\.Management\/managementGroups\/[^/]+$/i],
  ['subscription', /^\/subscriptions\/[^/]+$/i],
  ['resourceGroup', /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+$/i],
  ['resource', /^\/subscriptions\/[^/]+(\/resourceGroups\/[^/]+)?\/providers\/[^/]+(\/[^/]+\/[^/]+)+$/i],
];

/** `text` without trailing slashes (`/` for the root), with its kind; undefined when it is no scope. */
export function parseScope(text: string): { readonly scope: string; readonly kind: ScopeKind } | undefined {
  const scope = text.replace(/\/+$/, '');
  if (scope === '') return { scope: '/', kind: 'root' };
  if (/\s|\/\/|(^|\/)\.\.?(\/|$)/.test(scope)) return undefined;
  for (const [kind, shape] of SHAPES) if (shape.test(scope)) return { scope, kind };
  return undefined;
}

/** What URL paths put before `/providers/Microsoft.Authorization/…`: nothing for the root. */
export const scopePrefix = (scope: string) => (scope === '/' ? '' : scope);

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
