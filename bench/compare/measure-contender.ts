/**
 * Measures one contender, the same way for each: start it wired to the sink, check it does the job (a High alert
 * arrives, a Low one does not), then latency at a steady rate (open loop), then throughput (closed loop), then
 * its processes' peak memory, then stop it.
 */
import { request } from 'undici';
import { benchAlert } from './bench-alert.js';
import { nowUs, sleep } from './clock.js';
import type { CompareOptions } from './compare-options.js';
import { type Contender, type ContenderId, ContenderUnavailableError, type RunningContender } from './contender.js';
import { type LatencySummary, type SinkArrival, deliveredInWindow, deliveryProblems, latencySummary } from './delivery-stats.js';
import { type LoadTarget, closedLoop, openLoop } from './load-generator.js';
import { peakRssMb } from './process-memory.js';
import type { Sink } from './sink.js';

export interface ThroughputFigures {
  /** Distinct High alerts that reached the sink per second of the measured window. */
  readonly perSecond: number;
  readonly delivered: number;
  readonly seconds: number;
  /** Alerts the contender answered per second (for Riposte: accepted and stored, not yet executed). */
  readonly acceptedPerSecond: number;
  readonly failed: number;
  readonly firstFailure?: string;
}

export interface ContenderFigures {
  readonly kind: 'measured';
  readonly id: ContenderId;
  readonly label: string;
  readonly throughput: ThroughputFigures;
  readonly latency: LatencySummary & { readonly rate: number; readonly failed: number; readonly firstFailure?: string };
  /** Sum over the contender's processes of each one's peak resident memory. */
  readonly peakRssMb: number;
  /** Wrong deliveries over the whole measurement: Low alerts forwarded, repeated alerts, bodies without the send time. */
  readonly notHigh: number;
  readonly repeats: number;
  readonly malformed: number;
}

export interface SkippedContender {
  readonly kind: 'skipped';
  readonly id: ContenderId;
  readonly label: string;
  readonly reason: string;
}

export type ContenderOutcome = ContenderFigures | SkippedContender;

/** How long the stragglers of the latency phase may take before they count as lost. */
const DRAIN_LIMIT_MS = 30_000;

/** Everything the sink recorded, kept across drains. */
class Arrivals {
  readonly all: SinkArrival[] = [];
  malformed = 0;
  constructor(private readonly sink: Sink) {}
  async collect(): Promise<SinkArrival[]> {
    const drained = await this.sink.drain();
    this.malformed += drained.malformed;
    for (const arrival of drained.arrivals) this.all.push(arrival);
    return drained.arrivals;
  }
  /** Collects until every id has arrived or the time is up. */
  async awaitIds(ids: readonly string[], limitMs: number): Promise<void> {
    const missing = new Set(ids);
    const deadline = performance.now() + limitMs;
    for (;;) {
      for (const arrival of await this.collect()) missing.delete(arrival.id);
      if (missing.size === 0 || performance.now() > deadline) return;
      await sleep(100);
    }
  }
}

async function postOne(target: LoadTarget, alert: Record<string, unknown>): Promise<void> {
  const response = await request(`${target.origin}${target.path}`, {
    method: 'POST',
    headers: target.headers,
    body: target.encode(alert),
    headersTimeout: DRAIN_LIMIT_MS,
    bodyTimeout: DRAIN_LIMIT_MS,
  });
  const text = await response.body.text();
  if (response.statusCode !== target.acceptedStatus) throw new Error(`answered ${response.statusCode}: ${text.slice(0, 500)}`);
}

/** Fails with a message saying what is wrong when the contender does not do the job. */
async function checkTheJob(label: string, target: LoadTarget, arrivals: Arrivals): Promise<void> {
  const high = `smoke-high-${Date.now()}`;
  const low = `smoke-low-${Date.now()}`;
  await postOne(target, benchAlert(high, 'High', nowUs()));
  await postOne(target, benchAlert(low, 'Low', nowUs()));
  await arrivals.awaitIds([high], DRAIN_LIMIT_MS);
  await sleep(500);
  await arrivals.collect();
  const ids = new Set(arrivals.all.map((arrival) => arrival.id));
  if (!ids.has(high)) {
    throw new Error(`${label} did not forward a High alert to the sink within ${DRAIN_LIMIT_MS / 1000} s (its stderr, above, may say why)`);
  }
  if (ids.has(low)) throw new Error(`${label} forwarded a Low alert to the sink`);
  if (arrivals.malformed > 0) throw new Error(`${label} posted a body to the sink that is not the alert with its send time`);
}

async function measureRunning(contender: Contender, running: RunningContender, sink: Sink, options: CompareOptions): Promise<ContenderFigures> {
  const arrivals = new Arrivals(sink);
  await checkTheJob(contender.label, running.target, arrivals);

  console.error(`  ${contender.id}: latency at ${options.rate} alerts/s for ${options.warmupSeconds} + ${options.seconds} s`);
  const open = await openLoop(running.target, {
    rate: options.rate,
    warmupSeconds: options.warmupSeconds,
    seconds: options.seconds,
    idPrefix: `${contender.id}-latency`,
    connections: 64,
  });
  await arrivals.awaitIds(
    open.expected.map((sent) => sent.id),
    DRAIN_LIMIT_MS,
  );
  const latency = latencySummary(open.expected, arrivals.all);

  console.error(`  ${contender.id}: throughput with ${options.concurrency} requests in flight for ${options.warmupSeconds} + ${options.seconds} s`);
  const closed = await closedLoop(running.target, {
    concurrency: options.concurrency,
    warmupSeconds: options.warmupSeconds,
    seconds: options.seconds,
    idPrefix: `${contender.id}-throughput`,
  });
  // A request whose headers arrived inside the window is recorded once its body is read: give it a moment.
  await sleep(500);
  const windowArrivals = await arrivals.collect();
  const delivered = deliveredInWindow(windowArrivals, closed.windowStartUs, closed.windowEndUs);
  const seconds = (closed.windowEndUs - closed.windowStartUs) / 1e6;

  const memory = await Promise.all(running.pids.map((pid) => peakRssMb(pid)));
  const problems = deliveryProblems(arrivals.all);
  return {
    kind: 'measured',
    id: contender.id,
    label: contender.label,
    throughput: {
      perSecond: delivered / seconds,
      delivered,
      seconds,
      acceptedPerSecond: closed.acceptedInWindow / seconds,
      failed: closed.failed,
      ...(closed.firstFailure === undefined ? {} : { firstFailure: closed.firstFailure }),
    },
    latency: { ...latency, rate: options.rate, failed: open.failed, ...(open.firstFailure === undefined ? {} : { firstFailure: open.firstFailure }) },
    peakRssMb: memory.reduce((sum, mb) => sum + mb, 0),
    notHigh: problems.notHigh,
    repeats: problems.repeats,
    malformed: arrivals.malformed,
  };
}

export async function measureContender(contender: Contender, sink: Sink, options: CompareOptions): Promise<ContenderOutcome> {
  console.error(`${contender.label}: starting`);
  let running: RunningContender;
  try {
    running = await contender.start(sink.url);
  } catch (error) {
    if (error instanceof ContenderUnavailableError) {
      console.error(`${contender.label}: skipped, ${error.message}`);
      return { kind: 'skipped', id: contender.id, label: contender.label, reason: error.message };
    }
    throw error;
  }
  try {
    return await measureRunning(contender, running, sink, options);
  } finally {
    await running.stop();
    // Whatever the stopped contender still had in flight is no one's arrival.
    await sink.drain();
  }
}
