/**
 * On PostgreSQL a claim is one call of `riposte_claim_runs`, in its own transaction: the claim lock, the count of
 * live leases, the candidates, the lease and the trigger outputs of what was claimed. Written as statements sent
 * one by one, the same claim took seven round trips (begin, lock, three reads, the update, commit) and an eighth
 * for the trigger outputs, with the cluster-wide claim lock held across them, so the other workers queued behind
 * it. The rules are those of `claimRuns` on SQLite (src/services/run-claims.ts); the pipeline and scale-out suites
 * run against both.
 *
 * Each statement of a volatile PL/pgSQL function reads a fresh snapshot, so the counts are read after the lock is
 * held and see every claim committed before. Bitmap scans are turned off inside it: a bitmap scan visits every
 * heap row its index entries point at, and never marks an entry whose row is dead. Every run passes through
 * `Running`, so between vacuums that part of `runs_claim` holds thousands of dead entries, which each claim's reads
 * of the Running runs visited again (hundreds of heap pages, for the few dozen live leases). An index scan marks
 * each dead entry the first time it visits it, and skips it afterwards.
 */
import { type Kysely, type Migration, PostgresAdapter, sql } from 'kysely';

export const postgresClaimFunctionMigration: Migration = {
  async up(db: Kysely<unknown>) {
    if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
    await sql`
      create or replace function riposte_claim_runs(
        p_owner text, p_now text, p_lease_until text, p_take integer, p_max_runs integer, p_max_per_workflow integer)
      returns table (claimed_run jsonb, claim_resumed boolean, claim_taken_over_from text, claim_trigger_outputs text)
      language plpgsql volatile
      set enable_bitmapscan = off
      as $claim$
      declare
        v_workflow_keys text[];
        v_executing integer[];
        v_room integer;
        v_saturated text[];
      begin
        perform pg_advisory_xact_lock(7211604388120932);
        -- The runs executing under a live lease, per workflow: what both limits count, across every worker.
        select coalesce(array_agg(e.workflow_key), '{}'), coalesce(array_agg(e.n), '{}')
          into v_workflow_keys, v_executing
          from (select r.workflow_key, count(*)::integer as n from runs r
                 where r.status = 'Running' and r.lease_owner is not null and r.lease_expires_at >= p_now
                 group by r.workflow_key) e;
        v_room := least(p_take, p_max_runs - coalesce((select sum(n) from unnest(v_executing) as n), 0));
        if v_room <= 0 then
          return;
        end if;
        select coalesce(array_agg(k.key), '{}') into v_saturated
          from unnest(v_workflow_keys, v_executing) as k(key, n) where k.n >= p_max_per_workflow;
        return query
        with executing as (
          select k.key as workflow_key, k.n from unnest(v_workflow_keys, v_executing) as k(key, n)
        ),
        -- Runs to resume first (started before anything still queued): Running without a live lease, and not
        -- parked on a sleep that has yet to end unless someone asked to cancel them. Over-fetched a little, as
        -- some candidates may belong to workflows whose room earlier ones use up.
        unleased as (
          select r.id, r.workflow_key, r.start_time, r.status, r.lease_owner, 0 as claim_order from runs r
           where r.status = 'Running' and (r.lease_expires_at < p_now or r.lease_expires_at is null)
             and (r.wake_at is null or r.wake_at <= p_now or r.cancel_requested = 1)
             and r.workflow_key <> all (v_saturated)
           order by r.id limit v_room * 2
           for update skip locked
        ),
        queued as (
          select r.id, r.workflow_key, r.start_time, r.status, r.lease_owner, 1 as claim_order from runs r
           where r.status = 'Queued' and r.workflow_key <> all (v_saturated)
           order by r.id limit v_room * 2
           for update skip locked
        ),
        candidates as (select * from unleased union all select * from queued),
        chosen as (
          select c.* from (
            select c.*, row_number() over (partition by c.workflow_key order by c.claim_order, c.id) as nth,
                   p_max_per_workflow - coalesce(e.n, 0) as remaining
              from candidates c left join executing e on e.workflow_key = c.workflow_key
          ) c
           where c.nth <= c.remaining
           order by c.claim_order, c.id limit v_room
        ),
        claimed as (
          update runs r set status = 'Running', lease_owner = p_owner, lease_expires_at = p_lease_until,
                 wake_at = null, start_time = coalesce(r.start_time, p_now)
            from chosen c where r.id = c.id
          returning r.id, to_jsonb(r) as run, c.claim_order, c.start_time as previous_start,
                    c.status as previous_status, c.lease_owner as previous_owner
        )
        select cl.run, cl.previous_start is not null,
               case when cl.previous_status = 'Running' and cl.previous_owner <> p_owner then cl.previous_owner end,
               t.outputs
          from claimed cl left join run_triggers t on t.run_id = cl.id
         order by cl.claim_order, cl.id;
      end
      $claim$`.execute(db);
  },
};
