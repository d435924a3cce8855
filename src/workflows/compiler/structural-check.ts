import { Value } from '@sinclair/typebox/value';
import { WorkflowDefinitionSchema } from '../definition-schema.js';
import type { ValidationIssue } from '../validation-issue.js';

const MAX_REPORTED = 50;

/** JSON Pointer (`/actions/A/runAfter/B/0`) to the dotted form used in messages (`actions.A.runAfter.B[0]`). */
export function pointerToPath(pointer: string): string {
  if (pointer === '') return '(definition)';
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path === '' ? part : `${path}.${part}`), '');
}

function actionOf(pointer: string): string | undefined {
  const parts = pointer.split('/');
  let action: string | undefined;
  for (let i = 1; i < parts.length - 1; i++) if (parts[i] === 'actions') action = parts[i + 1];
  return action;
}

function describe(pointer: string, message: string, schema: unknown): string {
  const custom = (schema as { errorMessage?: unknown }).errorMessage;
  if (typeof custom === 'string') return custom;
  if (message !== 'Unexpected property') return message;
  const name = pointer.split('/').pop() ?? '';
  const hint = name === 'definition' || name === 'properties' ? " A workflow resource puts the definition under 'properties.definition'." : '';
  return `'${name}' is not a property of a workflow definition (expected $schema, contentVersion, parameters, triggers, actions, outputs).${hint}`;
}

/** Checks the definition's shape against its JSON Schema; the first problems only, deepest first. */
export function checkStructure(definition: unknown): ValidationIssue[] {
  if (definition === null || typeof definition !== 'object' || Array.isArray(definition)) {
    return [{ path: '(definition)', message: 'The workflow definition must be a JSON object.' }];
  }
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  for (const error of Value.Errors(WorkflowDefinitionSchema, definition)) {
    // Union-style schemas report the same place several times; keep the first message for each path.
    if (seen.has(error.path)) continue;
    seen.add(error.path);
    const action = actionOf(error.path);
    issues.push({ path: pointerToPath(error.path), ...(action ? { action } : {}), message: describe(error.path, error.message, error.schema) });
    if (issues.length >= MAX_REPORTED) break;
  }
  return issues;
}
