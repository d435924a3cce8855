import { toText } from '../../expressions/index.js';
import { ActionInputError } from './action-input-error.js';
import { defineActionType } from './action-type.js';
import { arrayInput } from './array-input.js';
import { inputsObject, requireInput } from './inputs-object.js';
import { succeeded } from './outcome.js';

/** `Join`: the items of `from` as text, separated by `joinWith`. */
export const joinAction = defineActionType({
  type: 'Join',
  compile(definition, cx) {
    const inputs = inputsObject(definition.inputs, cx);
    return {
      from: cx.template(requireInput(inputs, 'from', cx), 'inputs.from'),
      joinWith: cx.template(requireInput(inputs, 'joinWith', cx), 'inputs.joinWith'),
    };
  },
  async execute(plan, ex) {
    const from = arrayInput(ex.evaluate(plan.from), 'from');
    const joinWith = ex.evaluate(plan.joinWith);
    if (typeof joinWith !== 'string') {
      throw new ActionInputError('InvalidTemplate', "The 'joinWith' input must be a string.");
    }
    return succeeded({ from, joinWith }, { body: from.map(toText).join(joinWith) });
  },
});
