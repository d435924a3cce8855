/**
 * Compiles JSON values that contain expressions (action inputs, conditions, outputs) into one evaluator.
 * Parts without expressions are shared constants, so evaluating a large mostly-static input is cheap.
 */
import type { EvalEnvironment } from './environment.js';
import { ExpressionError } from './expression-error.js';
import { type Evaluate, compileNode } from './evaluator.js';
import { parseExpression, parseTemplateString } from './parser.js';
import { type FunctionReference, collectReferences } from './references.js';
import { Binary, Float, type JsonObject, type Value, cloneValue, toText } from './values.js';

export interface CompiledExpression {
  readonly source: string;
  evaluate(env: EvalEnvironment): Value;
}

export interface CompiledTemplate {
  /** True when the value contains no expression at all. */
  readonly isConstant: boolean;
  /** Every function call in the value's expressions, for static checks. */
  readonly references: readonly FunctionReference[];
  evaluate(env: EvalEnvironment): Value;
}

/** Compiles a bare expression (without the leading `@`). Throws ExpressionError on syntax, name or arity errors. */
export function compileExpression(source: string): CompiledExpression {
  const evaluate = withSource(source, compileNode(parseExpression(source)));
  return { source, evaluate };
}

/** Compiles any JSON value; strings follow WDL's `@expr`, `@{expr}` and `@@` rules. */
export function compileTemplate(value: unknown): CompiledTemplate {
  const references: FunctionReference[] = [];
  const compiled = compileValue(value, references);
  if (compiled.kind === 'constant') {
    const constant = compiled.value;
    return { isConstant: true, references, evaluate: () => cloneValue(constant) };
  }
  return { isConstant: false, references, evaluate: compiled.evaluate };
}

type Compiled = { kind: 'constant'; value: Value } | { kind: 'dynamic'; evaluate: Evaluate };

function compileValue(value: unknown, refs: FunctionReference[]): Compiled {
  if (typeof value === 'string') return compileString(value, refs);
  if (Array.isArray(value)) {
    const items = value.map((item) => compileValue(item, refs));
    if (items.every((item) => item.kind === 'constant')) {
      return { kind: 'constant', value: items.map((item) => (item as { value: Value }).value) };
    }
    const evaluators = items.map(toEvaluate);
    return { kind: 'dynamic', evaluate: (env) => evaluators.map((evaluate) => evaluate(env)) };
  }
  if (value instanceof Float || value instanceof Binary) return { kind: 'constant', value };
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).map(([key, item]) => [compileString(key, refs), compileValue(item, refs)] as const);
    if (entries.every(([key, item]) => key.kind === 'constant' && item.kind === 'constant')) {
      return { kind: 'constant', value: Object.fromEntries(entries.map(([key, item]) => [constantOf(key), constantOf(item)])) };
    }
    const evaluators = entries.map(([key, item]) => [toEvaluate(key), toEvaluate(item)] as const);
    return {
      kind: 'dynamic',
      evaluate: (env) => {
        const out: JsonObject = {};
        for (const [key, item] of evaluators) out[toText(key(env))] = item(env);
        return out;
      },
    };
  }
  // Anything else is a JSON scalar (string handled above): a Value as it is.
  return { kind: 'constant', value: (value ?? null) as Value };
}

function compileString(text: string, refs: FunctionReference[]): Compiled {
  const parsed = parseTemplateString(text);
  if (parsed.kind === 'expression') collectReferences(parsed.node, parsed.source, refs);
  if (parsed.kind === 'interpolation') {
    for (const part of parsed.parts) if (part.kind === 'expression') collectReferences(part.node, part.source, refs);
  }
  switch (parsed.kind) {
    case 'text':
      return { kind: 'constant', value: parsed.text };
    case 'expression':
      return { kind: 'dynamic', evaluate: withSource(parsed.source, compileNode(parsed.node)) };
    case 'interpolation': {
      const parts = parsed.parts.map((part) => {
        if (part.kind === 'text') {
          const text = part.text;
          return () => text;
        }
        const evaluate = withSource(part.source, compileNode(part.node));
        return (env: EvalEnvironment) => toText(evaluate(env));
      });
      return {
        kind: 'dynamic',
        evaluate: (env) => {
          let out = '';
          for (const part of parts) out += part(env);
          return out;
        },
      };
    }
  }
}

function constantOf(compiled: Compiled): Value {
  return compiled.kind === 'constant' ? compiled.value : null;
}

function toEvaluate(compiled: Compiled): Evaluate {
  if (compiled.kind === 'dynamic') return compiled.evaluate;
  const value = compiled.value;
  return () => cloneValue(value);
}

/** Attaches the expression text to errors raised while evaluating it. */
function withSource(source: string, evaluate: Evaluate): Evaluate {
  return (env) => {
    try {
      return evaluate(env);
    } catch (error) {
      if (error instanceof ExpressionError && error.expression === undefined) error.expression = source;
      throw error;
    }
  };
}
