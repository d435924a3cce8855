import { defineActionType } from './action-type.js';
import { arrayInput } from './array-input.js';
import { inputsObject, requireInput } from './inputs-object.js';
import { succeeded } from './outcome.js';

/** `Select`: maps each item of `from` through `select` (an object of expressions, or one expression). */
export const selectAction = defineActionType({
  type: 'Select',
  compile(definition, cx) {
    const inputs = inputsObject(definition.inputs, cx);
    return {
      from: cx.template(requireInput(inputs, 'from', cx), 'inputs.from'),
      select: cx.template(requireInput(inputs, 'select', cx), 'inputs.select'),
    };
  },
  async execute(plan, ex) {
    const from = arrayInput(ex.evaluate(plan.from), 'from');
    const body = from.map((item, index) => ex.evaluate(plan.select, { name: ex.name, index, item }));
    return succeeded({ from }, { body });
  },
});
