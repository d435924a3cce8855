/**
 * Retry policies of Http and ApiConnection actions, as Logic Apps defines them: retries on 408, 429, 5xx and
 * connection errors; `default` is exponential with 4 retries (interval PT7S, bounds PT5S–PT1H).
 */
export interface RetryPolicy {
  readonly type: 'none' | 'fixed' | 'exponential';
  readonly count: number;
  readonly intervalMs: number;
  readonly minimumIntervalMs: number;
  readonly maximumIntervalMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  type: 'exponential',
  count: 4,
  intervalMs: 7_000,
  minimumIntervalMs: 5_000,
  maximumIntervalMs: 60 * 60 * 1000,
};

export const noRetryPolicy: RetryPolicy = { ...defaultRetryPolicy, type: 'none', count: 0 };

/**
 * An explicit exponential policy's `maximumInterval` when it gives none: a day, as on Consumption logic apps (the
 * default policy's is an hour). A fixed policy keeps the hour: it caps only how long a `Retry-After` may stretch a wait.
 */
const EXPONENTIAL_MAXIMUM_INTERVAL_MS = 24 * 60 * 60 * 1000;

export const MAX_RETRY_COUNT = 90;

export function isRetryableStatus(statusCode: number): boolean {
  return statusCode === 408 || statusCode === 429 || (statusCode >= 500 && statusCode <= 599);
}

/**
 * Delay before retry number `retry` (1-based). Exponential: uniform in
 * [max(retry == 1 ? 0 : 2^(retry-2)·interval, minimum), min(2^(retry-1)·interval, maximum)], and never above the
 * maximum, even once the lower bound has grown past it.
 */
export function retryDelayMs(policy: RetryPolicy, retry: number, random: () => number): number {
  if (policy.type === 'fixed') return policy.intervalMs;
  const lower = Math.max(retry === 1 ? 0 : 2 ** (retry - 2) * policy.intervalMs, policy.minimumIntervalMs);
  const upper = Math.max(lower, Math.min(2 ** (retry - 1) * policy.intervalMs, policy.maximumIntervalMs));
  return Math.min(Math.round(lower + random() * (upper - lower)), policy.maximumIntervalMs);
}

export type RetryPolicyParse = { ok: true; policy: RetryPolicy } | { ok: false; field: string; message: string };

/** Reads a `retryPolicy` object; durations are parsed by the caller's ISO 8601 parser. */
export function parseRetryPolicy(spec: unknown, parseDuration: (text: string) => number | undefined): RetryPolicyParse {
  if (spec === undefined || spec === null) return { ok: true, policy: defaultRetryPolicy };
  if (typeof spec !== 'object' || Array.isArray(spec)) {
    return { ok: false, field: 'retryPolicy', message: 'The retry policy must be an object with a type.' };
  }
  const raw = spec as Record<string, unknown>;
  const type = String(raw['type'] ?? '').toLowerCase();
  if (type === 'default') return { ok: true, policy: defaultRetryPolicy };
  if (type === 'none') return { ok: true, policy: noRetryPolicy };
  if (type !== 'fixed' && type !== 'exponential') {
    return { ok: false, field: 'retryPolicy.type', message: "The type must be 'default', 'none', 'fixed' or 'exponential'." };
  }
  const count = raw['count'] ?? defaultRetryPolicy.count;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > MAX_RETRY_COUNT) {
    return { ok: false, field: 'retryPolicy.count', message: `The count must be an integer from 1 to ${MAX_RETRY_COUNT}.` };
  }
  const durations: Record<string, number> = {};
  for (const [field, fallback] of [
    ['interval', defaultRetryPolicy.intervalMs],
    ['minimumInterval', defaultRetryPolicy.minimumIntervalMs],
    ['maximumInterval', type === 'exponential' ? EXPONENTIAL_MAXIMUM_INTERVAL_MS : defaultRetryPolicy.maximumIntervalMs],
  ] as const) {
    const text = raw[field];
    if (text === undefined) {
      if (field === 'interval') {
        return { ok: false, field: 'retryPolicy.interval', message: 'The interval is required (an ISO 8601 duration such as PT10S).' };
      }
      durations[field] = fallback;
      continue;
    }
    const ms = typeof text === 'string' ? parseDuration(text) : undefined;
    if (ms === undefined) {
      return { ok: false, field: `retryPolicy.${field}`, message: `'${String(text)}' is not an ISO 8601 duration such as PT10S.` };
    }
    durations[field] = ms;
  }
  return {
    ok: true,
    policy: {
      type,
      count,
      intervalMs: durations['interval'] ?? defaultRetryPolicy.intervalMs,
      minimumIntervalMs: durations['minimumInterval'] ?? defaultRetryPolicy.minimumIntervalMs,
      maximumIntervalMs: durations['maximumInterval'] ?? defaultRetryPolicy.maximumIntervalMs,
    },
  };
}
