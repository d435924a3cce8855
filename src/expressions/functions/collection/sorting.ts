/**
 * `sort`'s ordering of primitive values: numbers by value, strings ordinally (by UTF-16 code unit, like .NET's
 * ordinal comparison), false before true, and null (or a missing sort key) before everything. Values of different
 * kinds cannot be ordered against each other.
 */
import { type Value, compareNumbers, getProperty, isNumber, isObject, typeOf } from '../../values.js';
import { argumentError } from '../arguments.js';

type Kind = 'number' | 'string' | 'boolean';

function kindOf(value: Value): Kind | undefined {
  if (isNumber(value)) return 'number';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  return undefined;
}

function compareSortKeys(a: Value, b: Value): number {
  if (a === null) return b === null ? 0 : -1;
  if (b === null) return 1;
  if (isNumber(a) && isNumber(b)) return compareNumbers(a, b);
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return Number(a) - Number(b); // booleans
}

/** A sorted copy of `items`, by the items themselves or by their `sortBy` property; the sort is stable. */
export function sortValues(items: readonly Value[], sortBy: string | undefined): Value[] {
  const keys = items.map((item) => {
    if (sortBy === undefined) return item;
    if (!isObject(item)) {
      throw argumentError(
        'sort',
        `expects the items to be objects when a sort key is given. Found an item of type '${typeOf(item)}'.`,
      );
    }
    return getProperty(item, sortBy) ?? null;
  });
  let kind: Kind | undefined;
  for (const key of keys) {
    if (key === null) continue;
    const keyKind = kindOf(key);
    if (keyKind === undefined) {
      throw argumentError(
        'sort',
        `can only sort by integers, floats, strings or booleans. Found a value of type '${typeOf(key)}'.`,
      );
    }
    if (kind !== undefined && keyKind !== kind) {
      throw argumentError('sort', `cannot compare values of different types ('${kind}' and '${keyKind}').`);
    }
    kind = keyKind;
  }
  const order = items.map((_, index) => index);
  order.sort((i, j) => compareSortKeys(keys[i] as Value, keys[j] as Value) || i - j);
  return order.map((index) => items[index] as Value);
}
