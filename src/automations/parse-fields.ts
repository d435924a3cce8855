/** Small readers shared by the semantic checks: they look at `unknown` JSON and never throw. */
import type { AutomationIssue } from './automation-issue.js';

export type JsonRecord = Readonly<Record<string, unknown>>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function stringField(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The items of an array field, at most `limit` of them (the shape check reports longer arrays). */
export function arrayField(value: unknown, limit: number): readonly unknown[] {
  return Array.isArray(value) ? value.slice(0, limit) : [];
}

/** Case-insensitive lookup of an `as const` enum's canonical spelling. */
export function enumLookup<T extends string>(values: Readonly<Record<string, T>>): (text: string) => T | undefined {
  const byLower = new Map<string, T>(Object.values(values).map((value) => [value.toLowerCase(), value]));
  return (text) => byLower.get(text.trim().toLowerCase());
}

export function oneOf(values: Readonly<Record<string, string>>): string {
  return Object.values(values).join(', ');
}

/** The message for an enum value that is none of the allowed ones. */
export function notOneOf(text: string, what: string, values: Readonly<Record<string, string>>): string {
  return `'${text}' is not ${what}; use one of ${oneOf(values)} (case-insensitive).`;
}

/** Collects issues; one per target (the first wins), so the shape check and the semantic checks never repeat. */
export class IssueList {
  readonly #issues: AutomationIssue[] = [];
  readonly #targets = new Set<string>();

  add(target: string, message: string): void {
    if (this.#targets.has(target)) return;
    this.#targets.add(target);
    this.#issues.push({ target, message });
  }

  get items(): readonly AutomationIssue[] {
    return this.#issues;
  }
}

/** Drops null-valued properties (clients send `null` for "not set") down to the depth the schema reaches. */
export function withoutNulls(value: unknown, depth = 8): unknown {
  if (depth === 0 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => withoutNulls(item, depth - 1));
  // fromEntries defines own properties, so a `__proto__` key stays a (reported) property, not a prototype.
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, item]) => item !== null)
      .map(([key, item]) => [key, withoutNulls(item, depth - 1)]),
  );
}
