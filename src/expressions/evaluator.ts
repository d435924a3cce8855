/**
 * Turns a syntax tree into a closure once, so evaluating the same expression many times does no parsing or
 * tree walking. Every failure leaves as an ExpressionError carrying the source text and position.
 */
import type { EvalEnvironment } from './environment.js';
import { ExpressionError, ExpressionErrorCode, expressionError } from './expression-error.js';
import type { CallNode, ExpressionNode, MemberNode } from './syntax-tree.js';
import { type Value, getProperty, isInteger, isObject, toText, typeOf } from './values.js';

export type Evaluate = (env: EvalEnvironment) => Value;

export function compileNode(node: ExpressionNode): Evaluate {
  switch (node.kind) {
    case 'literal': {
      const value = node.value;
      return () => value;
    }
    case 'call':
      return compileCall(node);
    case 'member':
      return compileMember(node);
  }
}

function compileCall(node: CallNode): Evaluate {
  const args = node.args.map(compileNode);
  const { definition } = node;
  const { callLazy } = definition;
  if (callLazy !== undefined) {
    return (env) => {
      const thunks = args.map((evaluate) => () => evaluate(env));
      return guard(node, () => callLazy(thunks, env));
    };
  }
  const call = definition.call;
  switch (args.length) {
    // Unrolled small arities: the common case on hot paths (`triggerBody()`, `variables('x')`).
    case 0:
      return (env) => guard(node, () => call([], env));
    case 1: {
      const [first] = args as [Evaluate];
      return (env) => {
        const value = first(env);
        return guard(node, () => call([value], env));
      };
    }
    default:
      return (env) => {
        const values = args.map((evaluate) => evaluate(env));
        return guard(node, () => call(values, env));
      };
  }
}

/** Normalises anything a function throws into a positioned ExpressionError. */
function guard(node: CallNode, run: () => Value): Value {
  try {
    const result = run();
    return result === undefined ? null : result;
  } catch (error) {
    if (error instanceof ExpressionError) {
      if (error.position === undefined) error.position = node.position;
      throw error;
    }
    if (error instanceof RangeError) {
      throw expressionError(
        ExpressionErrorCode.LimitExceeded,
        `The template language function '${node.name}' exceeded a size limit: ${error.message}`,
        node.position,
      );
    }
    const message = error instanceof Error ? error.message : String(error);
    throw expressionError(
      ExpressionErrorCode.Internal,
      `The template language function '${node.name}' failed: ${message}`,
      node.position,
    );
  }
}

function compileMember(node: MemberNode): Evaluate {
  const target = compileNode(node.target);
  const { nullSafe, position } = node;
  if (node.key.kind === 'literal') {
    const key = node.key.value;
    return (env) => selectMember(target(env), key, nullSafe, position);
  }
  const key = compileNode(node.key);
  return (env) => selectMember(target(env), key(env), nullSafe, position);
}

function selectMember(target: Value, key: Value, nullSafe: boolean, position: number): Value {
  if (isObject(target)) {
    if (typeof key === 'string') {
      const value = getProperty(target, key);
      if (value !== undefined) return value;
      if (nullSafe) return null;
      throw expressionError(
        ExpressionErrorCode.PropertyNotFound,
        `The property '${key}' doesn't exist, available properties are '${Object.keys(target).join(', ')}'.` +
          ` Use the '?' operator to read a property that may be missing.`,
        position,
      );
    }
  } else if (Array.isArray(target)) {
    const index = isInteger(key) ? key : typeof key === 'string' && /^\d+$/.test(key) ? Number(key) : undefined;
    if (index !== undefined) {
      if (index >= 0 && index < target.length) return target[index] as Value;
      if (nullSafe) return null;
      throw expressionError(
        ExpressionErrorCode.PropertyNotFound,
        `The index '${index}' is outside the bounds of the array of length ${target.length}.`,
        position,
      );
    }
  } else if (target === null) {
    if (nullSafe) return null;
    throw expressionError(
      ExpressionErrorCode.PropertyNotFound,
      `The property '${keyText(key)}' cannot be selected because the value is null.` +
        ` Use the '?' operator to read a property of a value that may be null.`,
      position,
    );
  }
  if (nullSafe && target !== null && typeof target !== 'object') return null;
  throw expressionError(
    ExpressionErrorCode.PropertyNotFound,
    `The property '${keyText(key)}' cannot be selected from a value of type '${typeOf(target)}'.`,
    position,
  );
}

function keyText(key: Value): string {
  return typeof key === 'string' ? key : toText(key);
}
