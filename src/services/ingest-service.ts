/**
 * Accepting security events — the outbox: in ONE transaction each event's state is upserted, whether it fires is
 * decided (new, or its firing state changed), the automations it matches are found, and their runs are queued.
 * The unique index on runs makes a repeated or replayed event create no second run for the same version.
 * An upsert never moves a stored event: one that would change its id, subscription or resource group is refused.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { CoalescedWrite, type Writes } from '../store/coalesced-write.js';
import { ROWS_PER_STATEMENT, type SqlDialect, StatementTexts, rowParameters, runForRows, runStatement, valueRows } from '../store/raw-statements.js';
import type { TransactionEnd } from '../store/write-batcher.js';
import type { AutomationService } from './automation-service.js';
import type { ResourceScopes } from './resource-scopes.js';
import { QUEUED_RUN_COLUMNS, type QueueRunRequest, RUN_CONFLICT_CLAUSE, type RunLease, type RunService, eventTriggerOutputsJson } from './run-service.js';
import type { WorkflowService, WorkflowVersion } from './workflow-service.js';
import type { CompiledAutomation } from '../automations/index.js';
import { type EventError, EventErrorCode, EventKind, type NormalizedEvent, batchTarget, eventSourceOf, parseEvent } from '../events/index.js';
import type { Database, RunTable, SecurityEventTable } from '../store/database-schema.js';
import { triggerAccepts } from '../workflows/defender-trigger.js';

/** The columns of a stored event, in the order the upsert writes them. */
const EVENT_COLUMNS = [
  'kind',
  'event_key',
  'id',
  'id_key',
  'subscription_id',
  'resource_group',
  'resource_id',
  'display_name',
  'severity',
  'status',
  'firing_state',
  'fired_token',
  'version',
  'payload',
  'first_seen',
  'last_seen',
] as const satisfies readonly (keyof SecurityEventTable)[];

/** The columns an upsert overwrites with the posted values (the rest are decided by CASE or kept). */
const UPDATED_COLUMNS = ['id', 'id_key', 'subscription_id', 'resource_group', 'resource_id', 'display_name', 'severity', 'status', 'firing_state', 'payload', 'last_seen'] as const;

/**
 * Stores events, each as new or over its stored self (same kind and key). The version and fired token change only
 * when the firing state does: the token coming back tells the event fired. The WHERE keeps a stored event from
 * moving (no row comes back for one that would). On both databases, SET reads the row as it was before.
 */
const upsertEvents = new StatementTexts((dialect: SqlDialect, rows: number) => {
  const fires = 'security_events.firing_state <> excluded.firing_state';
  return [
    `insert into security_events (${EVENT_COLUMNS.join(', ')}) values ${valueRows(dialect, rows, EVENT_COLUMNS.length)}`,
    'on conflict (kind, event_key) do update set',
    [
      ...UPDATED_COLUMNS.map((column) => `${column} = excluded.${column}`),
      `version = case when ${fires} then security_events.version + 1 else security_events.version end`,
      `fired_token = case when ${fires} then excluded.fired_token else security_events.fired_token end`,
    ].join(', '),
    'where security_events.id_key = excluded.id_key and security_events.subscription_id = excluded.subscription_id',
    "and coalesce(security_events.resource_group, '') = coalesce(excluded.resource_group, '')",
    'returning kind, event_key, version, fired_token',
  ].join(' ');
});

/**
 * The key an event is stored (and its runs deduplicated) under, within its kind: an alert's SystemAlertId qualified
 * by its subscription (`{systemAlertId}/{subscription}`, lower-case), so an alert posted in one subscription can
 * never overwrite another subscription's; the lower-cased id of anything else. The SystemAlertId leads: Defender's
 * begin with a time-ordered number, so new keys land together in the index (a subscription prefix scatters them).
 */
export function storedEventKey(event: Pick<NormalizedEvent, 'kind' | 'key' | 'subscriptionId'>): string {
  return event.kind === EventKind.Alert ? `${event.key}/${event.subscriptionId.toLowerCase()}` : event.key;
}

/**
 * Splits a batch into rounds in which each event key appears once: one statement cannot upsert the same row twice
 * (PostgreSQL refuses it), and a later copy must see the earlier one's state.
 */
function rounds(events: readonly NormalizedEvent[]): number[][] {
  const result: number[][] = [];
  const roundOfKey = new Map<string, number>();
  events.forEach((event, index) => {
    const key = `${event.kind}\u0000${storedEventKey(event)}`;
    const round = (roundOfKey.get(key) ?? -1) + 1;
    roundOfKey.set(key, round);
    (result[round] ??= []).push(index);
  });
  return result;
}

