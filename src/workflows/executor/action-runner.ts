/**
 * Runs one repetition of one action: replays it from the journal when it already finished, otherwise executes it
 * with its timeout, turns whatever it throws into a failed result, and journals the outcome. An action still running
 * when the run stopped resumes from its latest `Running` entry: the decisions and timer it recorded there.
 */
import { ExpressionError, type CompiledTemplate, type Value, createEnvironment, valuesEqual } from '../../expressions/index.js';
import { lookupFunction } from '../../expressions/functions/function-table.js';
import { ActionInputError } from '../actions/action-input-error.js';
import type { ActionExecution, ActionOutcome, ContainerOutcome, DurableTimer, LoopFrame, VariableType } from '../actions/action-type.js';
import { REDACTED } from '../actions/http-message.js';
import type { CompiledAction, CompiledContainer } from '../compiler/compiled-workflow.js';
import type { FinalActionStatus, JournalEntry } from '../run-record.js';
import { idempotencyKey as idempotencyKeyOf } from './idempotency-key.js';
import { instantText } from './instant-text.js';
import { type RunState, instanceKey, iterationOf, recordOf } from './run-state.js';
import { type RunSecrets, secretRedactor, stringLeaves } from './redaction.js';
import { ScopeHost } from './scope-host.js';

/** How one action repetition ended; `endTime` as journaled, also for one restored from the journal. */
export interface ActionEnd {
  readonly status: FinalActionStatus;
  readonly endTime?: string;
}

export type ContainerRunner = (container: CompiledContainer, frames: readonly LoopFrame[], signal: AbortSignal) => Promise<ContainerOutcome>;

/** The abort reason when an action's own timeout passed; the actions running inside it see it as a cancellation. */
class ActionTimeout extends Error {
  override readonly name = 'ActionTimeout';
  constructor(readonly actionName: string) {
    super(`The action '${actionName}' did not finish within its timeout.`);
  }
}

const actionFinished = new Error('The action has finished.');

