/** The public face of the expression language: compile once, evaluate many. */
import { type Clock, type EvalEnvironment, type WorkflowHost, systemClock } from './environment.js';

export { compileExpression, compileTemplate, type CompiledExpression, type CompiledTemplate } from './template.js';
export type { FunctionReference } from './references.js';
export { ExpressionError, ExpressionErrorCode, expressionError } from './expression-error.js';
export type { Clock, EvalEnvironment, WorkflowHost } from './environment.js';
export * from './values.js';

export interface EnvironmentOptions {
  /** A fixed current time (epoch ms or ISO text); defaults to the system clock. */
  now?: number | string;
  clock?: Clock;
  random?: () => number;
  host?: WorkflowHost;
}

export function createEnvironment(options: EnvironmentOptions = {}): EvalEnvironment {
  const { now } = options;
  const clock =
    options.clock ?? (now === undefined ? systemClock : { now: () => (typeof now === 'number' ? now : Date.parse(now)) });
  return { clock, random: options.random ?? Math.random, ...(options.host ? { host: options.host } : {}) };
}
