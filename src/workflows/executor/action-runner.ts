/**
 * Runs one repetition of one action: replays it from the journal when it already finished, otherwise executes it
 * with its timeout, turns whatever it throws into a failed result, and journals the outcome.
 */
import { ExpressionError, type CompiledTemplate, type Value, createEnvironment, valuesEqual } from '../../expressions/index.js';
import { lookupFunction } from '../../expressions/functions/function-table.js';
import { ActionInputError } from '../actions/action-input-error.js';
import type { ActionExecution, ActionOutcome, ContainerOutcome, LoopFrame, VariableType } from '../actions/action-type.js';
import { REDACTED } from '../actions/http-message.js';
import type { CompiledAction, CompiledContainer } from '../compiler/compiled-workflow.js';
import type { FinalActionStatus, JournalEntry } from '../run-record.js';
import { type RunState, instanceKey, iterationOf, recordOf } from './run-state.js';
import { secretRedactor, stringLeaves } from './redaction.js';
import { ScopeHost } from './scope-host.js';

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
  redact: (value: Value) => Value,
): Promise<FinalActionStatus> {
  const key = instanceKey(action, frames);
  const prior = state.priorEntry(key);
  if (prior !== undefined && prior.status !== 'Running') return prior.status;
  const startTime = prior?.startTime ?? state.now();
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
  const idempotencyKey = `${state.runId}/${key}`;
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
    idempotencyKey,
    ...(prior?.status === 'Running' && prior.inputs !== undefined ? { recordedInputs: prior.inputs } : {}),
    evaluate: (template: CompiledTemplate, frame?: LoopFrame) => template.evaluate(frame ? environment(frame) : baseEnv),
    runContainer: (container, frame) => runContainer(container, frame ? [...frames, frame] : frames, signal()),
    recordStart: async (inputs) => {
      if (prior?.status === 'Running') return;
      const entry = redacted(entryOf({ status: 'Running', inputs }));
      // Recorded inputs are replayed when the run resumes; redacted ones cannot be, so a resumed run decides again.
      const { inputs: shown, ...withoutInputs } = entry;
      await state.append(shown !== undefined && valuesEqual(shown, inputs) ? entry : withoutInputs);
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

  /**
   * The journal entry as stored and shown: secure data and secret parameter values redacted, including where they
   * would otherwise surface, in the variables the action set and in messages (a failed call names its uri).
   */
  function redacted(entry: JournalEntry): JournalEntry {
    const { inputs, outputs, error, variables, terminate } = entry;
    const hideInputs = action.secureInputs && inputs !== undefined ? secretRedactor(stringLeaves(inputs)) : (value: Value) => value;
    const message = (text: string) => String(redact(hideInputs(text)));
    const variable = (value: Value) => (action.secureInputs ? REDACTED : redact(value));
    return {
      ...entry,
      ...(inputs === undefined ? {} : { inputs: action.secureInputs ? REDACTED : redact(inputs) }),
      ...(outputs === undefined ? {} : { outputs: action.secureOutputs ? REDACTED : redact(outputs) }),
      ...(error === undefined ? {} : { error: { code: error.code, message: message(error.message) } }),
      ...(variables === undefined
        ? {}
        : { variables: Object.fromEntries(Object.entries(variables).map(([name, { type, value }]) => [name, { type, value: variable(value) }])) }),
      ...(terminate?.error === undefined
        ? {}
        : { terminate: { ...terminate, error: { code: terminate.error.code, message: message(terminate.error.message) } } }),
    };
  }

  function entryOf(outcome: Omit<Partial<ActionOutcome>, 'status'> & { status: JournalEntry['status'] }, endTime?: string): JournalEntry {
    const { inputs, outputs } = outcome;
    return {
      key,
      name: action.name,
      type: action.type,
      status: outcome.status,
      iteration: iterationOf(action, frames),
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
      idempotencyKey,
    };
  }

  let outcome: ActionOutcome;
  try {
    outcome = await executeWithTimeout(state, action, ex, (reason) => {
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
  const raw = entryOf(outcome, state.now());
  const entry = redacted(raw);
  // Expressions later in the run see real values; only the journal (what is stored and shown) is redacted.
  await state.append(entry, recordOf(raw));
  if (outcome.terminate !== undefined && state.terminated === undefined) {
    state.terminated = { ...outcome.terminate, by: action.name };
    state.abort.abort(new Error(`The run was terminated by action '${action.name}'.`));
  }
  return entry.status as FinalActionStatus;
}

async function executeWithTimeout(
  state: RunState,
  action: CompiledAction,
  ex: ActionExecution,
  abort: (reason: Error) => void,
): Promise<ActionOutcome> {
  const execution = action.handler.execute(action.plan, ex);
  if (action.timeoutMs === undefined) return execution;
  const timer = new AbortController();
  const timeout = state.ports.sleeper.sleep(action.timeoutMs, timer.signal).then(
    () => 'timeout' as const,
    () => 'cancelled' as const,
  );
  try {
    const winner = await Promise.race([execution, timeout]);
    if (winner !== 'timeout' && winner !== 'cancelled') return winner;
    if (winner === 'cancelled') return await execution;
    abort(new ActionTimeout(action.name));
    await execution.catch(() => undefined);
    return {
      status: 'TimedOut',
      code: 'ActionTimedOut',
      error: { code: 'ActionTimedOut', message: `The action '${action.name}' did not finish within its timeout.` },
    };
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
    if (signal.reason instanceof ActionTimeout && signal.reason.actionName === action.name) {
      return { status: 'TimedOut', code: 'ActionTimedOut', error: { code: 'ActionTimedOut', message: `The action '${action.name}' did not finish within its timeout.` } };
    }
    return { status: 'Cancelled', code: 'Cancelled', error: { code: 'Cancelled', message: `The action '${action.name}' was cancelled: ${describeReason(signal.reason)}` } };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { status: 'Failed', code: 'InternalError', error: { code: 'InternalError', message } };
}

function describeReason(reason: unknown): string {
  return reason instanceof Error ? reason.message : 'the run was cancelled.';
}
