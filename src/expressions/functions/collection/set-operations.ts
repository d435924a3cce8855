/**
 * `union` and `intersection` over arrays (distinct items, in first-seen order) or objects (keys, with the value from
 * the last collection that has the key, as documented).
 */
import type { JsonObject, Value } from '../../values.js';
import { setOwnProperty } from '../own-property.js';
import { valueKey } from './value-key.js';

export function unionOfArrays(arrays: readonly (readonly Value[])[]): Value[] {
  const seen = new Set<string>();
  const out: Value[] = [];
  for (const array of arrays) {
    for (const item of array) {
      const key = valueKey(item);
      if (!seen.has(key)) {
        seen.add(key);
        out.push(item);
      }
    }
  }
  return out;
}

export function intersectionOfArrays(arrays: readonly (readonly Value[])[]): Value[] {
  const [first = [], ...rest] = arrays;
  const others = rest.map((array) => new Set(array.map(valueKey)));
  const seen = new Set<string>();
  const out: Value[] = [];
  for (const item of first) {
    const key = valueKey(item);
    if (seen.has(key) || !others.every((set) => set.has(key))) continue;
    seen.add(key);
    out.push(item);
  }
  return out;
}

export function unionOfObjects(objects: readonly JsonObject[]): JsonObject {
  const out: JsonObject = {};
  for (const object of objects) {
    for (const [key, value] of Object.entries(object)) setOwnProperty(out, key, value);
  }
  return out;
}

export function intersectionOfObjects(objects: readonly JsonObject[]): JsonObject {
  const [first = {}, ...rest] = objects;
  const out: JsonObject = {};
  for (const key of Object.keys(first)) {
    if (!rest.every((object) => Object.hasOwn(object, key))) continue;
    const last = rest.at(-1) ?? first; // every collection has the key; the last one's value wins
    setOwnProperty(out, key, last[key] as Value);
  }
  return out;
}
