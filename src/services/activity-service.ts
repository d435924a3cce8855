/**
 * The activity log: who did what, when, at which scope and with what outcome. Append-only — there is no API to
 * change or remove an entry; only the retention purge deletes entries older than the configured number of days.
 */
import { randomUUID } from 'node:crypto';
import { setImmediate } from 'node:timers/promises';
import { type Kysely, type Selectable, sql } from 'kysely';
import { normalizeResourceId, parseResourceId } from '../arm/resource-id.js';
import type { ActivityLogTable, Database } from '../store/database-schema.js';
import type { WriteBatcher } from '../store/write-batcher.js';
import { type PeriodicTask, type TaskLogger, schedulePeriodic } from './periodic-task.js';

type ActivityRow = Selectable<ActivityLogTable>;

export const ACTIVITY_STATUSES = ['Succeeded', 'Failed'] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];

export interface ActivityRecord {
  /** The principal id, or `anonymous`. */
  readonly caller: string;
  /** The action, e.g. `Microsoft.Logic/workflows/write`. */
  readonly operationName: string;
  readonly status: ActivityStatus;
  /** The scope acted on: a resource id, a resource group, a subscription or `/`. */
  readonly resourceId: string;
  readonly correlationId: string;
  /** JSON-serialisable details (HTTP status, message, diff). Never a secret: nothing from a request body. */
  readonly properties?: Readonly<Record<string, unknown>>;
}

export interface ActivityEntry {
  readonly seq: number;
  readonly eventDataId: string;
  readonly eventTimestamp: string;
  readonly caller: string;
  readonly operationName: string;
  readonly status: ActivityStatus;
  readonly resourceId: string;
  readonly correlationId: string;
  readonly properties: Readonly<Record<string, unknown>>;
}

export interface ActivityQuery {
  /** Inclusive bounds, as instant text (seven fractional digits). */
  readonly from?: string;
  readonly to?: string;
  /** Entries at or below this scope. */
  readonly scope?: string;
  /** Entries in a resource group of this name (in any subscription the scope allows). */
  readonly resourceGroup?: string;
  readonly caller?: string;
  readonly operationName?: string;
  readonly status?: ActivityStatus;
  readonly correlationId?: string;
  readonly top: number;
  /** Continue after (below) this `seq`: entries are listed newest first. */
  readonly after?: number;
}

export interface ActivityPage {
  readonly entries: readonly ActivityEntry[];
  /** Set when more entries may follow: the `seq` to continue after. */
  readonly continueAfter?: number;
}

const BATCH = 200;
const PURGE_BATCH = 1_000;
/** A page stops after examining this many entries, even if few were visible: the caller follows the link. */
const MAX_EXAMINED = 5_000;

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (char) => `\\${char}`);
const like = (column: 'resource_key', pattern: string) => sql<boolean>`${sql.ref(column)} like ${pattern} escape '\\'`;