/** The events of a coalesced write, with what storing them needs. */
interface BatchedEvents {
  readonly events: readonly NormalizedEvent[];
  readonly targets: readonly (readonly RunTarget[])[];
  /** The request (batch) each event came in, and its index there. */
  readonly batchOf: readonly number[];
  readonly indexInBatch: readonly number[];
  readonly payloads: readonly string[];
  readonly batches: number;
  readonly now: string;
}

/**
 * The rows to upsert for some events, each with a fresh fired token: `tokens` finds an event (its index) by token,
 * `indexOfKey` by kind and key.
 */
function eventRows(
  indexes: readonly number[],
  events: readonly NormalizedEvent[],
  payloads: readonly string[],
  now: string,
): { rows: SecurityEventTable[]; tokens: Map<string, number>; indexOfKey: Map<string, number> } {
  const tokens = new Map<string, number>();
  const indexOfKey = new Map<string, number>();
  const rows: SecurityEventTable[] = indexes.map((index) => {
    const event = events[index] as NormalizedEvent;
    const token = randomUUID();
    const key = storedEventKey(event);
    tokens.set(token, index);
    indexOfKey.set(`${event.kind}\u0000${key}`, index);
    return {
      kind: event.kind,
      event_key: key,
      id: event.id,
      id_key: event.id.toLowerCase(),
      subscription_id: event.subscriptionId,
      resource_group: event.resourceGroup ?? null,
      resource_id: event.resourceId,
      display_name: event.displayName,
      severity: event.severity ?? null,
      status: event.status ?? null,
      firing_state: event.firingState,
      fired_token: token,
      version: 1,
      payload: payloads[index] as string,
      first_seen: now,
      last_seen: now,
    };
  });
  // In key order: concurrent batches (PostgreSQL) then lock shared rows in the same order and cannot deadlock.
  rows.sort((a, b) => (a.kind === b.kind ? (a.event_key < b.event_key ? -1 : a.event_key > b.event_key ? 1 : 0) : a.kind < b.kind ? -1 : 1));
  return { rows, tokens, indexOfKey };
}

/** A new run, with the fired token of its event and its trigger outputs: inserted only if the event fires. */
type RunCandidate = RunTable & { readonly fired_token: string; readonly outputs: string };

const RUN_CANDIDATE_COLUMNS = [...QUEUED_RUN_COLUMNS, 'fired_token', 'outputs'] as const satisfies readonly (keyof RunCandidate)[];

/** What `storeEventsAndRuns` answers: a stored event (`run_id` null), or a run it queued. */
interface StoredEventOrRun {
  readonly kind: string;
  readonly event_key: string;
  readonly version: number;
  readonly fired_token: string;
  readonly run_id: string | null;
}

/**
 * PostgreSQL: the upsert of `events` rows, then the candidate runs of those whose fired token came back (they
 * fired), with the version the upsert gave them, and their trigger outputs (see `IngestService.storeAtOnce`).
 */
const storeEventsAndRuns = new StatementTexts((dialect, events, runs) => {
  const runColumns = QUEUED_RUN_COLUMNS.map((column) =>
    column === 'event_version' ? 'stored.version' : column === 'workflow_version' ? 'candidates.workflow_version::integer' : `candidates.${column}`,
  );
  return [
    `with stored as (${upsertEvents.text(dialect, events)}),`,
    `candidates (${RUN_CANDIDATE_COLUMNS.join(', ')}) as (values ${valueRows(dialect, runs, RUN_CANDIDATE_COLUMNS.length, events * EVENT_COLUMNS.length + 1)}),`,
    `queued as (insert into runs (${QUEUED_RUN_COLUMNS.join(', ')}) select ${runColumns.join(', ')}`,
    `from candidates join stored on stored.fired_token = candidates.fired_token ${RUN_CONFLICT_CLAUSE} returning id),`,
    'triggers as (insert into run_triggers (run_id, outputs) select id, outputs from candidates where id in (select id from queued))',
    'select kind, event_key, version, fired_token, null as run_id from stored union all select null, null, null, null, id from queued',
  ].join(' ');
});

interface RunTarget {
  readonly automation: CompiledAutomation;
  readonly workflow: WorkflowVersion;
}

export interface IngestResult {
  readonly accepted: number;
  readonly rejected: readonly { readonly index: number; readonly error: EventError }[];
  /** Runs this batch queued for a worker to claim (those this process started at once are not counted). */
  readonly runsToClaim: number;
}

