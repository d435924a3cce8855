/**
 * Claiming runs: a claim is a lease (owner + expiry) on a run that is Queued, or Running with no live lease (its
 * worker died, shut down or parked it on a long sleep that has now ended). The concurrency limits count the live
 * leases in the database, so they hold across every worker sharing it. On PostgreSQL the claim is one call of
 * `riposte_claim_runs` (migration 0010), which applies the same rules under a cluster-wide lock, so two workers
 * cannot both see room for the last slot, and skips rows another transaction holds instead of waiting for them.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database, RunTable } from '../store/database-schema.js';
import { prepareOnPostgres } from '../store/prepared-statements.js';
import { StatementTexts, markers, runStatement } from '../store/raw-statements.js';

export type ClaimedRun = RunTable & {
  /** Claimed before (its journal may hold finished actions). */
  readonly resumed: boolean;
  /** The worker whose lease had expired when this claim took the run over. */
  readonly takenOverFrom: string | null;
  /** Its trigger outputs, when the claim read them too (PostgreSQL). */
  readonly triggerOutputs?: string;
};

export interface ClaimLimits {
  readonly owner: string;
  readonly now: string;
  readonly leaseUntil: string;
  /** The most runs to take in this claim (this worker's free slots). */
  readonly take: number;
  /** Runs executing at once across all workers. */
  readonly maxConcurrentRuns: number;
  readonly maxConcurrentRunsPerWorkflow: number;
  /**
   * The runs executing per workflow key, when the caller alone can hold leases (the embedded database has one
   * worker) and so knows them without asking the database.
   */
  readonly executing?: ReadonlyMap<string, number>;
}

/** The columns a claim decides by. */
type Candidate = Pick<RunTable, 'id' | 'workflow_key' | 'start_time' | 'status' | 'lease_owner'>;

/** A candidate read on SQLite: `condition` and "not one of the `saturated` workflows", then the limit. */
function candidates(condition: string): StatementTexts {
  return new StatementTexts((dialect, saturated) => {
    const notSaturated = saturated === 0 ? '' : ` and workflow_key not in (${markers(dialect, saturated)})`;
    return `select id, workflow_key, start_time, status, lease_owner from runs where ${condition}${notSaturated} order by id limit ?`;
  });
}

const queuedCandidates = candidates("status = 'Queued'");

/** Running without a live lease; a parked run sleeps until its wake time, unless someone asked to cancel it. */
const unleasedCandidates = candidates(
  "status = 'Running' and (lease_expires_at < ? or lease_expires_at is null) and (wake_at is null or wake_at <= ? or cancel_requested = 1)",
);

/** The lease on the chosen runs: owner, expiry, and (on a first claim) the start time, then the ids. */
const claimChosen = new StatementTexts(
  (dialect, rows) =>
    `update runs set status = 'Running', lease_owner = ?, lease_expires_at = ?, wake_at = null, start_time = coalesce(start_time, ?) where id in (${markers(dialect, rows)}) returning *`,
);

const CLAIM_ON_POSTGRES = prepareOnPostgres('select * from riposte_claim_runs($1, $2, $3, $4, $5, $6)');

/** Claims on PostgreSQL: one call, in a transaction of its own (see migration 0010). */
export async function claimRunsOnPostgres(db: Kysely<Database>, limits: ClaimLimits): Promise<ClaimedRun[]> {
  const rows = await runStatement<PostgresClaim>(db, CLAIM_ON_POSTGRES, [
    limits.owner,
    limits.now,
    limits.leaseUntil,
    limits.take,
    limits.maxConcurrentRuns,
    limits.maxConcurrentRunsPerWorkflow,
  ]);
  return rows.map((row) => ({
    ...row.claimed_run,
    resumed: row.claim_resumed,
    takenOverFrom: row.claim_taken_over_from,
    ...(row.claim_trigger_outputs === null ? {} : { triggerOutputs: row.claim_trigger_outputs }),
  }));
}

