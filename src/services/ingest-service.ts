/**
 * Accepting security events — the outbox: in ONE transaction each event's state is upserted, whether it fires is
 * decided (new, or its firing state changed), the automations it matches are found, and their runs are queued.
 * The unique index on runs makes a repeated or replayed event create no second run for the same version.
 * An upsert never moves a stored event: one that would change its id, subscription or resource group is refused.
 */
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { CoalescedWrite } from '../store/coalesced-write.js';
import { type SqlDialect, StatementTexts, runForRows, valueRows } from '../store/raw-statements.js';
import type { TransactionEnd, WriteBatcher } from '../store/write-batcher.js';
import type { AutomationService } from './automation-service.js';
import type { ResourceScopes } from './resource-scopes.js';
import { type QueueRunRequest, type RunLease, type RunService, eventTriggerOutputsJson } from './run-service.js';
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
  private readonly pending: CoalescedWrite<PendingEvents, StoredEvents>;

  constructor(
    writes: WriteBatcher,
    private readonly automations: AutomationService,
    private readonly workflows: WorkflowService,
    private readonly runs: RunService,
    private readonly publicUrl: string,
    private readonly now: () => string,
    /** Records each subscription an event names (under the root group), once per process. */
    private readonly scopes?: ResourceScopes,
    private readonly localStarts?: LocalRunStarts,
  ) {
    this.pending = new CoalescedWrite(writes, (trx, batches, end) => this.store(trx, batches, end));
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

  /** Stores the events of several requests in one transaction: the outbox. */
  private async store(trx: Transaction<Database>, batches: readonly PendingEvents[], end: TransactionEnd): Promise<StoredEvents[]> {
    const now = this.now();
    const events = batches.flatMap((batch) => batch.events);
    const targets = batches.flatMap((batch) => batch.targets);
    /** The batch each event (by its index in `events`) came in, and its index there. */
    const batchOf = batches.flatMap((batch, index) => batch.events.map(() => index));
    const indexInBatch = batches.flatMap((batch) => batch.events.map((_, index) => index));
    // Serialized once: stored as the event, and as the trigger outputs of the runs it starts.
    const payloads = events.map((event) => JSON.stringify(event.payload));
    // A subscription named only by events is still a subscription: it sits in the hierarchy under the root group,
    // so it cannot later be created afresh (and its events claimed) by someone who may only create one elsewhere.
    if (this.scopes !== undefined) for (const subscription of new Set(events.map((event) => event.subscriptionId))) await this.scopes.ensure(trx, subscription, undefined, now);
    const requests: QueueRunRequest[] = [];
    const requestBatch: number[] = [];
    const refused = batches.map((): number[] => []);
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
    const runsToClaim = batches.map(() => 0);
    queued.forEach((run, index) => {
      const batch = requestBatch[index] as number;
      // Undefined: the run already existed. Leased: started here at once.
      if (run !== undefined && run.lease_owner === null) runsToClaim[batch] = (runsToClaim[batch] ?? 0) + 1;
    });
    return batches.map((_, index) => ({ runsToClaim: runsToClaim[index] ?? 0, refused: refused[index] ?? [] }));
  }

  /** Inserts the runs: those the local worker has room for already leased to it (started once `end` commits). */
  private async queueRuns(trx: Transaction<Database>, requests: readonly QueueRunRequest[], end: TransactionEnd): Promise<(RunTable | undefined)[]> {
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
    trx: Transaction<Database>,
    indexes: readonly number[],
    events: readonly NormalizedEvent[],
    payloads: readonly string[],
    now: string,
  ): Promise<{ fired: Map<number, number>; refused: number[] }> {
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
