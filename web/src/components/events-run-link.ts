/**
 * Where the Runs page shows one run: `/runs/{subscription}/{resource group}/{workflow}/{run}`, built by the Runs
 * area's `runPath` (which falls back to `/runs?workflow={workflow id}` for an id it cannot read).
 */
import { runPath } from '../pages/runs/run-links';

export function runPagePath(workflowId: string, runId: string): string {
  return runPath(workflowId, runId);
}
