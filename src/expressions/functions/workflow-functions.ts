/**
 * Workflow functions read the run that is evaluating the expression (trigger, actions, variables, loops) through
 * the WorkflowHost port; outside a run they fail with a clear reference error.
 */
import type { EvalEnvironment, WorkflowHost } from '../environment.js';
import { ExpressionErrorCode, expressionError } from '../expression-error.js';
import { type Value, getProperty, isObject } from '../values.js';
import { integerArg, stringArg } from './arguments.js';
import { type FunctionDefinition, FunctionCategory, defineFunction } from './function-definition.js';

function hostOf(fn: string, env: EvalEnvironment): WorkflowHost {
  if (env.host === undefined) {
    throw expressionError(
      ExpressionErrorCode.InvalidReference,
      `The template language function '${fn}' can only be used while a workflow runs.`,
    );
  }
  return env.host;
}

function field(record: Value | undefined, name: string): Value {
  if (!isObject(record)) return null;
  return getProperty(record, name) ?? null;
}

function actionRecord(fn: string, env: EvalEnvironment, name: string): Value {
  const record = hostOf(fn, env).action(name);
  if (record === undefined) {
    throw expressionError(
      ExpressionErrorCode.InvalidReference,
      `The template language function '${fn}' refers to action '${name}', which is not defined in the workflow ` +
        `or has not run yet.`,
    );
  }
  return record;
}

function triggerOutputs(env: EvalEnvironment, fn: string): Value {
  return field(hostOf(fn, env).trigger(), 'outputs');
}

/** Form data arrives as `{"$content-type", "$content", "$formdata": [{key, value}]}`, the Logic Apps shape. */
function formDataValues(fn: string, body: Value, key: string): Value[] {
  const entries = field(body, '$formdata');
  if (!Array.isArray(entries)) {
    throw expressionError(ExpressionErrorCode.InvalidArgument, `The template language function '${fn}' expects form data content.`);
  }
  return entries.filter((entry) => field(entry, 'key') === key).map((entry) => field(entry, 'value'));
}

function singleFormDataValue(fn: string, body: Value, key: string): Value {
  const values = formDataValues(fn, body, key);
  if (values.length > 1) {
    throw expressionError(
      ExpressionErrorCode.InvalidArgument,
      `The template language function '${fn}' found ${values.length} values for key '${key}'; use the MultiValues form.`,
    );
  }
  return values[0] ?? null;
}

function multipartPart(fn: string, body: Value, index: number): Value {
  const parts = field(body, '$multipart');
  if (!Array.isArray(parts) || index < 0 || index >= parts.length) {
    throw expressionError(ExpressionErrorCode.InvalidArgument, `The template language function '${fn}' has no multipart part ${index}.`);
  }
  return field(parts[index], 'body');
}

function defineReference(name: string, arity: readonly [number, number], call: FunctionDefinition['call']) {
  return defineFunction(name, FunctionCategory.Workflow, arity, call);
}

