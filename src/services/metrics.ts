/**
 * Prometheus metrics of one server: counters the routes and the dispatcher bump as things happen, gauges read from
 * the database on each scrape, and the process's own metrics. Each server has its own registry (tests start several
 * in one process); nothing goes to prom-client's global one.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { withinMs } from './deadline.js';
import type { QueueStats } from './queue-stats.js';

export interface MetricsOptions {
  readonly version: string;
  readonly database: 'sqlite' | 'postgres';
  /** Read on each scrape; a scrape that gets no answer in time shows the database gauges as NaN. */
  readonly queueStats: () => Promise<QueueStats>;
  readonly nowMs?: () => number;
  readonly queueStatsTimeoutMs?: number;
}

/** Action durations run from a Compose (microseconds) to an Http action retrying for minutes or a Wait of an hour. */
const ACTION_DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];
/** Label values past this many distinct ones per label are counted as `other`. */
const MAX_LABEL_VALUES = 64;
const OTHER = 'other';

/**
 * Label values come from callers (an action's type is whatever a definition says): past a bound, new values are
 * folded into `other` so a stray value can never make series without end.
 */
class BoundedLabel {
  readonly #seen = new Set<string>();
  of(value: string): string {
    if (this.#seen.has(value)) return value;
    if (this.#seen.size >= MAX_LABEL_VALUES) return OTHER;
    this.#seen.add(value);
    return value;
  }
}

let processRegistry: Registry | undefined;

/**
 * CPU, memory, event loop lag, GC: they describe the process, not a server, so they are collected once per process
 * (collecting them again per server would start another GC observer and event-loop monitor each time, never stopped).
 */
function processMetrics(): Registry {
  if (processRegistry === undefined) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry, prefix: 'riposte_' });
  }
  return processRegistry;
}

interface QueueSnapshot {
  readonly queued: number;
  readonly running: number;
  readonly oldestAgeSeconds: number;
}

const UNKNOWN: QueueSnapshot = { queued: Number.NaN, running: Number.NaN, oldestAgeSeconds: Number.NaN };

export class Metrics {
  readonly registry = new Registry();
  readonly #eventsAccepted: Counter<'kind'>;
  readonly #eventsRejected: Counter<'kind' | 'code'>;
  readonly #actionDuration: Histogram<'type' | 'status'>;
  readonly #runsFinished: Counter<'status'>;
  readonly #leaseTakeovers: Counter;
  readonly #leasesLost: Counter;
  readonly #runClaims: Counter;
  readonly #runsStartedAtOnce: Counter;
  readonly #labels = { kind: new BoundedLabel(), code: new BoundedLabel(), type: new BoundedLabel(), actionStatus: new BoundedLabel(), runStatus: new BoundedLabel() };
  /** One database read serves all the gauges of a scrape (prom-client collects them concurrently). */
  #snapshot: Promise<QueueSnapshot> | undefined;

