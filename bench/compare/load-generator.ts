/**
 * The load generator, in the bench process: an undici Pool (pipelining 1, one connection per concurrent request)
 * posting one alert per request, half High and half Low.
 * - closed loop: a fixed number of requests always in flight, for a warm-up and then a measured window;
 * - open loop: requests started on a fixed schedule whatever the answers, for latency at a steady rate.
 */
import { Pool } from 'undici';
import { benchAlert, severityOf } from './bench-alert.js';
import { nowUs, sleep } from './clock.js';

export interface LoadTarget {
  readonly origin: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The request body for one alert: the bare server and Node-RED take the alert, Riposte `{ value: [alert] }`. */
  readonly encode: (alert: Record<string, unknown>) => string;
  /** The status of an accepted alert (200 when answered after forwarding, 202 when queued). */
  readonly acceptedStatus: number;
}

export interface LoadFailures {
  readonly failed: number;
  readonly firstFailure?: string;
}

function poster(target: LoadTarget, connections: number) {
  const pool = new Pool(target.origin, { connections, pipelining: 1 });
  let failed = 0;
  let firstFailure: string | undefined;
  const fail = (reason: string) => {
    failed++;
    firstFailure ??= reason;
  };
  return {
    /** Posts one alert; resolves true when it was accepted, false (counted as a failure) otherwise. */
    async post(alert: Record<string, unknown>): Promise<boolean> {
      try {
        const response = await pool.request({ method: 'POST', path: target.path, headers: target.headers, body: target.encode(alert) });
        const text = await response.body.text();
        if (response.statusCode === target.acceptedStatus) return true;
        fail(`${response.statusCode} ${text.slice(0, 300)}`);
      } catch (error) {
        fail(error instanceof Error ? error.message : String(error));
      }
      return false;
    },
    failures: (): LoadFailures => (firstFailure === undefined ? { failed } : { failed, firstFailure }),
    close: () => pool.close(),
  };
}

export interface ClosedLoopOptions {
  readonly concurrency: number;
  readonly warmupSeconds: number;
  readonly seconds: number;
  readonly idPrefix: string;
}

export interface ClosedLoopResult extends LoadFailures {
  readonly windowStartUs: number;
  readonly windowEndUs: number;
  /** Alerts the contender accepted (answered) within the window. */
  readonly acceptedInWindow: number;
}

export async function closedLoop(target: LoadTarget, options: ClosedLoopOptions): Promise<ClosedLoopResult> {
  const client = poster(target, options.concurrency);
  const windowStartUs = nowUs() + options.warmupSeconds * 1e6;
  const windowEndUs = windowStartUs + options.seconds * 1e6;
  let sequence = 0;
  let acceptedInWindow = 0;
  const worker = async () => {
    while (nowUs() < windowEndUs) {
      const n = sequence++;
      const accepted = await client.post(benchAlert(`${options.idPrefix}-${n}`, severityOf(n), nowUs()));
      const answeredAt = nowUs();
      if (accepted && answeredAt >= windowStartUs && answeredAt < windowEndUs) acceptedInWindow++;
    }
  };
  try {
    await Promise.all(Array.from({ length: options.concurrency }, worker));
  } finally {
    await client.close();
  }
  return { windowStartUs, windowEndUs, acceptedInWindow, ...client.failures() };
}

export interface OpenLoopOptions {
  readonly rate: number;
  readonly warmupSeconds: number;
  readonly seconds: number;
  readonly idPrefix: string;
  /** Enough for the rate times the worst answer time; a request waiting for a free connection still counts as late. */
  readonly connections: number;
}

export interface OpenLoopResult extends LoadFailures {
  /** The High alerts sent after the warm-up, with their intended send times: these should reach the sink. */
  readonly expected: { id: string; sentAtUs: number }[];
}

export async function openLoop(target: LoadTarget, options: OpenLoopOptions): Promise<OpenLoopResult> {
  const client = poster(target, options.connections);
  const intervalUs = 1e6 / options.rate;
  const warmup = Math.round(options.warmupSeconds * options.rate);
  const total = warmup + Math.round(options.seconds * options.rate);
  const expected: { id: string; sentAtUs: number }[] = [];
  const posts: Promise<boolean>[] = [];
  const startUs = nowUs() + 10_000;
  try {
    for (let n = 0; n < total; n++) {
      const sentAtUs = Math.round(startUs + n * intervalUs);
      const waitMs = (sentAtUs - nowUs()) / 1000;
      if (waitMs >= 1) await sleep(waitMs);
      const id = `${options.idPrefix}-${n}`;
      const severity = severityOf(n);
      if (n >= warmup && severity === 'High') expected.push({ id, sentAtUs });
      posts.push(client.post(benchAlert(id, severity, sentAtUs)));
    }
    await Promise.all(posts);
  } finally {
    await client.close();
  }
  return { expected, ...client.failures() };
}
