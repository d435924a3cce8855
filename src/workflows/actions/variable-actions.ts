/** The variable actions: Initialize, Set, Increment/Decrement, AppendToArray/AppendToString. */
import { type CompiledTemplate, type Value, isFloat, isNumber, isObject, makeNumber, numberOf, toText } from '../../expressions/index.js';
import { ActionInputError } from './action-input-error.js';
import { type ActionCompileContext, type ActionExecution, type VariableType, defineActionType } from './action-type.js';
import { inputsObject } from './inputs-object.js';
import { succeeded } from './outcome.js';
import { checkVariableValue, defaultValueOf, parseVariableType } from './variable-types.js';

function existing(ex: ActionExecution, name: string): { type: VariableType; value: Value } {
  const variable = ex.getVariable(name);
  if (variable === undefined) {
    throw new ActionInputError('InvalidTemplate', `The variable '${name}' has not been initialized.`);
  }
  return variable;
}

function nameAndValue(definition: { inputs?: unknown }, cx: ActionCompileContext, valueRequired: boolean) {
  const inputs = inputsObject(definition.inputs, cx);
  const name = inputs['name'];
  if (typeof name !== 'string' || name === '') cx.issue("The action needs the variable's 'inputs.name'.", 'inputs.name');
  if (valueRequired && !('value' in inputs)) cx.issue("The action needs 'inputs.value'.", 'inputs.value');
  return {
    name: typeof name === 'string' ? name : '',
    value: 'value' in inputs ? cx.template(inputs['value'], 'inputs.value') : undefined,
  };
}

export const initializeVariableAction = defineActionType({
  type: 'InitializeVariable',
  compile(definition, cx) {
    const inputs = inputsObject(definition.inputs, cx);
    const list = Array.isArray(inputs['variables']) ? inputs['variables'] : [];
    if (list.length === 0) cx.issue("The action needs 'inputs.variables' with at least one variable.", 'inputs.variables');
    return list.map((spec: unknown, index) => {
      const where = `inputs.variables[${index}]`;
      const entry = isObject(spec as Value) ? (spec as Record<string, unknown>) : {};
      const type = parseVariableType(entry['type']);
      if (typeof entry['name'] !== 'string' || entry['name'] === '') cx.issue('A variable needs a name.', `${where}.name`);
      if (type === undefined) {
        cx.issue('The variable type must be Array, Boolean, Float, Integer, Object or String.', `${where}.type`);
      }
      return {
        name: String(entry['name'] ?? ''),
        type: type ?? 'String',
        value: 'value' in entry ? cx.template(entry['value'], `${where}.value`) : undefined,
      };
    });
  },
  async execute(variables, ex) {
    const declared = variables.map(({ name, type, value }) => ({
      name,
      type,
      value: checkVariableValue(name, type, value === undefined ? defaultValueOf(type) : ex.evaluate(value)),
    }));
    for (const variable of declared) {
      if (ex.getVariable(variable.name) !== undefined) {
        throw new ActionInputError('InvalidTemplate', `The variable '${variable.name}' is already initialized.`);
      }
    }
    for (const variable of declared) ex.setVariable(variable.name, variable.type, variable.value);
    return succeeded({ variables: declared }, undefined);
  },
});

export const setVariableAction = defineActionType({
  type: 'SetVariable',
  compile(definition, cx) {
    const plan = nameAndValue(definition, cx, true);
    const selfReference = plan.value?.references.some(
      (ref) => ref.functionName === 'variables' && ref.literalArgument?.toLowerCase() === plan.name.toLowerCase(),
    );
    if (selfReference) {
      cx.issue(`Self reference is not supported when updating the value of variable '${plan.name}'.`, 'inputs.value');
    }
    return plan;
  },
  async execute(plan, ex) {
    const { type } = existing(ex, plan.name);
    const value = checkVariableValue(plan.name, type, ex.evaluate(plan.value as CompiledTemplate));
    ex.setVariable(plan.name, type, value);
    return succeeded({ name: plan.name, value }, { body: { name: plan.name, value } });
  },
});

function defineCounter(type: 'IncrementVariable' | 'DecrementVariable', sign: 1 | -1) {
  return defineActionType({
    type,
    compile: (definition, cx) => nameAndValue(definition, cx, false),
    async execute(plan, ex) {
      const variable = existing(ex, plan.name);
      const by = plan.value === undefined ? 1 : ex.evaluate(plan.value);
      if (!isNumber(variable.value) || !isNumber(by)) {
        throw new ActionInputError(
          'InvalidTemplate',
          `'${type}' needs a numeric variable and value; '${plan.name}' is of type '${variable.type}'.`,
        );
      }
      if (variable.type === 'Integer' && isFloat(by)) {
        throw new ActionInputError('InvalidVariableValue', `The Integer variable '${plan.name}' cannot be changed by a float.`);
      }
      const next = makeNumber(numberOf(variable.value) + sign * numberOf(by), variable.type === 'Float' || isFloat(variable.value));
      ex.setVariable(plan.name, variable.type, next);
      return succeeded({ name: plan.name, value: by }, { body: { name: plan.name, value: next } });
    },
  });
}

export const incrementVariableAction = defineCounter('IncrementVariable', 1);
export const decrementVariableAction = defineCounter('DecrementVariable', -1);

export const appendToArrayVariableAction = defineActionType({
  type: 'AppendToArrayVariable',
  compile: (definition, cx) => nameAndValue(definition, cx, true),
  async execute(plan, ex) {
    const variable = existing(ex, plan.name);
    if (variable.type !== 'Array') {
      throw new ActionInputError('InvalidTemplate', `The variable '${plan.name}' is not an Array variable.`);
    }
    const value = ex.evaluate(plan.value as CompiledTemplate);
    const next = [...((variable.value as Value[] | null) ?? []), value];
    ex.setVariable(plan.name, variable.type, next);
    return succeeded({ name: plan.name, value }, undefined);
  },
});

export const appendToStringVariableAction = defineActionType({
  type: 'AppendToStringVariable',
  compile: (definition, cx) => nameAndValue(definition, cx, true),
  async execute(plan, ex) {
    const variable = existing(ex, plan.name);
    if (variable.type !== 'String') {
      throw new ActionInputError('InvalidTemplate', `The variable '${plan.name}' is not a String variable.`);
    }
    const value = ex.evaluate(plan.value as CompiledTemplate);
    const next = ((variable.value as string | null) ?? '') + toText(value);
    ex.setVariable(plan.name, variable.type, next);
    return succeeded({ name: plan.name, value }, undefined);
  },
});
