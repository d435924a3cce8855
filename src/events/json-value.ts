/**
 * The first look at a posted event: is it plain JSON within the size and depth limits? The walk is iterative,
 * so hostile nesting cannot exhaust the stack; only after it passes do the recursive schema checks run.
 */
import type { JsonObject, Value } from '../expressions/values.js';
import { childPath } from './json-path.js';
import { MAX_EVENT_BYTES, MAX_EVENT_DEPTH } from './limits.js';

export type JsonProblem =
  | { readonly kind: 'notJson'; readonly path: string }
  /** A string (or key) holding U+0000, which PostgreSQL cannot store in text. */
  | { readonly kind: 'nulCharacter'; readonly path: string }
  | { readonly kind: 'tooDeep'; readonly path: string }
  | { readonly kind: 'tooLarge'; readonly path: string };

export interface JsonBounds {
  readonly maxBytes: number;
  readonly maxDepth: number;
}

const DEFAULT_BOUNDS: JsonBounds = { maxBytes: MAX_EVENT_BYTES, maxDepth: MAX_EVENT_DEPTH };

function isPlainObject(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

interface Pending {
  readonly value: unknown;
  readonly depth: number;
  /** Where the value sits; the path string is built only when a problem is reported. */
  readonly parent?: Pending;
  readonly key?: string | number;
}

function pathOf(item: Pending): string {
  const keys: (string | number)[] = [];
  for (let at: Pending | undefined = item; at?.key !== undefined; at = at.parent) keys.push(at.key);
  return keys.reverse().reduce<string>(childPath, '');
}

/** `undefined` when `value` is JSON data within the bounds; otherwise the first problem found. */
export function checkJsonBounds(value: unknown, bounds: JsonBounds = DEFAULT_BOUNDS): JsonProblem | undefined {
  const pending: Pending[] = [{ value, depth: 0 }];
  let bytes = 0;
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const item = next.value;
    const depth = next.depth;
    if (item === null) bytes += 4;
    else if (typeof item === 'string') {
      if (item.includes('\u0000')) return { kind: 'nulCharacter', path: pathOf(next) };
      bytes += Buffer.byteLength(item) + 2;
    }
    else if (typeof item === 'boolean') bytes += item ? 4 : 5;
    else if (typeof item === 'number') {
      if (!Number.isFinite(item)) return { kind: 'notJson', path: pathOf(next) };
      bytes += String(item).length;
    } else if (typeof item === 'object') {
      if (depth + 1 > bounds.maxDepth) return { kind: 'tooDeep', path: pathOf(next) };
      if (Array.isArray(item)) {
        bytes += 2 + Math.max(0, item.length - 1);
        for (let i = item.length - 1; i >= 0; i--) pending.push({ value: item[i], depth: depth + 1, parent: next, key: i });
      } else {
        if (!isPlainObject(item)) return { kind: 'notJson', path: pathOf(next) };
        const keys = Object.keys(item);
        bytes += 2 + Math.max(0, keys.length - 1);
        for (let i = keys.length - 1; i >= 0; i--) {
          const key = keys[i] as string;
          if (key.includes('\u0000')) return { kind: 'nulCharacter', path: pathOf(next) };
          bytes += Buffer.byteLength(key) + 3;
          pending.push({ value: (item as Record<string, unknown>)[key], depth: depth + 1, parent: next, key });
        }
      }
    } else {
      return { kind: 'notJson', path: pathOf(next) };
    }
    if (bytes > bounds.maxBytes) return { kind: 'tooLarge', path: '' };
  }
  return undefined;
}

/** A deep copy of JSON data that passed `checkJsonBounds`, so the normalised payload shares nothing with the input. */
export function copyJson(value: unknown): Value {
  if (value === null || typeof value !== 'object') return value as Value;
  if (Array.isArray(value)) return value.map(copyJson);
  return copyObject(value as Record<string, unknown>);
}

export function copyObject(value: Readonly<Record<string, unknown>>): JsonObject {
  const copy: JsonObject = {};
  for (const [key, item] of Object.entries(value)) setProperty(copy, key, copyJson(item));
  return copy;
}

/** Assignment that treats `__proto__` (a legal JSON key) as data rather than a prototype change. */
export function setProperty(target: JsonObject, key: string, value: Value): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** Reads of validated, copied payloads: the schema guarantees shapes, these keep the code free of casts. */
export function objectAt(object: JsonObject | undefined, key: string): JsonObject | undefined {
  const value = object !== undefined && Object.hasOwn(object, key) ? object[key] : undefined;
  // Copied payloads hold only plain JSON, so any non-array object is a JSON object.
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

export function stringAt(object: JsonObject | undefined, key: string): string | undefined {
  const value = object !== undefined && Object.hasOwn(object, key) ? object[key] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** A non-empty string at `key`; empty strings count as absent (senders fill unknown fields with ""). */
export function textAt(object: JsonObject | undefined, key: string): string | undefined {
  const value = stringAt(object, key);
  return value === undefined || value === '' ? undefined : value;
}
