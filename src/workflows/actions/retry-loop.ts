/**
 * Sends a request under a retry policy and keeps the history of every try. The delay before each retry is a durable
 * timer: journaled with the history so far before it starts, so a run resumed after a restart continues with the
 * next attempt at the recorded time and keeps the attempts made before it.
 */
import { HttpConnectionError } from '../ports.js';
import { type RetryPolicy, isRetryableStatus, retryDelayMs } from '../retry-policy.js';
import type { RetryAttempt } from '../run-record.js';
import { instantText } from '../executor/instant-text.js';
import type { ActionExecution } from './action-type.js';

export type Attempt<T> = { kind: 'response'; statusCode: number; retryAfterMs?: number; value: T } | { kind: 'connectionError'; message: string };

export interface RetryResult<T> {
  readonly last: Attempt<T>;
  readonly history: readonly RetryAttempt[];
}

export interface RetryOptions {
  /** What the journal may hold of the history so far (e.g. with credentials found along the way scrubbed). */
  readonly shown?: (history: readonly RetryAttempt[]) => readonly RetryAttempt[];
}

export async function sendWithRetries<T>(
  policy: RetryPolicy,
  ex: ActionExecution,
  send: () => Promise<{ statusCode: number; retryAfterMs?: number; value: T }>,
  options: RetryOptions = {},
): Promise<RetryResult<T>> {
  // A resumed run was sleeping before retry number `history.length`: it finishes that sleep, then tries again.
  const history: RetryAttempt[] = [...(ex.recordedTimer?.retryHistory ?? [])];
  if (ex.recordedTimer !== undefined && history.length > 0) await ex.sleepUntil(ex.recordedTimer);
  for (let retry = history.length; ; retry++) {
    const startTime = ex.now();
    let attempt: Attempt<T>;
    try {
      attempt = { kind: 'response', ...(await send()) };
    } catch (error) {
      if (!(error instanceof HttpConnectionError)) throw error;
      attempt = { kind: 'connectionError', message: error.message };
    }
    const retryable = attempt.kind === 'connectionError' || isRetryableStatus(attempt.statusCode);
    if (!retryable || retry >= policy.count || policy.type === 'none' || ex.signal.aborted) {
      if (history.length > 0) history.push(describe(attempt, startTime, ex.now()));
      return { last: attempt, history };
    }
    history.push(describe(attempt, startTime, ex.now()));
    const planned = retryDelayMs(policy, retry + 1, ex.ports.random);
    const retryAfter = attempt.kind === 'response' ? attempt.retryAfterMs : undefined;
    // A server's Retry-After is honoured when it asks for longer, within the policy's maximum.
    const delay = retryAfter === undefined ? planned : Math.min(Math.max(planned, retryAfter), policy.maximumIntervalMs);
    const wakeAt = instantText(ex.ports.clock.now() + delay);
    await ex.sleepUntil({ wakeAt, retryHistory: options.shown?.(history) ?? [...history] });
  }
}

function describe<T>(attempt: Attempt<T>, startTime: string, endTime: string): RetryAttempt {
  if (attempt.kind === 'response') return { startTime, endTime, code: String(attempt.statusCode) };
  return {
    startTime,
    endTime,
    code: 'ConnectionError',
    error: { code: 'ConnectionError', message: attempt.message },
  };
}
