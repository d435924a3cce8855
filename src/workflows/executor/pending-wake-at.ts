import type { JournalEntry } from '../run-record.js';

/**
 * When a run stopped while actions slept (a Wait, a delay between retries) should be resumed: the earliest `wakeAt`
 * among the actions still in progress, judged by the latest entry of each (a later entry supersedes the timer of an
 * earlier one, and a final entry ends it). Undefined when no action of the journal is sleeping. Resuming the run any
 * earlier is harmless: its timers sleep only what is left of them.
 */
export function pendingWakeAt(journal: readonly JournalEntry[]): string | undefined {
  const latest = new Map<string, JournalEntry>();
  for (const entry of journal) latest.set(entry.key, entry);
  let earliest: string | undefined;
  for (const entry of latest.values()) {
    if (entry.status !== 'Running' || entry.wakeAt === undefined) continue;
    if (earliest === undefined || Date.parse(entry.wakeAt) < Date.parse(earliest)) earliest = entry.wakeAt;
  }
  return earliest;
}
