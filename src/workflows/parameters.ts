/** Resolves the values a run's `parameters()` sees: given values, else declared defaults, type-checked. */
import type { Value } from '../expressions/index.js';
import { valuesEqual } from '../expressions/index.js';
import type { CompiledWorkflow } from './compiler/compiled-workflow.js';
import { parameterValueMatches } from './compiler/parameter-check.js';
import type { ValidationIssue } from './validation-issue.js';

export type ParameterResolution =
  | { readonly ok: true; readonly values: ReadonlyMap<string, Value> }
  | { readonly ok: false; readonly issues: readonly ValidationIssue[] };

/** `given` is `{name: value}` (the `{"name": {"value": …}}` file form is unwrapped by the caller). */
export function resolveParameters(workflow: CompiledWorkflow, given: Readonly<Record<string, Value>>): ParameterResolution {
  const issues: ValidationIssue[] = [];
  const values = new Map<string, Value>();
  const declared = new Map(Object.entries(workflow.parameters).map(([name, declaration]) => [name.toLowerCase(), { name, declaration }]));
  for (const name of Object.keys(given)) {
    if (!declared.has(name.toLowerCase())) {
      issues.push({ path: `parameters.${name}`, message: `The parameter '${name}' is not declared by the definition.` });
    }
  }
  const givenLower = new Map(Object.entries(given).map(([name, value]) => [name.toLowerCase(), value]));
  for (const [lower, { name, declaration }] of declared) {
    const value = givenLower.has(lower) ? (givenLower.get(lower) as Value) : (declaration.defaultValue as Value | undefined);
    if (value === undefined) {
      issues.push({ path: `parameters.${name}`, message: `The parameter '${name}' has no value and no defaultValue.` });
      continue;
    }
    if (value !== null && !parameterValueMatches(declaration.type, value)) {
      issues.push({ path: `parameters.${name}`, message: `The value of parameter '${name}' is not of type '${declaration.type}'.` });
      continue;
    }
    const allowed = declaration.allowedValues as Value[] | undefined;
    if (allowed !== undefined && !allowed.some((candidate) => valuesEqual(candidate, value))) {
      issues.push({ path: `parameters.${name}`, message: `The value of parameter '${name}' is not one of its allowedValues.` });
      continue;
    }
    values.set(lower, value);
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, values };
}
