/** The records a run produces: per-action results, the journal used to resume, and the run itself. */
import type { Value } from '../expressions/index.js';

export const ActionStatus = {
  Succeeded: 'Succeeded',
  Failed: 'Failed',
  Skipped: 'Skipped',
  TimedOut: 'TimedOut',
  Cancelled: 'Cancelled',
  /** Only in journal entries of containers and in-flight actions; never a final status. */
  Running: 'Running',
} as const;
export type ActionStatus = (typeof ActionStatus)[keyof typeof ActionStatus];
export type FinalActionStatus = Exclude<ActionStatus, 'Running'>;

/** Statuses a `runAfter` entry may name. */
export const RunAfterStatuses = ['Succeeded', 'Failed', 'Skipped', 'TimedOut'] as const;

export const RunStatus = {
  Running: 'Running',
  Succeeded: 'Succeeded',
  Failed: 'Failed',
  Cancelled: 'Cancelled',
} as const;
export type RunStatus = (typeof RunStatus)[keyof typeof RunStatus];

export interface ErrorInfo {
  readonly code: string;
  readonly message: string;
}

/** One try of an action that has a retry policy (Http, ApiConnection). */
export interface RetryAttempt {
  readonly startTime: string;
  readonly endTime: string;
  /** HTTP status code as text, or an error code such as `ConnectionError`. */
  readonly code: string;
  readonly error?: ErrorInfo;
}

/**
 * The journal entry: the persisted state of one action repetition. `key` addresses it uniquely, including the
 * loop iterations it ran in (`For_each[2]/Parse_entities`). A run resumed with its journal does not execute again
 * the actions whose entry is final; `variables` holds the variable values an entry set, so replay restores them.
 */
export interface JournalEntry {
  readonly key: string;
  readonly name: string;
  readonly type: string;
  readonly status: ActionStatus;
  /** Enclosing loops, outermost first: `[{loop: 'For_each', index: 2}]`. */
  readonly iteration: readonly { readonly loop: string; readonly index: number }[];
  readonly startTime: string;
  readonly endTime?: string;
  readonly code?: string;
  readonly inputs?: Value;
  readonly outputs?: Value;
  readonly error?: ErrorInfo;
  readonly retryHistory?: readonly RetryAttempt[];
  readonly variables?: Readonly<Record<string, { readonly type: string; readonly value: Value }>>;
  /** Set by Terminate: the run's status and error. */
  readonly terminate?: { readonly status: RunStatus; readonly error?: ErrorInfo };
  /** Set by Response. */
  readonly response?: { readonly statusCode: number; readonly headers: Value; readonly body: Value };
  /** Loop containers: how many repetitions ran. */
  readonly repetitionCount?: number;
  /**
   * Only on a `Running` entry of an action about to sleep (a Wait, a delay between retries): the ISO 8601 instant the
   * sleep ends. Journaled before the sleep starts, so a run resumed later wakes at the same instant, not a full
   * interval after the restart. A retrying action's entry also carries the `retryHistory` so far.
   */
  readonly wakeAt?: string;
  /**
   * Stable key an external effect can be de-duplicated with when an action is retried after a crash:
   * `<run id>:<action>[:<loop indexes, outermost first, joined with '.'>]`, e.g. `R9:Post:1.0`.
   */
  readonly idempotencyKey: string;
}

/** An action as shown in a run record: its last (or only) repetition, plus every repetition inside loops. */
export interface ActionResult {
  readonly name: string;
  readonly type: string;
  readonly status: FinalActionStatus;
  readonly code?: string;
  readonly startTime?: string;
  readonly endTime?: string;
  readonly inputs?: Value;
  readonly outputs?: Value;
  readonly error?: ErrorInfo;
  readonly retryHistory?: readonly RetryAttempt[];
  readonly repetitionCount?: number;
  readonly repetitions?: readonly RepetitionResult[];
}

export interface RepetitionResult {
  readonly iteration: JournalEntry['iteration'];
  readonly status: FinalActionStatus;
  readonly startTime?: string;
  readonly endTime?: string;
  readonly inputs?: Value;
  readonly outputs?: Value;
  readonly error?: ErrorInfo;
  readonly retryHistory?: readonly RetryAttempt[];
}

export interface RunRecord {
  readonly status: RunStatus;
  readonly error?: ErrorInfo;
  readonly startTime: string;
  readonly endTime?: string;
  readonly trigger: { readonly name: string; readonly outputs: Value };
  readonly actions: Readonly<Record<string, ActionResult>>;
  readonly outputs?: Readonly<Record<string, Value>>;
  readonly response?: JournalEntry['response'];
}
