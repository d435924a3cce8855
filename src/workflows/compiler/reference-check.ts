/** Static checks of what expressions refer to: actions, variables, parameters and enclosing loops. */
import type { ParameterDeclaration } from '../definition-schema.js';
import type { ValidationIssue } from '../validation-issue.js';
import type { CompiledAction } from './compiled-workflow.js';
import type { TemplateSite } from './compile-workflow.js';

const actionFunctions = new Set(
  ['actions', 'body', 'outputs', 'actionBody', 'actionOutputs', 'formDataValue', 'formDataMultiValues', 'multipartBody'].map(
    (name) => name.toLowerCase(),
  ),
);

export function checkReferences(
  sites: readonly TemplateSite[],
  actions: ReadonlyMap<string, CompiledAction>,
  parameters: Readonly<Record<string, ParameterDeclaration>>,
  variables: ReadonlySet<string>,
  issues: ValidationIssue[],
): void {
  const parameterNames = new Set(Object.keys(parameters).map((name) => name.toLowerCase()));
  for (const site of sites) {
    const report = (message: string) =>
      issues.push({ path: `${site.action.path}.${site.where}`, action: site.action.name, message });
    for (const reference of site.references) {
      const target = reference.literalArgument;
      if (target === undefined) continue;
      const fn = reference.functionName.toLowerCase();
      const quoted = `'${reference.functionName}('${target}')'`;
      if (fn === 'variables' && !variables.has(target.toLowerCase())) {
        report(`${quoted} refers to a variable that no InitializeVariable action declares.`);
      } else if (actionFunctions.has(fn) && !actions.has(target.toLowerCase())) {
        report(`${quoted} refers to an action that is not defined in the workflow.`);
      } else if (fn === 'result') {
        const action = actions.get(target.toLowerCase());
        if (action === undefined || action.containers.length === 0) {
          report(`${quoted} must name a Scope, If, Switch, Foreach or Until action.`);
        }
      } else if (fn === 'parameters' && !parameterNames.has(target.toLowerCase())) {
        report(`${quoted} refers to a parameter that the definition does not declare.`);
      } else if (fn === 'items' || fn === 'iterationindexes') {
        const enclosing = [...site.action.loops, ...(isLoop(site.action.type) ? [site.action.name] : [])];
        if (!enclosing.some((loop) => loop.toLowerCase() === target.toLowerCase())) {
          report(`${quoted} must name an enclosing ${fn === 'items' ? 'Foreach' : 'Foreach or Until'} loop.`);
        }
      }
    }
  }
}

function isLoop(type: string): boolean {
  return type === 'Foreach' || type === 'Until';
}
