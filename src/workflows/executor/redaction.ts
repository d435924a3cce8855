import { type Value, isObject } from '../../expressions/index.js';

export const SECURE_MARKER = '*** secured ***';

/**
 * Builds a function that replaces the values of secure parameters wherever they appear in recorded data, so a
 * secret passed as a `securestring` never reaches the run history even when an action echoes it.
 */
export function secretRedactor(secrets: readonly string[]): (value: Value) => Value {
  const needles = secrets.filter((secret) => secret.length >= 3).sort((a, b) => b.length - a.length);
  if (needles.length === 0) return (value) => value;
  const scrub = (text: string) => needles.reduce((out, needle) => out.replaceAll(needle, SECURE_MARKER), text);
  const walk = (value: Value): Value => {
    if (typeof value === 'string') return scrub(value);
    if (Array.isArray(value)) return value.map(walk);
    if (isObject(value)) {
      const out: Record<string, Value> = {};
      for (const [key, item] of Object.entries(value)) out[key] = walk(item);
      return out;
    }
    return value;
  };
  return walk;
}

/** Every string inside a value (the leaves of a `secureobject`). */
export function stringLeaves(value: Value, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) stringLeaves(item, out);
  else if (isObject(value)) for (const item of Object.values(value)) stringLeaves(item, out);
  return out;
}
