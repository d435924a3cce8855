import { type Value, typeOf } from '../../expressions/index.js';
import { ActionInputError } from './action-input-error.js';

/** Reads an array input (`from`, `foreach`), failing with a message that names the input and the type found. */
export function arrayInput(value: Value, name: string): Value[] {
  if (Array.isArray(value)) return value;
  throw new ActionInputError(
    'InvalidTemplate',
    `The '${name}' input must be an array; the value provided is of type '${typeOf(value)}'.`,
  );
}
