/**
 * Remediation tasks: deploy an assignment's automation into every NonCompliant subscription within a scope, as
 * the assignment's identity, a few at a time. The task moves Accepted → Running → Succeeded | Failed | Canceled,
 * with one deployment record per subscription; one failure does not stop the others, and a task left running by a
 * stopped process resumes when the next one starts.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { normalizeScope } from '../auth/scope.js';
import { ApiError, badRequest } from '../server/api-error.js';
import type { Database, RemediationDeploymentTable, RemediationTable } from '../store/database-schema.js';
import type { ComplianceService } from './compliance-service.js';
import type { LiveEvents } from './live-events.js';
import type { DeploymentOutcome, PolicyDeployer } from './policy-deployer.js';
import type { AssignmentHierarchy, PolicyAssignmentService, StoredAssignment } from './policy-assignment-service.js';
import { type PolicyScope, remediationId, scopeText, subscriptionResourceId } from './policy-scope.js';

export const DISCOVERY_MODES = ['ExistingNonCompliant', 'ReEvaluateCompliance'] as const;
type DiscoveryMode = (typeof DISCOVERY_MODES)[number];
const FINAL_STATES = new Set(['Succeeded', 'Failed', 'Canceled']);
const UNFINISHED = ['Accepted', 'Running', 'Canceling'] as const;
const MAX_PARALLEL = 30;
/** Progress is written at most this often while deployments run (a UI polls or listens to it). */
const PROGRESS_MS = 250;
const CHUNK = 200;

export interface RemediationResource {
  readonly id: string;
  readonly type: 'Microsoft.PolicyInsights/remediations';
  readonly name: string;
  readonly properties: {
    readonly policyAssignmentId: string;
    readonly policyDefinitionReferenceId: string;
    readonly resourceDiscoveryMode: string;
    readonly provisioningState: string;
    readonly createdOn: string;
    readonly lastUpdatedOn: string;
    readonly deploymentStatus: { readonly totalDeployments: number; readonly successfulDeployments: number; readonly failedDeployments: number };
    readonly parallelDeployments: number;
    readonly failureThreshold: { readonly percentage: number };
    readonly statusMessage?: string;
    readonly correlationId: string;
  };
}

export interface RemediationDeployment {
  readonly remediatedResourceId: string;
  readonly deploymentId: string;
  readonly status: RemediationDeploymentTable['status'];
  readonly error?: { readonly code: string; readonly message: string };
  readonly createdOn: string;
  readonly lastUpdatedOn: string;
}

interface RemediationInput {
  readonly assignment: StoredAssignment;
  readonly mode: DiscoveryMode;
  readonly parallel: number;
  readonly threshold: number;
}

interface Job {
  cancel: boolean;
  readonly done: Promise<void>;
}

export interface RemediationLogger {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export class RemediationService {
  private readonly jobs = new Map<string, Job>();
  private stopping = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly hierarchy: AssignmentHierarchy,
    private readonly assignments: PolicyAssignmentService,
    private readonly compliance: ComplianceService,
    private readonly deployer: PolicyDeployer,
    private readonly now: () => string,
    private readonly logger: RemediationLogger,
    private readonly live?: LiveEvents,
  ) {}

