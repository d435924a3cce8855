import { defineActionType } from './action-type.js';
import { arrayInput } from './array-input.js';
import { inputsObject, requireInput } from './inputs-object.js';
import { succeeded } from './outcome.js';
import { ActionInputError } from './action-input-error.js';

/** `Query` (Filter array): keeps the items for which `where` (evaluated with `item()`) is true. */
export const queryAction = defineActionType({
  type: 'Query',
  compile(definition, cx) {
    const inputs = inputsObject(definition.inputs, cx);
    return {
      from: cx.template(requireInput(inputs, 'from', cx), 'inputs.from'),
      where: cx.template(requireInput(inputs, 'where', cx), 'inputs.where'),
    };
  },
  async execute(plan, ex) {
    const from = arrayInput(ex.evaluate(plan.from), 'from');
    const kept = from.filter((item, index) => {
      const keep = ex.evaluate(plan.where, { name: ex.name, index, item });
      if (typeof keep !== 'boolean') {
        throw new ActionInputError('InvalidTemplate', "The 'where' expression must evaluate to true or false.");
      }
      return keep;
    });
    return succeeded({ from }, { body: kept });
  },
});
