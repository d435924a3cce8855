/** "Started by": the workflow automation and the event it matched, a manual trigger, a resubmission or a request. */
import { Link } from 'react-router-dom';
import type { RunResource } from './run-api';
import { runCause } from './run-cause';
import { runPath } from './run-links';

export function RunCauseView({ run, compact = false }: { readonly run: RunResource; readonly compact?: boolean }) {
  const cause = runCause(run);
  const workflowId = run.id.replace(/\/runs\/[^/]+$/i, '');
  return (
    <div className="cell-stack runs-cause">
      {cause.automation === undefined ? (
        <span>{cause.label}</span>
      ) : (
        <span>
          Automation{' '}
          <Link to={cause.automation.href} title={cause.automation.id}>
            {cause.automation.name}
          </Link>
        </span>
      )}
      {cause.event === undefined ? null : (
        <span className={compact ? 'cell-secondary' : undefined}>
          {cause.event.kind}:{' '}
          <Link to={cause.event.href} title={cause.event.id}>
            {cause.event.title ?? cause.event.id.split('/').pop()}
          </Link>
        </span>
      )}
      {cause.originalRun === undefined ? null : (
        <span className={compact ? 'cell-secondary' : undefined}>
          from run{' '}
          <Link to={runPath(workflowId, cause.originalRun)} className="runs-mono">
            {cause.originalRun}
          </Link>
        </span>
      )}
    </div>
  );
}
