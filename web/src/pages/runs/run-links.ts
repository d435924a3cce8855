/**
 * Where a run's page is: `/runs/{subscription}/{resource group}/{workflow}/{run}`, one path segment per part of the
 * run's ARM id, so links are readable and other pages can build them from a run id or a trigger answer.
 */

const RUN_ID = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Logic\/workflows\/([^/]+)\/runs\/([^/]+)$/i;

/** The UI path of a run, from its id (`{workflowId}/runs/{name}`), or from a workflow id and run name. */
export function runPath(runIdOrWorkflowId: string, runName?: string): string {
  // A run name that is already a full run id is taken as it is.
  const id = runName === undefined || runName.startsWith('/') ? (runName ?? runIdOrWorkflowId) : `${runIdOrWorkflowId}/runs/${runName}`;
  const match = RUN_ID.exec(id);
  if (match === null) return `/runs?workflow=${encodeURIComponent(runIdOrWorkflowId)}`;
  return `/runs/${match.slice(1, 5).map((part) => encodeURIComponent(part)).join('/')}`;
}

/** The run list, optionally for one workflow. */
export function runsPath(workflowId?: string): string {
  return workflowId === undefined ? '/runs' : `/runs?workflow=${encodeURIComponent(workflowId)}`;
}

export function runIdOf(subscriptionId: string, resourceGroup: string, workflow: string, run: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Logic/workflows/${workflow}/runs/${run}`;
}
