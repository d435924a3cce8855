/**
 * Accepting security events — the outbox: in ONE transaction each event's state is upserted, whether it fires is
 * decided (new, or its firing state changed), the automations it matches are found, and their runs are queued.
 * The unique index on runs makes a repeated or replayed event create no second run for the same version.
 */
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { WriteBatcher } from '../store/write-batcher.js';
import type { AutomationService } from './automation-service.js';
import type { RunService } from './run-service.js';
import type { WorkflowService, WorkflowVersion } from './workflow-service.js';
import type { CompiledAutomation } from '../automations/index.js';
import { type EventError, type NormalizedEvent, batchTarget, eventSourceOf, parseEvent } from '../events/index.js';
import type { Database } from '../store/database-schema.js';
import { classifyTrigger, triggerAccepts } from '../workflows/defender-trigger.js';

interface RunTarget {
  readonly automation: CompiledAutomation;
  readonly workflow: WorkflowVersion;
}

export interface IngestResult {
  readonly accepted: number;
  readonly rejected: readonly { readonly index: number; readonly error: EventError }[];
  /** Runs queued by this batch (for tests and the benchmark; not part of the HTTP answer). */
  readonly runsQueued: number;
}

export class IngestService {
  constructor(
    private readonly writes: WriteBatcher,
    private readonly automations: AutomationService,
    private readonly workflows: WorkflowService,
    private readonly runs: RunService,
    private readonly publicUrl: string,
    private readonly now: () => string,
  ) {}

  async ingest(raw: readonly unknown[]): Promise<IngestResult> {
    const rejected: { index: number; error: EventError }[] = [];
    const events: NormalizedEvent[] = [];
    raw.forEach((item, index) => {
      const parsed = parseEvent(item, { alertUriBase: this.publicUrl });
      if (parsed.ok) events.push(parsed.event);
      else rejected.push({ index, error: { ...parsed.error, target: batchTarget(index, parsed.error.target) } });
    });
    if (events.length === 0) return { accepted: 0, rejected, runsQueued: 0 };
    // Matching needs no database; resolving the target workflows is done before the transaction, which on an
    // embedded database holds the only connection.
    const targets = await Promise.all(events.map((event) => this.targetsOf(event)));
    const now = this.now();
    // Concurrent requests share one commit (group commit); the answer waits for it.
    const runsQueued = await this.writes.write(async (trx) => {
      let queued = 0;
      for (const [index, event] of events.entries()) {
        const version = await this.upsert(trx, event, now);
        if (version !== undefined) queued += await this.queueRuns(trx, event, version, targets[index] ?? []);
      }
      return queued;
    });
    return { accepted: events.length, rejected, runsQueued };
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
        if (!triggerAccepts(classifyTrigger(workflow.definition).kind, eventSource)) continue;
        targets.push({ automation, workflow });
      }
    }
    return targets;
  }

  /**
   * Stores the event's current state in one statement; returns its new version when it fires (created, or its
   * firing state changed), undefined when it does not. The fired token written only on firing tells which.
   */
  private async upsert(trx: Transaction<Database>, event: NormalizedEvent, now: string): Promise<number | undefined> {
    const token = randomUUID();
    const state = {
      id: event.id,
      id_key: event.id.toLowerCase(),
      subscription_id: event.subscriptionId,
      resource_group: event.resourceGroup ?? null,
      resource_id: event.resourceId,
      display_name: event.displayName,
      severity: event.severity ?? null,
      status: event.status ?? null,
      firing_state: event.firingState,
      payload: JSON.stringify(event.payload),
      last_seen: now,
    };
    const row = await trx
      .insertInto('security_events')
      .values({ ...state, kind: event.kind, event_key: event.key, fired_token: token, version: 1, first_seen: now })
      .onConflict((conflict) =>
        conflict.columns(['kind', 'event_key']).doUpdateSet((eb) => {
          const fires = eb('security_events.firing_state', '<>', eb.ref('excluded.firing_state'));
          return {
            ...state,
            version: eb.case().when(fires).then(eb('security_events.version', '+', 1)).else(eb.ref('security_events.version')).end(),
            fired_token: eb.case().when(fires).then(eb.ref('excluded.fired_token')).else(eb.ref('security_events.fired_token')).end(),
          };
        }),
      )
      .returning(['version', 'fired_token'])
      .executeTakeFirstOrThrow();
    return row.fired_token === token ? row.version : undefined;
  }

  private async queueRuns(trx: Transaction<Database>, event: NormalizedEvent, version: number, targets: readonly RunTarget[]): Promise<number> {
    let queued = 0;
    for (const { automation, workflow } of targets) {
      const runId = await this.runs.queue(trx, {
        workflowKey: workflow.key,
        workflowVersion: workflow.version,
        triggerName: workflow.workflow.trigger.name,
        triggerOutputs: { headers: { 'Content-Type': 'application/json' }, body: event.payload },
        automationKey: automation.key,
        automationId: automation.id,
        event: { kind: event.kind, key: event.key, version, id: event.id },
      });
      if (runId !== undefined) queued++;
    }
    return queued;
  }
}