export const workflowFunctions: readonly FunctionDefinition[] = [
  defineReference('trigger', [0, 0], (_args, env) => hostOf('trigger', env).trigger()),
  defineReference('triggerOutputs', [0, 0], (_args, env) => triggerOutputs(env, 'triggerOutputs')),
  defineReference('triggerBody', [0, 0], (_args, env) => field(triggerOutputs(env, 'triggerBody'), 'body')),
  defineReference('triggerFormDataValue', [1, 1], (args, env) =>
    singleFormDataValue('triggerFormDataValue', field(triggerOutputs(env, 'triggerFormDataValue'), 'body'), stringArg('triggerFormDataValue', args, 0)),
  ),
  defineReference('triggerFormDataMultiValues', [1, 1], (args, env) =>
    formDataValues('triggerFormDataMultiValues', field(triggerOutputs(env, 'triggerFormDataMultiValues'), 'body'), stringArg('triggerFormDataMultiValues', args, 0)),
  ),
  defineReference('triggerMultipartBody', [1, 1], (args, env) =>
    multipartPart('triggerMultipartBody', field(triggerOutputs(env, 'triggerMultipartBody'), 'body'), integerArg('triggerMultipartBody', args, 0)),
  ),
  defineReference('actions', [1, 1], (args, env) => actionRecord('actions', env, stringArg('actions', args, 0))),
  defineReference('action', [0, 0], (_args, env) => {
    const current = hostOf('action', env).currentAction?.();
    if (current === undefined) {
      throw expressionError(
        ExpressionErrorCode.InvalidReference,
        `The template language function 'action' is only allowed in an action's tracked properties.`,
      );
    }
    return current;
  }),
  defineReference('outputs', [1, 1], (args, env) => field(actionRecord('outputs', env, stringArg('outputs', args, 0)), 'outputs')),
  defineReference('actionOutputs', [1, 1], (args, env) =>
    field(actionRecord('actionOutputs', env, stringArg('actionOutputs', args, 0)), 'outputs'),
  ),
  defineReference('body', [1, 1], (args, env) =>
    field(field(actionRecord('body', env, stringArg('body', args, 0)), 'outputs'), 'body'),
  ),
  defineReference('actionBody', [1, 1], (args, env) =>
    field(field(actionRecord('actionBody', env, stringArg('actionBody', args, 0)), 'outputs'), 'body'),
  ),
  defineReference('formDataValue', [2, 2], (args, env) =>
    singleFormDataValue(
      'formDataValue',
      field(field(actionRecord('formDataValue', env, stringArg('formDataValue', args, 0)), 'outputs'), 'body'),
      stringArg('formDataValue', args, 1),
    ),
  ),
  defineReference('formDataMultiValues', [2, 2], (args, env) =>
    formDataValues(
      'formDataMultiValues',
      field(field(actionRecord('formDataMultiValues', env, stringArg('formDataMultiValues', args, 0)), 'outputs'), 'body'),
      stringArg('formDataMultiValues', args, 1),
    ),
  ),
  defineReference('multipartBody', [2, 2], (args, env) =>
    multipartPart(
      'multipartBody',
      field(field(actionRecord('multipartBody', env, stringArg('multipartBody', args, 0)), 'outputs'), 'body'),
      integerArg('multipartBody', args, 1),
    ),
  ),
  defineReference('result', [1, 1], (args, env) => {
    const name = stringArg('result', args, 0);
    const results = hostOf('result', env).result(name);
    if (results === undefined) {
      throw expressionError(
        ExpressionErrorCode.InvalidReference,
        `The template language function 'result' expects the name of a scoped action (Scope, Foreach, Until, If, Switch); '${name}' is not one.`,
      );
    }
    return results;
  }),
  defineReference('item', [0, 0], (_args, env) => {
    const item = hostOf('item', env).item();
    if (item === undefined) {
      throw expressionError(ExpressionErrorCode.InvalidReference, `The template language function 'item' can only be used inside a 'Foreach' loop or with 'Query'/'Select' actions.`);
    }
    return item;
  }),
  defineReference('items', [1, 1], (args, env) => {
    const loop = stringArg('items', args, 0);
    const item = hostOf('items', env).item(loop);
    if (item === undefined) {
      throw expressionError(ExpressionErrorCode.InvalidReference, `The template language function 'items' refers to '${loop}', which is not an enclosing 'Foreach' loop.`);
    }
    return item;
  }),
  defineReference('iterationIndexes', [1, 1], (args, env) => {
    const loop = stringArg('iterationIndexes', args, 0);
    const index = hostOf('iterationIndexes', env).iterationIndex(loop);
    if (index === undefined) {
      throw expressionError(ExpressionErrorCode.InvalidReference, `The template language function 'iterationIndexes' refers to '${loop}', which is not an enclosing 'Until' or 'Foreach' loop.`);
    }
    return index;
  }),
  defineReference('variables', [1, 1], (args, env) => {
    const name = stringArg('variables', args, 0);
    const value = hostOf('variables', env).variable(name);
    if (value === undefined) {
      throw expressionError(ExpressionErrorCode.InvalidReference, `The variable '${name}' has not been initialized; use an 'InitializeVariable' action at the top level.`);
    }
    return value;
  }),
  defineReference('parameters', [1, 1], (args, env) => {
    const name = stringArg('parameters', args, 0);
    const value = hostOf('parameters', env).parameter(name);
    if (value === undefined) {
      throw expressionError(ExpressionErrorCode.InvalidReference, `The workflow parameter '${name}' is not found.`);
    }
    return value;
  }),
  defineReference('workflow', [0, 0], (_args, env) => hostOf('workflow', env).workflow()),
  defineReference('listCallbackUrl', [0, 0], (_args, env) => hostOf('listCallbackUrl', env).listCallbackUrl()),
];
