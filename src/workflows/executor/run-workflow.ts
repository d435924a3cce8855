/**
 * Executes a compiled workflow against a trigger output. Deterministic given its ports (clock, randomness, HTTP,
 * connectors, sleeper); every finished action is handed to `onJournal` so a host can persist it, and a run started
 * again with that journal resumes without executing finished actions again.
 */
import { type Value, createEnvironment } from '../../expressions/index.js';
import { REDACTED } from '../actions/http-message.js';
import type { CompiledWorkflow } from '../compiler/compiled-workflow.js';
import { isSecureParameter } from '../compiler/parameter-check.js';
import type { ExecutorPorts } from '../ports.js';
import { type ErrorInfo, type JournalEntry, RunStatus, type RunRecord } from '../run-record.js';
import { buildActionResults } from './action-results.js';
import { createContainerRunner } from './container-runner.js';
import { instantText } from './instant-text.js';
import { RunSecrets, stringLeaves } from './redaction.js';
import { RunState } from './run-state.js';
import { ScopeHost } from './scope-host.js';

export interface TriggerInput {
  readonly name?: string;
  readonly inputs?: Value;
  readonly headers?: Value;
  readonly body: Value;
}

export interface RunOptions {
  readonly runId: string;
  readonly trigger: TriggerInput;
  /** Parameter values, already resolved against the declarations (see resolveParameters). */
  readonly parameters: ReadonlyMap<string, Value>;
  readonly journal?: readonly JournalEntry[];
  readonly onJournal?: (entry: JournalEntry) => void | Promise<void>;
  /**
   * Awaited before an action that reaches outside the run (Http, connectors, Response, Wait) starts: a host that
   * stores journal entries lazily stores the results of earlier such actions here, so a crash repeats at most the
   * outside calls whose results it had not stored yet.
   */
  readonly beforeOutsideCall?: () => Promise<void>;
  readonly workflow?: { readonly id?: string; readonly name?: string; readonly location?: string };
  readonly callbackUrl?: string;
  /** Aborting it cancels the run: running actions are cancelled, the run ends Cancelled. */
  readonly signal?: AbortSignal;
  /** Start time of the run when resuming; defaults to now. */
  readonly startTime?: string;
  /** Further values to hide wherever they appear in the record (the secrets of the connections it uses). */
  readonly secrets?: readonly string[];
}

const actionFailed: ErrorInfo = { code: 'ActionFailed', message: 'An action failed. No dependent actions succeeded.' };

export async function runWorkflow(workflow: CompiledWorkflow, options: RunOptions, ports: ExecutorPorts): Promise<RunRecord> {
  const startTime = options.startTime ?? instantText(ports.clock.now());
  const triggerName = options.trigger.name ?? workflow.trigger.name;
  const triggerOutputs: Value = { headers: options.trigger.headers ?? {}, body: options.trigger.body };
  const triggerRecord: Value = {
    name: triggerName,
    inputs: options.trigger.inputs ?? null,
    outputs: triggerOutputs,
    startTime,
    endTime: startTime,
    scheduledTime: startTime,
    trackingId: options.runId,
    clientTrackingId: options.runId,
    code: 'OK',
    status: 'Succeeded',
  };
  const workflowInfo: Value = {
    id: options.workflow?.id ?? null,
    name: options.workflow?.name ?? null,
    type: 'Microsoft.Logic/workflows',
    location: options.workflow?.location ?? null,
    run: {
      id: `${options.workflow?.id ?? ''}/runs/${options.runId}`,
      name: options.runId,
      type: 'Microsoft.Logic/workflows/runs',
    },
  };
  const state = new RunState(
    workflow,
    ports,
    options.runId,
    triggerRecord,
    options.parameters,
    workflowInfo,
    options.callbackUrl,
    options.journal ?? [],
    options.onJournal,
    options.beforeOutsideCall,
  );
  const secrets = new RunSecrets([...secureValues(workflow, options.parameters), ...(options.secrets ?? [])]);
  const redact = secrets.redact;
  const onCancel = () => state.abort.abort(new Error('The run was cancelled.'));
  options.signal?.addEventListener('abort', onCancel, { once: true });
  if (options.signal?.aborted) onCancel();
  let failed: boolean;
  try {
    ({ failed } = await createContainerRunner(state, secrets)(workflow.root, [], state.abort.signal));
  } finally {
    options.signal?.removeEventListener('abort', onCancel);
  }

  const terminated = state.terminated;
  const cancelled = terminated === undefined && options.signal?.aborted === true;
  const status: RunStatus = terminated?.status ?? (cancelled ? RunStatus.Cancelled : failed ? RunStatus.Failed : RunStatus.Succeeded);
  const error: ErrorInfo | undefined = terminated
    ? terminated.error && { code: terminated.error.code, message: String(redact(terminated.error.message)) }
    : cancelled
      ? { code: 'Cancelled', message: 'The run was cancelled.' }
      : failed
        ? actionFailed
        : undefined;
  const notRunReason = terminated
    ? `The action did not run because the run was terminated by action '${terminated.by}'.`
    : cancelled
      ? 'The action did not run because the run was cancelled.'
      : 'The action did not run because its branch was not taken.';
  const response = state.journal.findLast((entry) => entry.response !== undefined)?.response;
  const outputs = evaluateOutputs(workflow, state, redact);
  return {
    status,
    ...(error ? { error } : {}),
    startTime,
    endTime: instantText(ports.clock.now()),
    trigger: { name: triggerName, outputs: redact(triggerOutputs) },
    actions: buildActionResults(workflow, state.journal, notRunReason),
    ...(outputs ? { outputs } : {}),
    ...(response ? { response } : {}),
  };
}

function secureValues(workflow: CompiledWorkflow, parameters: ReadonlyMap<string, Value>): string[] {
  const secrets: string[] = [];
  for (const [name, declaration] of Object.entries(workflow.parameters)) {
    if (!isSecureParameter(declaration)) continue;
    const value = parameters.get(name.toLowerCase());
    if (value !== undefined) stringLeaves(value, secrets);
  }
  return secrets;
}

function evaluateOutputs(workflow: CompiledWorkflow, state: RunState, redact: (value: Value) => Value): Record<string, Value> | undefined {
  if (workflow.outputs.size === 0) return undefined;
  const env = createEnvironment({ clock: state.ports.clock, random: state.ports.random, host: new ScopeHost(state, []) });
  const outputs: Record<string, Value> = {};
  for (const [name, output] of workflow.outputs) {
    try {
      const value = output.value.evaluate(env);
      outputs[name] = output.secure ? REDACTED : redact(value);
    } catch (error) {
      outputs[name] = { error: { code: 'InvalidTemplate', message: error instanceof Error ? error.message : String(error) } };
    }
  }
  return outputs;
}
