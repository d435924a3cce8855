/**
 * Run history: the newest runs of every workflow the user may read (or of one, `?workflow=<id>`), with status,
 * start, duration, trigger and what started them. Rows update and new runs appear live from `GET /api/live`.
 */
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { sameId } from '../../api/arm-id';
import { ApiError, errorMessage } from '../../api/client';
import { useLoad } from '../../api/use-load';
import { ActionButton } from '../../components/ActionButton';
import { type Column, DataTable } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { InlineAlert } from '../../components/InlineAlert';
import { CountSummary, SelectFilter } from '../../components/list-filters';
import { PageHeader } from '../../components/PageHeader';
import { StatusBadge } from '../../components/StatusBadge';
import { RunCauseView } from './RunCauseView';
import { type RunResource, type WorkflowRef, getRun, listRuns, listWorkflows, newestFirst, olderRuns, workflowIdOfRun, workflowName } from './run-api';
import { durationBetween, formatTime, isActive } from './run-format';
import { runPath, runsPath } from './run-links';
import { LiveIndicator } from './LiveIndicator';
import { type RunChange, useLiveRuns } from './use-live-runs';
import '../../styles/runs.css';

/** Runs shown at most (newest first); a note says when there are more. */
export const RUN_CAP = 100;
const ALL = '';

const STATUS_FILTERS = [
  { value: ALL, label: 'All statuses' },
  { value: 'active', label: 'Queued or running' },
  { value: 'succeeded', label: 'Succeeded' },
  { value: 'failed', label: 'Failed' },
  { value: 'cancelled', label: 'Cancelled' },
] as const;

function matchesStatus(run: RunResource, filter: string): boolean {
  if (filter === ALL) return true;
  if (filter === 'active') return isActive(run.properties.status);
  return run.properties.status.toLowerCase() === filter;
}

