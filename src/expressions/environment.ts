import type { Value } from './values.js';

/** Current time as milliseconds since the Unix epoch; injected so runs are deterministic. */
export interface Clock {
  now(): number;
}

/**
 * What the workflow functions (`triggerBody`, `actions`, `variables`, `item`, …) read. The executor implements it;
 * pure expression evaluation (tests, `validate`) can run without one.
 */
export interface WorkflowHost {
  /** The trigger record `{name, inputs, outputs, status, startTime, endTime, …}`. */
  trigger(): Value;
  /** The result record of a named action, or `undefined` when there is no such action. */
  action(name: string): Value | undefined;
  /** `result('<scope>')`: the top-level inner action results of a scope-like action. */
  result(scopeName: string): Value | undefined;
  variable(name: string): Value | undefined;
  parameter(name: string): Value | undefined;
  /** Current item of the innermost loop, or of the named loop. */
  item(loopName?: string): Value | undefined;
  /** Zero-based iteration index of the named loop. */
  iterationIndex(loopName: string): number | undefined;
  /** `workflow()`: `{id, name, type, location, run: {id, name, type}}`. */
  workflow(): Value;
  listCallbackUrl(): Value;
  /** `action()`: the record of the action whose tracked properties are being evaluated, when there is one. */
  currentAction?(): Value | undefined;
}

export interface EvalEnvironment {
  readonly clock: Clock;
  /** Uniform random number in [0, 1); injected so `rand` and `guid` are reproducible in tests. */
  readonly random: () => number;
  readonly host?: WorkflowHost;
}

export const systemClock: Clock = { now: () => Date.now() };