  constructor(private readonly options: MetricsOptions) {
    const registers = [this.registry];
    this.#eventsAccepted = new Counter({ name: 'riposte_events_accepted_total', help: 'Security events accepted by POST /api/events, by kind.', labelNames: ['kind'], registers });
    this.#eventsRejected = new Counter({
      name: 'riposte_events_rejected_total',
      help: 'Security events refused by POST /api/events, by error code and (when it could be told) kind.',
      labelNames: ['kind', 'code'],
      registers,
    });
    this.#actionDuration = new Histogram({
      name: 'riposte_action_duration_seconds',
      help: 'Duration of workflow actions executed by this process, by action type and final status.',
      labelNames: ['type', 'status'],
      buckets: ACTION_DURATION_BUCKETS,
      registers,
    });
    this.#runsFinished = new Counter({ name: 'riposte_runs_finished_total', help: 'Runs this process finished, by final status.', labelNames: ['status'], registers });
    this.#leaseTakeovers = new Counter({ name: 'riposte_lease_takeovers_total', help: 'Runs this process claimed after another worker\'s lease on them expired.', registers });
    this.#leasesLost = new Counter({
      name: 'riposte_leases_lost_total',
      help: 'Runs this process stopped executing because its lease on them ran out (renewals failing) or another worker took them over.',
      registers,
    });
    this.#runClaims = new Counter({ name: 'riposte_run_claims_total', help: 'Runs this process claimed to execute (including those started at once).', registers });
    this.#runsStartedAtOnce = new Counter({
      name: 'riposte_runs_started_at_once_total',
      help: 'Runs this process started as it queued them, without a claim (embedded database, a free slot, nothing older waiting).',
      registers,
    });

    const snapshot = () => this.queueSnapshot();
    const runs = new Gauge({
      name: 'riposte_runs',
      help: 'Unfinished runs in the database, by status (Queued, Running); finished runs are counted by riposte_runs_finished_total.',
      labelNames: ['status'],
      registers,
      async collect() {
        const { queued, running } = await snapshot();
        runs.set({ status: 'Queued' }, queued);
        runs.set({ status: 'Running' }, running);
      },
    });
    const depth = new Gauge({
      name: 'riposte_queue_depth',
      help: 'Runs waiting in the database for a worker (status Queued).',
      registers,
      async collect() {
        depth.set((await snapshot()).queued);
      },
    });
    const oldest = new Gauge({
      name: 'riposte_queue_oldest_age_seconds',
      help: 'How long the oldest Queued run has been waiting; 0 when none waits.',
      registers,
      async collect() {
        oldest.set((await snapshot()).oldestAgeSeconds);
      },
    });
    new Gauge({ name: 'riposte_info', help: 'Always 1; the labels say which version runs on which database.', labelNames: ['version', 'database'], registers }).set(
      { version: options.version, database: options.database },
      1,
    );
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The exposition text: this server's metrics and the process's. */
  async render(): Promise<string> {
    return Registry.merge([processMetrics(), this.registry]).metrics();
  }

  eventsAccepted(kind: string, n: number): void {
    if (n > 0) this.#eventsAccepted.inc({ kind: this.#labels.kind.of(kind) }, n);
  }

  /** `kind` is undefined when the event was refused before its kind could be told (not an object, unknown `type`). */
  eventsRejected(kind: string | undefined, code: string, n: number): void {
    if (n <= 0) return;
    const codeLabel = this.#labels.code.of(code);
    this.#eventsRejected.inc(kind === undefined ? { code: codeLabel } : { kind: this.#labels.kind.of(kind), code: codeLabel }, n);
  }

  actionFinished(type: string, status: string, durationMs: number): void {
    this.#actionDuration.observe({ type: this.#labels.type.of(type), status: this.#labels.actionStatus.of(status) }, Math.max(0, durationMs) / 1000);
  }

  runFinished(status: string): void {
    this.#runsFinished.inc({ status: this.#labels.runStatus.of(status) });
  }

  leasesLost(count: number): void {
    if (count > 0) this.#leasesLost.inc(count);
  }

  leaseTakeovers(count: number): void {
    if (count > 0) this.#leaseTakeovers.inc(count);
  }

  runsClaimed(count: number): void {
    if (count > 0) this.#runClaims.inc(count);
  }

  runsStartedAtOnce(count: number): void {
    if (count <= 0) return;
    this.#runClaims.inc(count);
    this.#runsStartedAtOnce.inc(count);
  }

  private queueSnapshot(): Promise<QueueSnapshot> {
    this.#snapshot ??= this.readQueue().finally(() => (this.#snapshot = undefined));
    return this.#snapshot;
  }

  private async readQueue(): Promise<QueueSnapshot> {
    const outcome = await withinMs(Promise.resolve().then(this.options.queueStats), this.options.queueStatsTimeoutMs ?? 2_000);
    if (outcome.kind !== 'ok') return UNKNOWN;
    const { queued, running, oldestQueuedAt } = outcome.value;
    const now = (this.options.nowMs ?? Date.now)();
    const oldestAgeSeconds = oldestQueuedAt === undefined ? 0 : Math.max(0, (now - Date.parse(oldestQueuedAt)) / 1000);
    return { queued, running, oldestAgeSeconds };
  }
}
