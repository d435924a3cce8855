import { Binary, type JsonObject, type Value, isNumber, isObject, toText, valuesEqual } from '../values.js';
import { checkStringLength } from '../limits.js';
import { arg, argumentError, arrayArg, integerArg, invalidArgument, stringArg, stringOrNullArg } from './arguments.js';
import {
  intersectionOfArrays,
  intersectionOfObjects,
  unionOfArrays,
  unionOfObjects,
} from './collection/set-operations.js';
import { sortValues } from './collection/sorting.js';
import { FunctionCategory, type FunctionDefinition, defineFunction } from './function-definition.js';

const C = FunctionCategory.Collection;

function stringOrArrayArg(fn: string, args: readonly Value[], index: number): string | Value[] {
  const value = arg(args, index);
  if (typeof value === 'string' || Array.isArray(value)) return value;
  throw invalidArgument(fn, index, 'an array or a string', value);
}

/** A count of items (`take`, `skip`): a non-negative integer. */
function countArg(fn: string, args: readonly Value[], index: number): number {
  const count = integerArg(fn, args, index);
  if (count < 0) {
    throw argumentError(fn, `expects its count to be a non-negative integer. The provided value is ${count}.`);
  }
  return count;
}

/** The collections of `union`/`intersection`: all arrays or all objects, never a mix. */
function collectionsArg(fn: string, args: readonly Value[]): { arrays: Value[][] } | { objects: JsonObject[] } {
  const firstValue = arg(args, 0);
  if (Array.isArray(firstValue)) {
    return { arrays: args.map((_, index) => arrayArg(fn, args, index)) };
  }
  if (isObject(firstValue)) {
    return {
      objects: args.map((value, index) => {
        if (!isObject(value)) throw invalidArgument(fn, index, 'an object, like the first parameter', value);
        return value;
      }),
    };
  }
  throw invalidArgument(fn, 0, 'an array or an object', firstValue);
}

function contains(collection: Value, value: Value): boolean {
  if (typeof collection === 'string') {
    // Numbers and booleans are looked for as their text, as Logic Apps converts them.
    if (value === null || (typeof value === 'object' && !isNumber(value))) return false;
    return collection.includes(typeof value === 'string' ? value : toText(value));
  }
  if (Array.isArray(collection)) return collection.some((item) => valuesEqual(item, value));
  if (isObject(collection)) return typeof value === 'string' && Object.hasOwn(collection, value);
  throw invalidArgument('contains', 0, 'a dictionary (object), an array or a string', collection);
}

function isEmpty(collection: Value): boolean {
  if (collection === null) return true;
  if (typeof collection === 'string' || Array.isArray(collection)) return collection.length === 0;
  if (collection instanceof Binary) return collection.bytes.length === 0;
  if (isObject(collection)) return Object.keys(collection).length === 0;
  throw invalidArgument('empty', 0, 'an array, an object or a string', collection);
}

function chunk(collection: string | Value[], size: number): Value[] {
  const chunks: Value[] = [];
  for (let start = 0; start < collection.length; start += size) chunks.push(collection.slice(start, start + size));
  return chunks;
}

function join(items: readonly Value[], delimiter: string): string {
  let length = Math.max(items.length - 1, 0) * delimiter.length;
  const parts = items.map((item) => {
    const text = toText(item);
    length += text.length;
    return text;
  });
  checkStringLength('join', length);
  return parts.join(delimiter);
}

export const collectionFunctions: readonly FunctionDefinition[] = [
  // Case-sensitive: a substring of a string, an item of an array (deep equality), a key of an object.
  defineFunction('contains', C, [2, 2], (args) => contains(arg(args, 0), arg(args, 1))),

  defineFunction('length', C, [1, 1], (args) => stringOrArrayArg('length', args, 0).length),

  defineFunction('sort', C, [1, 2], (args) => {
    const items = arrayArg('sort', args, 0);
    const sortBy = args.length > 1 && arg(args, 1) !== null ? stringArg('sort', args, 1) : undefined;
    return sortValues(items, sortBy);
  }),

  defineFunction('reverse', C, [1, 1], (args) => [...arrayArg('reverse', args, 0)].reverse()),

  // null counts as empty, so `empty(body('x')?['missing'])` is true rather than an error.
  defineFunction('empty', C, [1, 1], (args) => isEmpty(arg(args, 0))),

  defineFunction('intersection', C, [1, Infinity], (args) => {
    const collections = collectionsArg('intersection', args);
    return 'arrays' in collections
      ? intersectionOfArrays(collections.arrays)
      : intersectionOfObjects(collections.objects);
  }),

  defineFunction('union', C, [1, Infinity], (args) => {
    const collections = collectionsArg('union', args);
    return 'arrays' in collections ? unionOfArrays(collections.arrays) : unionOfObjects(collections.objects);
  }),

  // The first/last character of a string ('' when empty), or item of an array (null when empty).
  defineFunction('first', C, [1, 1], (args) => {
    const collection = stringOrArrayArg('first', args, 0);
    return typeof collection === 'string' ? collection.slice(0, 1) : (collection[0] ?? null);
  }),

  defineFunction('last', C, [1, 1], (args) => {
    const collection = stringOrArrayArg('last', args, 0);
    return typeof collection === 'string' ? collection.slice(-1) : (collection.at(-1) ?? null);
  }),

  defineFunction('take', C, [2, 2], (args) => {
    const collection = stringOrArrayArg('take', args, 0);
    return collection.slice(0, countArg('take', args, 1));
  }),

  // Documented for arrays; strings are accepted too, like take.
  defineFunction('skip', C, [2, 2], (args) => {
    const collection = stringOrArrayArg('skip', args, 0);
    return collection.slice(countArg('skip', args, 1));
  }),

  defineFunction('join', C, [2, 2], (args) =>
    join(arrayArg('join', args, 0), stringOrNullArg('join', args, 1)),
  ),

  defineFunction('chunk', C, [2, 2], (args) => {
    const collection = stringOrArrayArg('chunk', args, 0);
    const size = integerArg('chunk', args, 1);
    if (size <= 0) {
      throw argumentError('chunk', `expects its length to be a positive integer. The provided value is ${size}.`);
    }
    return chunk(collection, size);
  }),
];
