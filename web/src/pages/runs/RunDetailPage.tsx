/**
 * One run: its status, times, trigger, what started it and its error; the workflow's graph coloured by each
 * action's status; the actions in definition order, each opening a pane with its inputs, outputs, error and retries.
 * Resubmit and Cancel are offered with the user's permissions; the page re-reads the run as live changes arrive.
 */
import { useCallback, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { sameId } from '../../api/arm-id';
import { errorMessage } from '../../api/client';
import { type Check, useCan } from '../../api/permissions';
import { useLoad } from '../../api/use-load';
import { ActionButton } from '../../components/ActionButton';
import { EmptyState } from '../../components/EmptyState';
import { InlineAlert } from '../../components/InlineAlert';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { StatusBadge } from '../../components/StatusBadge';
import { useToasts } from '../../components/Toasts';
import { WorkflowGraph } from '../../components/workflow-graph/WorkflowGraph';
import { ActionDetailPane, type Selection } from './ActionDetailPane';
import { LiveIndicator } from './LiveIndicator';
import { RunActionsTable } from './RunActionsTable';
import { RunCauseView } from './RunCauseView';
import { Fact } from './RunFact';
import { outlineOf } from './definition-outline';
import { type RunAction, cancelRun, getRun, getWorkflow, listActions, resubmitRun, workflowName } from './run-api';
import { durationBetween, formatTime, isActive } from './run-format';
import { runIdOf, runPath, runsPath } from './run-links';
import { type RunChange, useLiveRuns } from './use-live-runs';
import '../../styles/runs.css';

const RESUBMIT = 'Microsoft.Logic/workflows/runs/resubmit/action';
const CANCEL = 'Microsoft.Logic/workflows/runs/cancel/action';

export function RunDetailPage() {
  const params = useParams();
  const runId = runIdOf(params.sub ?? '', params.rg ?? '', params.workflow ?? '', params.run ?? '');
  const workflowId = runId.replace(/\/runs\/[^/]+$/, '');
  const navigate = useNavigate();
  const toasts = useToasts();

  const run = useLoad(() => getRun(runId), [runId]);
  const actions = useLoad(() => listActions(runId), [runId]);
  const workflow = useLoad(() => getWorkflow(workflowId), [workflowId]);
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState<'resubmit' | 'cancel' | undefined>(undefined);

  const refresh = useCallback(() => {
    run.reload();
    actions.reload();
  }, [run.reload, actions.reload]);
  const onChange = useCallback((change: RunChange) => sameId(change.id, runId) && refresh(), [runId, refresh]);
  const live = useLiveRuns(onChange, refresh);

  const canResubmit = useCan(RESUBMIT, runId);
  const canCancelAt = useCan(CANCEL, runId);
  const status = run.data?.properties.status;
  const canCancel: Check =
    status === undefined ? { state: 'checking', reason: 'Loading the run…' } : !isActive(status) ? { state: 'denied', reason: `The run has already ${status.toLowerCase()}.` } : canCancelAt;

  const definition = workflow.data?.properties.definition;
  const outline = useMemo(() => outlineOf(definition), [definition]);
  const byName = useMemo(() => new Map((actions.data ?? []).map((action) => [action.name.toLowerCase(), action])), [actions.data]);
  const order = useMemo(() => {
    const names = outline.actions.map((item) => item.name);
    const known = new Set(names.map((name) => name.toLowerCase()));
    const extra = (actions.data ?? []).map((action) => action.name).filter((name) => !known.has(name.toLowerCase()));
    return [...(outline.trigger === undefined ? [] : [outline.trigger.name]), ...names, ...extra];
  }, [outline, actions.data]);
  const statuses = useMemo(() => {
    const map: Record<string, string> = {};
    if (outline.trigger !== undefined && run.data !== undefined) map[outline.trigger.name] = 'Succeeded';
    for (const action of actions.data ?? []) map[action.name] = action.properties.status;
    return map;
  }, [actions.data, outline.trigger, run.data]);

  const resubmit = async () => {
    setBusy('resubmit');
    try {
      const answer = await resubmitRun(runId);
      toasts.show('success', `Resubmitted as run ${answer.runId}.`);
      setSelected(undefined);
      void navigate(runPath(answer.workflowId, answer.runId));
    } catch (error) {
      toasts.show('error', `Could not resubmit the run: ${errorMessage(error)}`);
    } finally {
      setBusy(undefined);
    }
  };

  const cancel = async () => {
    setBusy('cancel');
    try {
      await cancelRun(runId);
      toasts.show('success', 'Cancellation requested.');
      refresh();
    } catch (error) {
      toasts.show('error', `Could not cancel the run: ${errorMessage(error)}`);
      refresh();
    } finally {
      setBusy(undefined);
    }
  };

  if (run.data === undefined) {
    const missing = run.error !== undefined && run.loading === false;
    return (
      <>
        <PageHeader title={`Run ${params.run ?? ''}`} description={<BackLink workflowId={workflowId} />} />
        {missing ? (
          <EmptyState title="This run could not be shown">
            <p>
              {run.error} Go back to the <Link to={runsPath(workflowId)}>runs of {workflowName(workflowId)}</Link>.
            </p>
          </EmptyState>
        ) : (
          <p className="muted" role="status">
            <span className="spinner" aria-hidden="true" /> Loading the run…
          </p>
        )}
      </>
    );
  }

  const properties = run.data.properties;
  const runVersion = properties.workflow?.version;
  const currentVersion = workflow.data?.properties.version;
  const selection: Selection | undefined = selectionOf(selected, outline.trigger?.name, byName);

  return (
    <>
      <PageHeader title={`Run ${run.data.name}`} description={<BackLink workflowId={workflowId} />}>
        <ActionButton variant="primary" check={canResubmit} busy={busy === 'resubmit'} onClick={() => void resubmit()}>
          Resubmit
        </ActionButton>
        <ActionButton variant="danger" check={canCancel} busy={busy === 'cancel'} onClick={() => void cancel()}>
          Cancel run
        </ActionButton>
        <ActionButton onClick={refresh} busy={(run.loading || actions.loading) && busy === undefined}>
          Refresh
        </ActionButton>
        <LiveIndicator state={live} />
      </PageHeader>

      <LoadError what="refresh the run" error={run.error} />

      <section className="runs-summary" aria-label="Run summary">
        <dl className="runs-facts">
          <Fact label="Status">
            <StatusBadge status={properties.status} />
          </Fact>
          <Fact label="Workflow">
            <Link to={runsPath(workflowId)} title={`Runs of ${workflowId}`}>
              {workflowName(workflowId)}
            </Link>
            {runVersion === undefined ? null : <span className="muted"> · version {runVersion}</span>}
          </Fact>
          <Fact label="Start">{formatTime(properties.startTime ?? properties.createdTime)}</Fact>
          <Fact label="End">{properties.endTime === undefined ? <span className="muted">{isActive(properties.status) ? 'Still running' : '—'}</span> : formatTime(properties.endTime)}</Fact>
          <Fact label="Duration">{durationBetween(properties.startTime, properties.endTime) ?? <span className="muted">—</span>}</Fact>
          <Fact label="Trigger">{properties.trigger?.name ?? '—'}</Fact>
          <Fact label="Started by">
            <RunCauseView run={run.data} />
          </Fact>
          <Fact label="Correlation">
            <span className="runs-mono runs-break">{String(properties.correlation?.clientTrackingId ?? run.data.name)}</span>
            <span className="muted small"> (client tracking id)</span>
          </Fact>
        </dl>
        {properties.error === undefined ? null : (
          <InlineAlert kind="error" title={properties.error.code ?? 'Error'}>
            {properties.error.message ?? JSON.stringify(properties.error)}
          </InlineAlert>
        )}
      </section>

      <section className="runs-section" aria-labelledby="run-graph-heading">
        <h2 id="run-graph-heading">Workflow</h2>
        {workflow.error !== undefined ? (
          <InlineAlert kind="warning">{`The workflow's graph could not be loaded: ${workflow.error}`}</InlineAlert>
        ) : definition === undefined ? (
          <p className="muted" role="status">
            <span className="spinner" aria-hidden="true" /> Loading the workflow…
          </p>
        ) : (
          <>
            {runVersion !== undefined && currentVersion !== undefined && runVersion !== currentVersion ? (
              <InlineAlert kind="info">
                {`This run used version ${runVersion} of the workflow; the graph shows the current version ${currentVersion}, since the API serves only the current definition. Actions that changed since may be missing from it — the list below has every action of the run.`}
              </InlineAlert>
            ) : null}
            <div className="runs-graph">
              <WorkflowGraph definition={definition} statuses={statuses} {...(selected === undefined ? {} : { selected })} onSelect={setSelected} height={420} />
            </div>
          </>
        )}
      </section>

      <section className="runs-section" aria-labelledby="run-actions-heading">
        <h2 id="run-actions-heading">Actions</h2>
        <RunActionsTable
          actions={actions.data ?? []}
          outline={outline}
          loading={actions.loading}
          {...(actions.error === undefined ? {} : { error: actions.error })}
          active={isActive(properties.status)}
          onOpen={setSelected}
        />
      </section>

      {selection === undefined ? null : <ActionDetailPane selection={selection} run={run.data} outline={outline} order={order} onSelect={setSelected} onClose={() => setSelected(undefined)} />}
    </>
  );
}

function BackLink({ workflowId }: { readonly workflowId: string }) {
  return (
    <>
      <Link to="/runs">All runs</Link> · <Link to={runsPath(workflowId)}>Runs of {workflowName(workflowId)}</Link>
    </>
  );
}


/** What the pane shows: the trigger, an action of the run, or an action of the definition the run has no result for. */
function selectionOf(name: string | undefined, triggerName: string | undefined, actions: ReadonlyMap<string, RunAction>): Selection | undefined {
  if (name === undefined) return undefined;
  if (triggerName !== undefined && name.toLowerCase() === triggerName.toLowerCase()) return { kind: 'trigger', name: triggerName };
  const action = actions.get(name.toLowerCase());
  return action === undefined ? { kind: 'pending', name } : { kind: 'action', action };
}