export class ActivityService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => string,
    /** Group commit with the other small writes, when given. */
    private readonly writes?: WriteBatcher,
  ) {}

  /** Appends one entry; resolves once it is stored. */
  async record(record: ActivityRecord): Promise<string> {
    const eventId = randomUUID();
    const row = {
      event_id: eventId,
      event_timestamp: this.now(),
      caller: record.caller,
      operation_name: record.operationName,
      status: record.status,
      resource_id: record.resourceId,
      resource_key: normalizeResourceId(record.resourceId),
      correlation_id: record.correlationId,
      properties: JSON.stringify(record.properties ?? {}),
    };
    if (this.writes) await this.writes.write((trx) => trx.insertInto('activity_log').values(row).execute());
    else await this.db.insertInto('activity_log').values(row).execute();
    return eventId;
  }

  /**
   * Entries newest first. `visible` hides entries the caller may not read; a page may then hold fewer than `top`
   * entries and still continue, since at most a bounded number of entries is examined per page.
   */
  async list(query: ActivityQuery, visible: (entry: ActivityEntry) => boolean = () => true): Promise<ActivityPage> {
    const entries: ActivityEntry[] = [];
    const resourceGroup = query.resourceGroup?.toLowerCase();
    let cursor = query.after;
    let examined = 0;
    for (;;) {
      const batch = await this.batch(query, resourceGroup, cursor);
      for (const [index, row] of batch.entries()) {
        cursor = row.seq;
        examined++;
        if (resourceGroup !== undefined && parseResourceId(row.resource_id)?.resourceGroup?.toLowerCase() !== resourceGroup) continue;
        const entry = toEntry(row);
        if (!visible(entry)) continue;
        entries.push(entry);
        if (entries.length === query.top) {
          const more = index < batch.length - 1 || batch.length === BATCH;
          return more ? { entries, continueAfter: row.seq } : { entries };
        }
      }
      if (batch.length < BATCH || cursor === undefined) return { entries };
      if (examined >= MAX_EXAMINED) return { entries, continueAfter: cursor };
    }
  }

  /**
   * Deletes entries older than `instant` (instant text); answers how many. In batches, each its own statement, so
   * a large backlog never holds one long write (on SQLite the only writer) and requests are served in between.
   */
  async purgeOlderThan(instant: string, batchSize = PURGE_BATCH): Promise<number> {
    let purged = 0;
    for (;;) {
      const oldest = this.db.selectFrom('activity_log').select('seq').where('event_timestamp', '<', instant).orderBy('seq').limit(batchSize);
      const result = await this.db.deleteFrom('activity_log').where('seq', 'in', oldest).executeTakeFirst();
      const deleted = Number(result.numDeletedRows);
      purged += deleted;
      if (deleted < batchSize) return purged;
      await setImmediate();
    }
  }

  private batch(query: ActivityQuery, resourceGroup: string | undefined, after: number | undefined): Promise<ActivityRow[]> {
    let select = this.db.selectFrom('activity_log').selectAll();
    if (after !== undefined) select = select.where('seq', '<', after);
    if (query.from !== undefined) select = select.where('event_timestamp', '>=', query.from);
    if (query.to !== undefined) select = select.where('event_timestamp', '<=', query.to);
    const scope = query.scope === undefined ? '/' : normalizeResourceId(query.scope);
    if (scope !== '/') select = select.where((eb) => eb.or([eb('resource_key', '=', scope), like('resource_key', `${escapeLike(scope)}/%`)]));
    if (resourceGroup !== undefined) {
      const group = `/subscriptions/%/resourcegroups/${escapeLike(resourceGroup)}`;
      select = select.where((eb) => eb.or([like('resource_key', group), like('resource_key', `${group}/%`)]));
    }
    if (query.caller !== undefined) select = select.where('caller', '=', query.caller);
    if (query.operationName !== undefined) select = select.where(sql<string>`lower(${sql.ref('operation_name')})`, '=', query.operationName.toLowerCase());
    if (query.status !== undefined) select = select.where('status', '=', query.status);
    if (query.correlationId !== undefined) select = select.where('correlation_id', '=', query.correlationId);
    return select.orderBy('seq', 'desc').limit(BATCH).execute();
  }
}

function toEntry(row: ActivityRow): ActivityEntry {
  return {
    seq: row.seq,
    eventDataId: row.event_id,
    eventTimestamp: row.event_timestamp,
    caller: row.caller,
    operationName: row.operation_name,
    status: row.status as ActivityStatus,
    resourceId: row.resource_id,
    correlationId: row.correlation_id,
    properties: JSON.parse(row.properties) as Record<string, unknown>,
  };
}

export type RetentionLogger = TaskLogger;

/**
 * Purges entries older than `retentionDays` now and then every `intervalMs` (hourly by default) on an unref'd
 * timer; `stop()` ends it and waits for a purge under way.
 */
export function scheduleRetention(
  service: Pick<ActivityService, 'purgeOlderThan'>,
  options: { retentionDays: number; nowMs: () => number; instantText: (ms: number) => string; logger: RetentionLogger; intervalMs?: number },
): PeriodicTask {
  const purge = async () => {
    const cutoff = options.instantText(options.nowMs() - options.retentionDays * 86_400_000);
    const purged = await service.purgeOlderThan(cutoff);
    if (purged > 0) options.logger.info({ purged, before: cutoff }, 'purged activity log entries past retention');
  };
  return schedulePeriodic(purge, { name: 'activity log purge', intervalMs: options.intervalMs ?? 3_600_000, firstDelayMs: 0, logger: options.logger });
}
