import { type Value, isInteger, isNumber, isObject, valuesEqual } from '../../expressions/index.js';
import type { ParameterDeclaration } from '../definition-schema.js';
import type { ValidationIssue } from '../validation-issue.js';

/** Whether a value fits a declared parameter type (`int`, `securestring`, …; case-insensitive). */
export function parameterValueMatches(type: string, value: Value): boolean {
  switch (type.toLowerCase()) {
    case 'int':
      return isInteger(value);
    case 'float':
      return isNumber(value);
    case 'string':
    case 'securestring':
      return typeof value === 'string';
    case 'bool':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
    case 'secureobject':
      return isObject(value);
    default:
      return false;
  }
}

export function isSecureParameter(declaration: Pick<ParameterDeclaration, 'type'>): boolean {
  return declaration.type.toLowerCase().startsWith('secure');
}

export function checkParameters(parameters: Readonly<Record<string, ParameterDeclaration>>, issues: ValidationIssue[]): void {
  for (const [name, declaration] of Object.entries(parameters)) {
    const path = `parameters.${name}`;
    const value = declaration.defaultValue as Value | undefined;
    if (value !== undefined && value !== null && !parameterValueMatches(declaration.type, value)) {
      issues.push({ path: `${path}.defaultValue`, message: `The default value does not have the parameter's type '${declaration.type}'.` });
    }
    const allowed = declaration.allowedValues as Value[] | undefined;
    if (value !== undefined && allowed !== undefined && !allowed.some((candidate) => valuesEqual(candidate, value))) {
      issues.push({ path: `${path}.defaultValue`, message: 'The default value is not one of the allowed values.' });
    }
  }
}
