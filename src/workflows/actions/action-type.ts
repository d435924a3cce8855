/** The contract every action type implements: compile once at load time, execute per repetition. */
import type { CompiledTemplate, Value } from '../../expressions/index.js';
import type { CompiledContainer } from '../compiler/compiled-workflow.js';
import type { ActionDefinition } from '../definition-schema.js';
import type { ExecutorPorts } from '../ports.js';
import type { ErrorInfo, FinalActionStatus, JournalEntry, RetryAttempt } from '../run-record.js';

export interface ActionCompileContext {
  /** Compiles a JSON value with expressions; a parse error is recorded as an issue at `where`. */
  template(value: unknown, where: string): CompiledTemplate;
  /** Compiles nested actions as a container whose actions run after siblings only. */
  container(actions: Readonly<Record<string, ActionDefinition>> | undefined, where: string): CompiledContainer;
  /** Parses an ISO 8601 duration; records an issue and returns undefined when it is not one. */
  duration(text: unknown, where: string): number | undefined;
  issue(message: string, where?: string): void;
  /** Names of the loops enclosing this action, outermost first (the action itself excluded). */
  readonly loops: readonly string[];
  /** Whether a Foreach encloses this action. */
  readonly insideForeach: boolean;
  readonly actionName: string;
}

export interface ContainerOutcome {
  /** True when some branch of the container ended in an unhandled failure. */
  readonly failed: boolean;
  /**
   * When its last action finished, as journaled: for a repetition restored from the journal of a resumed run, that is
   * before the restart. Absent when no action finished (an empty container, a cancelled one).
   */
  readonly endTime?: string;
}

/** A loop repetition or a per-item evaluation (`Query`, `Select`) pushes an entry like this. */
export interface LoopFrame {
  readonly name: string;
  readonly index: number;
  /** `item()` inside Foreach/Query/Select; absent for Until. */
  readonly item?: Value;
}

/** A sleep that survives a restart: its end, and for a retrying action the attempts made before it. */
export interface DurableTimer {
  /** ISO 8601 instant the sleep ends. */
  readonly wakeAt: string;
  readonly retryHistory?: readonly RetryAttempt[];
}

export interface ActionExecution {
  readonly name: string;
  readonly signal: AbortSignal;
  readonly ports: ExecutorPorts;
  readonly runId: string;
  /** Stable across retries of this repetition, even after a crash: `<runId>:<action>[:<loop indexes>]`. */
  readonly idempotencyKey: string;
  /** When this repetition started; in a resumed run, when it first started, so limits measured from it hold. */
  readonly startTime: string;
  /** Inputs a container recorded when it started, when the run is being resumed. */
  readonly recordedInputs?: Value;
  /** The timer the action was sleeping on when the run stopped, when the run is being resumed. */
  readonly recordedTimer?: DurableTimer;
  evaluate(template: CompiledTemplate, frame?: LoopFrame): Value;
  runContainer(container: CompiledContainer, frame?: LoopFrame): Promise<ContainerOutcome>;
  /** Persists a container's decisions (e.g. the items a Foreach iterates) before its children run. */
  recordStart(inputs: Value): Promise<void>;
  /**
   * Sleeps until `timer.wakeAt` through the sleeper port, having first journaled the timer in the action's `Running`
   * entry (the host has persisted it when this sleeps), so a resumed run finds it in `recordedTimer`. Rejects with
   * the signal's reason when the action is cancelled.
   */
  sleepUntil(timer: DurableTimer): Promise<void>;
  getVariable(name: string): { readonly type: VariableType; readonly value: Value } | undefined;
  /** Sets a variable at once (atomically with respect to parallel repetitions) and journals the new value. */
  setVariable(name: string, type: VariableType, value: Value): void;
  /** Current time as ISO 8601 with seven fractional digits. */
  now(): string;
  /** Calls a library function (e.g. `addToTime`) with the run's clock and randomness. */
  callFunction(name: string, args: readonly Value[]): Value;
}

export const VariableType = {
  Array: 'Array',
  Boolean: 'Boolean',
  Float: 'Float',
  Integer: 'Integer',
  Object: 'Object',
  String: 'String',
} as const;
export type VariableType = (typeof VariableType)[keyof typeof VariableType];

export interface ActionOutcome {
  readonly status: FinalActionStatus;
  readonly code?: string;
  readonly inputs?: Value;
  readonly outputs?: Value;
  readonly error?: ErrorInfo;
  readonly retryHistory?: readonly RetryAttempt[];
  readonly terminate?: JournalEntry['terminate'];
  readonly response?: JournalEntry['response'];
  readonly repetitionCount?: number;
  /**
   * Credentials the action sent, which a target may echo back: from now on hidden wherever the run records data, as
   * secure parameters are, while later actions still compute with the real values.
   */
  readonly hiddenInRecord?: readonly string[];
}

export interface ActionType<Plan> {
  /** Canonical name as Logic Apps spells it. */
  readonly type: string;
  /** Foreach and Until: their nested actions are addressed per iteration. */
  readonly isLoop?: boolean;
  /** Applies `limit.timeout` itself (Until) instead of the generic action timeout. */
  readonly ownsTimeout?: boolean;
  /**
   * Reaches outside the run (a request sent, a response answered, a timer): its journal entries must be stored
   * before the run goes on, so a crash repeats at most the one such action in progress. Entries of the others may
   * be stored with the next one: computed again after a crash, they give the same result and touch nothing.
   */
  readonly reachesOutside?: boolean;
  compile(definition: ActionDefinition, cx: ActionCompileContext): Plan;
  execute(plan: Plan, ex: ActionExecution): Promise<ActionOutcome>;
}

/** Helper so each action module is typed against its own plan. */
export function defineActionType<Plan>(type: ActionType<Plan>): ActionType<unknown> {
  return type as ActionType<unknown>;
}