  /** Validates a PUT body; the assignment must exist and overlap the remediation's scope. */
  async parse(scope: PolicyScope, body: unknown): Promise<RemediationInput> {
    const properties = isRecord(body) ? body['properties'] : undefined;
    if (!isRecord(properties)) throw badRequest('InvalidRequestContent', 'The body must be {"properties": {"policyAssignmentId"}}.', 'properties');
    const reference = properties['policyAssignmentId'];
    if (typeof reference !== 'string' || reference.trim() === '') {
      throw badRequest('InvalidRequestContent', 'properties.policyAssignmentId must be the id of a policy assignment.', 'properties.policyAssignmentId');
    }
    const assignment = await this.assignments.stored(reference.trim());
    if (assignment === undefined) throw badRequest('PolicyAssignmentNotFound', `The policy assignment '${reference}' does not exist.`, 'properties.policyAssignmentId');
    const own = scopeText(scope);
    if (!this.hierarchy.isWithin(own, assignment.scope) && !this.hierarchy.isWithin(assignment.scope, own)) {
      throw badRequest(
        'InvalidRemediationScope',
        `The assignment '${assignment.id}' applies at '${assignment.scope}', which neither contains nor lies within '${own}'.`,
        'properties.policyAssignmentId',
      );
    }
    return { assignment, mode: discoveryMode(properties['resourceDiscoveryMode']), parallel: parallelDeployments(properties['parallelDeployments']), threshold: failureThreshold(properties['failureThreshold']) };
  }

  /** Creates the task (or starts a finished one again) and starts it; answers while it is Accepted. */
  async put(scope: PolicyScope, name: string, input: RemediationInput, createdBy: string | null): Promise<{ created: boolean; resource: RemediationResource }> {
    const own = scopeText(scope);
    const id = remediationId(own, name);
    const key = id.toLowerCase();
    const now = this.now();
    const created = await this.db.transaction().execute(async (trx) => {
      const existing = await trx.selectFrom('remediations').selectAll().where('id_key', '=', key).executeTakeFirst();
      if (existing !== undefined && !FINAL_STATES.has(existing.provisioning_state)) {
        throw new ApiError(409, 'RemediationInProgress', `The remediation '${name}' is ${existing.provisioning_state}; cancel it or wait for it to finish before running it again.`);
      }
      const row: RemediationTable = {
        id_key: key,
        id: existing?.id ?? id,
        name: existing?.name ?? name,
        scope: existing?.scope ?? own,
        scope_key: normalizeScope(own),
        policy_assignment_id: input.assignment.id,
        resource_discovery_mode: input.mode,
        provisioning_state: 'Accepted',
        total_deployments: 0,
        successful_deployments: 0,
        failed_deployments: 0,
        parallel_deployments: input.parallel,
        failure_threshold: input.threshold,
        status_message: null,
        correlation_id: randomUUID(),
        created_by: createdBy,
        created_at: now,
        changed_at: now,
      };
      await trx.deleteFrom('remediation_deployments').where('remediation_key', '=', key).execute();
      if (existing === undefined) await trx.insertInto('remediations').values(row).execute();
      else await trx.updateTable('remediations').set(row).where('id_key', '=', key).execute();
      return existing === undefined;
    });
    const resource = await this.get(id);
    this.start(key);
    return { created, resource };
  }

  async get(id: string): Promise<RemediationResource> {
    return toResource(await this.row(id));
  }

  /** Tasks at or below a scope, newest first. */
  async list(scope: string): Promise<RemediationResource[]> {
    const rows = await this.db.selectFrom('remediations').selectAll().orderBy('created_at', 'desc').execute();
    return rows.filter((row) => this.hierarchy.isWithin(row.scope, scope)).map(toResource);
  }

  async deployments(id: string): Promise<RemediationDeployment[]> {
    const row = await this.row(id);
    const rows = await this.db.selectFrom('remediation_deployments').selectAll().where('remediation_key', '=', row.id_key).orderBy('subscription_key').execute();
    return rows.map(toDeployment);
  }

  /** Stops a running task after the deployments in flight; those not started are Canceled. */
  async cancel(id: string): Promise<RemediationResource> {
    const row = await this.row(id);
    if (FINAL_STATES.has(row.provisioning_state)) {
      throw new ApiError(409, 'RemediationNotCancelable', `The remediation '${row.name}' has already finished (${row.provisioning_state}).`);
    }
    const job = this.jobs.get(row.id_key);
    if (job !== undefined) {
      job.cancel = true;
      await this.setState(row.id_key, { provisioning_state: 'Canceling' }, ['Accepted', 'Running']);
      await job.done;
    } else {
      await this.finishCanceled(row.id_key, 'Canceled before it started.');
    }
    return this.get(id);
  }