interface PostgresClaim {
  readonly claimed_run: RunTable;
  readonly claim_resumed: boolean;
  readonly claim_taken_over_from: string | null;
  readonly claim_trigger_outputs: string | null;
}

/** Claims on the embedded database, inside the caller's transaction (the group commit of the moment). */
export async function claimRunsOnSqlite(trx: Transaction<Database>, limits: ClaimLimits): Promise<ClaimedRun[]> {
  const dialect = 'sqlite';
  const perWorkflow = limits.executing ?? (await executingPerWorkflow(trx, limits.now));
  const total = [...perWorkflow.values()].reduce((sum, count) => sum + count, 0);
  const room = Math.min(limits.take, limits.maxConcurrentRuns - total);
  if (room <= 0) return [];
  const saturated = [...perWorkflow].filter(([, count]) => count >= limits.maxConcurrentRunsPerWorkflow).map(([key]) => key);
  // Two indexed reads rather than one OR, which would walk every finished run in id order to find the queued ones.
  // Over-fetch a little: some candidates may belong to workflows whose room is used up by earlier ones.
  const candidateParameters = [...saturated, room * 2];
  const queued = await runStatement<Candidate>(trx, queuedCandidates.text(dialect, saturated.length), candidateParameters);
  const unleased = await runStatement<Candidate>(trx, unleasedCandidates.text(dialect, saturated.length), [limits.now, limits.now, ...candidateParameters]);
  // Runs to resume come first: they were started before anything still queued.
  const left = new Map<string, number>();
  const chosen = [...unleased, ...queued]
    .filter((row) => {
      const remaining = left.get(row.workflow_key) ?? limits.maxConcurrentRunsPerWorkflow - (perWorkflow.get(row.workflow_key) ?? 0);
      left.set(row.workflow_key, remaining - 1);
      return remaining > 0;
    })
    .slice(0, room);
  if (chosen.length === 0) return [];
  const before = new Map(chosen.map((row) => [row.id, row]));
  const claimed = await runStatement<RunTable>(trx, claimChosen.text(dialect, before.size), [limits.owner, limits.leaseUntil, limits.now, ...before.keys()]);
  return claimed.map((run) => {
    const previous = before.get(run.id);
    return {
      ...run,
      resumed: previous?.start_time !== null,
      takenOverFrom: previous?.status === 'Running' && previous.lease_owner !== null && previous.lease_owner !== limits.owner ? previous.lease_owner : null,
    };
  });
}

/** The runs executing under a live lease, per workflow key: what the concurrency limits count. */
async function executingPerWorkflow(trx: Transaction<Database> | Kysely<Database>, now: string): Promise<Map<string, number>> {
  const executing = await trx
    .selectFrom('runs')
    .select(['workflow_key', (eb) => eb.fn.countAll<number>().as('count')])
    .where('status', '=', 'Running')
    .where('lease_owner', 'is not', null)
    .where('lease_expires_at', '>=', now)
    .groupBy('workflow_key')
    .execute();
  return new Map(executing.map((row) => [row.workflow_key, Number(row.count)]));
}

/**
 * When a run next becomes claimable without anyone queueing it: the earliest wake time of a parked run, or the
 * earliest expiry of another worker's lease (if that worker died, its runs are taken over right then, not at the
 * next poll). Undefined when there is neither.
 */
export async function nextClaimableTime(db: Kysely<Database>, owner: string, now: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('runs')
    .select((eb) => [
      eb.fn.min(eb.case().when('lease_owner', 'is', null).then(eb.ref('wake_at')).end()).as('wake_at'),
      eb.fn.min(eb.case().when('lease_owner', '<>', owner).then(eb.ref('lease_expires_at')).end()).as('lease_expires_at'),
    ])
    .where('status', '=', 'Running')
    .executeTakeFirst();
  const times = [row?.wake_at, row?.lease_expires_at].filter((time): time is string => typeof time === 'string' && time > now);
  return times.sort()[0];
}
