/**
 * What an update changed, for the activity log: the leaves that differ between two JSON documents, each with a
 * JSON Pointer path (`/properties/definition/actions/Send/inputs/to`). Objects are compared key by key and arrays
 * index by index; a change of kind (object to string, array to object) is one change at that path. A side on which
 * the path does not exist is left out of its entry. Pure: no I/O.
 */

export interface JsonChange {
  readonly path: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

export interface JsonDiff {
  readonly changes: readonly JsonChange[];
  /** More changes existed than `maxChanges`; only the first ones are listed. */
  readonly truncated: boolean;
}

export interface JsonDiffOptions {
  /** At most this many changes are listed (default 100). */
  readonly maxChanges?: number;
  /** A value whose JSON is longer than this is shown as a note of its size instead (default 2048 characters). */
  readonly maxValueLength?: number;
  /** Keys whose values are never shown, only that they changed (passwords, keys). */
  readonly isSecretKey?: (key: string) => boolean;
}

export const REDACTED = '***';

const pointerSegment = (key: string) => key.replaceAll('~', '~0').replaceAll('/', '~1');

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, index) => sameJson(item, b[index]));
  if (isRecord(a) && isRecord(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && sameJson(a[key], b[key]));
  }
  return false;
}

export function jsonDiff(before: unknown, after: unknown, options: JsonDiffOptions = {}): JsonDiff {
  const maxChanges = options.maxChanges ?? 100;
  const maxValueLength = options.maxValueLength ?? 2048;
  const isSecretKey = options.isSecretKey ?? (() => false);
  const changes: JsonChange[] = [];
  let truncated = false;

  // A value added or removed whole may hold secret keys of its own.
  const masked = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(masked);
    if (!isRecord(value)) return value;
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = isSecretKey(key) ? REDACTED : masked(item);
    return out;
  };
  const shown = (value: unknown): unknown => {
    const safe = masked(value);
    const text = JSON.stringify(safe);
    return text !== undefined && text.length > maxValueLength ? `(${text.length} characters not shown)` : safe;
  };
  const add = (path: string, has: { before: boolean; after: boolean }, a: unknown, b: unknown, secret: boolean) => {
    if (changes.length >= maxChanges) {
      truncated = true;
      return;
    }
    changes.push({
      path: path === '' ? '/' : path,
      ...(has.before ? { before: secret ? REDACTED : shown(a) } : {}),
      ...(has.after ? { after: secret ? REDACTED : shown(b) } : {}),
    });
  };
  const walk = (path: string, a: unknown, b: unknown, secret: boolean) => {
    if (truncated) return;
    if (secret) {
      if (!sameJson(a, b)) add(path, { before: true, after: true }, a, b, true);
      return;
    }
    if (isRecord(a) && isRecord(b)) {
      for (const key of Object.keys(a)) {
        const child = `${path}/${pointerSegment(key)}`;
        const childSecret = isSecretKey(key);
        if (!Object.hasOwn(b, key)) add(child, { before: true, after: false }, a[key], undefined, childSecret);
        else walk(child, a[key], b[key], childSecret);
      }
      for (const key of Object.keys(b)) {
        if (!Object.hasOwn(a, key)) add(`${path}/${pointerSegment(key)}`, { before: false, after: true }, undefined, b[key], isSecretKey(key));
      }
      return;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
      const length = Math.max(a.length, b.length);
      for (let index = 0; index < length; index++) {
        const child = `${path}/${index}`;
        if (index >= b.length) add(child, { before: true, after: false }, a[index], undefined, false);
        else if (index >= a.length) add(child, { before: false, after: true }, undefined, b[index], false);
        else walk(child, a[index], b[index], false);
      }
      return;
    }
    if (!sameJson(a, b)) add(path, { before: true, after: true }, a, b, false);
  };
  walk('', before, after, false);
  return { changes, truncated };
}
