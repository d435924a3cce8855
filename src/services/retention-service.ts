/**
 * Retention of run history and security events. Finished runs older than the run retention go with their journal
 * (run_actions) and trigger outputs (run_triggers); events not seen for longer than the event retention go, unless a
 * run still kept refers to them (see `deleteUnreferenced`). Work is done in batches, each its own short transaction, with a
 * turn of the event loop in between: a huge backlog never holds SQLite's only writer (or PostgreSQL row locks) for
 * long, and requests keep being served while it drains.
 */
import { setImmediate } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import { EventKind } from '../events/index.js';
import type { Database } from '../store/database-schema.js';
import { instantText } from '../workflows/executor/instant-text.js';
import { type PeriodicTask, type TaskLogger, schedulePeriodic } from './periodic-task.js';

const UNFINISHED = ['Queued', 'Running'];
const DAY_MS = 86_400_000;
export const DEFAULT_PURGE_BATCH = 1_000;

export interface RetentionOptions {
  readonly runRetentionDays: number;
  readonly eventRetentionDays: number;
  /** Rows examined (events) or deleted (runs) per transaction. */
  readonly batchSize?: number;
}

export interface PurgeCounts {
  readonly runs: number;
  readonly events: number;
}

/**
 * The smallest run id created at `ms`: ids start with their creation time as 9 base-36 digits (see ids.ts), so every
 * run created before `ms` has a smaller id.
 */
export function firstRunIdAt(ms: number): string {
  return Math.max(0, Math.floor(ms)).toString(36).padStart(9, '0').toUpperCase();
}

export class RetentionService {
  private readonly batchSize: number;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly options: RetentionOptions,
  ) {
    this.batchSize = options.batchSize ?? DEFAULT_PURGE_BATCH;
  }

  /** One pass; `signal` stops it between batches (what was deleted stays deleted). */
  async purge(nowMs: number, signal?: AbortSignal): Promise<PurgeCounts> {
    const runs = await this.purgeRuns(nowMs - this.options.runRetentionDays * DAY_MS, signal);
    const events = await this.purgeEvents(instantText(nowMs - this.options.eventRetentionDays * DAY_MS), signal);
    return { runs, events };
  }

  /** Finished runs that ended (or, lacking an end, were created) before `cutoffMs`. */
  private async purgeRuns(cutoffMs: number, signal: AbortSignal | undefined): Promise<number> {
    const cutoff = instantText(cutoffMs);
    // A run ends after it was created, so only ids below the cutoff's can qualify: the walk stays in the old end
    // of the primary key and stops there instead of visiting the whole history every hour.
    const below = firstRunIdAt(cutoffMs);
    let after = '';
    let purged = 0;
    while (signal?.aborted !== true) {
      const candidates = await this.db
        .selectFrom('runs')
        .select('id')
        .where('id', '>', after)
        .where('id', '<', below)
        .where('status', 'not in', UNFINISHED)
        .where((eb) => eb(eb.fn.coalesce('end_time', 'created_at'), '<', cutoff))
        .orderBy('id')
        .limit(this.batchSize)
        .execute();
      if (candidates.length === 0) break;
      const ids = candidates.map((row) => row.id);
      purged += await this.db.transaction().execute(async (trx) => {
        // Status checked again as the rows are deleted; a run's journal goes only when the run itself did.
        const deleted = (await trx.deleteFrom('runs').where('id', 'in', ids).where('status', 'not in', UNFINISHED).returning('id').execute()).map((row) => row.id);
        if (deleted.length > 0) {
          await trx.deleteFrom('run_actions').where('run_id', 'in', deleted).execute();
          await trx.deleteFrom('run_triggers').where('run_id', 'in', deleted).execute();
        }
        return deleted.length;
      });
      after = ids[ids.length - 1] as string;
      if (candidates.length < this.batchSize) break;
      await setImmediate();
    }
    return purged;
  }

  /**
   * Events last seen before `cutoff` that no kept run refers to. `last_seen` has no index, so each kind's
   * events are walked along the primary key (kind, event_key) a batch at a time: a statement examines at most one
   * batch, however few of them are old.
   */
  private async purgeEvents(cutoff: string, signal: AbortSignal | undefined): Promise<number> {
    let purged = 0;
    for (const kind of Object.values(EventKind)) {
      let after = '';
      while (signal?.aborted !== true) {
        const rows = await this.db
          .selectFrom('security_events')
          .select(['event_key', 'last_seen'])
          .where('kind', '=', kind)
          .where('event_key', '>', after)
          .orderBy('event_key')
          .limit(this.batchSize)
          .execute();
        const old = rows.filter((row) => row.last_seen < cutoff).map((row) => row.event_key);
        if (old.length > 0) purged += await this.deleteUnreferenced(kind, old, cutoff);
        if (rows.length < this.batchSize) break;
        after = (rows[rows.length - 1] as { event_key: string }).event_key;
        await setImmediate();
      }
    }
    return purged;
  }

  private deleteUnreferenced(kind: string, eventKeys: readonly string[], cutoff: string): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      // Any run still kept holds its event, finished or not. A purged event posted again starts over at version 1,
      // and a run of an earlier version 1 still kept would take its place in the unique (event version, automation)
      // key: the new one would never be queued. Runs are purged first, so an event outlives its last run by at most a pass.
      // The lookup is a range of that unique index, which leads with (event_kind, event_key).
      const held = await trx.selectFrom('runs').select('event_key').where('event_kind', '=', kind).where('event_key', 'in', eventKeys).execute();
      const kept = new Set(held.map((run) => run.event_key));
      const doomed = eventKeys.filter((key) => !kept.has(key));
      if (doomed.length === 0) return 0;
      // last_seen checked again: an event posted again since the walk read it is fresh and stays.
      const result = await trx.deleteFrom('security_events').where('kind', '=', kind).where('event_key', 'in', doomed).where('last_seen', '<', cutoff).executeTakeFirst();
      return Number(result.numDeletedRows);
    });
  }
}

/** Purges on an unref'd hourly timer, the first pass shortly after start; `stop()` ends a pass under way between batches. */
export function scheduleRunRetention(
  service: Pick<RetentionService, 'purge'>,
  options: { nowMs: () => number; logger: TaskLogger; intervalMs?: number; firstDelayMs?: number },
): PeriodicTask {
  const pass = async (signal: AbortSignal) => {
    const purged = await service.purge(options.nowMs(), signal);
    if (purged.runs > 0 || purged.events > 0) options.logger.info({ runs: purged.runs, events: purged.events }, 'purged runs and security events past retention');
  };
  return schedulePeriodic(pass, { name: 'run and event purge', intervalMs: options.intervalMs ?? 3_600_000, firstDelayMs: options.firstDelayMs ?? 30_000, logger: options.logger });
}