  async delete(id: string): Promise<RemediationResource | undefined> {
    const row = await this.db.selectFrom('remediations').selectAll().where('id_key', '=', id.toLowerCase()).executeTakeFirst();
    if (row === undefined) return undefined;
    if (!FINAL_STATES.has(row.provisioning_state)) {
      throw new ApiError(409, 'RemediationInProgress', `The remediation '${row.name}' is ${row.provisioning_state}; cancel it before deleting it.`);
    }
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('remediation_deployments').where('remediation_key', '=', row.id_key).execute();
      await trx.deleteFrom('remediations').where('id_key', '=', row.id_key).execute();
    });
    return toResource(row);
  }

  /** At start: tasks a stopped process left unfinished carry on (a cancel that was asked for is honoured). */
  async resume(): Promise<number> {
    const rows = await this.db.selectFrom('remediations').select(['id_key', 'provisioning_state']).where('provisioning_state', 'in', ['Accepted', 'Running', 'Canceling']).execute();
    for (const row of rows) {
      if (row.provisioning_state === 'Canceling') await this.finishCanceled(row.id_key, 'Canceled.');
      else this.start(row.id_key);
    }
    return rows.length;
  }

  /** Lets running tasks finish the deployments in flight and leaves them Running, to resume at the next start. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all([...this.jobs.values()].map((job) => job.done));
  }

  /** Resolves when the task is no longer running in this process (tests and the CLI's --wait use the API instead). */
  async settled(id: string): Promise<void> {
    await this.jobs.get(id.toLowerCase())?.done;
  }

  private start(key: string): void {
    if (this.stopping || this.jobs.has(key)) return;
    const job: Job = {
      cancel: false,
      done: this.execute(key, () => job.cancel)
        .catch(async (error: unknown) => {
          this.logger.error({ err: error, remediation: key }, 'remediation task failed');
          await this.setState(key, { provisioning_state: 'Failed', status_message: `The task stopped unexpectedly: ${error instanceof Error ? error.message : String(error)}` }).catch(() => undefined);
        })
        .finally(() => this.jobs.delete(key)),
    };
    this.jobs.set(key, job);
  }

  private async execute(key: string, canceled: () => boolean): Promise<void> {
    const task = await this.db.selectFrom('remediations').selectAll().where('id_key', '=', key).executeTakeFirstOrThrow();
    await this.setState(key, { provisioning_state: 'Running' });
    const assignment = await this.assignments.stored(task.policy_assignment_id);
    if (assignment === undefined) {
      await this.setState(key, { provisioning_state: 'Failed', status_message: `The policy assignment '${task.policy_assignment_id}' no longer exists.` });
      return;
    }
    if (task.resource_discovery_mode === 'ReEvaluateCompliance') await this.compliance.evaluateAssignment(assignment);
    const pending = await this.plan(key, assignment, task.scope);
    const counts = await this.counts(key);
    let flushedAt = 0;
    const flush = async (force: boolean) => {
      if (!force && Date.now() - flushedAt < PROGRESS_MS) return;
      flushedAt = Date.now();
      await this.setState(key, { total_deployments: counts.total, successful_deployments: counts.succeeded, failed_deployments: counts.failed });
    };
    await flush(true);
    const overThreshold = () => task.failure_threshold < 1 && counts.total > 0 && counts.failed / counts.total > task.failure_threshold;
    const queue = [...pending];
    const worker = async () => {
      while (queue.length > 0 && !canceled() && !this.stopping && !overThreshold()) {
        const subscription = queue.shift() as string;
        const outcome = await this.deployer.deploy(assignment, subscription, { correlationId: task.correlation_id, remediationId: task.id });
        await this.record(key, subscription, outcome);
        if (outcome.status === 'Succeeded') counts.succeeded++;
        else counts.failed++;
        await flush(false);
      }
    };
    await Promise.all(Array.from({ length: Math.min(task.parallel_deployments, Math.max(queue.length, 1)) }, worker));
    await flush(true);
    if (this.stopping && !canceled()) return;
    if (canceled()) return this.finishCanceled(key, `Canceled after ${counts.succeeded + counts.failed} of ${counts.total} deployments.`);
    if (overThreshold()) {
      await this.markRemaining(key, 'Canceled');
      await this.setState(key, { provisioning_state: 'Failed', status_message: `Stopped: ${counts.failed} of ${counts.total} deployments failed, more than the failure threshold of ${task.failure_threshold * 100}%.` });
      return;
    }
    await this.setState(
      key,
      counts.failed > 0
        ? { provisioning_state: 'Failed', status_message: `${counts.failed} of ${counts.total} deployments failed; listDeployments says why. Fix the cause and run the remediation again.` }
        : { provisioning_state: 'Succeeded', status_message: `${counts.succeeded} of ${counts.total} deployments succeeded.` },
    );
  }

  /**
   * The subscriptions still to deploy: after a restart, the ones not yet finished; otherwise every NonCompliant
   * subscription of the assignment within the task's scope, recorded as Pending.
   */
  private async plan(key: string, assignment: StoredAssignment, scope: string): Promise<string[]> {
    const recorded = await this.db.selectFrom('remediation_deployments').select(['subscription_id', 'status']).where('remediation_key', '=', key).execute();
    if (recorded.length > 0) return recorded.filter((row) => row.status === 'Pending' || row.status === 'Running').map((row) => row.subscription_id);
    const targets = await this.compliance.nonCompliant(assignment, scope);
    const now = this.now();
    const rows: RemediationDeploymentTable[] = targets.map((subscription) => ({
      remediation_key: key,
      subscription_key: subscription.toLowerCase(),
      subscription_id: subscription,
      remediated_resource_id: subscriptionResourceId(subscription),
      deployment_id: `${subscriptionResourceId(subscription)}/providers/Microsoft.Resources/deployments/${randomUUID()}`,
      status: 'Pending',
      error: null,
      created_at: now,
      changed_at: now,
    }));
    await this.db.transaction().execute(async (trx) => {
      for (let start = 0; start < rows.length; start += CHUNK) await trx.insertInto('remediation_deployments').values(rows.slice(start, start + CHUNK)).execute();
    });
    return targets;
  }

  private async counts(key: string): Promise<{ total: number; succeeded: number; failed: number }> {
    const rows = await this.db.selectFrom('remediation_deployments').select('status').where('remediation_key', '=', key).execute();
    return { total: rows.length, succeeded: rows.filter((row) => row.status === 'Succeeded').length, failed: rows.filter((row) => row.status === 'Failed').length };
  }

  private async record(key: string, subscription: string, outcome: DeploymentOutcome): Promise<void> {
    await this.db
      .updateTable('remediation_deployments')
      .set({ status: outcome.status, error: outcome.status === 'Failed' ? JSON.stringify(outcome.error) : null, changed_at: this.now() })
      .where('remediation_key', '=', key)
      .where('subscription_key', '=', subscription.toLowerCase())
      .execute();
  }

  private async markRemaining(key: string, status: 'Canceled'): Promise<void> {
    await this.db.updateTable('remediation_deployments').set({ status, error: null, changed_at: this.now() }).where('remediation_key', '=', key).where('status', 'in', ['Pending', 'Running']).execute();
  }

  private async finishCanceled(key: string, message: string): Promise<void> {
    await this.setState(key, { provisioning_state: 'Canceled', status_message: message });
    // Only deployments of a task that did end Canceled (not one that finished first) are marked.
    const row = await this.db.selectFrom('remediations').select('provisioning_state').where('id_key', '=', key).executeTakeFirst();
    if (row?.provisioning_state === 'Canceled') await this.markRemaining(key, 'Canceled');
  }

  /**
   * Writes progress or a new state, unless the task has already finished: a cancel racing the task's own end, or a
   * stale job, never overwrites a final state (and the task's end may overwrite `Canceling`, so nothing is stuck).
   */
  private async setState(key: string, values: Partial<Omit<RemediationTable, 'id_key'>>, from: readonly string[] = UNFINISHED): Promise<void> {
    const result = await this.db
      .updateTable('remediations')
      .set({ ...values, changed_at: this.now() })
      .where('id_key', '=', key)
      .where('provisioning_state', 'in', [...from])
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return;
    // Live listeners (the web UI's progress bars) see every state and count written.
    if (this.live?.listening === true) {
      const { id, properties } = await this.get(key);
      this.live.publish({ kind: 'remediation', data: { id, provisioningState: properties.provisioningState, deploymentStatus: properties.deploymentStatus } });
    }
  }

  private async row(id: string): Promise<RemediationTable> {
    const row = await this.db.selectFrom('remediations').selectAll().where('id_key', '=', id.toLowerCase()).executeTakeFirst();
    if (row === undefined) throw new ApiError(404, 'RemediationNotFound', `The remediation '${id}' was not found.`);
    return row;
  }
}