export async function runAction(
  state: RunState,
  action: CompiledAction,
  frames: readonly LoopFrame[],
  parentSignal: AbortSignal,
  runContainer: ContainerRunner,
  secrets: RunSecrets,
): Promise<ActionEnd> {
  const { redact } = secrets;
  const key = instanceKey(action, frames);
  const iteration = iterationOf(action, frames);
  const prior = state.priorEntry(key);
  if (prior !== undefined && prior.status !== 'Running') return { status: prior.status, endTime: prior.endTime };
  const startTime = prior?.startTime ?? state.now();
  // Containers only wait for their children: the run's activity counts the actions that do the work.
  const leaf = action.containers.length === 0;
  // What the action's Running entry holds so far; every new one repeats it, so the latest alone is enough to resume.
  let running: RunningState | undefined = prior && runningStateOf(prior);
  const recordedTimer: DurableTimer | undefined =
    prior?.wakeAt === undefined
      ? undefined
      : { wakeAt: prior.wakeAt, ...(prior.retryHistory === undefined ? {} : { retryHistory: prior.retryHistory }) };
  // Created on first use: most actions never look at their signal, and abort plumbing is costly on hot paths.
  let controller: AbortController | undefined;
  const onParentAbort = () => controller?.abort(parentSignal.reason);
  const signal = (): AbortSignal => {
    if (controller === undefined) {
      controller = new AbortController();
      if (parentSignal.aborted) controller.abort(parentSignal.reason);
      else parentSignal.addEventListener('abort', onParentAbort, { once: true });
    }
    return controller.signal;
  };

  const written: Record<string, { type: string; value: Value }> = {};
  const idempotencyKey = idempotencyKeyOf(state.runId, action.name, iteration);
  const environment = (frame?: LoopFrame) =>
    createEnvironment({
      clock: state.ports.clock,
      random: state.ports.random,
      host: new ScopeHost(state, frame ? [...frames, frame] : frames),
    });
  const baseEnv = environment();

  const ex: ActionExecution = {
    name: action.name,
    get signal() {
      return signal();
    },
    ports: state.ports,
    runId: state.runId,
    idempotencyKey,
    startTime,
    ...(prior?.inputs === undefined ? {} : { recordedInputs: prior.inputs }),
    ...(recordedTimer === undefined ? {} : { recordedTimer }),
    evaluate: (template: CompiledTemplate, frame?: LoopFrame) => template.evaluate(frame ? environment(frame) : baseEnv),
    // Without a timeout of its own, nothing but the run's cancellation stops a container's actions, and they all end
    // before the container does: they share its parent's signal rather than one made for the container.
    runContainer: (container, frame) => runContainer(container, frame ? [...frames, frame] : frames, action.timeoutMs === undefined ? parentSignal : signal()),
    recordStart: async (inputs) => {
      if (running !== undefined) return;
      // Recorded inputs are replayed when the run resumes; redacted ones cannot be, so a resumed run decides again.
      const shown = redacted(entryOf({ status: 'Running', inputs })).inputs;
      await recordRunning(shown !== undefined && valuesEqual(shown, inputs) ? { inputs } : {});
    },
    sleepUntil: async (timer) => {
      // Journaled (and persisted by the host) before the sleep: a run resumed later wakes at the same instant. A resumed
      // timer is in the journal already.
      if (!sameTimer(running, timer)) {
        await recordRunning({ wakeAt: timer.wakeAt, ...(timer.retryHistory === undefined ? {} : { retryHistory: timer.retryHistory }) });
      }
      const wakeAtMs = Date.parse(timer.wakeAt);
      const delay = wakeAtMs - state.ports.clock.now();
      if (delay <= 0) return;
      const resumeAt = leaf ? state.activity.asleep(key, wakeAtMs) : undefined;
      try {
        await state.ports.sleeper.sleep(delay, signal(), resumeAt === undefined ? undefined : { parkable: true, wakeAt: instantText(resumeAt) });
      } finally {
        if (leaf) state.activity.awake(key);
      }
    },
    getVariable: (name) => state.variables.get(name.toLowerCase()),
    setVariable: (name, type: VariableType, value) => {
      const existing = state.variables.get(name.toLowerCase());
      const canonical = existing?.name ?? name;
      state.variables.set(name.toLowerCase(), { name: canonical, type, value });
      written[canonical] = { type, value };
    },
    now: () => state.now(),
    callFunction: (name, args) => {
      const definition = lookupFunction(name);
      if (definition === undefined) throw new Error(`Unknown function '${name}'`);
      return definition.call(args, baseEnv);
    },
  };

  /** Journals a Running entry: what the previous one held, updated with `progress`. */
  async function recordRunning(progress: RunningState): Promise<void> {
    running = { ...running, ...progress };
    await state.append(redacted(entryOf({ status: 'Running', ...running })));
  }

  /**
   * The journal entry as stored and shown: secure data and secret parameter values redacted, including where they
   * would otherwise surface, in the variables the action set and in messages (a failed call names its uri).
   */
  function redacted(entry: JournalEntry): JournalEntry {
    const { inputs, outputs, error, variables, terminate, retryHistory } = entry;
    const hideInputs = action.secureInputs && inputs !== undefined ? secretRedactor(stringLeaves(inputs)) : (value: Value) => value;
    const message = (text: string) => String(redact(hideInputs(text)));
    const variable = (value: Value) => (action.secureInputs ? REDACTED : redact(value));
    return {
      ...entry,
      ...(inputs === undefined ? {} : { inputs: action.secureInputs ? REDACTED : redact(inputs) }),
      ...(outputs === undefined ? {} : { outputs: action.secureOutputs ? REDACTED : redact(outputs) }),
      ...(error === undefined ? {} : { error: { code: error.code, message: message(error.message) } }),
      ...(retryHistory === undefined
        ? {}
        : { retryHistory: retryHistory.map((attempt) => (attempt.error ? { ...attempt, error: { ...attempt.error, message: message(attempt.error.message) } } : attempt)) }),
      ...(variables === undefined
        ? {}
        : { variables: Object.fromEntries(Object.entries(variables).map(([name, { type, value }]) => [name, { type, value: variable(value) }])) }),
      ...(terminate?.error === undefined
        ? {}
        : { terminate: { ...terminate, error: { code: terminate.error.code, message: message(terminate.error.message) } } }),
    };
  }

  function entryOf(
    outcome: Omit<Partial<ActionOutcome>, 'status'> & { status: JournalEntry['status']; wakeAt?: string },
    endTime?: string,
  ): JournalEntry {
    const { inputs, outputs } = outcome;
    return {
      key,
      name: action.name,
      type: action.type,
      status: outcome.status,
      iteration,
      startTime,
      ...(endTime === undefined ? {} : { endTime }),
      ...(outcome.code === undefined ? {} : { code: outcome.code }),
      ...(inputs === undefined ? {} : { inputs }),
      ...(outputs === undefined ? {} : { outputs }),
      ...(outcome.error === undefined ? {} : { error: outcome.error }),
      ...(outcome.retryHistory === undefined ? {} : { retryHistory: outcome.retryHistory }),
      ...(Object.keys(written).length === 0 ? {} : { variables: { ...written } }),
      ...(outcome.terminate === undefined ? {} : { terminate: outcome.terminate }),
      ...(outcome.response === undefined ? {} : { response: outcome.response }),
      ...(outcome.repetitionCount === undefined ? {} : { repetitionCount: outcome.repetitionCount }),
      ...(outcome.wakeAt === undefined ? {} : { wakeAt: outcome.wakeAt }),
      idempotencyKey,
    };
  }

  // Counted as executing until its outcome is journaled: parking the run any earlier would lose that outcome.
  if (leaf) state.activity.started();
  try {
    // A host that could not store earlier results fails the run here, as when it cannot store this one's.
    if (action.handler.reachesOutside === true) await state.beforeOutsideCall();
    let outcome: ActionOutcome;
    try {
      outcome = await executeWithTimeout(state, action, ex, startTime, (reason) => {
        signal();
        controller?.abort(reason);
      });
    } catch (error) {
      outcome = failureOf(action, error, controller?.signal ?? parentSignal);
    } finally {
      if (controller !== undefined) {
        parentSignal.removeEventListener('abort', onParentAbort);
        // Stops whatever the action left running (timers, requests) once it has an outcome.
        controller.abort(actionFinished);
      }
    }
    if (outcome.hiddenInRecord !== undefined) secrets.hide(outcome.hiddenInRecord);
    const raw = entryOf(outcome, state.now());
    const entry = redacted(raw);
    // Expressions later in the run see real values; only the journal (what is stored and shown) is redacted.
    await state.append(entry, recordOf(raw, state.runId));
    if (outcome.terminate !== undefined && state.terminated === undefined) {
      state.terminated = { ...outcome.terminate, by: action.name };
      state.abort.abort(new Error(`The run was terminated by action '${action.name}'.`));
    }
    return { status: entry.status as FinalActionStatus, endTime: entry.endTime };
  } finally {
    if (leaf) state.activity.finished();
  }
}

