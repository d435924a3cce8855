/**
 * A text key per value such that two values get the same key exactly when `valuesEqual` holds: numbers compare by
 * value whatever their integer/float tag, object keys in any order, strings case-sensitively. It lets `union` and
 * `intersection` de-duplicate in linear time instead of comparing every pair.
 */
import { Binary, type Value, isNumber, isObject, numberOf } from '../../values.js';

export function valueKey(value: Value): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return JSON.stringify(value);
  if (isNumber(value)) return `n${String(numberOf(value))}`;
  if (value instanceof Binary) return `b${Buffer.from(value.bytes).toString('base64')}`;
  if (Array.isArray(value)) return `[${value.map(valueKey).join(',')}]`;
  if (isObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${valueKey(value[key] as Value)}`).join(',')}}`;
  }
  return 'null';
}
