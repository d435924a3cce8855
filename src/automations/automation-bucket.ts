/**
 * The automations of one (event source, subscription) in the index. Those whose rules include a String `Equals`
 * every match must satisfy (`Severity` Equals `High`) are filed by that rule's path and value, so an event reads
 * each such path once and looks its value up, instead of testing every automation; the others are tested one by
 * one. The candidates an event gets are then checked in full (scope and every rule), so filing only saves work.
 */
import type { Value } from '../expressions/values.js';
import type { CompiledAutomation } from './compile-automation.js';
import { type EqualsKey, equalsLookupValue } from './compile-rules.js';
import type { PathSegment } from './property-path.js';

interface ValueFile {
  readonly segments: readonly PathSegment[];
  /** Expected value (lower-cased) → automation key → automation. */
  readonly byValue: Map<string, Map<string, CompiledAutomation>>;
}

export class AutomationBucket {
  /** Automation key → the equals key it is filed under (undefined: tested on every event). */
  readonly #filed = new Map<string, EqualsKey | undefined>();
  readonly #unfiled = new Map<string, CompiledAutomation>();
  /** Path (canonical text) → the automations filed by a value at that path. */
  readonly #byPath = new Map<string, ValueFile>();

  get size(): number {
    return this.#filed.size;
  }

  add(automation: CompiledAutomation, source: string): void {
    const equalsKey = automation.equalsKeys.get(source);
    this.#filed.set(automation.key, equalsKey);
    if (equalsKey === undefined) {
      this.#unfiled.set(automation.key, automation);
      return;
    }
    let file = this.#byPath.get(equalsKey.path);
    if (file === undefined) this.#byPath.set(equalsKey.path, (file = { segments: equalsKey.segments, byValue: new Map() }));
    let automations = file.byValue.get(equalsKey.value);
    if (automations === undefined) file.byValue.set(equalsKey.value, (automations = new Map()));
    automations.set(automation.key, automation);
  }

  remove(key: string): void {
    if (!this.#filed.has(key)) return;
    const equalsKey = this.#filed.get(key);
    this.#filed.delete(key);
    if (equalsKey === undefined) {
      this.#unfiled.delete(key);
      return;
    }
    const file = this.#byPath.get(equalsKey.path);
    const automations = file?.byValue.get(equalsKey.value);
    automations?.delete(key);
    if (automations?.size === 0) file?.byValue.delete(equalsKey.value);
    if (file?.byValue.size === 0) this.#byPath.delete(equalsKey.path);
  }

  /** The automations that may match the payload: all unfiled ones, and the filed ones whose value it has. */
  candidates(payload: Value): CompiledAutomation[] {
    const found = [...this.#unfiled.values()];
    for (const file of this.#byPath.values()) {
      const value = equalsLookupValue(payload, file.segments);
      const automations = value === undefined ? undefined : file.byValue.get(value);
      if (automations !== undefined) for (const automation of automations.values()) found.push(automation);
    }
    return found;
  }
}
