/**
 * One remediation task: its state and a progress bar that move live (server-sent `remediation` events), the
 * deployment to each subscription with its error, and cancel, run again and delete.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { errorMessage } from '../../api/client';
import { useCan } from '../../api/permissions';
import { useLoad } from '../../api/use-load';
import { ActionButton } from '../../components/ActionButton';
import { type Column, DataTable } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { InlineAlert } from '../../components/InlineAlert';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { DeploymentProgress, LiveIndicator } from '../../components/policy-progress';
import { scopeLabel, useScopes } from '../../components/policy-scope-picker';
import { RefreshButton } from '../../components/RefreshButton';
import { StatusBadge } from '../../components/StatusBadge';
import { useToasts } from '../../components/Toasts';
import {
  FINAL_STATES,
  type Remediation,
  type RemediationDeployment,
  cancelRemediation,
  deleteRemediation,
  getAssignment,
  getRemediation,
  listDeployments,
  rerunRemediation,
  scopeOfId,
} from './policy-api';
import { type RemediationChange, useRemediationEvents } from './policy-live';
import { PolicyNav } from './PolicyNav';

const WRITE = 'Microsoft.PolicyInsights/remediations/write';
const CANCEL = 'Microsoft.PolicyInsights/remediations/cancel/action';
const DELETE = 'Microsoft.PolicyInsights/remediations/delete';
/** Deployments are re-read at most this often while events stream in. */
const DEPLOYMENTS_EVERY_MS = 400;
const POLL_MS = 3000;

