/**
 * Compiles an `If`/`Until` condition. It may be a string expression (`"@equals(…)"`) or the designer's object form
 * `{"and": [{"equals": ["@…", "x"]}, {"not": {"contains": […]}}]}`, whose operators are library functions.
 */
import { type CompiledTemplate, type Value, compileTemplate, isObject } from '../../expressions/index.js';
import { lookupFunction } from '../../expressions/functions/function-table.js';
import type { FunctionReference } from '../../expressions/index.js';
import type { ActionCompileContext } from './action-type.js';

export function compileCondition(expression: unknown, cx: ActionCompileContext, where: string): CompiledTemplate {
  if (typeof expression === 'string' || typeof expression === 'boolean') return cx.template(expression, where);
  if (!isObject(expression as Value)) {
    cx.issue('The condition must be an expression string or an object such as {"and": [...]}.', where);
    return compileTemplate(false);
  }
  const entries = Object.entries(expression as Record<string, unknown>);
  const [operator, operand] = entries[0] ?? [];
  if (entries.length !== 1 || operator === undefined) {
    cx.issue('A condition object must have exactly one operator, such as "and", "or", "not" or "equals".', where);
    return compileTemplate(false);
  }
  const definition = lookupFunction(operator);
  if (definition === undefined) {
    cx.issue(`'${operator}' is not a condition operator or function.`, `${where}.${operator}`);
    return compileTemplate(false);
  }
  const nested = ['and', 'or', 'not'].includes(definition.name.toLowerCase());
  const rawArgs = Array.isArray(operand) ? operand : [operand];
  if (rawArgs.length < definition.minArgs || rawArgs.length > definition.maxArgs) {
    cx.issue(`'${definition.name}' does not take ${rawArgs.length} argument(s).`, `${where}.${operator}`);
    return compileTemplate(false);
  }
  const args = rawArgs.map((arg, index) =>
    nested ? compileCondition(arg, cx, `${where}.${operator}[${index}]`) : cx.template(arg, `${where}.${operator}[${index}]`),
  );
  const references: FunctionReference[] = args.flatMap((arg) => arg.references);
  return {
    isConstant: false,
    references,
    evaluate: (env) => definition.call(args.map((arg) => arg.evaluate(env)), env),
  };
}
