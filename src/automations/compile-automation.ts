/** An automation compiled once per version: normalised scopes plus one predicate per event source. */
import { normalizeResourceId, subscriptionIdOf } from '../arm/resource-id.js';
import type { Value } from '../expressions/values.js';
import { parseAutomationId } from './automation-id.js';
import type { AutomationProperties, AutomationRuleSet } from './automation-types.js';
import { type EqualsKey, type PayloadPredicate, compileRuleSets, equalsKeyOf } from './compile-rules.js';
import { type AutomationEvent, effectiveScopePaths, eventResourceKey, isInScopes } from './scope.js';

export interface CompiledAutomation {
  readonly kind: 'CompiledAutomation';
  /** The automation id as given. */
  readonly id: string;
  /** `id` normalised (lower-cased): the identity in the index. */
  readonly key: string;
  /** The automation's subscription, as spelled in its id. */
  readonly subscriptionId: string;
  readonly isEnabled: boolean;
  readonly properties: AutomationProperties;
  /** Normalised scope paths; the automation's subscription when it lists no scopes. */
  readonly scopePaths: readonly string[];
  /** Lower-cased subscriptions of `scopePaths`: where the index files the automation. */
  readonly scopeSubscriptions: readonly string[];
  /** Lower-cased event source → the source's ruleSets as one predicate (several sources of one kind are ORed). */
  readonly sources: ReadonlyMap<string, PayloadPredicate>;
  /** Lower-cased event source → a String `Equals` rule every match of that source satisfies, where there is one. */
  readonly equalsKeys: ReadonlyMap<string, EqualsKey>;
}

/**
 * Compiles validated properties (see `parseAutomationBody`). Throws only for an id that is not an automation id
 * (a programming error: the server builds ids); rules are compiled totally, never throwing.
 */
export function compileAutomation(id: string, properties: AutomationProperties): CompiledAutomation {
  const parsed = parseAutomationId(id);
  if (parsed === undefined) {
    const form = '/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Security/automations/{name}';
    throw new TypeError(`'${id}' is not an automation id (${form}).`);
  }
  const scopePaths = effectiveScopePaths(parsed.subscriptionId, properties.scopes ?? []);
  const scopeSubscriptions = [...new Set(scopePaths.flatMap((path) => subscriptionIdOf(path) ?? []))];

  const ruleSetsBySource = new Map<string, AutomationRuleSet[] | 'all'>();
  for (const source of properties.sources ?? []) {
    const key = String(source.eventSource).toLowerCase();
    const previous = ruleSetsBySource.get(key);
    const ruleSets = source.ruleSets ?? [];
    // A source without ruleSets matches everything, whatever another source of the same kind says.
    if (previous === 'all' || ruleSets.length === 0) ruleSetsBySource.set(key, 'all');
    else ruleSetsBySource.set(key, [...(previous ?? []), ...ruleSets]);
  }
  const sources = new Map<string, PayloadPredicate>();
  const equalsKeys = new Map<string, EqualsKey>();
  for (const [key, ruleSets] of ruleSetsBySource) {
    sources.set(key, compileRuleSets(ruleSets === 'all' ? [] : ruleSets));
    const equalsKey = ruleSets === 'all' ? undefined : equalsKeyOf(ruleSets);
    if (equalsKey !== undefined) equalsKeys.set(key, equalsKey);
  }

  return {
    kind: 'CompiledAutomation',
    id,
    key: normalizeResourceId(id),
    subscriptionId: parsed.subscriptionId,
    isEnabled: properties.isEnabled !== false,
    properties,
    scopePaths,
    scopeSubscriptions,
    sources,
    equalsKeys,
  };
}

/** The rules alone: does the payload satisfy the automation's rules for this event source? */
export function matchesPayload(automation: CompiledAutomation, eventSource: string, payload: Value): boolean {
  const predicate = automation.sources.get(eventSource.toLowerCase());
  return predicate !== undefined && predicate(payload);
}

/** One automation against one event: enabled, in scope, source present and rules satisfied. */
export function matchesEvent(automation: CompiledAutomation, event: AutomationEvent): boolean {
  return (
    automation.isEnabled &&
    isInScopes(automation.scopePaths, eventResourceKey(event)) &&
    matchesPayload(automation, typeof event.eventSource === 'string' ? event.eventSource : '', event.payload)
  );
}
