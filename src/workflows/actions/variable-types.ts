import { type Value, isInteger, isNumber, isObject } from '../../expressions/index.js';
import { ActionInputError } from './action-input-error.js';
import { VariableType } from './action-type.js';

const byLowerName = new Map(Object.values(VariableType).map((type) => [type.toLowerCase(), type]));

/** Variable types are accepted in any case: templates write `string`, `integer`, `array`. */
export function parseVariableType(text: unknown): VariableType | undefined {
  return typeof text === 'string' ? byLowerName.get(text.toLowerCase()) : undefined;
}

export function defaultValueOf(type: VariableType): Value {
  switch (type) {
    case 'Array':
      return [];
    case 'Boolean':
      return false;
    case 'Float':
    case 'Integer':
      return 0;
    case 'Object':
      return {};
    case 'String':
      return '';
  }
}

function matches(type: VariableType, value: Value): boolean {
  switch (type) {
    case 'Array':
      return Array.isArray(value);
    case 'Boolean':
      return typeof value === 'boolean';
    case 'Float':
      return isNumber(value);
    case 'Integer':
      return isInteger(value);
    case 'Object':
      return isObject(value);
    case 'String':
      return typeof value === 'string';
  }
}

/** Checks a value against a variable's declared type; `null` is allowed for every type, as in Logic Apps. */
export function checkVariableValue(name: string, type: VariableType, value: Value): Value {
  if (value === null || matches(type, value)) return value;
  throw new ActionInputError(
    'InvalidVariableValue',
    `The variable '${name}' of type '${type}' cannot be given a value of another type (${JSON.stringify(value)?.slice(0, 100)}).`,
  );
}