type RunningState = Pick<JournalEntry, 'inputs' | 'wakeAt' | 'retryHistory'>;

function runningStateOf(entry: JournalEntry): RunningState {
  return {
    ...(entry.inputs === undefined ? {} : { inputs: entry.inputs }),
    ...(entry.wakeAt === undefined ? {} : { wakeAt: entry.wakeAt }),
    ...(entry.retryHistory === undefined ? {} : { retryHistory: entry.retryHistory }),
  };
}

function sameTimer(running: RunningState | undefined, timer: DurableTimer): boolean {
  return running?.wakeAt === timer.wakeAt && (running.retryHistory?.length ?? 0) === (timer.retryHistory?.length ?? 0);
}

const timedOut = (action: CompiledAction): ActionOutcome => ({
  status: 'TimedOut',
  code: 'ActionTimedOut',
  error: { code: 'ActionTimedOut', message: `The action '${action.name}' did not finish within its timeout.` },
});

/** `limit.timeout` counts from the action's first start, so a resumed action only gets what is left of it. */
async function executeWithTimeout(
  state: RunState,
  action: CompiledAction,
  ex: ActionExecution,
  startTime: string,
  abort: (reason: Error) => void,
): Promise<ActionOutcome> {
  const execution = action.handler.execute(action.plan, ex);
  if (action.timeoutMs === undefined) return execution;
  const remainingMs = Math.max(0, action.timeoutMs - (state.ports.clock.now() - Date.parse(startTime)));
  const timer = new AbortController();
  const timeout = state.ports.sleeper.sleep(remainingMs, timer.signal).then(
    () => 'timeout' as const,
    () => 'cancelled' as const,
  );
  try {
    const winner = await Promise.race([execution, timeout]);
    if (winner !== 'timeout' && winner !== 'cancelled') return winner;
    if (winner === 'cancelled') return await execution;
    abort(new ActionTimeout(action.name));
    await execution.catch(() => undefined);
    return timedOut(action);
  } finally {
    timer.abort();
  }
}

function failureOf(action: CompiledAction, error: unknown, signal: AbortSignal): ActionOutcome {
  if (error instanceof ExpressionError) {
    const message = `Unable to process template language expressions in action '${action.name}' inputs: ${error.describe()}`;
    return { status: 'Failed', code: 'InvalidTemplate', error: { code: 'InvalidTemplate', message } };
  }
  if (error instanceof ActionInputError) {
    return { status: 'Failed', code: error.code, error: { code: error.code, message: error.message } };
  }
  if (signal.aborted) {
    if (signal.reason instanceof ActionTimeout && signal.reason.actionName === action.name) return timedOut(action);
    return { status: 'Cancelled', code: 'Cancelled', error: { code: 'Cancelled', message: `The action '${action.name}' was cancelled: ${describeReason(signal.reason)}` } };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { status: 'Failed', code: 'InternalError', error: { code: 'InternalError', message } };
}

function describeReason(reason: unknown): string {
  return reason instanceof Error ? reason.message : 'the run was cancelled.';
}
