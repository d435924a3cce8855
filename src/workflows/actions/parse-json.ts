import { Validator } from '@cfworker/json-schema';
import { type Value, isObject, toPlainJson } from '../../expressions/index.js';
import { defineActionType } from './action-type.js';
import { failed, succeeded } from './outcome.js';
import { parseJsonText } from '../../expressions/functions/conversion/json-text.js';

/**
 * `ParseJson {content, schema}`: parses text content and checks it against the schema. The validator interprets the
 * schema (no code generation from user input). Outputs `{body}`; tokens are read with `body('Parse_JSON')`.
 */
export const parseJsonAction = defineActionType({
  type: 'ParseJson',
  compile(definition, cx) {
    const inputs = isObject(definition.inputs as Value) ? (definition.inputs as Record<string, unknown>) : {};
    if (!('content' in inputs)) cx.issue("ParseJson needs 'inputs.content'.", 'inputs.content');
    if (!isObject(inputs['schema'] as Value)) cx.issue("ParseJson needs an object 'inputs.schema'.", 'inputs.schema');
    let validator: Validator | undefined;
    try {
      if (isObject(inputs['schema'] as Value)) validator = new Validator(inputs['schema'] as object, '4', false);
    } catch (error) {
      cx.issue(`The schema is not usable: ${(error as Error).message}`, 'inputs.schema');
    }
    return { content: cx.template(inputs['content'] ?? null, 'inputs.content'), schema: inputs['schema'] ?? {}, validator };
  },
  async execute(plan, ex) {
    const raw = ex.evaluate(plan.content);
    const inputs: Value = { content: raw, schema: plan.schema as Value };
    let content: Value;
    if (typeof raw === 'string') {
      try {
        content = parseJsonText(raw);
      } catch (error) {
        return failed('InvalidJSON', `The content is not valid JSON: ${(error as Error).message}`, { inputs });
      }
    } else {
      content = raw;
    }
    if (plan.validator) {
      const result = plan.validator.validate(toPlainJson(content));
      if (!result.valid) {
        const details = result.errors
          .filter((error) => error.keyword !== 'properties' && error.keyword !== 'items')
          .slice(0, 10)
          .map((error) => `${error.instanceLocation.replace(/^#/, '') || '/'}: ${error.error}`);
        return failed('ValidationFailed', `The schema validation failed. ${details.join('; ')}`, {
          inputs,
          outputs: { body: content },
        });
      }
    }
    return succeeded(inputs, { body: content });
  },
});
