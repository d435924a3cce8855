import type { JournalEntry } from '../run-record.js';

/**
 * The public idempotency key of one action repetition: `<run id>:<action>[:<iteration>]`, the iteration being the
 * indexes of the enclosing loops, outermost first, joined with '.' (`R9:Post`, `R9:Post:3`, `R9:Post:1.0`).
 * Receivers de-duplicate with it; nothing in the executor parses it back (the run id travels on its own).
 */
export function idempotencyKey(runId: string, actionName: string, iteration: JournalEntry['iteration']): string {
  const base = `${runId}:${actionName}`;
  return iteration.length === 0 ? base : `${base}:${iteration.map((step) => step.index).join('.')}`;
}
