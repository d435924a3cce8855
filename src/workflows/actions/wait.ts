import { type Value, getProperty, isObject } from '../../expressions/index.js';
import { ActionInputError } from './action-input-error.js';
import { defineActionType } from './action-type.js';
import { inputsObject } from './inputs-object.js';
import { succeeded } from './outcome.js';

/** `Wait {interval: {count, unit}}` or `{until: {timestamp}}`: a timer through the sleeper port. */
export const waitAction = defineActionType({
  type: 'Wait',
  compile(definition, cx) {
    const inputs = inputsObject(definition.inputs, cx);
    if (!('interval' in inputs) && !('until' in inputs)) {
      cx.issue("The 'Wait' action needs 'inputs.interval' {count, unit} or 'inputs.until' {timestamp}.", 'inputs');
    }
    return cx.template(inputs, 'inputs');
  },
  async execute(template, ex) {
    const inputs = ex.evaluate(template);
    const spec = isObject(inputs) ? inputs : {};
    const interval = getProperty(spec, 'interval');
    const until = getProperty(spec, 'until');
    const now = ex.now();
    let target: Value;
    if (isObject(interval)) {
      target = ex.callFunction('addToTime', [now, getProperty(interval, 'count') ?? null, getProperty(interval, 'unit') ?? null]);
    } else if (isObject(until)) {
      target = ex.callFunction('addToTime', [getProperty(until, 'timestamp') ?? null, 0, 'Second']);
    } else {
      throw new ActionInputError('InvalidTemplate', "The 'Wait' action needs 'interval' or 'until'.");
    }
    const delay = Date.parse(String(target)) - Date.parse(now);
    if (delay > 0) await ex.ports.sleeper.sleep(delay, ex.signal);
    return succeeded(inputs, undefined);
  },
});
