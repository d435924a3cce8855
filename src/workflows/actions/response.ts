import { type Value, getProperty, isInteger, isObject } from '../../expressions/index.js';
import { ActionInputError } from './action-input-error.js';
import { defineActionType } from './action-type.js';
import { inputsObject } from './inputs-object.js';
import { succeeded } from './outcome.js';

/** `Response {statusCode, headers?, body?}`: the answer to the caller of a Request trigger. */
export const responseAction = defineActionType({
  type: 'Response',
  reachesOutside: true,
  compile: (definition, cx) => cx.template(inputsObject(definition.inputs, cx), 'inputs'),
  async execute(template, ex) {
    const inputs = ex.evaluate(template);
    const spec = isObject(inputs) ? inputs : {};
    const statusCode = getProperty(spec, 'statusCode') ?? 200;
    const code = typeof statusCode === 'string' && /^\d+$/.test(statusCode) ? Number(statusCode) : statusCode;
    if (!isInteger(code) || code < 100 || code > 599) {
      throw new ActionInputError('InvalidTemplate', "'statusCode' must be an HTTP status code from 100 to 599.");
    }
    const headers = getProperty(spec, 'headers') ?? {};
    const body: Value = getProperty(spec, 'body') ?? null;
    return { ...succeeded(inputs, { statusCode: code, headers, body }), response: { statusCode: code, headers, body } };
  },
});