/**
 * The worker in this process, when it can start new runs itself instead of leaving them to be claimed (see
 * `Dispatcher.leaseNewRuns`).
 */
export interface LocalRunStarts {
  /** Per workflow key, the lease to insert its run with, or undefined to leave it Queued; undefined for none at all. */
  leaseNewRuns(end: TransactionEnd, workflowKeys: readonly string[]): readonly (RunLease | undefined)[] | undefined;
  /** Executes the runs inserted with those leases once `end`'s transaction has committed. */
  startAfterCommit(end: TransactionEnd, runs: readonly RunTable[]): void;
}

/** One request's share of a coalesced write: its valid events and the runs each would start. */
interface PendingEvents {
  readonly events: readonly NormalizedEvent[];
  readonly targets: readonly (readonly RunTarget[])[];
}

interface StoredEvents {
  readonly runsToClaim: number;
  /** Indexes (into the request's events) of the events refused for naming a stored event elsewhere. */
  readonly refused: readonly number[];
}

export class IngestService {
  /** The events of concurrent requests are stored by the same statements (one upsert, one run insert). */
  private readonly pending: CoalescedWrite<PendingEvents, StoredEvents, Kysely<Database>>;

  constructor(
    /** The group commit (SQLite), or writes without a transaction around them (PostgreSQL; see `store`). */
    writes: Writes<Kysely<Database>>,
    private readonly automations: AutomationService,
    private readonly workflows: WorkflowService,
    private readonly runs: RunService,
    private readonly publicUrl: string,
    private readonly now: () => string,
    /** Records each subscription an event names (under the root group), once per process. */
    private readonly scopes?: ResourceScopes,
    private readonly localStarts?: LocalRunStarts,
  ) {
    this.pending = new CoalescedWrite(writes, (db, batches, end) => this.store(db, batches, end));
  }

  /**
   * `authorize` answers why the caller may not post an event, its `target` relative to the event (the event is
   * then rejected like an invalid one).
   */
  async ingest(raw: readonly unknown[], authorize: (event: NormalizedEvent) => EventError | undefined = () => undefined): Promise<IngestResult> {
    const rejected: { index: number; error: EventError }[] = [];
    const events: NormalizedEvent[] = [];
    /** The position in `raw` of each event in `events`. */
    const positions: number[] = [];
    raw.forEach((item, index) => {
      const parsed = parseEvent(item, { alertUriBase: this.publicUrl });
      const error = parsed.ok ? authorize(parsed.event) : parsed.error;
      if (error !== undefined) rejected.push({ index, error: { ...error, target: batchTarget(index, error.target) } });
      else if (parsed.ok) {
        events.push(parsed.event);
        positions.push(index);
      }
    });
    if (events.length === 0) return { accepted: 0, rejected, runsToClaim: 0 };
    // Matching needs no database; resolving the target workflows is done before the transaction, which on an
    // embedded database holds the only connection.
    const targets = await Promise.all(events.map((event) => this.targetsOf(event)));
    // Concurrent requests share one commit (group commit) and its statements; the answer waits for the commit.
    const { runsToClaim, refused } = await this.pending.add({ events, targets });
    for (const index of refused) {
      const position = positions[index] as number;
      rejected.push({ index: position, error: movedEventError(raw[position], position) });
    }
    if (refused.length > 0) rejected.sort((a, b) => a.index - b.index);
    return { accepted: events.length - refused.length, rejected, runsToClaim };
  }

  /**
   * Stores the events of several requests: the outbox. Within the group commit's transaction (SQLite); on
   * PostgreSQL, where writes come without one, as one statement when one can do it all, or in a transaction.
   */
  private async store(db: Kysely<Database>, batches: readonly PendingEvents[], end: TransactionEnd): Promise<StoredEvents[]> {
    const now = this.now();
    const events = batches.flatMap((batch) => batch.events);
    const batched: BatchedEvents = {
      events,
      targets: batches.flatMap((batch) => batch.targets),
      batchOf: batches.flatMap((batch, index) => batch.events.map(() => index)),
      indexInBatch: batches.flatMap((batch) => batch.events.map((_, index) => index)),
      // Serialized once: stored as the event, and as the trigger outputs of the runs it starts.
      payloads: events.map((event) => JSON.stringify(event.payload)),
      batches: batches.length,
      now,
    };
    // A subscription named only by events is still a subscription: it sits in the hierarchy under the root group,
    // so it cannot later be created afresh (and its events claimed) by someone who may only create one elsewhere.
    // (Outside a transaction it is stored first: on its own it harms nothing, should the events then fail.)
    if (this.scopes !== undefined) for (const subscription of new Set(events.map((event) => event.subscriptionId))) await this.scopes.ensure(db, subscription, undefined, now);
    if (db.isTransaction) return this.storeInRounds(db, batched, end);
    const eventRounds = rounds(events);
    const runCount = batched.targets.reduce((sum, targets) => sum + targets.length, 0);
    if (eventRounds.length === 1 && events.length <= ROWS_PER_STATEMENT && runCount <= ROWS_PER_STATEMENT) return this.storeAtOnce(db, batched);
    return db.transaction().execute((trx) => this.storeInRounds(trx, batched, end));
  }

