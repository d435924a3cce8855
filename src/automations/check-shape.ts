/** The structural half of validation: TypeBox's errors on the request schema, turned into readable issues. */
import { type TSchema } from '@sinclair/typebox';
import { type ValueError, ValueErrorType } from '@sinclair/typebox/errors';
import { Value } from '@sinclair/typebox/value';
import { type AutomationIssue, pointerToTarget } from './automation-issue.js';
import { AutomationRequestSchema } from './automation-schema.js';

const MAX_REPORTED = 50;

function lastKey(pointer: string): string {
  return (pointer.split('/').pop() ?? '').replaceAll('~1', '/').replaceAll('~0', '~');
}

function unknownProperty(pointer: string, schema: TSchema): string {
  const name = lastKey(pointer);
  const known = Object.keys((schema as { properties?: Record<string, unknown> }).properties ?? {});
  const title = typeof schema.title === 'string' ? schema.title : 'this object';
  const nearly = known.find((key) => key.toLowerCase() === name.toLowerCase());
  const hint = nearly ? ` Did you mean '${nearly}'? Property names are case-sensitive.` : '';
  const where = title === 'an automation' ? " (automation settings go under 'properties')" : '';
  return `'${name}' is not a property of ${title}${where}; allowed: ${known.join(', ')}.${hint}`;
}

function describe(error: ValueError): string {
  const schema = error.schema as TSchema & { maxLength?: number; maxItems?: number; maxProperties?: number };
  switch (error.type) {
    case ValueErrorType.ObjectRequiredProperty:
      return `'${lastKey(error.path)}' is required.`;
    case ValueErrorType.ObjectAdditionalProperties:
      return unknownProperty(error.path, schema);
    case ValueErrorType.Object:
      return 'Must be a JSON object.';
    case ValueErrorType.Array:
      return 'Must be an array.';
    case ValueErrorType.String:
      return 'Must be a string.';
    case ValueErrorType.Boolean:
      return 'Must be true or false.';
    case ValueErrorType.Union:
      // Only `expectedValue` is a union: a string, or a number/boolean we turn into one.
      return 'Must be a string (numbers and booleans are accepted and stored as strings).';
    case ValueErrorType.StringMinLength:
      return 'Must not be empty.';
    case ValueErrorType.StringMaxLength:
      return `Must be at most ${schema.maxLength} characters long.`;
    case ValueErrorType.ArrayMaxItems:
      return `Must have at most ${schema.maxItems} items.`;
    case ValueErrorType.ObjectMaxProperties:
      return `Must have at most ${schema.maxProperties} entries.`;
    default:
      return error.message;
  }
}

/** Shape problems of a PUT body, first per target, at most 50. */
export function checkShape(body: unknown): AutomationIssue[] {
  const issues: AutomationIssue[] = [];
  const seen = new Set<string>();
  for (const error of Value.Errors(AutomationRequestSchema, body)) {
    // A missing required property is also reported as a type error at the same place: keep the first.
    if (seen.has(error.path)) continue;
    seen.add(error.path);
    issues.push({ target: pointerToTarget(error.path), message: describe(error) });
    if (issues.length >= MAX_REPORTED) break;
  }
  return issues;
}
