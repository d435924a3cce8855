/**
 * JSON manipulation: coalesce and the property editors. The editors return a new object and never touch their
 * input (a shallow copy is enough since nested values are shared, not changed). Property names match exactly, as
 * on a .NET `JObject`. `mergeObjects` is not in the Logic Apps reference, so it is not provided.
 */
import type { JsonObject, Value } from '../values.js';
import { arg, argumentError, objectArg, stringArg } from './arguments.js';
import { FunctionCategory, type FunctionDefinition, defineFunction } from './function-definition.js';
import { setOwnProperty } from './own-property.js';

const category = FunctionCategory.Manipulation;

function copyObject(source: JsonObject): JsonObject {
  const copy: JsonObject = {};
  for (const key of Object.keys(source)) setOwnProperty(copy, key, source[key] ?? null);
  return copy;
}

function addProperty(args: readonly Value[]): JsonObject {
  const source = objectArg('addProperty', args, 0);
  const name = stringArg('addProperty', args, 1);
  if (Object.hasOwn(source, name)) {
    throw argumentError(
      'addProperty',
      `cannot add property '${name}' because it already exists in the object. Use 'setProperty' to change it.`,
    );
  }
  const copy = copyObject(source);
  setOwnProperty(copy, name, arg(args, 2));
  return copy;
}

function setProperty(args: readonly Value[]): JsonObject {
  const source = objectArg('setProperty', args, 0);
  const name = stringArg('setProperty', args, 1);
  const copy = copyObject(source); // an existing key keeps its position
  setOwnProperty(copy, name, arg(args, 2));
  return copy;
}

function removeProperty(args: readonly Value[]): JsonObject {
  const source = objectArg('removeProperty', args, 0);
  const name = stringArg('removeProperty', args, 1);
  const copy = copyObject(source);
  delete copy[name];
  return copy;
}

const coalesce: FunctionDefinition = {
  ...defineFunction('coalesce', category, [1, Infinity], (args) => args.find((value) => value !== null) ?? null),
  // Lazily, later arguments are not evaluated once a non-null value is found (they may fail or be costly).
  callLazy: (thunks) => {
    for (const thunk of thunks) {
      const value = thunk();
      if (value !== null) return value;
    }
    return null;
  },
};

export const manipulationFunctions: readonly FunctionDefinition[] = [
  defineFunction('addProperty', category, [3, 3], addProperty),
  defineFunction('setProperty', category, [3, 3], setProperty),
  defineFunction('removeProperty', category, [2, 2], removeProperty),
  coalesce,
];
