/**
 * Picks queued runs from the database and executes them. A claim is a lease: if this process dies, the lease
 * expires and any worker (this one after a restart) claims the run again and resumes it from its journal, so
 * finished actions are not executed twice. Every journal entry is written as the action finishes.
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Value } from '../expressions/index.js';
import type { Database, RunTable } from '../store/database-schema.js';
import type { WriteBatcher } from '../store/write-batcher.js';
import { instantText } from '../workflows/executor/instant-text.js';
import { type ConnectorClient, type ExecutorPorts, type JournalEntry, runWorkflow } from '../workflows/index.js';
import type { LiveEvents } from './live-events.js';
import type { RecentTriggerOutputs } from './recent-trigger-outputs.js';
import type { WorkflowService } from './workflow-service.js';

export interface DispatcherOptions {
  readonly owner: string;
  readonly maxConcurrentRuns: number;
  readonly maxConcurrentRunsPerWorkflow: number;
  readonly leaseMs: number;
  readonly publicUrl: string;
}

/** Abort reason for runs interrupted by shutdown: they are left to resume, not recorded as cancelled. */
const SHUTDOWN = new Error('The server is shutting down; the run will resume on the next start.');

/** How a run reaches its workflow's API connections, and which secret values its record must hide. */
export interface RunConnections {
  /** A client that may use only `declaredConnections` (lower-cased ids: `declaredConnectionIds` of the version). */
  clientFor(workflowId: string, declaredConnections: readonly string[]): ConnectorClient;
  /** The secret values of these connections (`declaredConnections` of the version). */
  secretValuesFor(connectionIds: readonly string[]): Promise<string[]>;
}

type ClaimedRun = RunTable & { readonly resumed: boolean };

interface InFlight {
  readonly workflowKey: string;
  readonly controller: AbortController;
  readonly done: Promise<void>;
}

