import { ActionInputError } from './action-input-error.js';
import { defineActionType } from './action-type.js';
import { compileCondition } from './condition.js';
import { containerFailed, succeeded } from './outcome.js';

/** `If`: runs `actions` when the expression is true, `else.actions` otherwise; the other branch is Skipped. */
export const ifAction = defineActionType({
  type: 'If',
  compile(definition, cx) {
    if (definition.expression === undefined) cx.issue("The 'If' action needs an 'expression'.", 'expression');
    return {
      expression: compileCondition(definition.expression ?? false, cx, 'expression'),
      then: cx.container(definition.actions, 'actions'),
      otherwise: cx.container(definition.else?.actions, 'else.actions'),
    };
  },
  async execute(plan, ex) {
    const result = ex.recordedInputs ?? ex.evaluate(plan.expression);
    if (typeof result !== 'boolean') {
      throw new ActionInputError('InvalidTemplate', "The 'If' expression must evaluate to true or false.");
    }
    const inputs = { expressionResult: result };
    await ex.recordStart(result);
    const outcome = await ex.runContainer(result ? plan.then : plan.otherwise);
    return outcome.failed ? containerFailed({ inputs }) : succeeded(inputs, undefined);
  },
});
