/**
 * JSON.parse accepts any nesting, but much of what handles a request body afterwards recurses (schema checks, the
 * expression compiler, JSON.stringify), and a body nested thousands deep would exhaust the stack: a 500 instead of
 * a 400. So bodies are measured, iteratively, before anything else sees them.
 */
import { childPath } from '../events/json-path.js';

/** Far above real documents (a workflow definition at the designer's nesting limit is a few dozen levels deep). */
export const MAX_BODY_DEPTH = 256;

interface Container {
  readonly value: object;
  readonly depth: number;
  readonly parent?: Container;
  readonly key?: string | number;
}

/** How a too-deep value is named: its first keys, enough to find it. */
const SHOWN_KEYS = 8;

function pathOf(item: Container): string {
  const keys: (string | number)[] = [];
  for (let at: Container | undefined = item; at?.key !== undefined; at = at.parent) keys.push(at.key);
  keys.reverse();
  const path = keys.slice(0, SHOWN_KEYS).reduce<string>(childPath, '');
  return keys.length > SHOWN_KEYS ? `${path}…` : path;
}

/** The path of the first object or array nested deeper than `maxDepth` in `value`, or undefined when none is. */
export function tooDeepAt(value: unknown, maxDepth = MAX_BODY_DEPTH): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const pending: Container[] = [{ value, depth: 1 }];
  // Every request body passes here, events included: only nested containers are visited, nothing else allocated.
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (next.depth > maxDepth) return pathOf(next);
    if (Array.isArray(next.value)) {
      const items: unknown[] = next.value;
      for (let index = 0; index < items.length; index++) {
        const item = items[index];
        if (item !== null && typeof item === 'object') pending.push({ value: item, depth: next.depth + 1, parent: next, key: index });
      }
    } else {
      const record = next.value as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        const item = record[key];
        if (item !== null && typeof item === 'object') pending.push({ value: item, depth: next.depth + 1, parent: next, key });
      }
    }
  }
  return undefined;
}