export function RemediationDetailPage() {
  const [params] = useSearchParams();
  const id = params.get('id') ?? '';
  const navigate = useNavigate();
  const toasts = useToasts();
  const task = useLoad(() => getRemediation(id), [id]);
  const deployments = useLoad(() => listDeployments(id), [id]);
  const assignmentId = task.data?.properties.policyAssignmentId;
  const assignment = useLoad(() => (assignmentId === undefined ? Promise.resolve(undefined) : getAssignment(assignmentId).catch(() => undefined)), [assignmentId]);
  const scopes = useScopes();
  const [change, setChange] = useState<RemediationChange | undefined>(undefined);
  const [busy, setBusy] = useState<'cancel' | 'rerun' | 'delete' | undefined>(undefined);

  // Deployments follow the events, but not more often than every DEPLOYMENTS_EVERY_MS.
  const reloadDeployments = deployments.reload;
  const pending = useRef<number | undefined>(undefined);
  const soon = useCallback(() => {
    if (pending.current !== undefined) return;
    pending.current = window.setTimeout(() => {
      pending.current = undefined;
      reloadDeployments();
    }, DEPLOYMENTS_EVERY_MS);
  }, [reloadDeployments]);
  useEffect(() => () => window.clearTimeout(pending.current), []);

  const reloadTask = task.reload;
  const live = useRemediationEvents(
    useCallback(
      (event: RemediationChange) => {
        if (event.id.toLowerCase() !== id.toLowerCase()) return;
        setChange(event);
        if (FINAL_STATES.has(event.provisioningState)) {
          // The final record (status message, times) and every deployment's outcome.
          reloadTask();
          reloadDeployments();
        } else soon();
      },
      [id, reloadTask, reloadDeployments, soon],
    ),
    () => {
      reloadTask();
      reloadDeployments();
    },
  );

  // The stored task wins once it is as new as the last event (it carries the status message too).
  const data = task.data === undefined ? undefined : merge(task.data, change);
  const scope = data === undefined ? undefined : scopeOfId(data.id);
  const loaded = data !== undefined;
  const finished = loaded && FINAL_STATES.has(data.properties.provisioningState);
  // Checked at the task's scope: the permissions route has no form for resources under a management group, and
  // nobody assigns roles on a single remediation task.
  const where = scope === undefined ? undefined : scopeLabel(scope, scopes.data);
  const canWrite = useCan(WRITE, scope, where);
  const canCancel = useCan(CANCEL, scope, where);
  const canDelete = useCan(DELETE, scope, where);

  // Without the live stream, an unfinished task is read again every few seconds instead.
  useEffect(() => {
    if (live === 'live' || finished || !loaded) return undefined;
    const timer = window.setInterval(() => {
      reloadTask();
      reloadDeployments();
    }, POLL_MS);
    return () => window.clearInterval(timer);
  }, [live, finished, loaded, reloadTask, reloadDeployments]);

  const act = async (kind: 'cancel' | 'rerun' | 'delete', action: () => Promise<unknown>, done: string) => {
    setBusy(kind);
    try {
      await action();
      toasts.show('success', done);
      if (kind === 'delete') {
        void navigate('/policy/remediations');
        return;
      }
      setChange(undefined);
      task.reload();
      deployments.reload();
    } catch (error) {
      toasts.show('error', errorMessage(error));
    } finally {
      setBusy(undefined);
    }
  };

  if (id === '') {
    return (
      <EmptyState title="No remediation task chosen" action={<Link to="/policy/remediations">Go to the remediation tasks</Link>}>
        <p>Open a task from the Remediation page or from an assignment.</p>
      </EmptyState>
    );
  }

  const columns: Column<RemediationDeployment>[] = [
    {
      key: 'subscription',
      header: 'Subscription',
      render: (deployment) => (
        <div className="cell-stack">
          <span className="cell-primary">{scopeLabel(deployment.remediatedResourceId, scopes.data)}</span>
          <span className="cell-secondary">{deployment.remediatedResourceId}</span>
        </div>
      ),
    },
    { key: 'status', header: 'Status', className: 'cell-nowrap', render: (deployment) => <StatusBadge status={deployment.status} /> },
    {
      key: 'error',
      header: 'Error',
      render: (deployment) =>
        deployment.error === undefined ? (
          <span className="muted">None</span>
        ) : (
          <div className="cell-stack">
            <code className="policy-error-code">{deployment.error.code}</code>
            <span>{deployment.error.message}</span>
          </div>
        ),
    },
    { key: 'updated', header: 'Last updated', className: 'cell-nowrap', render: (deployment) => new Date(deployment.lastUpdatedOn).toLocaleTimeString() },
  ];

  const status = data?.properties.deploymentStatus;
  return (
    <>
      <PageHeader title={data === undefined ? 'Remediation task' : `Remediation task ${data.name}`} description={
          assignment.data === undefined ? undefined : (
            <>
              Deploys the automation of <Link to={`/policy/assignment?id=${encodeURIComponent(assignment.data.id)}`}>{assignment.data.properties.displayName}</Link> to the
              subscriptions that do not comply with it, as the assignment&apos;s managed identity.
            </>
          )
        }
      >
        {data === undefined || finished ? null : (
          <ActionButton variant="danger" check={canCancel} busy={busy === 'cancel'} onClick={() => void act('cancel', () => cancelRemediation(id), `Remediation task '${data.name}' canceled.`)}>
            Cancel task
          </ActionButton>
        )}
        {data === undefined || !finished ? null : (
          <ActionButton
            variant="primary"
            check={canWrite}
            busy={busy === 'rerun'}
            title="Deploys again to the subscriptions that are still non-compliant"
            onClick={() => void act('rerun', () => rerunRemediation(data), `Remediation task '${data.name}' started again.`)}
          >
            Re-run
          </ActionButton>
        )}
        {data === undefined || !finished ? null : (
          <ActionButton check={canDelete} busy={busy === 'delete'} onClick={() => void act('delete', () => deleteRemediation(id), `Remediation task '${data.name}' deleted.`)}>
            Delete
          </ActionButton>
        )}
        <RefreshButton loads={[task, deployments]} shows={task} />
        <LiveIndicator state={live} />
      </PageHeader>
      <PolicyNav />
      <p className="policy-breadcrumb">
        <Link to="/policy/remediations">Remediation</Link> <span aria-hidden="true">›</span> {data?.name ?? id.split('/').pop()}
      </p>
      <LoadError what="read the remediation task" error={task.error} />
      {task.loading && data === undefined ? (
        <p className="muted" role="status">
          <span className="spinner" aria-hidden="true" /> Loading the remediation task…
        </p>
      ) : null}
      {data === undefined || status === undefined ? null : (
        <section className="policy-panel" aria-labelledby="remediation-status-heading">
          <div className="policy-panel-header">
            <h2 id="remediation-status-heading">Status</h2>
            <span className="policy-state" data-testid="remediation-state">
              <StatusBadge status={data.properties.provisioningState} />
            </span>
          </div>
          <DeploymentProgress
            label="Remediation progress"
            total={status.totalDeployments}
            succeeded={status.successfulDeployments}
            failed={status.failedDeployments}
            active={!finished}
          />
          {data.properties.statusMessage === undefined ? null : (
            <InlineAlert kind={data.properties.provisioningState === 'Failed' ? 'error' : data.properties.provisioningState === 'Succeeded' ? 'success' : 'info'}>
              {data.properties.statusMessage}
            </InlineAlert>
          )}
        </section>
      )}
      {data === undefined ? null : (
        <section className="policy-panel" aria-labelledby="remediation-deployments-heading">
          <h2 id="remediation-deployments-heading">Deployments</h2>
          <DataTable
            label="Deployments"
            columns={columns}
            rows={deployments.data ?? []}
            rowKey={(deployment) => deployment.deploymentId}
            loading={deployments.loading && deployments.data === undefined}
            {...(deployments.error === undefined ? {} : { error: `Could not list the deployments: ${deployments.error}` })}
            empty={
              <EmptyState title={finished ? 'Nothing was deployed' : 'No deployments yet'}>
                <p>
                  {finished
                    ? 'Every subscription in the scope was compliant when the task ran. If that has changed, evaluate the assignment and re-run the task.'
                    : 'The task is finding the non-compliant subscriptions; deployments appear here as they start.'}
                </p>
              </EmptyState>
            }
          />
        </section>
      )}
      {data === undefined ? null : (
        <section className="policy-panel" aria-labelledby="remediation-details-heading">
          <h2 id="remediation-details-heading">Details</h2>
          <dl className="policy-details policy-details-wide">
            <dt>Assignment</dt>
            <dd>
              <Link to={`/policy/assignment?id=${encodeURIComponent(data.properties.policyAssignmentId)}`}>
                {assignment.data?.properties.displayName ?? data.properties.policyAssignmentId.split('/').pop()}
              </Link>
            </dd>
            <dt>Scope</dt>
            <dd>{scope === undefined ? '' : scopeLabel(scope, scopes.data)}</dd>
            <dt>Discovery</dt>
            <dd>{data.properties.resourceDiscoveryMode === 'ReEvaluateCompliance' ? 'Re-evaluate compliance first' : 'Existing non-compliant subscriptions'}</dd>
            <dt>Parallel deployments</dt>
            <dd>{data.properties.parallelDeployments}</dd>
            <dt>Failure threshold</dt>
            <dd>{Math.round(data.properties.failureThreshold.percentage * 100)}%</dd>
            <dt>Created</dt>
            <dd>{new Date(data.properties.createdOn).toLocaleString()}</dd>
            <dt>Correlation id</dt>
            <dd>
              <code>{data.properties.correlationId}</code>
            </dd>
          </dl>
        </section>
      )}
    </>
  );
}

/** The task with the state and counts of the latest live event, until the stored record is final (then it is the truth). */
function merge(task: Remediation, change: RemediationChange | undefined): Remediation {
  if (change === undefined || change.id.toLowerCase() !== task.id.toLowerCase()) return task;
  if (FINAL_STATES.has(task.properties.provisioningState)) return task;
  return { ...task, properties: { ...task.properties, provisioningState: change.provisioningState, deploymentStatus: change.deploymentStatus } };
}