export class Dispatcher {
  private readonly inFlight = new Map<string, InFlight>();
  private readonly perWorkflow = new Map<string, number>();
  private running = false;
  private claiming: Promise<void> | undefined;
  private again = false;
  private leaseTimer: NodeJS.Timeout | undefined;
  private pollTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly writes: WriteBatcher,
    private readonly workflows: WorkflowService,
    private readonly triggerOutputs: RecentTriggerOutputs,
    private readonly ports: ExecutorPorts,
    private readonly options: DispatcherOptions,
    private readonly logger: Logger,
    private readonly connections?: RunConnections,
    private readonly live?: LiveEvents,
  ) {}

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

  /** Called after runs are queued: claims without waiting for the next poll. */
  wake(): void {
    if (!this.running) return;
    if (this.claiming !== undefined) {
      this.again = true;
      return;
    }
    this.claiming = this.claimLoop().finally(() => {
      this.claiming = undefined;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    });
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
    clearInterval(this.leaseTimer);
    clearInterval(this.pollTimer);
    await this.claiming;
    const all = Promise.all([...this.inFlight.values()].map((run) => run.done));
    const timedOut = await Promise.race([all.then(() => false), new Promise<boolean>((resolve) => setTimeout(() => resolve(true), graceMs).unref())]);
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
      const free = this.options.maxConcurrentRuns - this.inFlight.size;
      if (free <= 0) return;
      const claimed = await this.claim(Math.min(free, 50));
      for (const run of claimed) this.execute(run);
      if (claimed.length === 0) return;
    }
  }

  private async claim(limit: number): Promise<ClaimedRun[]> {
    const now = instantText(this.ports.clock.now());
    const leaseUntil = instantText(this.ports.clock.now() + this.options.leaseMs);
    const saturated = [...this.perWorkflow].filter(([, count]) => count >= this.options.maxConcurrentRunsPerWorkflow).map(([key]) => key);
    // Through the group commit: a claim shares its transaction with the journal and ingest writes of the moment.
    return this.writes.write(async (trx) => {
      let candidates = trx
        .selectFrom('runs')
        .select(['id', 'workflow_key', 'start_time'])
        .where((eb) =>
          eb.or([
            eb('status', '=', 'Queued'),
            eb.and([eb('status', '=', 'Running'), eb.or([eb('lease_expires_at', '<', now), eb('lease_expires_at', 'is', null)])]),
          ]),
        )
        .orderBy('id')
        .limit(limit);
      if (saturated.length > 0) candidates = candidates.where('workflow_key', 'not in', saturated);
      // One claim takes no more runs of a workflow than the room its per-workflow limit leaves.
      const room = new Map<string, number>();
      const rows = (await candidates.execute()).filter((row) => {
        const left = room.get(row.workflow_key) ?? this.options.maxConcurrentRunsPerWorkflow - (this.perWorkflow.get(row.workflow_key) ?? 0);
        room.set(row.workflow_key, left - 1);
        return left > 0;
      });
      if (rows.length === 0) return [];
      const ids = rows.map((row) => row.id);
      const resumed = new Set(rows.filter((row) => row.start_time !== null).map((row) => row.id));
      const claimed = await trx
        .updateTable('runs')
        .set((eb) => ({
          status: 'Running',
          lease_owner: this.options.owner,
          lease_expires_at: leaseUntil,
          start_time: eb.fn.coalesce('start_time', eb.val(now)),
        }))
        .where('id', 'in', ids)
        .returningAll()
        .execute();
      return claimed.map((run) => ({ ...run, resumed: resumed.has(run.id) }));
    });
  }

  private execute(run: ClaimedRun): void {
    const controller = new AbortController();
    this.perWorkflow.set(run.workflow_key, (this.perWorkflow.get(run.workflow_key) ?? 0) + 1);
    const done = this.executeRun(run, controller.signal)
      .catch((error: unknown) => this.logger.error({ err: error, runId: run.id }, 'run execution failed'))
      .finally(() => {
        this.inFlight.delete(run.id);
        const count = (this.perWorkflow.get(run.workflow_key) ?? 1) - 1;
        if (count <= 0) this.perWorkflow.delete(run.workflow_key);
        else this.perWorkflow.set(run.workflow_key, count);
        this.wake();
      });
    this.inFlight.set(run.id, { workflowKey: run.workflow_key, controller, done });
  }

  private async executeRun(run: ClaimedRun, signal: AbortSignal): Promise<void> {
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
    const outputs =
      this.triggerOutputs.take(run.id) ??
      (await this.db.selectFrom('run_triggers').select('outputs').where('run_id', '=', run.id).executeTakeFirst())?.outputs;
    const trigger = JSON.parse(outputs ?? '{"body":null}') as { headers?: Value; body: Value };
    const secrets = this.connections === undefined ? [] : await this.connections.secretValuesFor(version.connections);
    const ports = this.connections === undefined ? this.ports : { ...this.ports, connectors: this.connections.clientFor(version.id, version.connections) };
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
          // Actions interrupted by shutdown are not journaled, so the resumed run executes them again.
          if (signal.reason === SHUTDOWN) return;
          const row = { run_id: run.id, seq: seq++, action_key: entry.key, name: entry.name, status: entry.status, entry: JSON.stringify(entry) };
          await this.writes.write((trx) => trx.insertInto('run_actions').values(row).execute());
        },
      },
      ports,
    );
    if (signal.reason === SHUTDOWN) return;
    await this.finish(run, {
      status: record.status,
      ...(record.error ? { error: record.error } : {}),
      ...(record.response ? { response: record.response } : {}),
    });
  }

  private async finish(run: RunTable, result: { status: string; error?: unknown; response?: unknown }): Promise<void> {
    const endTime = instantText(this.ports.clock.now());
    await this.writes.write((trx) =>
      trx
      .updateTable('runs')
      .set({
        status: result.status,
        end_time: endTime,
        error: result.error === undefined ? null : JSON.stringify(result.error),
        response: result.response === undefined ? null : JSON.stringify(result.response),
        lease_owner: null,
        lease_expires_at: null,
      })
      .where('id', '=', run.id)
      .execute(),
    );
    await this.announce(run, result.status, endTime);
  }

  /** Tells live listeners (the web UI) a run's new status; never fails the run. */
  private async announce(run: RunTable, status: string, endTime: string | null): Promise<void> {
    if (this.live?.listening !== true) return;
    try {
      const workflow = await this.db.selectFrom('workflows').select('id').where('id_key', '=', run.workflow_key).executeTakeFirst();
      if (workflow === undefined) return;
      this.live.publish({ kind: 'run', data: { id: `${workflow.id}/runs/${run.id}`, workflowId: workflow.id, status, startTime: run.start_time, endTime } });
    } catch (error) {
      this.logger.warn({ err: error, runId: run.id }, 'could not announce a run status');
    }
  }

  private async renewLeases(): Promise<void> {
    if (this.inFlight.size === 0) return;
    const until = instantText(this.ports.clock.now() + this.options.leaseMs);
    try {
      await this.db.updateTable('runs').set({ lease_expires_at: until }).where('lease_owner', '=', this.options.owner).where('status', '=', 'Running').execute();
      const cancelled = await this.db
        .selectFrom('runs')
        .select('id')
        .where('lease_owner', '=', this.options.owner)
        .where('cancel_requested', '=', 1)
        .execute();
      for (const { id } of cancelled) this.cancel(id);
    } catch (error) {
      this.logger.error({ err: error }, 'lease renewal failed');
    }
  }
}
