/**
 * Picks queued runs from the database and executes them. A claim is a lease (see run-claims.ts): if this process
 * dies, the lease expires and any worker claims the run again and resumes it from its journal, so finished actions
 * are not executed twice. Journal entries are stored lazily but in order (see run-journal-buffer.ts): an outside
 * call's result before the next outside call starts, the rest at the latest with the final status. A long sleep
 * parks the run: its lease is released with a wake time, and whichever worker is free then resumes it.
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { timerSleeper } from '../adapters/timer-sleeper.js';
import type { Value } from '../expressions/index.js';
import type { Database, RunActionTable, RunTable } from '../store/database-schema.js';
import { Channel, type Notifications } from '../store/notifications.js';
import { CoalescedWrite, type Writes } from '../store/coalesced-write.js';
import { ROWS_PER_STATEMENT, type SqlDialect, StatementTexts, dialectOf, rowParameters, runForRows, runStatement, valueRows } from '../store/raw-statements.js';
import { StatementWrites } from '../store/statement-writes.js';
import type { TransactionEnd, WriteBatcher } from '../store/write-batcher.js';
import { instantText } from '../workflows/executor/instant-text.js';
import { type ConnectorClient, type ExecutorPorts, type JournalEntry, type Sleeper, reachesOutside, runWorkflow } from '../workflows/index.js';
import { JOURNAL_COLUMNS, JournalWriter, insertJournalRows } from './journal-writer.js';
import { RunJournalBuffer } from './run-journal-buffer.js';
import type { LiveEvent, LiveEvents } from './live-events.js';
import type { RecentTriggerOutputs } from './recent-trigger-outputs.js';
import { type ClaimedRun, claimRunsOnPostgres, claimRunsOnSqlite, nextClaimableTime } from './run-claims.js';
import type { RunLease } from './run-service.js';
import type { WorkflowService } from './workflow-service.js';

export interface DispatcherOptions {
  readonly owner: string;
  /** Runs executing at once, across every worker sharing the database. */
  readonly maxConcurrentRuns: number;
  readonly maxConcurrentRunsPerWorkflow: number;
  readonly leaseMs: number;
  readonly publicUrl: string;
  readonly dialect: 'sqlite' | 'postgres';
  /** Sleeps at least this long park the run instead of holding a slot. */
  readonly parkAfterMs: number;
}

/** What the dispatcher reports to the metrics. */
export interface DispatcherMetrics {
  runsClaimed(count: number): void;
  /** Runs started as this process queued them (see `leaseNewRuns`); counted as claimed too. */
  runsStartedAtOnce(count: number): void;
  leaseTakeovers(count: number): void;
  /** Runs this process stopped executing because it no longer held their lease. */
  leasesLost(count: number): void;
  actionFinished(type: string, status: string, durationMs: number): void;
  runFinished(status: string): void;
}

/** Abort reason for runs interrupted by shutdown: they are left to resume, not recorded as cancelled. */
const SHUTDOWN = new Error('The server is shutting down; the run will resume on the next start.');

/** Abort reason for a run parked on a long sleep: like a shutdown, what was in progress is resumed later. */
class Parked extends Error {
  constructor(readonly wakeAt: string) {
    super(`The run sleeps until ${wakeAt}; it is parked and will be resumed then.`);
  }
}

/** How a run reaches its workflow's API connections, and which secret values its record must hide. */
export interface RunConnections {
  /** A client that may use only `declaredConnections` (lower-cased ids: `declaredConnectionIds` of the version). */
  clientFor(workflowId: string, declaredConnections: readonly string[]): ConnectorClient;
  /** The secret values of these connections (`declaredConnections` of the version). */
  secretValuesFor(connectionIds: readonly string[]): Promise<string[]>;
}

interface InFlight {
  readonly workflowKey: string;
  readonly controller: AbortController;
  readonly done: Promise<void>;
  /** When this process's lease on the run runs out (`ports.clock`), as last written: at its claim or renewal. */
  leaseUntil: number;
}

/** A finished run's final columns, and the journal rows stored with them. */
interface FinishedRun {
  readonly id: string;
  readonly status: string;
  readonly endTime: string;
  readonly error: string | null;
  readonly response: string | null;
  /** The lease holder finishing it (this process). */
  readonly owner: string;
  readonly journal: readonly RunActionTable[];
}