function toResource(row: RemediationTable): RemediationResource {
  return {
    id: row.id,
    type: 'Microsoft.PolicyInsights/remediations',
    name: row.name,
    properties: {
      policyAssignmentId: row.policy_assignment_id,
      policyDefinitionReferenceId: '',
      resourceDiscoveryMode: row.resource_discovery_mode,
      provisioningState: row.provisioning_state,
      createdOn: row.created_at,
      lastUpdatedOn: row.changed_at,
      deploymentStatus: { totalDeployments: row.total_deployments, successfulDeployments: row.successful_deployments, failedDeployments: row.failed_deployments },
      parallelDeployments: row.parallel_deployments,
      failureThreshold: { percentage: row.failure_threshold },
      ...(row.status_message === null ? {} : { statusMessage: row.status_message }),
      correlationId: row.correlation_id,
    },
  };
}

function toDeployment(row: RemediationDeploymentTable): RemediationDeployment {
  const error = row.status === 'Failed' && row.error !== null ? (JSON.parse(row.error) as { code: string; message: string }) : undefined;
  return {
    remediatedResourceId: row.remediated_resource_id,
    deploymentId: row.deployment_id,
    status: row.status,
    ...(error === undefined ? {} : { error }),
    createdOn: row.created_at,
    lastUpdatedOn: row.changed_at,
  };
}

function discoveryMode(value: unknown): DiscoveryMode {
  if (value === undefined || value === null) return 'ExistingNonCompliant';
  const mode = typeof value === 'string' ? DISCOVERY_MODES.find((known) => known.toLowerCase() === value.toLowerCase()) : undefined;
  if (mode === undefined) throw badRequest('InvalidRequestContent', `properties.resourceDiscoveryMode must be one of ${DISCOVERY_MODES.join(', ')}.`, 'properties.resourceDiscoveryMode');
  return mode;
}

function parallelDeployments(value: unknown): number {
  if (value === undefined || value === null) return 10;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_PARALLEL) {
    throw badRequest('InvalidRequestContent', `properties.parallelDeployments must be an integer from 1 to ${MAX_PARALLEL}.`, 'properties.parallelDeployments');
  }
  return value;
}

function failureThreshold(value: unknown): number {
  if (value === undefined || value === null) return 1;
  const percentage = isRecord(value) ? value['percentage'] : undefined;
  if (typeof percentage !== 'number' || !(percentage >= 0 && percentage <= 1)) {
    throw badRequest('InvalidRequestContent', 'properties.failureThreshold.percentage must be a number from 0 to 1.', 'properties.failureThreshold.percentage');
  }
  return percentage;
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