export function RunListPage() {
  const [params, setParams] = useSearchParams();
  const workflowFilter = params.get('workflow') ?? ALL;
  const [statusFilter, setStatusFilter] = useState<string>(ALL);
  const filterId = useId();

  const workflows = useLoad(listWorkflows, []);
  const ids = workflowFilter !== ALL ? [workflowFilter] : (workflows.data ?? []).map((workflow) => workflow.id);
  const idsKey = ids.join('\n');
  // With one workflow chosen its runs load at once, without waiting for (or reloading after) the workflow list.
  const listed = workflowFilter === ALL ? workflows.data : undefined;
  const history = useLoad(
    () => (workflowFilter === ALL && listed === undefined ? Promise.resolve(undefined) : listRuns(idsKey === '' ? [] : idsKey.split('\n'), RUN_CAP)),
    [idsKey, workflowFilter, listed],
  );

  // The rows: the loaded history, then live changes on top of it.
  const [runs, setRuns] = useState<readonly RunResource[]>([]);
  const [nextLink, setNextLink] = useState<string | undefined>(undefined);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [olderError, setOlderError] = useState<string | undefined>(undefined);
  useEffect(() => {
    if (history.data === undefined) return;
    setRuns(history.data.runs);
    setNextLink(history.data.nextLink);
    setOlderError(undefined);
  }, [history.data]);

  // A run's latest request wins: answers to earlier ones (for an earlier change) are dropped.
  const requests = useRef(new Map<string, number>());
  const onChange = useCallback(
    (change: RunChange) => {
      if (workflowFilter !== ALL && !sameId(change.workflowId, workflowFilter)) return;
      const key = change.id.toLowerCase();
      const request = (requests.current.get(key) ?? 0) + 1;
      requests.current.set(key, request);
      getRun(change.id).then(
        (run) => {
          if (requests.current.get(key) !== request) return;
          setRuns((current) => [...current.filter((row) => !sameId(row.id, run.id)), run].sort(newestFirst));
        },
        (error: unknown) => {
          if (requests.current.get(key) !== request || (error instanceof ApiError && error.status === 404)) return;
          // Could not read it: at least show the new status on a row already there.
          setRuns((current) => current.map((row) => (sameId(row.id, change.id) ? patch(row, change) : row)));
        },
      );
    },
    [workflowFilter],
  );
  const live = useLiveRuns(onChange, history.reload);

  const loadOlder = async () => {
    if (nextLink === undefined) return;
    setLoadingOlder(true);
    setOlderError(undefined);
    try {
      const page = await olderRuns(nextLink);
      setRuns((current) => {
        const known = new Set(current.map((run) => run.id.toLowerCase()));
        return [...current, ...page.value.filter((run) => !known.has(run.id.toLowerCase()))].sort(newestFirst);
      });
      setNextLink(page.nextLink);
    } catch (error) {
      setOlderError(errorMessage(error));
    } finally {
      setLoadingOlder(false);
    }
  };

  const chooseWorkflow = (value: string) => {
    const next = new URLSearchParams(params);
    if (value === ALL) next.delete('workflow');
    else next.set('workflow', value);
    setParams(next, { replace: true });
  };

  const workflowOptions = useMemo(() => withFilter(workflows.data ?? [], workflowFilter), [workflows.data, workflowFilter]);
  // Ids compare case-insensitively: select the option spelled as the list spells it.
  const selectedWorkflow = workflowOptions.find((workflow) => sameId(workflow.id, workflowFilter))?.id ?? workflowFilter;
  const shown = runs.filter((run) => matchesStatus(run, statusFilter));
  const failedCount = runs.filter((run) => run.properties.status === 'Failed').length;
  const noWorkflows = workflowFilter === ALL && workflows.data !== undefined && workflows.data.length === 0;
  const loading = history.loading || (workflowFilter === ALL && workflows.loading);
  const error = workflows.error ?? history.error;
  const filteredName = workflowFilter === ALL ? undefined : workflowName(workflowFilter);

  const columns: Column<RunResource>[] = [
    { key: 'status', header: 'Status', className: 'cell-nowrap', render: (run) => <StatusBadge status={run.properties.status} /> },
    {
      key: 'start',
      header: 'Start time',
      render: (run) => (
        <div className="cell-stack">
          <Link to={runPath(run.id)} className="cell-primary" aria-label={`Run ${run.name} of ${workflowName(workflowIdOfRun(run.id))}, ${run.properties.status}`}>
            {formatTime(run.properties.startTime ?? run.properties.createdTime)}
          </Link>
          <span className="cell-secondary runs-mono">{run.name}</span>
        </div>
      ),
    },
    {
      key: 'duration',
      header: 'Duration',
      className: 'cell-nowrap',
      render: (run) => durationBetween(run.properties.startTime, run.properties.endTime) ?? <span className="muted">{isActive(run.properties.status) ? 'In progress' : '—'}</span>,
    },
    {
      key: 'workflow',
      header: 'Workflow',
      render: (run) => {
        const workflowId = workflowIdOfRun(run.id);
        return (
          <div className="cell-stack">
            <span>{workflowName(workflowId)}</span>
            {workflowFilter === ALL ? (
              <Link to={runsPath(workflowId)} className="cell-secondary" aria-label={`Only runs of ${workflowName(workflowId)}`}>
                Only this workflow
              </Link>
            ) : null}
          </div>
        );
      },
    },
    { key: 'trigger', header: 'Trigger', render: (run) => <span className="runs-break">{run.properties.trigger?.name ?? '—'}</span> },
    { key: 'cause', header: 'Started by', render: (run) => <RunCauseView run={run} compact /> },
  ];

  return (
    <>
      <PageHeader
        title={filteredName === undefined ? 'Runs' : `Runs of ${filteredName}`}
        description="Every run of the workflows you may read, newest first: whether it succeeded, how long it took and what started it."
      >
        <ActionButton
          onClick={() => {
            workflows.reload();
            history.reload();
          }}
          busy={loading && history.data !== undefined}
        >
          Refresh
        </ActionButton>
      </PageHeader>

      <div className="filters">
        <SelectFilter
          id={`${filterId}-workflow`}
          label="Workflow"
          value={selectedWorkflow}
          all="All workflows"
          options={workflowOptions.map((workflow) => ({ value: workflow.id, label: workflow.resourceGroup === '' ? workflow.name : `${workflow.name} (${workflow.resourceGroup})` }))}
          onChange={chooseWorkflow}
        />
        <SelectFilter id={`${filterId}-status`} label="Status" value={statusFilter} options={STATUS_FILTERS} onChange={setStatusFilter} />
        {history.data === undefined ? null : <CountSummary count={shown.length} noun="run" detail={`${failedCount} failed`} />}
        <LiveIndicator state={live} />
      </div>

      {history.data !== undefined && history.data.failures.length > 0 ? (
        <InlineAlert kind="warning" title="Some workflows' runs could not be read">
          {history.data.failures.join(' ')}
        </InlineAlert>
      ) : null}

      {noWorkflows ? (
        <EmptyState title="No workflows yet">
          <p>
            Runs appear here once a workflow runs. Create a workflow on the <Link to="/workflows">Workflows</Link> page, then start it from a{' '}
            <Link to="/automations">workflow automation</Link>, from an alert or recommendation, or by calling its Request trigger.
          </p>
        </EmptyState>
      ) : (
        <DataTable
          label="Runs"
          columns={columns}
          rows={shown}
          rowKey={(run) => run.id}
          loading={loading}
          {...(error === undefined ? {} : { error: `Could not list runs: ${error}` })}
          empty={
            runs.length > 0 ? (
              <EmptyState title="No run matches the filter">
                <p>Choose “All statuses” to see all {runs.length} runs.</p>
              </EmptyState>
            ) : (
              <EmptyState title={filteredName === undefined ? 'No runs yet' : `${filteredName} has not run yet`}>
                <p>
                  A run appears here as soon as it starts: when a <Link to="/automations">workflow automation</Link> matches an event, when you trigger a
                  workflow from an alert or recommendation, or when its Request trigger is called. This page updates by itself.
                </p>
              </EmptyState>
            )
          }
        />
      )}

      {history.data?.capped === true && nextLink === undefined && workflowFilter === ALL ? (
        <p className="runs-note" role="note">
          Showing the newest {RUN_CAP} runs across all workflows. Choose a workflow to see its older runs.
        </p>
      ) : null}
      {nextLink === undefined ? null : (
        <div className="runs-more">
          <span className="muted">Showing the newest {runs.length} runs of this workflow.</span>
          <ActionButton onClick={() => void loadOlder()} busy={loadingOlder}>
            Load older runs
          </ActionButton>
          {olderError === undefined ? null : <InlineAlert kind="error">{`Could not load older runs: ${olderError}`}</InlineAlert>}
        </div>
      )}
    </>
  );
}

/** A row with a live change's status and times, when the run itself could not be re-read. */
function patch(run: RunResource, change: RunChange): RunResource {
  return {
    ...run,
    properties: {
      ...run.properties,
      status: change.status,
      ...(change.startTime === null ? {} : { startTime: change.startTime }),
      ...(change.endTime === null ? {} : { endTime: change.endTime }),
    },
  };
}

/** The workflow options, with the filtered workflow even when the list does not (yet) hold it. */
function withFilter(workflows: readonly WorkflowRef[], filter: string): readonly WorkflowRef[] {
  if (filter === ALL || workflows.some((workflow) => sameId(workflow.id, filter))) return workflows;
  return [...workflows, { id: filter, name: workflowName(filter), resourceGroup: '', subscriptionId: '' }];
}
