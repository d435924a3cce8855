/**
 * Runs the actions of one container as a `runAfter` graph: an action starts as soon as all its predecessors have
 * finished, independent branches run concurrently, and an action whose condition cannot be met is Skipped.
 * The container fails when a branch ends in an unhandled failure; a Skipped end takes the status of the action
 * that caused the skip, so a handled failure (`runAfter: {A: ["Failed"]}`) does not fail it.
 */
import type { ContainerOutcome, LoopFrame } from '../actions/action-type.js';
import type { CompiledAction, CompiledContainer } from '../compiler/compiled-workflow.js';
import type { FinalActionStatus } from '../run-record.js';
import { runAction } from './action-runner.js';
import type { RunSecrets } from './redaction.js';
import { idempotencyKey } from './idempotency-key.js';
import { type RunState, instanceKey, iterationOf } from './run-state.js';

const failing: ReadonlySet<FinalActionStatus> = new Set(['Failed', 'TimedOut', 'Cancelled']);

export function createContainerRunner(state: RunState, secrets: RunSecrets) {
  const runContainer = async (
    container: CompiledContainer,
    frames: readonly LoopFrame[],
    signal: AbortSignal,
  ): Promise<ContainerOutcome> => {
    const statuses = new Map<string, FinalActionStatus>();
    const skipCause = new Map<string, string>();
    let endTime: string | undefined;
    await new Promise<void>((resolve, reject) => {
      let remaining = container.actions.length;
      if (remaining === 0) resolve();
      const finish = (action: CompiledAction, status: FinalActionStatus, ended?: string) => {
        statuses.set(action.name, status);
        // Journaled instants all have the same fixed-width form, so they compare as text.
        if (ended !== undefined && (endTime === undefined || ended > endTime)) endTime = ended;
        remaining--;
        for (const dependent of container.dependents.get(action.name) ?? []) consider(dependent);
        if (remaining === 0) resolve();
      };
      const consider = (action: CompiledAction) => {
        for (const predecessor of action.runAfter.keys()) if (!statuses.has(predecessor)) return;
        if (signal.aborted || state.terminated) {
          // Not started: the final sweep records it as not run.
          finish(action, 'Skipped');
          return;
        }
        const unmet = [...action.runAfter].find(([predecessor, allowed]) => !allowed.has(statuses.get(predecessor) as string));
        if (unmet !== undefined) {
          const [predecessor, allowed] = unmet;
          skipCause.set(action.name, predecessor);
          recordSkip(state, action, frames, predecessor, [...allowed], statuses.get(predecessor) as string).then(
            (ended) => finish(action, 'Skipped', ended),
            reject,
          );
          return;
        }
        runAction(state, action, frames, signal, runContainer, secrets).then((end) => finish(action, end.status, end.endTime), reject);
      };
      for (const action of container.actions) if (action.runAfter.size === 0) consider(action);
    });
    const effective = (name: string): FinalActionStatus => {
      const status = statuses.get(name) ?? 'Succeeded';
      const cause = skipCause.get(name);
      return status === 'Skipped' && cause !== undefined ? effective(cause) : status;
    };
    const failed = container.leaves.some((leaf) => failing.has(effective(leaf.name)));
    return endTime === undefined ? { failed } : { failed, endTime };
  };
  return runContainer;
}

async function recordSkip(
  state: RunState,
  action: CompiledAction,
  frames: readonly LoopFrame[],
  predecessor: string,
  allowed: readonly string[],
  actual: string,
): Promise<string | undefined> {
  const key = instanceKey(action, frames);
  const prior = state.priorEntry(key);
  if (prior !== undefined && prior.status !== 'Running') return prior.endTime;
  const now = state.now();
  const iteration = iterationOf(action, frames);
  const message =
    `The execution of template action '${action.name}' is skipped: the 'runAfter' condition for action '${predecessor}' ` +
    `is not satisfied. Expected status values '${allowed.join(', ')}' and actual value '${actual}'.`;
  await state.append({
    key,
    name: action.name,
    type: action.type,
    status: 'Skipped',
    iteration,
    startTime: now,
    endTime: now,
    code: 'ActionSkipped',
    error: { code: 'ActionConditionFailed', message },
    idempotencyKey: idempotencyKey(state.runId, action.name, iteration),
  });
  return now;
}
