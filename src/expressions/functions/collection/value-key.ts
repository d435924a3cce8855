/**
 * A text key per value such that two values get the same key exactly when `valuesEqual` holds: numbers compare by
 * value whatever their integer/float tag, object keys in any order, strings case-sensitively. It lets `union` and
 * `intersection` de-duplicate in linear time instead of comparing every pair.
 */
import { Binary, Decimal, type NumberValue, type Value, compareNumbers, isNumber, isObject, numberOf } from '../../values.js';

/**
 * A decimal shares the key of the double it converts to when that double equals it (decimal('1.50') and 1.5 are one
 * value), and otherwise has a key of its own digits, trailing zeros removed so that 1.50 and 1.500 still meet. (A
 * double that equals a decimal only after .NET's 15-digit rounding, such as 0.30000000000000004 against 0.3, keeps
 * its own key: that equality is not transitive, so no key could honour it.)
 */
function numberKey(value: NumberValue): string {
  if (value instanceof Decimal) {
    const approximation = value.toNumber();
    if (compareNumbers(value, approximation) === 0) return `n${String(approximation)}`;
    return `d${value.normalize().toString()}`;
  }
  return `n${String(numberOf(value))}`;
}

export function valueKey(value: Value): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return JSON.stringify(value);
  if (isNumber(value)) return numberKey(value);
  if (value instanceof Binary) return `b${Buffer.from(value.bytes).toString('base64')}`;
  if (Array.isArray(value)) return `[${value.map(valueKey).join(',')}]`;
  if (isObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${valueKey(value[key] as Value)}`).join(',')}}`;
  }
  return 'null';
}
