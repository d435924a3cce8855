import { type Value, isInteger, valuesEqual } from '../../expressions/index.js';
import type { CompiledContainer } from '../compiler/compiled-workflow.js';
import { defineActionType } from './action-type.js';
import { containerFailed, succeeded } from './outcome.js';

/** `Switch`: runs the first case whose value equals the expression's, else `default`; at most one branch runs. */
export const switchAction = defineActionType({
  type: 'Switch',
  compile(definition, cx) {
    if (definition.expression === undefined) cx.issue("The 'Switch' action needs an 'expression'.", 'expression');
    const cases: { name: string; value: Value; container: CompiledContainer }[] = [];
    for (const [name, spec] of Object.entries(definition.cases ?? {})) {
      const value = spec.case as Value;
      if (typeof value !== 'string' && !isInteger(value)) {
        cx.issue('A case value must be a string or an integer.', `cases.${name}.case`);
      } else if (cases.some((other) => valuesEqual(other.value, value))) {
        cx.issue(`The case value '${String(value)}' is used by more than one case.`, `cases.${name}.case`);
      }
      cases.push({ name, value, container: cx.container(spec.actions, `cases.${name}.actions`) });
    }
    return {
      expression: cx.template(definition.expression ?? null, 'expression'),
      cases,
      fallback: cx.container(definition.default?.actions, 'default.actions'),
    };
  },
  async execute(plan, ex) {
    const value = ex.recordedInputs ?? ex.evaluate(plan.expression);
    await ex.recordStart(value);
    const chosen = plan.cases.find((candidate) => valuesEqual(candidate.value, value));
    const outcome = await ex.runContainer(chosen ? chosen.container : plan.fallback);
    const inputs = { expressionValue: value, ...(chosen ? { case: chosen.name } : { case: 'default' }) };
    return outcome.failed ? containerFailed({ inputs }) : succeeded(inputs, undefined);
  },
});
