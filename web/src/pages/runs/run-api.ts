/**
 * Runs over the public API: a workflow's run history (`…/workflows/{name}/runs`), one run, its actions, resubmit
 * and cancel, and the workflow a run belongs to (for its graph).
 */
import { apiPath, parseArmId } from '../../api/arm-id';
import { type Page, api, get, getAll } from '../../api/client';
import { listInEachSubscription } from '../../api/each-subscription';
import { listSubscriptions } from '../../api/subscriptions';

export interface RunError {
  readonly code?: string;
  readonly message?: string;
}

export interface RunResource {
  readonly id: string;
  readonly name: string;
  readonly properties: {
    readonly status: string;
    readonly createdTime?: string;
    readonly startTime?: string;
    readonly endTime?: string;
    readonly error?: RunError;
    readonly correlation?: Readonly<Record<string, unknown>>;
    readonly workflow?: { readonly version?: number };
    readonly trigger?: { readonly name?: string; readonly outputs?: unknown };
    readonly response?: unknown;
  };
}

export interface RetryAttempt {
  readonly startTime?: string;
  readonly endTime?: string;
  readonly code?: string;
  readonly error?: RunError;
}

/** One loop repetition of an action (actions inside Foreach / Until). */
export interface Repetition {
  readonly iteration?: readonly { readonly loop: string; readonly index: number }[];
  readonly status: string;
  readonly startTime?: string;
  readonly endTime?: string;
  readonly inputs?: unknown;
  readonly outputs?: unknown;
  readonly error?: RunError;
  readonly retryHistory?: readonly RetryAttempt[];
}

export interface ActionProperties {
  readonly type?: string;
  readonly status: string;
  readonly code?: string;
  readonly startTime?: string;
  readonly endTime?: string;
  readonly inputs?: unknown;
  readonly outputs?: unknown;
  readonly error?: RunError;
  readonly retryHistory?: readonly RetryAttempt[];
  readonly repetitionCount?: number;
  readonly repetitions?: readonly Repetition[];
  readonly trackedProperties?: unknown;
}

/** Every action of the run, nested ones included, by name (names are unique across a workflow). */
export interface RunAction {
  readonly id: string;
  readonly name: string;
  readonly properties: ActionProperties;
}

export interface WorkflowResource {
  readonly id: string;
  readonly name: string;
  readonly properties: { readonly state?: string; readonly version?: number; readonly definition?: unknown };
}

/** `/subscriptions/…/workflows/{name}/runs/{run}` → the workflow's id. */
export function workflowIdOfRun(runId: string): string {
  return runId.replace(/\/runs\/[^/]+$/i, '');
}

export function workflowName(workflowId: string): string {
  return parseArmId(workflowId).name;
}

export const getRun = (runId: string, signal?: AbortSignal) => get<RunResource>(apiPath(runId), signal === undefined ? {} : { signal });
export const getWorkflow = (workflowId: string) => get<WorkflowResource>(apiPath(workflowId));

export async function listActions(runId: string): Promise<RunAction[]> {
  return getAll<RunAction>(apiPath(runId, '/actions'));
}

export function resubmitRun(runId: string): Promise<{ runId: string; workflowId: string }> {
  return api<{ runId: string; workflowId: string }>('POST', apiPath(runId, '/resubmit'));
}

export function cancelRun(runId: string): Promise<void> {
  return api<void>('POST', apiPath(runId, '/cancel'));
}

/** A workflow the user may read, for the filter and for the runs across workflows. */
export interface WorkflowRef {
  readonly id: string;
  readonly name: string;
  readonly resourceGroup: string;
  readonly subscriptionId: string;
}

/** Every workflow in every subscription the user may list; a subscription answering 403 is left out. */
export async function listWorkflows(): Promise<WorkflowRef[]> {
  const subscriptions = await listSubscriptions();
  const workflows = await listInEachSubscription(
    subscriptions.map((subscription) => subscription.subscriptionId),
    (id) => getAll<WorkflowResource>(`/api/subscriptions/${encodeURIComponent(id)}/providers/Microsoft.Logic/workflows`),
  );
  return workflows
    .map((workflow) => {
      const { subscriptionId = '', resourceGroup = '' } = parseArmId(workflow.id);
      return { id: workflow.id, name: workflow.name, resourceGroup, subscriptionId };
    })
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

export interface RunHistory {
  /** Newest first. */
  readonly runs: readonly RunResource[];
  /** More runs exist than are shown. */
  readonly capped: boolean;
  /** With one workflow: the link to its older runs. */
  readonly nextLink?: string;
  /** Workflows whose runs could not be read (e.g. deleted meanwhile), with the reason. */
  readonly failures: readonly string[];
}

/** Run ids sort by creation time, so the name orders runs across workflows. */
export function newestFirst(a: RunResource, b: RunResource): number {
  return a.name < b.name ? 1 : a.name > b.name ? -1 : 0;
}

const PARALLEL = 4;

/** The newest `cap` runs of the given workflows, read a few workflows at a time. */
export async function listRuns(workflowIds: readonly string[], cap: number): Promise<RunHistory> {
  const pages: { id: string; page?: Page<RunResource>; error?: unknown }[] = [];
  let next = 0;
  const worker = async () => {
    while (next < workflowIds.length) {
      const id = workflowIds[next++] as string;
      try {
        pages.push({ id, page: await get<Page<RunResource>>(apiPath(id, `/runs?$top=${cap}`)) });
      } catch (error) {
        pages.push({ id, error });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, workflowIds.length) }, worker));
  const failures = pages.flatMap((entry) => (entry.error === undefined ? [] : [`${workflowName(entry.id)}: ${entry.error instanceof Error ? entry.error.message : String(entry.error)}`]));
  if (workflowIds.length > 0 && failures.length === workflowIds.length) throw pages[0]?.error;
  const all = pages.flatMap((entry) => entry.page?.value ?? []).sort(newestFirst);
  const more = pages.some((entry) => entry.page?.nextLink !== undefined);
  const single = workflowIds.length === 1 ? pages[0]?.page?.nextLink : undefined;
  return { runs: all.slice(0, cap), capped: more || all.length > cap, ...(single === undefined ? {} : { nextLink: single }), failures };
}

/** The next page of one workflow's runs (`nextLink` is absolute with the server's public URL; only its path is used). */
export async function olderRuns(nextLink: string): Promise<Page<RunResource>> {
  const url = new URL(nextLink, window.location.origin);
  return get<Page<RunResource>>(`${url.pathname}${url.search}`);
}
