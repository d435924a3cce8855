/** Folds the journal into the per-action view of a run record, in definition order, loops with repetitions. */
import type { CompiledAction, CompiledContainer, CompiledWorkflow } from '../compiler/compiled-workflow.js';
import type { ActionResult, FinalActionStatus, JournalEntry, RepetitionResult } from '../run-record.js';

const failing: readonly FinalActionStatus[] = ['Failed', 'TimedOut', 'Cancelled'];

export function buildActionResults(
  workflow: CompiledWorkflow,
  journal: readonly JournalEntry[],
  notRunReason: string,
): Record<string, ActionResult> {
  const byName = new Map<string, JournalEntry[]>();
  for (const entry of journal) {
    if (entry.status === 'Running') continue;
    const list = byName.get(entry.name) ?? [];
    list.push(entry);
    byName.set(entry.name, list);
  }
  const results: Record<string, ActionResult> = {};
  for (const action of inDefinitionOrder(workflow.root)) {
    const entries = (byName.get(action.name) ?? []).sort(byIteration);
    results[action.name] = entries.length === 0 ? notRun(action, notRunReason) : resultOf(action, entries);
  }
  return results;
}

/** Repetitions in loop order, whatever order parallel repetitions finished (or a resumed run restored them) in. */
function byIteration(a: JournalEntry, b: JournalEntry): number {
  for (let level = 0; level < Math.min(a.iteration.length, b.iteration.length); level++) {
    const difference = (a.iteration[level]?.index ?? 0) - (b.iteration[level]?.index ?? 0);
    if (difference !== 0) return difference;
  }
  return a.iteration.length - b.iteration.length;
}

function inDefinitionOrder(container: CompiledContainer, out: CompiledAction[] = []): CompiledAction[] {
  for (const action of container.actions) {
    out.push(action);
    for (const child of action.containers) inDefinitionOrder(child, out);
  }
  return out;
}

function notRun(action: CompiledAction, reason: string): ActionResult {
  return {
    name: action.name,
    type: action.type,
    status: 'Skipped',
    code: 'ActionSkipped',
    error: { code: 'ActionSkipped', message: reason },
  };
}

function resultOf(action: CompiledAction, entries: readonly JournalEntry[]): ActionResult {
  const last = entries[entries.length - 1] as JournalEntry;
  const single = entries.length === 1 && last.iteration.length === 0;
  const worst = entries.find((entry) => failing.includes(entry.status as FinalActionStatus));
  const shown = worst ?? last;
  return {
    name: action.name,
    type: action.type,
    status: shown.status as FinalActionStatus,
    ...fields(shown),
    ...(shown.code === undefined ? {} : { code: shown.code }),
    ...(last.repetitionCount === undefined ? {} : { repetitionCount: last.repetitionCount }),
    ...(single ? {} : { repetitions: entries.map(repetitionOf) }),
  };
}

function repetitionOf(entry: JournalEntry): RepetitionResult {
  return { iteration: entry.iteration, status: entry.status as FinalActionStatus, ...fields(entry) };
}

function fields(entry: JournalEntry) {
  return {
    startTime: entry.startTime,
    ...(entry.endTime === undefined ? {} : { endTime: entry.endTime }),
    ...(entry.inputs === undefined ? {} : { inputs: entry.inputs }),
    ...(entry.outputs === undefined ? {} : { outputs: entry.outputs }),
    ...(entry.error === undefined ? {} : { error: entry.error }),
    ...(entry.retryHistory === undefined ? {} : { retryHistory: entry.retryHistory }),
  };
}
