import { type Value, isObject } from '../../expressions/index.js';
import type { ActionCompileContext } from './action-type.js';

/** The action's `inputs` as an object, recording an issue when it is something else. */
export function inputsObject(inputs: unknown, cx: ActionCompileContext): Record<string, unknown> {
  if (isObject(inputs as Value)) return inputs as Record<string, unknown>;
  cx.issue('The action needs an object as its inputs.', 'inputs');
  return {};
}

export function requireInput(inputs: Record<string, unknown>, name: string, cx: ActionCompileContext): unknown {
  if (!(name in inputs)) cx.issue(`The action needs 'inputs.${name}'.`, `inputs.${name}`);
  return inputs[name] ?? null;
}
