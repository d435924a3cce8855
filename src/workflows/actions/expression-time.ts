import { type Value, getProperty, isObject } from '../../expressions/index.js';
import { defineActionType } from './action-type.js';
import { inputsObject } from './inputs-object.js';
import { succeeded } from './outcome.js';

const kinds = ['CurrentTime', 'GetPastTime', 'GetFutureTime', 'AddToTime'] as const;

/**
 * `type: Expression` with `kind` CurrentTime, GetPastTime, GetFutureTime or AddToTime — the designer's date/time
 * built-ins that Defender templates use. Each is the library function of the same name; outputs `{body}`.
 */
export const expressionTimeAction = defineActionType({
  type: 'Expression',
  compile(definition, cx) {
    const kind = kinds.find((candidate) => candidate.toLowerCase() === (definition.kind ?? '').toLowerCase());
    if (kind === undefined) cx.issue(`'kind' must be one of ${kinds.join(', ')}.`, 'kind');
    const inputs = kind === 'CurrentTime' ? {} : inputsObject(definition.inputs, cx);
    return { kind: kind ?? 'CurrentTime', inputs: cx.template(inputs, 'inputs') };
  },
  async execute(plan, ex) {
    const inputs = ex.evaluate(plan.inputs);
    const spec = isObject(inputs) ? inputs : {};
    const get = (name: string): Value => getProperty(spec, name) ?? null;
    let body: Value;
    switch (plan.kind) {
      case 'CurrentTime':
        body = ex.now();
        break;
      case 'GetPastTime':
        body = ex.callFunction('getPastTime', [get('interval'), get('timeUnit')]);
        break;
      case 'GetFutureTime':
        body = ex.callFunction('getFutureTime', [get('interval'), get('timeUnit')]);
        break;
      case 'AddToTime':
        body = ex.callFunction('addToTime', [get('baseTime'), get('interval'), get('timeUnit')]);
        break;
    }
    return succeeded(inputs, { body });
  },
});
