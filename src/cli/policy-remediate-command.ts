/**
 * `riposte policy remediate`: create a remediation task for an assignment, then follow it to the end — progress on
 * stderr, the finished task on stdout, the deployments that failed (with their errors) on stderr. Exit 0 when it
 * Succeeded, 1 when it Failed or was Canceled.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { assignmentId, isValidPolicyResourceName, parseAssignmentId } from '../services/policy-scope.js';
import { type ApiOptions, type Output, REFUSED, call, connection } from './api-client.js';
import { listAll } from './api-list.js';
import { CliInputError } from './json-file.js';
import { policyScopeOption } from './policy-scope-option.js';
import { ExitCode } from './run-command.js';

const POLL_MS = 250;
const FINAL_STATES = new Set(['succeeded', 'failed', 'canceled']);
const NAME_LIMIT = 128;

export interface RemediateOptions extends ApiOptions {
  readonly scope: string;
  readonly name?: string;
  readonly reEvaluate?: boolean;
  /** False with `--no-wait`. */
  readonly wait: boolean;
}

interface RemediationResource {
  readonly id: string;
  readonly properties: {
    readonly provisioningState: string;
    readonly deploymentStatus?: { readonly totalDeployments: number; readonly successfulDeployments: number; readonly failedDeployments: number };
    readonly statusMessage?: string;
  };
}

interface Deployment {
  readonly remediatedResourceId: string;
  readonly status: string;
  readonly error?: { readonly code?: string; readonly message?: string };
}

/** `remediate-<assignment>-<UTC time>`, cut to fit the 128 characters a name may have. */
export function defaultTaskName(assignment: string, now: Date): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const room = NAME_LIMIT - 'remediate--'.length - stamp.length;
  return `remediate-${assignment.slice(0, room)}-${stamp}`;
}

/** The assignment's id and name: an id as given, a name as the assignment of that name at the scope. */
function assignmentOf(text: string, scope: string): { readonly id: string; readonly name: string } {
  const trimmed = text.trim();
  if (!trimmed.includes('/')) return { id: assignmentId(scope, trimmed), name: trimmed };
  const parsed = parseAssignmentId(trimmed);
  if (parsed === undefined) throw new CliInputError(`'${text}' is neither an assignment name nor an id '{scope}/providers/Microsoft.Authorization/policyAssignments/{name}'.`);
  return { id: trimmed, name: parsed.name };
}

export function progressLine(task: RemediationResource): string {
  const status = task.properties.deploymentStatus;
  const counts = status === undefined ? '' : `: ${status.successfulDeployments}/${status.totalDeployments} deployed, ${status.failedDeployments} failed`;
  return `${task.properties.provisioningState}${counts}`;
}

const finished = (task: RemediationResource) => FINAL_STATES.has(task.properties.provisioningState.toLowerCase());

export async function remediate(
  assignment: string,
  options: RemediateOptions,
  output: Output,
  env: NodeJS.ProcessEnv,
  pause: (ms: number) => Promise<unknown> = sleep,
): Promise<number> {
  const { scope, path } = policyScopeOption(options.scope);
  const target = assignmentOf(assignment, scope);
  const name = options.name ?? defaultTaskName(target.name, new Date());
  if (!isValidPolicyResourceName(name)) throw new CliInputError(`--name '${name}' must be 1-128 characters without <>*%&:\\?+/#|" and must not end with '.'.`);
  connection(options, env);
  const taskPath = `/api${path}/providers/Microsoft.PolicyInsights/remediations/${encodeURIComponent(name)}`;
  const properties = { policyAssignmentId: target.id, ...(options.reEvaluate === true ? { resourceDiscoveryMode: 'ReEvaluateCompliance' } : {}) };
  let task = (await call(options, env, 'PUT', taskPath, { properties })).body as RemediationResource;
  if (!options.wait) {
    output.out(JSON.stringify(task, null, 2));
    return ExitCode.Succeeded;
  }

  // Stopping the CLI stops only the waiting: the task carries on on the server.
  output.err(`Remediation ${task.id}: waiting for it to finish.`);
  let shown = '';
  for (;;) {
    const line = progressLine(task);
    if (line !== shown) output.err(line);
    shown = line;
    if (finished(task)) break;
    await pause(POLL_MS);
    task = (await call(options, env, 'GET', taskPath)).body as RemediationResource;
  }
  output.out(JSON.stringify(task, null, 2));

  if (task.properties.statusMessage !== undefined && task.properties.provisioningState !== 'Succeeded') output.err(task.properties.statusMessage);
  if ((task.properties.deploymentStatus?.failedDeployments ?? 0) > 0) {
    const deployments = (await listAll(options, env, `${taskPath}/listDeployments`)) as Deployment[];
    for (const deployment of deployments.filter((item) => item.status === 'Failed')) {
      const error = deployment.error === undefined ? 'no error given' : `${deployment.error.code ?? 'Error'}: ${deployment.error.message ?? ''}`;
      output.err(`Failed: ${deployment.remediatedResourceId}: ${error}`);
    }
  }
  return task.properties.provisioningState === 'Succeeded' ? ExitCode.Succeeded : REFUSED;
}
