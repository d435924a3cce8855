/**
 * Everything a run knows while it executes: the journal (appended as actions finish), the latest record of each
 * action for expressions, the variables, and whether the run was terminated.
 */
import type { Value } from '../../expressions/index.js';
import type { LoopFrame, VariableType } from '../actions/action-type.js';
import type { CompiledAction, CompiledWorkflow } from '../compiler/compiled-workflow.js';
import type { ExecutorPorts } from '../ports.js';
import type { ErrorInfo, JournalEntry, RunStatus } from '../run-record.js';
import { instantText } from './instant-text.js';
import { RunActivity } from './run-activity.js';

export interface Variable {
  readonly type: VariableType;
  readonly value: Value;
}

/** `For_each[2]/Inner[0]/Parse` — the address of one repetition of an action. */
export function instanceKey(action: CompiledAction, frames: readonly LoopFrame[]): string {
  const iteration = iterationOf(action, frames);
  return [...iteration.map((step) => `${step.loop}[${step.index}]`), action.name].join('/');
}

/** The indexes of the action's enclosing loops, taken from the frames of the current evaluation. */
export function iterationOf(action: CompiledAction, frames: readonly LoopFrame[]): JournalEntry['iteration'] {
  const iteration: { loop: string; index: number }[] = [];
  for (const loop of action.loops) {
    const frame = frames.findLast((candidate) => candidate.name === loop);
    if (frame === undefined) break;
    iteration.push({ loop, index: frame.index });
  }
  return iteration;
}

export class RunState {
  readonly journal: JournalEntry[] = [];
  readonly variables = new Map<string, Variable & { name: string }>();
  /** Records by instance key, for expressions evaluated inside the same loop repetition. */
  private readonly records = new Map<string, Value>();
  /** The most recent record of each action (lower-cased name), for references from outside its loop. */
  private readonly latest = new Map<string, Value>();
  private readonly entriesByName = new Map<string, JournalEntry[]>();
  private readonly prior: ReadonlyMap<string, JournalEntry>;
  terminated?: { readonly status: RunStatus; readonly error?: ErrorInfo; readonly by: string };
  readonly abort = new AbortController();
  readonly activity = new RunActivity();

  constructor(
    readonly workflow: CompiledWorkflow,
    readonly ports: ExecutorPorts,
    readonly runId: string,
    readonly triggerRecord: Value,
    readonly parameters: ReadonlyMap<string, Value>,
    readonly workflowInfo: Value,
    readonly callbackUrl: string | undefined,
    priorJournal: readonly JournalEntry[],
    private readonly onJournal: ((entry: JournalEntry) => void | Promise<void>) | undefined,
    private readonly onOutsideCall?: () => Promise<void>,
  ) {
    const prior = new Map<string, JournalEntry>();
    for (const entry of priorJournal) prior.set(entry.key, entry);
    this.prior = prior;
    // A resumed run starts from the state at the crash: every finished entry, in the order it was journaled. Replaying
    // them as the run reaches them instead would lose the actions inside finished containers (never reached again)
    // and let parallel repetitions, replayed in index order, undo later variable writes.
    for (const entry of priorJournal) if (entry.status !== 'Running') this.restore(entry);
  }

  now(): string {
    return instantText(this.ports.clock.now());
  }

  /** The entry of the run being resumed for this key; a final one is already restored and must not run again. */
  priorEntry(key: string): JournalEntry | undefined {
    return this.prior.get(key);
  }

  /** Called before an action that reaches outside the run starts (see `RunOptions.beforeOutsideCall`). */
  async beforeOutsideCall(): Promise<void> {
    await this.onOutsideCall?.();
  }

  /** Adds an entry to the journal and, when final, makes its record visible to expressions. */
  async append(entry: JournalEntry, record?: Value): Promise<void> {
    this.journal.push(entry);
    if (entry.status !== 'Running') this.remember(entry, record ?? recordOf(entry, this.runId));
    await this.onJournal?.(entry);
  }

  /** A finished entry of the run being resumed: its record and variables come back, a Terminate ends the run again. */
  private restore(entry: JournalEntry): void {
    this.journal.push(entry);
    for (const [name, variable] of Object.entries(entry.variables ?? {})) {
      this.variables.set(name.toLowerCase(), { name, type: variable.type as VariableType, value: variable.value });
    }
    this.remember(entry, recordOf(entry, this.runId));
    if (entry.terminate !== undefined && this.terminated === undefined) {
      this.terminated = { ...entry.terminate, by: entry.name };
      this.abort.abort(new Error(`The run was terminated by action '${entry.name}'.`));
    }
  }

  private remember(entry: JournalEntry, record: Value): void {
    const lower = entry.name.toLowerCase();
    this.records.set(entry.key, record);
    this.latest.set(lower, record);
    const list = this.entriesByName.get(lower) ?? [];
    list.push(entry);
    this.entriesByName.set(lower, list);
  }

  hasRecord(name: string): boolean {
    return this.latest.has(name.toLowerCase());
  }

  entriesOf(name: string): readonly JournalEntry[] {
    return this.entriesByName.get(name.toLowerCase()) ?? [];
  }

  /** The record `actions('X')` sees: the repetition in the current loop iteration, else the latest one. */
  recordFor(name: string, frames: readonly LoopFrame[]): Value | undefined {
    const action = this.workflow.actionsByName.get(name.toLowerCase());
    if (action === undefined) return undefined;
    if (action.loops.length > 0) {
      const iteration = iterationOf(action, frames);
      if (iteration.length === action.loops.length) {
        const record = this.records.get(instanceKey(action, frames));
        if (record !== undefined) return record;
      }
    }
    return this.latest.get(action.name.toLowerCase());
  }
}

/** The shape `actions('X')` returns, as in Logic Apps; the client tracking id is the run's. */
export function recordOf(entry: JournalEntry, runId: string): Value {
  return {
    name: entry.name,
    inputs: entry.inputs ?? null,
    outputs: entry.outputs ?? null,
    startTime: entry.startTime,
    endTime: entry.endTime ?? null,
    trackingId: entry.idempotencyKey,
    clientTrackingId: runId,
    code: entry.code ?? (entry.status === 'Succeeded' ? 'OK' : null),
    status: entry.status,
    ...(entry.error ? { error: { code: entry.error.code, message: entry.error.message } } : {}),
  };
}