/**
 * How often a worker sharing the database looks up when a run next becomes claimable by itself (another worker's
 * lease running out, a run parked elsewhere): a lookup finds them this much late at most, well inside a lease.
 */
const NEXT_WAKE_LOOKUP_INTERVAL_MS = 1_000;

/** On a shared database, the least time between the starts of two claims of one worker. */
const MIN_CLAIM_INTERVAL_MS = 10;

/** Journal rows still waiting after this long are stored, so a run's progress shows while it executes. */
const JOURNAL_VISIBLE_AFTER_MS = 200;

/** In the order of the VALUES columns below. */
const FINISH_COLUMNS = ['id', 'status', 'endTime', 'error', 'response', 'owner'] as const satisfies readonly (keyof FinishedRun)[];

/**
 * Sets the final status of many runs in one statement (`column1`… name the VALUES columns on both databases), its
 * parameters from the `first`-th. Only while this process holds the lease: a run taken over meanwhile is finished
 * by its new holder.
 */
function finishRunsText(dialect: SqlDialect, rows: number, first = 1): string {
  return (
    'update runs set status = finished.column2, end_time = finished.column3, error = finished.column4, response = finished.column5,' +
    ` lease_owner = null, lease_expires_at = null from (values ${valueRows(dialect, rows, FINISH_COLUMNS.length, first)}) as finished` +
    ' where runs.id = finished.column1 and runs.lease_owner = finished.column6 returning id'
  );
}

const finishRuns = new StatementTexts((dialect, rows) => finishRunsText(dialect, rows));

/**
 * PostgreSQL: the final statuses, and the journal rows of the runs whose status was stored, in one statement, atomic
 * without a transaction around it. (`seq` is cast: a VALUES list in FROM has text columns.)
 */
const finishRunsWithJournal = new StatementTexts(
  (dialect, journalRows, runs) =>
    `with finished_runs as (${finishRunsText(dialect, runs, journalRows * JOURNAL_COLUMNS.length + 1)}), ` +
    `journal as (insert into run_actions (${JOURNAL_COLUMNS.join(', ')}) select j.column1, cast(j.column2 as integer), j.column3, j.column4, j.column5, j.column6` +
    ` from (values ${valueRows(dialect, journalRows, JOURNAL_COLUMNS.length)}) as j where j.column1 in (select id from finished_runs)) ` +
    'select id from finished_runs',
);

/**
 * Stores final statuses with the journal rows not stored yet, only for runs whose lease this process still holds
 * (a run taken over or deleted meanwhile gets nothing more from it); answers the ids of the runs it finished. On
 * PostgreSQL one statement, sent alone (no begin and commit, two round trips fewer); on SQLite two, within the group
 * commit. A journal too long for one statement's parameters is inserted after, by statements of its own.
 */
async function storeFinishedRuns(db: Kysely<Database>, runs: readonly FinishedRun[]): Promise<ReadonlySet<string>> {
  const journal = runs.flatMap((run) => run.journal);
  if (dialectOf(db) === 'postgres' && journal.length > 0 && journal.length <= ROWS_PER_STATEMENT && runs.length <= ROWS_PER_STATEMENT) {
    const parameters = [...rowParameters(journal, JOURNAL_COLUMNS), ...rowParameters(runs, FINISH_COLUMNS)];
    const finished = await runStatement<{ id: string }>(db, finishRunsWithJournal.text('postgres', journal.length, runs.length), parameters);
    return new Set(finished.map((row) => row.id));
  }
  const finished = new Set((await runForRows<FinishedRun, { id: string }>(db, finishRuns, runs, FINISH_COLUMNS)).map((row) => row.id));
  await insertJournalRows(db, journal.filter((row) => finished.has(row.run_id)));
  return finished;
}

/**
 * Abort reason for a run whose lease this process no longer holds (renewals failed for longer than the lease, or
 * another worker took the run over): its execution stops at once, writing nothing more, since the run's new holder
 * resumes it from the journal.
 */
const LEASE_LOST = new Error('The lease on the run was lost; whichever worker holds it now resumes the run.');

/** Signals that end an execution without finishing the run: it resumes from its journal later. */
function isInterruption(reason: unknown): boolean {
  return reason === SHUTDOWN || reason === LEASE_LOST || reason instanceof Parked;
}

