/** Checks a deployment's parameter values against a template: names, required values, types, allowed values. */
import { type Value, valuesEqual } from '../expressions/index.js';
import { parameterValueMatches } from '../workflows/compiler/parameter-check.js';
import { type DeployProblem, deployProblem } from './deploy-request-error.js';
import type { WorkflowTemplate } from './template.js';

/** Every template parameter's value, under its declared name: the given one (matched case-insensitively) or its default. */
export function templateParameterValues(
  template: WorkflowTemplate,
  given: Readonly<Record<string, unknown>>,
  problems: DeployProblem[],
): Map<string, unknown> {
  const declared = Object.entries(template.parameters);
  const known = declared.map(([name]) => name).join(', ') || 'none';
  for (const name of Object.keys(given)) {
    if (!declared.some(([declaredName]) => declaredName.toLowerCase() === name.toLowerCase())) {
      problems.push(deployProblem('UnknownTemplateParameter', `parameters.${name}`, `The template '${template.id}' has no parameter '${name}'; its parameters: ${known}.`));
    }
  }
  const values = new Map<string, unknown>();
  for (const [name, parameter] of declared) {
    const key = Object.keys(given).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
    const target = `parameters.${key ?? name}`;
    const value = key === undefined ? parameter.defaultValue : given[key];
    const allowed = parameter.allowedValues;
    if (value === undefined) {
      problems.push(deployProblem('MissingTemplateParameter', target, `The parameter '${name}' is required: ${parameter.description}`));
    } else if (!parameterValueMatches(parameter.type, value as Value)) {
      problems.push(deployProblem('InvalidTemplateParameterType', target, `The parameter '${name}' must be of type '${parameter.type}'.`));
    } else if (allowed !== undefined && !allowed.some((candidate) => valuesEqual(candidate, value as Value))) {
      problems.push(deployProblem('TemplateParameterValueNotAllowed', target, `The parameter '${name}' must be one of ${allowed.join(', ')}.`));
    } else {
      values.set(name, value);
    }
  }
  return values;
}
