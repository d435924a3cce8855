/**
 * Claiming runs: a claim is a lease (owner + expiry) on a run that is Queued, or Running with no live lease (its
 * worker died, shut down or parked it on a long sleep that has now ended). The concurrency limits count the live
 * leases in the database, so they hold across every worker sharing it. On PostgreSQL, claims of different workers
 * are serialised by a transaction-scoped advisory lock (so two cannot both see room for the last slot), and rows
 * another transaction holds are skipped (`FOR UPDATE SKIP LOCKED`) instead of waited for.
 */
import { type Kysely, type Transaction, sql } from 'kysely';
import type { Database, RunTable } from '../store/database-schema.js';
import { type SqlDialect, StatementTexts, marker, markers, runStatement } from '../store/raw-statements.js';

export type ClaimedRun = RunTable & {
  /** Claimed before (its journal may hold finished actions). */
  readonly resumed: boolean;
  /** The worker whose lease had expired when this claim took the run over. */
  readonly takenOverFrom: string | null;
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

/**
 * A candidate read: `condition` (its parameters' markers from 1) and "not one of the `saturated` workflows" and the
 * limit, whose markers follow; rows another claim holds are skipped on PostgreSQL.
 */
function candidates(condition: (dialect: SqlDialect) => string, conditionParameters: number): StatementTexts {
  return new StatementTexts((dialect, saturated) => {
    const notSaturated = saturated === 0 ? '' : ` and workflow_key not in (${markers(dialect, saturated, conditionParameters + 1)})`;
    return (
      `select id, workflow_key, start_time, status, lease_owner from runs where ${condition(dialect)}${notSaturated}` +
      ` order by id limit ${marker(dialect, conditionParameters + saturated + 1)}${dialect === 'postgres' ? ' for update skip locked' : ''}`
    );
  });
}

const queuedCandidates = candidates(() => "status = 'Queued'", 0);

/** Running without a live lease; a parked run sleeps until its wake time, unless someone asked to cancel it. */
const unleasedCandidates = candidates(
  (dialect) =>
    `status = 'Running' and (lease_expires_at < ${marker(dialect, 1)} or lease_expires_at is null)` +
    ` and (wake_at is null or wake_at <= ${marker(dialect, 2)} or cancel_requested = 1)`,
  2,
);

/** The lease on the chosen runs: owner, expiry, and (on a first claim) the start time, then the ids. */
const claimChosen = new StatementTexts(
  (dialect, rows) =>
    `update runs set status = 'Running', lease_owner = ${marker(dialect, 1)}, lease_expires_at = ${marker(dialect, 2)}, wake_at = null,` +
    ` start_time = coalesce(start_time, ${marker(dialect, 3)}) where id in (${markers(dialect, rows, 4)}) returning *`,
);

/** Any 64-bit number unique to run claims. */
const CLAIM_LOCK = 7_211_604_388_120_932n;

export async function claimRuns(trx: Transaction<Database> | Kysely<Database>, dialect: 'sqlite' | 'postgres', limits: ClaimLimits): Promise<ClaimedRun[]> {
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(${sql.lit(CLAIM_LOCK)})`.execute(trx);
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