  /** In a transaction: a statement per round of distinct keys, then the runs of the events that fired. */
  private async storeInRounds(trx: Kysely<Database>, batched: BatchedEvents, end: TransactionEnd): Promise<StoredEvents[]> {
    const { events, targets, batchOf, indexInBatch, payloads, now } = batched;
    const requests: QueueRunRequest[] = [];
    const requestBatch: number[] = [];
    const refused = Array.from({ length: batched.batches }, (): number[] => []);
    for (const round of rounds(events)) {
      const { fired, refused: refusedInRound } = await this.upsertAll(trx, round, events, payloads, now);
      for (const index of refusedInRound) refused[batchOf[index] as number]?.push(indexInBatch[index] as number);
      for (const index of round) {
        const version = fired.get(index);
        if (version === undefined) continue;
        for (const request of this.runRequests(events[index] as NormalizedEvent, payloads[index] as string, version, targets[index] ?? [])) {
          requests.push(request);
          requestBatch.push(batchOf[index] as number);
        }
      }
    }
    const queued = await this.queueRuns(trx, requests, end);
    const runsToClaim = refused.map(() => 0);
    queued.forEach((run, index) => {
      const batch = requestBatch[index] as number;
      // Undefined: the run already existed. Leased: started here at once.
      if (run !== undefined && run.lease_owner === null) runsToClaim[batch] = (runsToClaim[batch] ?? 0) + 1;
    });
    return refused.map((refusedInBatch, index) => ({ runsToClaim: runsToClaim[index] ?? 0, refused: refusedInBatch }));
  }

  /**
   * PostgreSQL, every key once: the events, and the runs of those that fire, in one statement sent alone (no begin
   * and commit around it: a quarter of the round trips). Each event's runs go along with its fired token; only
   * those whose token comes back (the event fired) are inserted, with the version the upsert gave it.
   */
  private async storeAtOnce(db: Kysely<Database>, batched: BatchedEvents): Promise<StoredEvents[]> {
    const { events, targets, batchOf, indexInBatch, payloads, now } = batched;
    const indexes = events.map((_, index) => index);
    const { rows, tokens, indexOfKey } = eventRows(indexes, events, payloads, now);
    const requests: QueueRunRequest[] = [];
    const requestBatch: number[] = [];
    const requestTokens: string[] = [];
    for (const row of rows) {
      const index = tokens.get(row.fired_token) as number;
      // The version is the one the upsert decides, taken by the statement; 0 stands in for it here.
      for (const request of this.runRequests(events[index] as NormalizedEvent, payloads[index] as string, 0, targets[index] ?? [])) {
        requests.push(request);
        requestBatch.push(batchOf[index] as number);
        requestTokens.push(row.fired_token);
      }
    }
    const runs = this.runs.newRunRows(requests);
    const candidates = runs.map((run, index) => ({ ...run, fired_token: requestTokens[index] as string, outputs: requests[index]?.triggerOutputsJson as string }));
    const returned =
      candidates.length === 0
        ? (await runStatement<Omit<StoredEventOrRun, 'run_id'>>(db, upsertEvents.text('postgres', rows.length), rowParameters(rows, EVENT_COLUMNS))).map((row) => ({ ...row, run_id: null }))
        : await runStatement<StoredEventOrRun>(db, storeEventsAndRuns.text('postgres', rows.length, candidates.length), [
            ...rowParameters(rows, EVENT_COLUMNS),
            ...rowParameters(candidates, RUN_CANDIDATE_COLUMNS),
          ]);
    const stored = new Set<number>();
    const queued = new Set<string>();
    for (const row of returned) {
      if (row.run_id !== null) queued.add(row.run_id);
      else stored.add(indexOfKey.get(`${row.kind}\u0000${row.event_key}`) as number);
    }
    const results = Array.from({ length: batched.batches }, () => ({ runsToClaim: 0, refused: [] as number[] }));
    for (const index of indexes) if (!stored.has(index)) results[batchOf[index] as number]?.refused.push(indexInBatch[index] as number);
    candidates.forEach((candidate, index) => {
      if (!queued.has(candidate.id)) return;
      this.runs.remember(candidate.id, candidate.outputs);
      const result = results[requestBatch[index] as number];
      if (result !== undefined) result.runsToClaim++;
    });
    return results;
  }

