/** Runs as resources: queueing, listing, reading with their actions, cancelling and resubmitting. */
import type { Kysely, Transaction } from 'kysely';
import type { Database, RunTable, RunTriggerTable } from '../store/database-schema.js';
import { ROWS_PER_STATEMENT, StatementTexts, dialectOf, rowParameters, runForRows, runStatement, valueRows } from '../store/raw-statements.js';
import { ApiError, notFound } from '../server/api-error.js';
import { buildActionResults } from '../workflows/executor/action-results.js';
import { instantText } from '../workflows/executor/instant-text.js';
import type { ActionResult, JournalEntry } from '../workflows/index.js';
import { newRunId } from './ids.js';
import type { RecentTriggerOutputs } from './recent-trigger-outputs.js';
import type { WorkflowService } from './workflow-service.js';

/** The columns a new run is inserted with; the others start empty (their defaults). */
export const QUEUED_RUN_COLUMNS = [
  'id',
  'workflow_key',
  'workflow_version',
  'status',
  'trigger_name',
  'automation_key',
  'event_kind',
  'event_key',
  'event_version',
  'correlation',
  'created_at',
  'start_time',
  'lease_owner',
  'lease_expires_at',
] as const satisfies readonly (keyof RunTable)[];

const TRIGGER_COLUMNS = ['run_id', 'outputs'] as const satisfies readonly (keyof RunTriggerTable)[];

/** One run per (event version, automation, workflow): a second insert of it is a no-op. */
export const RUN_CONFLICT_CLAUSE = 'on conflict (event_kind, event_key, event_version, automation_key, workflow_key) do nothing';

const insertRuns = new StatementTexts(
  (dialect, rows) =>
    `insert into runs (${QUEUED_RUN_COLUMNS.join(', ')}) values ${valueRows(dialect, rows, QUEUED_RUN_COLUMNS.length)} ${RUN_CONFLICT_CLAUSE} returning id`,
);

const insertTriggers = new StatementTexts((dialect, rows) => `insert into run_triggers (run_id, outputs) values ${valueRows(dialect, rows, 2)}`);

/** PostgreSQL: the runs, and the trigger outputs of those inserted, in one statement (one round trip, not two). */
const insertRunsWithTriggers = new StatementTexts(
  (dialect, rows) =>
    `with inserted as (${insertRuns.text(dialect, rows)}), triggers as (insert into run_triggers (run_id, outputs)` +
    ` select given.column1, given.column2 from (values ${valueRows(dialect, rows, 2, rows * QUEUED_RUN_COLUMNS.length + 1)}) as given` +
    ' where given.column1 in (select id from inserted)) select id from inserted',
);

export interface QueueRunRequest {
  readonly workflowKey: string;
  readonly workflowVersion: number;
  readonly triggerName: string;
  /** The trigger outputs (`{headers, body}`) as JSON text, stored as given: most callers hold the body's JSON already. */
  readonly triggerOutputsJson: string;
  readonly automationKey?: string;
  readonly automationId?: string;
  readonly event?: { readonly kind: string; readonly key: string; readonly version: number; readonly id: string };
  readonly clientTrackingId?: string;
  /** The run is inserted Running under this lease, for the worker that starts it at once (skipping a claim). */
  readonly lease?: RunLease;
}

/** A lease a run is created with: held by the worker of the process that queues it. */
export interface RunLease {
  readonly owner: string;
  readonly expiresAt: string;
  readonly startTime: string;
}

export interface RunResource {
  readonly id: string;
  readonly name: string;
  readonly type: 'Microsoft.Logic/workflows/runs';
  readonly properties: {
    readonly status: string;
    readonly createdTime: string;
    readonly startTime?: string;
    readonly endTime?: string;
    readonly error?: unknown;
    readonly correlation: Record<string, unknown>;
    readonly workflow: { readonly version: number };
    readonly trigger: { readonly name: string; readonly outputs: unknown };
    readonly response?: unknown;
  };
}

