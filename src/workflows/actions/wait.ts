import { type Value, getProperty, isObject } from '../../expressions/index.js';
import { ActionInputError } from './action-input-error.js';
import { type ActionExecution, defineActionType } from './action-type.js';
import { inputsObject } from './inputs-object.js';
import { succeeded } from './outcome.js';

/**
 * `Wait {interval: {count, unit}}` or `{until: {timestamp}}`: a durable timer. Its end is journaled before it sleeps,
 * so a run resumed after a restart wakes at the instant first decided, at once when that has passed.
 */
export const waitAction = defineActionType({
  type: 'Wait',
  reachesOutside: true,
  compile(definition, cx) {
    const inputs = inputsObject(definition.inputs, cx);
    if (!('interval' in inputs) && !('until' in inputs)) {
      cx.issue("The 'Wait' action needs 'inputs.interval' {count, unit} or 'inputs.until' {timestamp}.", 'inputs');
    }
    return cx.template(inputs, 'inputs');
  },
  async execute(template, ex) {
    const inputs = ex.evaluate(template);
    const wakeAt = ex.recordedTimer?.wakeAt ?? targetOf(inputs, ex);
    if (Date.parse(wakeAt) > Date.parse(ex.now())) await ex.sleepUntil({ wakeAt });
    return succeeded(inputs, undefined);
  },
});

/** The instant the Wait ends, as ISO 8601: `interval` counts from now. */
function targetOf(inputs: Value, ex: ActionExecution): string {
  const spec = isObject(inputs) ? inputs : {};
  const interval = getProperty(spec, 'interval');
  const until = getProperty(spec, 'until');
  if (isObject(interval)) {
    return String(ex.callFunction('addToTime', [ex.now(), getProperty(interval, 'count') ?? null, getProperty(interval, 'unit') ?? null]));
  }
  if (isObject(until)) return String(ex.callFunction('addToTime', [getProperty(until, 'timestamp') ?? null, 0, 'Second']));
  throw new ActionInputError('InvalidTemplate', "The 'Wait' action needs 'interval' or 'until'.");
}
