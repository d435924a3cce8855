import type { EvalEnvironment } from '../environment.js';
import type { Value } from '../values.js';

export const FunctionCategory = {
  String: 'string',
  Collection: 'collection',
  Logical: 'logical',
  Conversion: 'conversion',
  Math: 'math',
  DateTime: 'datetime',
  Workflow: 'workflow',
  Uri: 'uri',
  Manipulation: 'manipulation',
} as const;
export type FunctionCategory = (typeof FunctionCategory)[keyof typeof FunctionCategory];

/**
 * One function of the expression library. Arguments arrive evaluated; arity is checked at parse time from
 * `minArgs`/`maxArgs`, so `call` may rely on `args.length` being within range.
 */
export interface FunctionDefinition {
  readonly name: string;
  readonly category: FunctionCategory;
  readonly minArgs: number;
  /** `Infinity` for variadic functions. */
  readonly maxArgs: number;
  readonly call: (args: readonly Value[], env: EvalEnvironment) => Value;
  /**
   * Optional lazy form used by the evaluator instead of `call`: each argument is a thunk evaluated on demand,
   * so `if(empty(x), null, x[0])` and short-circuiting `and`/`or` do not fail on the branch not taken.
   */
  readonly callLazy?: (args: readonly (() => Value)[], env: EvalEnvironment) => Value;
}

export function defineFunction(
  name: string,
  category: FunctionCategory,
  arity: readonly [min: number, max: number],
  call: FunctionDefinition['call'],
): FunctionDefinition {
  return { name, category, minArgs: arity[0], maxArgs: arity[1], call };
}