  /** Inserts the runs: those the local worker has room for already leased to it (started once `end` commits). */
  private async queueRuns(trx: Kysely<Database>, requests: readonly QueueRunRequest[], end: TransactionEnd): Promise<(RunTable | undefined)[]> {
    const leases = requests.length === 0 ? undefined : this.localStarts?.leaseNewRuns(end, requests.map((request) => request.workflowKey));
    if (leases === undefined) return this.runs.queueMany(trx, requests);
    const queued = await this.runs.queueMany(
      trx,
      requests.map((request, index) => {
        const lease = leases[index];
        return lease === undefined ? request : { ...request, lease };
      }),
    );
    this.localStarts?.startAfterCommit(
      end,
      queued.filter((run): run is RunTable => run !== undefined && run.lease_owner !== null),
    );
    return queued;
  }

  /** The (automation, workflow) pairs an event starts when it fires. */
  private async targetsOf(event: NormalizedEvent): Promise<RunTarget[]> {
    const eventSource = eventSourceOf(event.kind);
    const matches = this.automations.index.match({
      eventSource,
      subscriptionId: event.subscriptionId,
      resourceId: event.resourceId,
      payload: event.payload,
    });
    const targets: RunTarget[] = [];
    for (const automation of matches) {
      for (const action of automation.properties.actions ?? []) {
        if (action.actionType !== 'LogicApp') continue;
        const workflow = await this.workflows.currentOrUndefined(action.logicAppResourceId);
        // A workflow deleted or disabled after the automation was saved starts no run (as in Logic Apps).
        if (workflow === undefined || workflow.state !== 'Enabled') continue;
        if (!triggerAccepts(workflow.trigger.kind, eventSource)) continue;
        targets.push({ automation, workflow });
      }
    }
    return targets;
  }

  /**
   * Stores the current state of a set of events (distinct keys) in one statement; returns, for each event that
   * fires (created, or its firing state changed), its new version. The fired token written only on firing tells which.
   * A stored event is updated only when the posted one has its id, subscription and resource group; the others are
   * left as they are and returned as `refused` (no row comes back for them).
   */
  private async upsertAll(
    trx: Kysely<Database>,
    indexes: readonly number[],
    events: readonly NormalizedEvent[],
    payloads: readonly string[],
    now: string,
  ): Promise<{ fired: Map<number, number>; refused: number[] }> {
    const { rows, tokens, indexOfKey } = eventRows(indexes, events, payloads, now);
    const returned = await runForRows<SecurityEventTable, Pick<SecurityEventTable, 'kind' | 'event_key' | 'version' | 'fired_token'>>(trx, upsertEvents, rows, EVENT_COLUMNS);
    const fired = new Map<number, number>();
    const stored = new Set<number>();
    for (const row of returned) {
      const index = indexOfKey.get(`${row.kind}\u0000${row.event_key}`);
      if (index !== undefined) stored.add(index);
      const firedIndex = tokens.get(row.fired_token);
      if (firedIndex !== undefined) fired.set(firedIndex, row.version);
    }
    return { fired, refused: indexes.filter((index) => !stored.has(index)) };
  }

  private runRequests(event: NormalizedEvent, payload: string, version: number, targets: readonly RunTarget[]): QueueRunRequest[] {
    return targets.map(({ automation, workflow }) => ({
      workflowKey: workflow.key,
      workflowVersion: workflow.version,
      triggerName: workflow.workflow.trigger.name,
      triggerOutputsJson: eventTriggerOutputsJson(payload),
      automationKey: automation.key,
      automationId: automation.id,
      event: { kind: event.kind, key: storedEventKey(event), version, id: event.id },
    }));
  }
}

/**
 * An event whose key names a stored event elsewhere (another id, subscription or resource group): refused, as
 * events never move. The field named is the one that makes the key: a flat alert's SystemAlertId, otherwise the id.
 */
function movedEventError(raw: unknown, index: number): EventError {
  const flatAlert = typeof raw === 'object' && raw !== null && Object.hasOwn(raw, 'SystemAlertId');
  const field = flatAlert ? 'SystemAlertId' : 'id';
  return {
    code: EventErrorCode.InvalidEvent,
    target: batchTarget(index, field),
    message: `'${field}' names an event already stored under another id, subscription or resource group; a stored event never moves.`,
  };
}
