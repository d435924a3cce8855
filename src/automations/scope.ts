/**
 * Which events an automation may see: those whose resource lies within one of its scopes, or — with no
 * scopes — within the automation's own subscription. Everything here works on normalised (lower-cased,
 * no trailing slash) ids so the per-event cost is one lower-casing of the event's resource id.
 */
import { isWithinNormalizedScope, normalizeResourceId, subscriptionIdOf, subscriptionResourceId } from '../arm/resource-id.js';
import type { JsonObject } from '../expressions/values.js';
import type { AutomationScope } from './automation-types.js';

/** What the index needs to know about an incoming event. */
export interface AutomationEvent {
  /** One of the automation event sources (`Alerts`, `Assessments`, …), any case. */
  readonly eventSource: string;
  readonly subscriptionId: string;
  /** The ARM id of the resource the event is about (alert `AzureResourceId`, assessment `resourceDetails.id`). */
  readonly resourceId: string;
  /** The raw event JSON the rules' `propertyJPath`s read. */
  readonly payload: JsonObject;
}

/** Normalised scope paths an automation covers: its scopes, or its subscription when it lists none. */
export function effectiveScopePaths(automationSubscriptionId: string, scopes: readonly AutomationScope[]): string[] {
  const paths = scopes.map((scope) => normalizeResourceId(scope.scopePath));
  return paths.length > 0 ? [...new Set(paths)] : [normalizeResourceId(subscriptionResourceId(automationSubscriptionId))];
}

/**
 * The normalised resource id an event is placed by. An event without a resource id is treated as being about
 * its subscription, so subscription-wide automations still see it.
 */
export function eventResourceKey(event: Pick<AutomationEvent, 'resourceId' | 'subscriptionId'>): string {
  const resourceId = typeof event.resourceId === 'string' ? event.resourceId.trim() : '';
  if (resourceId !== '') return normalizeResourceId(resourceId);
  const subscriptionId = typeof event.subscriptionId === 'string' ? event.subscriptionId.trim() : '';
  return subscriptionId === '' ? '' : normalizeResourceId(subscriptionResourceId(subscriptionId));
}

/** Lower-cased subscriptions an event may be indexed under: its own and its resource's, when they differ. */
export function eventSubscriptionKeys(event: Pick<AutomationEvent, 'subscriptionId'>, resourceKey: string): string[] {
  const own = typeof event.subscriptionId === 'string' ? event.subscriptionId.trim().toLowerCase() : '';
  const ofResource = subscriptionIdOf(resourceKey);
  const keys = own === '' ? [] : [own];
  if (ofResource !== undefined && ofResource !== own) keys.push(ofResource);
  return keys;
}

/** True when the (normalised) resource id lies within one of the (normalised) scope paths. */
export function isInScopes(scopePaths: readonly string[], resourceKey: string): boolean {
  for (const scope of scopePaths) if (isWithinNormalizedScope(resourceKey, scope)) return true;
  return false;
}