export class Dispatcher {
  private readonly inFlight = new Map<string, InFlight>();
  private running = false;
  private wakeTimer: NodeJS.Timeout | undefined;
  /** Free slots worth a claim while runs are executing. */
  private readonly claimBatch: number;
  private readonly journal: JournalWriter;
  /** Answers, per run, whether its final status was stored (this process still held its lease). */
  private readonly finished: CoalescedWrite<FinishedRun, boolean, Kysely<Database>>;
  /**
   * With the embedded database this dispatcher is the only worker: the runs it executes are all the leases there
   * are, and nothing but its own parking and timers changes when a run next becomes claimable by itself.
   */
  private readonly soleWorker: boolean;
  /** Whether the next self-claimable time must be looked up again (always, when other workers share the database). */
  private nextWakeStale = true;
  /**
   * With other workers, not before this (`performance.now()`): every claim would otherwise be followed by this
   * lookup, a second round trip per claim under load, when what it finds changes far less often.
   */
  private nextWakeLookupAfter = 0;
  private lookupTimer: NodeJS.Timeout | undefined;
  /** On a shared database, when the last claim started (`performance.now()`). */
  private lastClaimAt = Number.NEGATIVE_INFINITY;
  /** Bumped by every signal that runs may have become claimable (queued, a timer, the poll). */
  private claimableSignals = 0;
  /** `claimableSignals` when a claim last found nothing more to take, on the embedded database (sole worker). */
  private exhaustedAt = -1;
  private claiming: Promise<void> | undefined;
  private again = false;
  /** Slots promised to runs being inserted already leased here (per workflow key), until their transaction ends. */
  private readonly reserved = new Map<string, number>();
  private reservedTotal = 0;
  private leaseTimer: NodeJS.Timeout | undefined;
  /** Runs executing here whose final status is being stored: their lease is released, not lost. */
  private readonly finishing = new Set<string>();
  private pollTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly writes: WriteBatcher,
    private readonly workflows: WorkflowService,
    private readonly triggerOutputs: RecentTriggerOutputs,
    private readonly ports: ExecutorPorts,
    private readonly options: DispatcherOptions,
    private readonly logger: Logger,
    private readonly notifications: Notifications,
    private readonly connections?: RunConnections,
    private readonly live?: LiveEvents,
    private readonly metrics?: DispatcherMetrics,
  ) {
    this.claimBatch = Math.max(1, Math.floor(options.maxConcurrentRuns / 4));
    this.journal = new JournalWriter(writes);
    const store = async (db: Kysely<Database>, runs: readonly FinishedRun[]): Promise<boolean[]> => {
      const finished = await storeFinishedRuns(db, runs);
      return runs.map((run) => finished.has(run.id));
    };
    const finishWrites: Writes<Kysely<Database>> = options.dialect === 'postgres' ? new StatementWrites(db) : writes;
    this.finished = new CoalescedWrite(finishWrites, store);
    this.soleWorker = options.dialect === 'sqlite';
    notifications.subscribe(Channel.RunsQueued, () => this.wake());
    notifications.subscribe(Channel.CancelRun, (runId) => this.cancel(runId));
    // Queued runs announced while the connection was down are found by claiming now.
    notifications.onReconnect(() => this.wake());
  }

  /** The name this dispatcher's leases are held under. */
  get owner(): string {
    return this.options.owner;
  }

  /**
   * With a database no other process uses, runs left Running by a previous process (killed) are orphans: release
   * their leases so they resume at once instead of after the lease expires.
   */
  async recoverOrphans(): Promise<number> {
    const result = await this.db
      .updateTable('runs')
      .set({ lease_owner: null, lease_expires_at: null })
      .where('status', '=', 'Running')
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  start(): void {
    this.running = true;
    this.leaseTimer = setInterval(() => void this.renewLeases(), Math.max(250, Math.floor(this.options.leaseMs / 3)));
    // A slow poll picks up runs whose lease expired (another worker died) and anything queued by another process.
    this.pollTimer = setInterval(() => this.wake(), Math.max(500, Math.floor(this.options.leaseMs / 2)));
    this.wake();
  }

  /** Called after runs are queued (or may have become claimable): claims without waiting for the next poll. */
  wake(): void {
    this.claimableSignals++;
    this.claimSoon();
  }

  private claimSoon(): void {
    if (!this.running) return;
    if (this.claiming !== undefined) {
      this.again = true;
      return;
    }
    this.claiming = this.claimLoop().finally(() => {
      this.claiming = undefined;
      if (this.again) {
        this.again = false;
        this.claimSoon();
      }
    });
  }

  /**
   * Runs queued in this process while its worker has free slots and nothing older waits to be claimed (only known
   * on the embedded database, where this is the sole worker) start without a claim: they are inserted already
   * leased here, and executed once their transaction commits. At moderate rates that saves each event a claim's
   * reads, its lease update and its commit. Answers, per workflow key, the lease to insert the run with, or
   * undefined to leave it Queued; undefined when none can start here. The slots stay reserved until `end`.
   */
  leaseNewRuns(end: TransactionEnd, workflowKeys: readonly string[]): (RunLease | undefined)[] | undefined {
    if (!this.soleWorker || !this.running || this.claiming !== undefined || this.exhaustedAt !== this.claimableSignals) return undefined;
    let free = this.options.maxConcurrentRuns - this.inFlight.size - this.reservedTotal;
    if (free <= 0) return undefined;
    const slots = this.slotsPerWorkflow();
    const now = this.ports.clock.now();
    const lease: RunLease = { owner: this.options.owner, expiresAt: instantText(now + this.options.leaseMs), startTime: instantText(now) };
    const taken: string[] = [];
    const leases = workflowKeys.map((key) => {
      const used = slots.get(key) ?? 0;
      if (free <= 0 || used >= this.options.maxConcurrentRunsPerWorkflow) return undefined;
      free--;
      slots.set(key, used + 1);
      taken.push(key);
      return lease;
    });
    if (taken.length === 0) return undefined;
    for (const key of taken) this.reserve(key, 1);
    const release = () => {
      for (const key of taken) this.reserve(key, -1);
    };
    end.onCommit(release);
    end.onRollback(release);
    return leases;
  }

  /** Executes runs inserted with `leaseNewRuns`' leases, once their transaction has committed. */
  startAfterCommit(end: TransactionEnd, runs: readonly RunTable[]): void {
    if (runs.length === 0) return;
    end.onCommit(() => {
      // Stopped meanwhile: the runs keep their lease, which the next start releases (`recoverOrphans`).
      if (!this.running) return;
      this.metrics?.runsStartedAtOnce(runs.length);
      for (const run of runs) this.execute({ ...run, resumed: false, takenOverFrom: null });
    });
  }

  private reserve(workflowKey: string, slots: number): void {
    this.reservedTotal += slots;
    const left = (this.reserved.get(workflowKey) ?? 0) + slots;
    if (left === 0) this.reserved.delete(workflowKey);
    else this.reserved.set(workflowKey, left);
  }

  /** Cancels a run executing here; true when it was running in this process. */
  cancel(runId: string): boolean {
    const run = this.inFlight.get(runId);
    if (run === undefined) return false;
    run.controller.abort();
    return true;
  }

  /**
   * Stops claiming, lets in-flight runs finish for up to `graceMs`, then cancels the rest's execution (their journal
   * is already persisted) and releases their leases so the next start resumes them at once.
   */
  async stop(graceMs = 10_000): Promise<void> {
    this.running = false;
    clearInterval(this.pollTimer);
    clearTimeout(this.wakeTimer);
    clearTimeout(this.lookupTimer);
    await this.claiming;
    const all = Promise.all([...this.inFlight.values()].map((run) => run.done));
    // Leases are still renewed while the runs drain: one running out meanwhile would let another worker start the run too.
    const timedOut = await Promise.race([all.then(() => false), new Promise<boolean>((resolve) => setTimeout(() => resolve(true), graceMs).unref())]);
    clearInterval(this.leaseTimer);
    if (timedOut) {
      const ids = [...this.inFlight.keys()];
      for (const run of this.inFlight.values()) run.controller.abort(SHUTDOWN);
      await all;
      await this.db
        .updateTable('runs')
        .set({ lease_owner: null, lease_expires_at: null })
        .where('id', 'in', ids.length > 0 ? ids : [''])
        .where('lease_owner', '=', this.options.owner)
        .execute();
      this.logger.warn({ runs: ids.length }, 'shutdown: runs still executing were checkpointed and will resume on next start');
    }
  }

  private async claimLoop(): Promise<void> {
    while (this.running) {
      const free = this.options.maxConcurrentRuns - this.inFlight.size - this.reservedTotal;
      // Busy: claiming for a slot or two at every wake-up (each accepted event wakes) would cost more than the
      // runs; the runs finishing claim once a batch of slots is free.
      if (free <= 0 || (free < this.claimBatch && this.inFlight.size > 0)) return;
      const take = Math.min(free, 50);
      const signals = this.claimableSignals;
      await this.paceClaims();
      if (!this.running) return;
      const claimed = await this.claim(take);
      for (const run of claimed) this.executeClaimed(run);
      // Fewer than asked for: nothing more is claimable now (another claim would come back empty). As the sole
      // worker, nothing is until the next signal, unless a workflow's own limit held runs back.
      if (claimed.length < take) {
        if (this.soleWorker && !this.anyWorkflowSaturated()) this.exhaustedAt = signals;
        break;
      }
    }
    await this.scheduleNextWake();
  }

  /**
   * On a shared database, claims start at least `MIN_CLAIM_INTERVAL_MS` apart. Each accepted batch announces its
   * runs, and every worker woke to claim for each: under load a claim per announcement, each taking the cluster-wide
   * lock and counting the live leases, was a large share of the database's work. A claim after a pause starts at once.
   */
  private async paceClaims(): Promise<void> {
    if (this.soleWorker) return;
    const wait = this.lastClaimAt + MIN_CLAIM_INTERVAL_MS - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    this.lastClaimAt = performance.now();
  }

  private async claim(take: number): Promise<ClaimedRun[]> {
    const now = this.ports.clock.now();
    const limits = {
      owner: this.options.owner,
      now: instantText(now),
      leaseUntil: instantText(now + this.options.leaseMs),
      take,
      maxConcurrentRuns: this.options.maxConcurrentRuns,
      maxConcurrentRunsPerWorkflow: this.options.maxConcurrentRunsPerWorkflow,
      ...(this.soleWorker ? { executing: this.slotsPerWorkflow() } : {}),
    };
    let claimed: ClaimedRun[];
    try {
      // On the embedded database a claim shares the group commit with the journal and ingest writes of the moment;
      // on PostgreSQL it is its own short transaction, since it holds the cluster-wide claim lock.
      claimed =
        this.options.dialect === 'sqlite' ? await this.writes.write((trx) => claimRunsOnSqlite(trx, limits)) : await claimRunsOnPostgres(this.db, limits);
    } catch (error) {
      this.logger.error({ err: error }, 'claiming runs failed; trying again at the next poll');
      return [];
    }
    const takenOver = claimed.filter((run) => run.takenOverFrom !== null);
    for (const run of takenOver) this.logger.warn({ runId: run.id, from: run.takenOverFrom }, 'took over a run whose lease had expired');
    if (claimed.length > 0) this.metrics?.runsClaimed(claimed.length);
    if (takenOver.length > 0) this.metrics?.leaseTakeovers(takenOver.length);
    await this.prefetchTriggerOutputs(claimed);
    return claimed;
  }

  private anyWorkflowSaturated(): boolean {
    for (const count of this.slotsPerWorkflow().values()) if (count >= this.options.maxConcurrentRunsPerWorkflow) return true;
    return false;
  }

  /** The slots used per workflow key: runs executing here, and runs being inserted to start here. */
  private slotsPerWorkflow(): Map<string, number> {
    const counts = new Map(this.reserved);
    for (const run of this.inFlight.values()) counts.set(run.workflowKey, (counts.get(run.workflowKey) ?? 0) + 1);
    return counts;
  }

  /**
   * Runs queued by another process (or before a restart): their trigger outputs, which a claim on PostgreSQL
   * brings along, or else one read for all of them, not one per run.
   */
  private async prefetchTriggerOutputs(claimed: readonly ClaimedRun[]): Promise<void> {
    for (const run of claimed) if (run.triggerOutputs !== undefined) this.triggerOutputs.remember(run.id, run.triggerOutputs);
    const missing = claimed.filter((run) => !this.triggerOutputs.has(run.id)).map((run) => run.id);
    if (missing.length === 0) return;
    try {
      const rows = await this.db.selectFrom('run_triggers').select(['run_id', 'outputs']).where('run_id', 'in', missing).execute();
      for (const row of rows) this.triggerOutputs.remember(row.run_id, row.outputs);
    } catch (error) {
      // Each run reads its own then.
      this.logger.warn({ err: error }, 'could not read the trigger outputs of claimed runs');
    }
  }

  /**
   * Wakes when a run next becomes claimable by itself — a parked run's timer, another worker's lease running out —
   * since the poll would find it up to its interval late.
   */
  private async scheduleNextWake(): Promise<void> {
    if (!this.running || !this.nextWakeStale) return;
    const wait = this.nextWakeLookupAfter - performance.now();
    if (wait > 0) {
      // Looked up a moment ago: once more when the interval is over, so nothing found meanwhile is missed.
      this.lookupTimer ??= setTimeout(() => {
        this.lookupTimer = undefined;
        void this.scheduleNextWake();
      }, wait).unref();
      return;
    }
    this.nextWakeStale = !this.soleWorker;
    if (!this.soleWorker) this.nextWakeLookupAfter = performance.now() + NEXT_WAKE_LOOKUP_INTERVAL_MS;
    try {
      const next = await nextClaimableTime(this.db, this.options.owner, instantText(this.ports.clock.now()));
      clearTimeout(this.wakeTimer);
      if (next === undefined) return;
      this.wakeTimer = setTimeout(() => {
        this.nextWakeStale = true;
        this.nextWakeLookupAfter = 0;
        this.wake();
      }, Math.max(0, Date.parse(next) - this.ports.clock.now()) + 5);
      this.wakeTimer.unref();
    } catch (error) {
      this.nextWakeStale = true;
      this.logger.warn({ err: error }, 'could not look for parked runs; the poll will find them');
    }
  }

  /**
   * A run still executing here whose lease ran out (renewals failing) may come back from its own claim: an execution
   * still going on continues under the new lease rather than a second one starting beside it; one stopping (its
   * lease was taken as lost) is followed by a new one once it has left.
   */
  private executeClaimed(run: ClaimedRun): void {
    const current = this.inFlight.get(run.id);
    if (current === undefined) this.execute(run);
    else if (current.controller.signal.aborted) void current.done.then(() => this.execute(run));
    else current.leaseUntil = Date.parse(run.lease_expires_at ?? '') || current.leaseUntil;
  }

  private execute(run: ClaimedRun): void {
    const controller = new AbortController();
    const done = this.executeRun(run, controller)
      .catch((error: unknown) => this.logger.error({ err: error, runId: run.id }, 'run execution failed; the run resumes from its journal once its lease runs out'))
      .finally(() => {
        this.inFlight.delete(run.id);
        this.finishing.delete(run.id);
        // A free slot is worth a claim only if there may be something to claim (an empty claim costs a commit).
        if (this.exhaustedAt !== this.claimableSignals) this.claimSoon();
      });
    const leaseUntil = run.lease_expires_at === null ? Number.POSITIVE_INFINITY : Date.parse(run.lease_expires_at);
    this.inFlight.set(run.id, { workflowKey: run.workflow_key, controller, done, leaseUntil });
  }

  private async executeRun(run: ClaimedRun, controller: AbortController): Promise<void> {
    const { signal } = controller;
    if (run.cancel_requested === 1) {
      await this.finish(run, { status: 'Cancelled', error: { code: 'Cancelled', message: 'The run was cancelled.' } });
      return;
    }
    await this.announce(run, 'Running', null);
    const version = await this.workflows.version(run.workflow_key, run.workflow_version);
    // Only a run claimed before (a crash, a shutdown) can have a journal to resume from.
    const rows = run.resumed
      ? await this.db.selectFrom('run_actions').select(['seq', 'entry']).where('run_id', '=', run.id).orderBy('seq').execute()
      : [];
    const journal = rows.map((row) => JSON.parse(row.entry) as JournalEntry);
    let seq = rows.length === 0 ? 0 : (rows[rows.length - 1]?.seq ?? 0) + 1;
    const pending = new RunJournalBuffer(this.journal, JOURNAL_VISIBLE_AFTER_MS);
    const outputs =
      this.triggerOutputs.take(run.id) ??
      (await this.db.selectFrom('run_triggers').select('outputs').where('run_id', '=', run.id).executeTakeFirst())?.outputs;
    const trigger = JSON.parse(outputs ?? '{"body":null}') as { headers?: Value; body: Value };
    const secrets = this.connections === undefined ? [] : await this.connections.secretValuesFor(version.connections);
    const ports: ExecutorPorts = {
      ...this.ports,
      sleeper: this.sleeperFor(controller),
      ...(this.connections === undefined ? {} : { connectors: this.connections.clientFor(version.id, version.connections) }),
    };
    const record = await runWorkflow(
      version.workflow,
      {
        runId: run.id,
        trigger: { name: run.trigger_name, headers: trigger.headers ?? {}, body: trigger.body ?? null },
        parameters: version.parameters,
        journal,
        startTime: run.start_time ?? undefined,
        workflow: { id: version.id, name: version.name },
        secrets,
        callbackUrl: `${this.options.publicUrl}/api${version.id}/triggers/${run.trigger_name}/run`,
        signal,
        onJournal: async (entry) => {
          // Actions interrupted by shutdown or parking are not journaled, so the resumed run executes them again.
          if (isInterruption(signal.reason)) return;
          if (entry.status !== 'Running' && entry.startTime !== undefined && entry.endTime !== undefined) {
            this.metrics?.actionFinished(entry.type, entry.status, Date.parse(entry.endTime) - Date.parse(entry.startTime));
          }
          const row = { run_id: run.id, seq: seq++, action_key: entry.key, name: entry.name, status: entry.status, entry: JSON.stringify(entry) };
          pending.add(row, reachesOutside(entry.type) && entry.status !== 'Running');
          // A timer is stored before the run sleeps, so a run resumed later (or parked) wakes at the same instant.
          if (entry.wakeAt !== undefined) await pending.flush();
        },
        beforeOutsideCall: () => pending.beforeOutsideCall(),
      },
      ports,
    );
    // Interrupted: what finished so far is stored before the run is left to resume — unless the run has another
    // holder now, whose journal continues from what was stored when it took over.
    if (signal.reason === LEASE_LOST) return;
    if (isInterruption(signal.reason)) await pending.flush();
    if (signal.reason instanceof Parked) {
      await this.park(run, signal.reason.wakeAt);
      return;
    }
    if (signal.reason === SHUTDOWN) return;
    const unstored = await pending.remaining();
    await this.finish(
      run,
      {
        status: record.status,
        ...(record.error ? { error: record.error } : {}),
        ...(record.response ? { response: record.response } : {}),
      },
      unstored,
    );
  }

  /** Stores the final status, with the journal rows not stored yet (in one transaction). */
  private async finish(run: RunTable, result: { status: string; error?: unknown; response?: unknown }, journal: readonly RunActionTable[] = []): Promise<void> {
    const endTime = instantText(this.ports.clock.now());
    this.finishing.add(run.id);
    const stored = await this.finished.add({
      journal,
      id: run.id,
      status: result.status,
      endTime,
      error: result.error === undefined ? null : JSON.stringify(result.error),
      response: result.response === undefined ? null : JSON.stringify(result.response),
      owner: this.options.owner,
    });
    if (!stored) {
      this.logger.warn({ runId: run.id }, 'the run was taken over or deleted before it finished here; its end was not stored');
      return;
    }
    this.metrics?.runFinished(result.status);
    await this.announce(run, result.status, endTime);
  }

  /**
   * Sleeps shorter than `parkAfterMs`, and those the executor cannot resume from its journal (an action's timeout,
   * a sleep while other actions of the run are still executing), are timers here. A longer parkable one aborts the
   * execution (what is in progress is resumed, not recorded) and the run waits in the database; its journal holds
   * the instant to continue from.
   */
  private sleeperFor(controller: AbortController): Sleeper {
    return {
      sleep: async (ms, signal, options) => {
        if (options?.parkable !== true || ms < this.options.parkAfterMs || !this.running) return timerSleeper.sleep(ms, signal);
        controller.abort(new Parked(options.wakeAt ?? instantText(this.ports.clock.now() + ms)));
        throw controller.signal.reason;
      },
    };
  }

  private async park(run: RunTable, wakeAt: string): Promise<void> {
    await this.writes.write((trx) =>
      trx
        .updateTable('runs')
        .set({ lease_owner: null, lease_expires_at: null, wake_at: wakeAt })
        .where('id', '=', run.id)
        .where('lease_owner', '=', this.options.owner)
        .execute(),
    );
    this.logger.debug({ runId: run.id, wakeAt }, 'run parked until its timer');
    this.nextWakeStale = true;
    this.nextWakeLookupAfter = 0;
    await this.scheduleNextWake();
  }

  /**
   * Tells live listeners (the web UI) a run's new status: this process's own, and on a shared database the API
   * processes too (see `relayRunStatus`). Never fails the run.
   */
  private async announce(run: RunTable, status: string, endTime: string | null): Promise<void> {
    const shared = this.options.dialect === 'postgres';
    if (this.live?.listening !== true && !shared) return;
    try {
      const { id: workflowId } = await this.workflows.version(run.workflow_key, run.workflow_version);
      const event: LiveEvent = { kind: 'run', data: { id: `${workflowId}/runs/${run.id}`, workflowId, status, startTime: run.start_time, endTime } };
      if (this.live?.listening === true) this.live.publish(event);
      if (shared) this.notifications.publish(Channel.RunStatus, JSON.stringify({ origin: this.options.owner, event }));
    } catch (error) {
      this.logger.warn({ err: error, runId: run.id }, 'could not announce a run status');
    }
  }

  /**
   * Renews the leases of the runs executing here, and only those: a run whose execution stopped with an error (its
   * writes failed, say while the database was unreachable) keeps its lease until it runs out, and is then claimed
   * again and resumed from its journal, instead of being renewed for as long as this process has other runs.
   */
  private async renewLeases(): Promise<void> {
    if (this.inFlight.size === 0) return;
    const now = this.ports.clock.now();
    const until = instantText(now + this.options.leaseMs);
    const ids = [...this.inFlight.keys()];
    try {
      const renewed = await this.db
        .updateTable('runs')
        .set({ lease_expires_at: until })
        .where('id', 'in', ids)
        .where('lease_owner', '=', this.options.owner)
        .where('status', '=', 'Running')
        .returning('id')
        .execute();
      const renewedIds = new Set(renewed.map((row) => row.id));
      for (const id of renewedIds) {
        const inFlight = this.inFlight.get(id);
        if (inFlight !== undefined) inFlight.leaseUntil = now + this.options.leaseMs;
      }
      this.stopLostRuns(ids.filter((id) => !renewedIds.has(id)));
      // Leased runs are Running: the (status, id) index keeps this read to the unfinished runs, not the history.
      const cancelled = await this.db
        .selectFrom('runs')
        .select('id')
        .where('status', '=', 'Running')
        .where('lease_owner', '=', this.options.owner)
        .where('cancel_requested', '=', 1)
        .execute();
      for (const { id } of cancelled) this.cancel(id);
    } catch (error) {
      this.logger.error({ err: error }, 'lease renewal failed');
      // Renewals failing (the database unreachable): the runs whose lease has run out meanwhile may already have
      // been taken over by another worker.
      this.stopLostRuns(ids.filter((id) => (this.inFlight.get(id)?.leaseUntil ?? Number.POSITIVE_INFINITY) <= now));
    }
  }

  /**
   * Stops the executions among `ids`, runs whose lease this process no longer holds (another worker took the run
   * over after the lease ran out) and that are still unfinished: whatever they did since is done again by the run's
   * new holder, which is what at-least-once allows, while two executions side by side would write one journal twice.
   */
  private stopLostRuns(ids: readonly string[]): void {
    // Runs finishing or parked released their lease themselves; a stopped execution (parked, shutting down) is leaving.
    const lost = ids.filter((id) => !this.finishing.has(id) && this.inFlight.get(id)?.controller.signal.aborted === false);
    if (lost.length === 0) return;
    this.metrics?.leasesLost(lost.length);
    this.logger.warn({ runs: lost }, 'lost the lease on runs executing here; they stop, and their new holder resumes them');
    for (const id of lost) this.inFlight.get(id)?.controller.abort(LEASE_LOST);
  }
}
