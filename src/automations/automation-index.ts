/**
 * The in-memory index the ingest path asks "which automations does this event start?". Automations are filed
 * under (event source, subscription of each scope), so an event only looks at automations for its own source
 * and subscription: the cost does not grow with automations elsewhere. Within a bucket, automations with a String
 * `Equals` rule are looked up by the event's value (automation-bucket.ts). Disabled automations are kept (so they
 * can be replaced or removed) but filed nowhere.
 */
import { normalizeResourceId } from '../arm/resource-id.js';
import { AutomationBucket } from './automation-bucket.js';
import type { CompiledAutomation } from './compile-automation.js';
import { type AutomationEvent, eventResourceKey, eventSubscriptionKeys, isInScopes } from './scope.js';

export class AutomationIndex {
  /** event source → subscription → automations; all keys lower-cased. */
  readonly #buckets = new Map<string, Map<string, AutomationBucket>>();
  readonly #byKey = new Map<string, CompiledAutomation>();

  get size(): number {
    return this.#byKey.size;
  }

  get(id: string): CompiledAutomation | undefined {
    return this.#byKey.get(normalizeResourceId(id));
  }

  /** Adds the automation, replacing any earlier version with the same id (compared case-insensitively). */
  upsert(automation: CompiledAutomation): void {
    this.remove(automation.key);
    this.#byKey.set(automation.key, automation);
    if (!automation.isEnabled) return;
    for (const source of automation.sources.keys()) {
      let bySubscription = this.#buckets.get(source);
      if (bySubscription === undefined) this.#buckets.set(source, (bySubscription = new Map()));
      for (const subscription of automation.scopeSubscriptions) {
        let bucket = bySubscription.get(subscription);
        if (bucket === undefined) bySubscription.set(subscription, (bucket = new AutomationBucket()));
        bucket.add(automation, source);
      }
    }
  }

  /** Removes the automation; false when it was not indexed. */
  remove(id: string): boolean {
    const key = normalizeResourceId(id);
    const automation = this.#byKey.get(key);
    if (automation === undefined) return false;
    this.#byKey.delete(key);
    for (const source of automation.sources.keys()) {
      const bySubscription = this.#buckets.get(source);
      if (bySubscription === undefined) continue;
      for (const subscription of automation.scopeSubscriptions) {
        const bucket = bySubscription.get(subscription);
        if (bucket === undefined) continue;
        bucket.remove(key);
        if (bucket.size === 0) bySubscription.delete(subscription);
      }
      if (bySubscription.size === 0) this.#buckets.delete(source);
    }
    return true;
  }

  /**
   * The enabled automations the event starts, each once, ordered by id. An event is looked up under its own
   * subscription and its resource's (they differ only for odd events); scope and rules decide from there.
   */
  match(event: AutomationEvent): CompiledAutomation[] {
    const source = typeof event.eventSource === 'string' ? event.eventSource.toLowerCase() : '';
    const bySubscription = this.#buckets.get(source);
    if (bySubscription === undefined) return [];
    const resourceKey = eventResourceKey(event);
    const subscriptions = eventSubscriptionKeys(event, resourceKey);
    const matched: CompiledAutomation[] = [];
    const seen = subscriptions.length > 1 ? new Set<string>() : undefined;
    for (const subscription of subscriptions) {
      const bucket = bySubscription.get(subscription);
      if (bucket === undefined) continue;
      for (const automation of bucket.candidates(event.payload)) {
        if (seen !== undefined) {
          if (seen.has(automation.key)) continue;
          seen.add(automation.key);
        }
        if (!isInScopes(automation.scopePaths, resourceKey)) continue;
        const predicate = automation.sources.get(source);
        if (predicate !== undefined && predicate(event.payload)) matched.push(automation);
      }
    }
    return matched.length > 1 ? matched.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)) : matched;
  }
}
