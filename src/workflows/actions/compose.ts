import { defineActionType } from './action-type.js';
import { succeeded } from './outcome.js';

/** `Compose`: its outputs are the evaluated inputs themselves, which is what `outputs('Compose')` returns. */
export const composeAction = defineActionType({
  type: 'Compose',
  compile: (definition, cx) => cx.template(definition.inputs ?? null, 'inputs'),
  async execute(inputs, ex) {
    const value = ex.evaluate(inputs);
    return succeeded(value, value);
  },
});