/** A finished action's result, or a container still running. */
type RunActionProperties = ActionResult | { readonly name: string; readonly type: string; readonly status: 'Running' };

export interface RunActionResource {
  readonly id: string;
  readonly name: string;
  readonly type: 'Microsoft.Logic/workflows/runs/actions';
  readonly properties: Omit<RunActionProperties, 'name'>;
}

const EVENT_HEADERS_JSON = JSON.stringify({ 'Content-Type': 'application/json' });

/** What a run started by a security event receives: the event (its stored JSON text) as a JSON request body. */
export function eventTriggerOutputsJson(eventJson: string): string {
  return `{"headers":${EVENT_HEADERS_JSON},"body":${eventJson}}`;
}

/** Whether `runs` new runs and their trigger outputs are inserted by one statement (on PostgreSQL, up to a bound). */
function insertsInOneStatement(db: Kysely<Database>, runs: number): boolean {
  return dialectOf(db) === 'postgres' && runs <= ROWS_PER_STATEMENT;
}

export class RunService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly workflows: WorkflowService,
    private readonly clock: { now(): number },
    private readonly recentOutputs?: RecentTriggerOutputs,
  ) {}

  /**
   * Inserts a Queued run; with an event, the unique index makes a second insert for the same
   * (automation, workflow, event version) a no-op. Returns the run id, or undefined when it already existed.
   */
  async queue(db: Kysely<Database> | Transaction<Database>, request: QueueRunRequest): Promise<string | undefined> {
    const [run] = await this.queueMany(db, [request]);
    return run?.id;
  }

  /**
   * Inserts many runs with set-based statements; answers, for each request in order, the new run's row, or
   * undefined where the run already existed.
   */
  async queueMany(db: Kysely<Database> | Transaction<Database>, requests: readonly QueueRunRequest[]): Promise<(RunTable | undefined)[]> {
    if (requests.length === 0) return [];
    // The runs and their trigger outputs commit together: a worker may claim a run the moment it is visible, and
    // one claimed without its outputs would execute on an empty trigger. One statement is atomic by itself.
    if (!db.isTransaction && !insertsInOneStatement(db, requests.length)) return db.transaction().execute((trx) => this.queueMany(trx, requests));
    const rows = this.newRunRows(requests);
    const given = rows.map((row, index) => ({ run_id: row.id, outputs: (requests[index] as QueueRunRequest).triggerOutputsJson }));
    const inserted = await this.insert(db, rows, given);
    for (const trigger of given) if (inserted.has(trigger.run_id)) this.remember(trigger.run_id, trigger.outputs);
    return rows.map((row) => (inserted.has(row.id) ? row : undefined));
  }

  /** The rows new runs are inserted with (ids, correlation), for these requests. */
  newRunRows(requests: readonly QueueRunRequest[]): RunTable[] {
    const createdAt = instantText(this.clock.now());
    return requests.map((request) => {
      const id = newRunId(this.clock.now());
      // Assigned rather than spread: this runs for every run an event starts.
      const correlation: Record<string, string> = { clientTrackingId: request.clientTrackingId ?? id };
      if (request.automationId) correlation['automationId'] = request.automationId;
      if (request.event) correlation['eventId'] = request.event.id;
      return {
        id,
        workflow_key: request.workflowKey,
        workflow_version: request.workflowVersion,
        status: request.lease === undefined ? 'Queued' : 'Running',
        trigger_name: request.triggerName,
        automation_key: request.automationKey ?? null,
        event_kind: request.event?.kind ?? null,
        event_key: request.event?.key ?? null,
        event_version: request.event?.version ?? null,
        correlation: JSON.stringify(correlation),
        error: null,
        response: null,
        created_at: createdAt,
        start_time: request.lease?.startTime ?? null,
        end_time: null,
        lease_owner: request.lease?.owner ?? null,
        lease_expires_at: request.lease?.expiresAt ?? null,
        cancel_requested: 0,
        wake_at: null,
      };
    });
  }

  /** Tells this process's worker a new run's trigger outputs, so it need not read them back. */
  remember(runId: string, outputs: string): void {
    this.recentOutputs?.remember(runId, outputs);
  }

  /** Inserts the runs not there yet, and their trigger outputs; answers the ids inserted. */
  private async insert(db: Kysely<Database>, rows: readonly RunTable[], triggers: readonly RunTriggerTable[]): Promise<Set<string>> {
    if (insertsInOneStatement(db, rows.length)) {
      const parameters = [...rowParameters(rows, QUEUED_RUN_COLUMNS), ...rowParameters(triggers, TRIGGER_COLUMNS)];
      const returned = await runStatement<{ id: string }>(db, insertRunsWithTriggers.text('postgres', rows.length), parameters);
      return new Set(returned.map((row) => row.id));
    }
    const returned = await runForRows<RunTable, { id: string }>(db, insertRuns, rows, QUEUED_RUN_COLUMNS);
    const inserted = new Set(returned.map((row) => row.id));
    await runForRows(
      db,
      insertTriggers,
      triggers.filter((trigger) => inserted.has(trigger.run_id)),
      TRIGGER_COLUMNS,
    );
    return inserted;
  }

  /** Newest first. `before` is the last id of the previous page. */
  async list(workflowId: string, top: number, before?: string, status?: string): Promise<RunResource[]> {
    const workflow = await this.workflows.current(workflowId);
    let query = this.db
      .selectFrom('runs')
      .innerJoin('run_triggers', 'run_triggers.run_id', 'runs.id')
      .selectAll('runs')
      .select('run_triggers.outputs')
      .where('workflow_key', '=', workflow.key);
    if (before !== undefined) query = query.where('id', '<', before);
    if (status !== undefined) query = query.where('status', '=', status);
    const rows = await query.orderBy('id', 'desc').limit(top).execute();
    return rows.map((row) => toRunResource(workflow.id, row));
  }

  async get(workflowId: string, runId: string): Promise<RunResource> {
    const { workflow, row } = await this.find(workflowId, runId);
    return toRunResource(workflow.id, row);
  }

  async actions(workflowId: string, runId: string): Promise<RunActionResource[]> {
    const { workflow, row } = await this.find(workflowId, runId);
    const version = await this.workflows.version(row.workflow_key, row.workflow_version);
    const entries = await this.db.selectFrom('run_actions').select('entry').where('run_id', '=', runId).orderBy('seq').execute();
    const journal = entries.map((entry) => JSON.parse(entry.entry) as JournalEntry);
    const finished = !['Queued', 'Running'].includes(row.status);
    const reason = row.status === 'Cancelled' ? 'The action did not run because the run was cancelled.' : 'The action did not run.';
    const results = Object.values(buildActionResults(version.workflow, journal, reason));
    // While the run goes on, show what has finished and the containers that have started, not what is still ahead.
    const done = new Set(journal.filter((entry) => entry.status !== 'Running').map((entry) => entry.name));
    const started = new Set(journal.filter((entry) => entry.status === 'Running').map((entry) => entry.name));
    const shown = results.flatMap((result): RunActionProperties[] => {
      if (finished || done.has(result.name)) return [result];
      if (started.has(result.name)) return [{ name: result.name, type: result.type, status: 'Running' as const }];
      return [];
    });
    return shown.map(({ name, ...properties }) => ({
      id: `${workflow.id}/runs/${row.id}/actions/${name}`,
      name,
      type: 'Microsoft.Logic/workflows/runs/actions' as const,
      properties,
    }));
  }

  /**
   * A run not started yet is cancelled outright; a running one is flagged, and whichever worker executes it stops
   * it. Each step is one conditional update, so a worker claiming the run meanwhile cannot make the cancellation
   * miss it (the run is then flagged instead).
   */
  async cancel(workflowId: string, runId: string): Promise<void> {
    const workflow = await this.workflows.current(workflowId);
    const notStarted = await this.db
      .updateTable('runs')
      .set({
        status: 'Cancelled',
        cancel_requested: 1,
        end_time: instantText(this.clock.now()),
        error: JSON.stringify({ code: 'Cancelled', message: 'The run was cancelled before it started.' }),
      })
      .where('id', '=', runId)
      .where('workflow_key', '=', workflow.key)
      .where('status', '=', 'Queued')
      .executeTakeFirst();
    if (notStarted.numUpdatedRows > 0n) return;
    const running = await this.db
      .updateTable('runs')
      .set({ cancel_requested: 1 })
      .where('id', '=', runId)
      .where('workflow_key', '=', workflow.key)
      .where('status', '=', 'Running')
      .executeTakeFirst();
    if (running.numUpdatedRows > 0n) return;
    const { row } = await this.find(workflowId, runId);
    throw new ApiError(409, 'RunNotCancellable', `The run '${runId}' has already finished with status '${row.status}'.`);
  }

  /** A new run of the workflow's current version with the same trigger outputs. */
  async resubmit(workflowId: string, runId: string): Promise<string> {
    const { row } = await this.find(workflowId, runId);
    const workflow = await this.workflows.current(workflowId);
    const id = await this.queue(this.db, {
      workflowKey: workflow.key,
      workflowVersion: workflow.version,
      triggerName: row.trigger_name,
      triggerOutputsJson: row.outputs,
      clientTrackingId: (JSON.parse(row.correlation) as { clientTrackingId?: string }).clientTrackingId ?? row.id,
    });
    if (id === undefined) throw new ApiError(500, 'ResubmitFailed', 'The run could not be queued.');
    return id;
  }

  /** Waits for a run's Response action (or its end); undefined when the run ended without one or time ran out. */
  async waitForResponse(runId: string, timeoutMs: number): Promise<{ statusCode: number; headers?: unknown; body?: unknown } | undefined> {
    const deadline = Date.now() + timeoutMs;
    let delay = 5;
    while (Date.now() < deadline) {
      const row = await this.db.selectFrom('runs').select(['status', 'response']).where('id', '=', runId).executeTakeFirst();
      if (row?.response) return JSON.parse(row.response) as { statusCode: number };
      const responded = await this.db
        .selectFrom('run_actions')
        .select('entry')
        .where('run_id', '=', runId)
        .where('status', '=', 'Succeeded')
        .where('entry', 'like', '%"response":%')
        .executeTakeFirst();
      if (responded) return (JSON.parse(responded.entry) as JournalEntry).response;
      if (row === undefined || !['Queued', 'Running'].includes(row.status)) return undefined;
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 200);
    }
    return undefined;
  }

  private async find(workflowId: string, runId: string) {
    const workflow = await this.workflows.current(workflowId);
    const row = await this.db
      .selectFrom('runs')
      .innerJoin('run_triggers', 'run_triggers.run_id', 'runs.id')
      .selectAll('runs')
      .select('run_triggers.outputs')
      .where('id', '=', runId)
      .where('workflow_key', '=', workflow.key)
      .executeTakeFirst();
    if (row === undefined) throw notFound('run', `${workflow.id}/runs/${runId}`);
    return { workflow, row };
  }
}

function toRunResource(workflowId: string, row: RunTable & { outputs: string }): RunResource {
  const trigger = JSON.parse(row.outputs) as unknown;
  return {
    id: `${workflowId}/runs/${row.id}`,
    name: row.id,
    type: 'Microsoft.Logic/workflows/runs',
    properties: {
      status: row.status,
      createdTime: row.created_at,
      ...(row.start_time ? { startTime: row.start_time } : {}),
      ...(row.end_time ? { endTime: row.end_time } : {}),
      ...(row.error ? { error: JSON.parse(row.error) as unknown } : {}),
      correlation: JSON.parse(row.correlation) as Record<string, unknown>,
      workflow: { version: row.workflow_version },
      trigger: { name: row.trigger_name, outputs: trigger },
      ...(row.response ? { response: JSON.parse(row.response) as unknown } : {}),
    },
  };
}
