/** Every remediation task the user may read, newest first, with live progress. */
import { useCallback, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { useLoad } from '../../api/use-load';
import { type Column, DataTable } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { LiveIndicator } from '../../components/policy-progress';
import { scopeLabel, useScopes } from '../../components/policy-scope-picker';
import { RefreshButton } from '../../components/RefreshButton';
import { type PolicyAssignment, type Remediation, listAssignments, listRemediations } from './policy-api';
import { type RemediationChange, useRemediationEvents } from './policy-live';
import { PolicyNav } from './PolicyNav';
import { RemediationLink, remediationStatusColumns } from './remediation-columns';

const orEmptyWhenForbidden = <T,>(error: unknown): T[] => {
  if (error instanceof ApiError && error.status === 403) return [];
  throw error;
};

export function RemediationsPage() {
  const tasks = useLoad(() => listRemediations().catch(orEmptyWhenForbidden<Remediation>), []);
  const assignments = useLoad(() => listAssignments().catch(orEmptyWhenForbidden<PolicyAssignment>), []);
  const scopes = useScopes();
  const [changes, setChanges] = useState<ReadonlyMap<string, RemediationChange>>(new Map());
  const known = useMemo(() => new Set((tasks.data ?? []).map((task) => task.id.toLowerCase())), [tasks.data]);
  const reload = tasks.reload;
  const live = useRemediationEvents(
    useCallback(
      (change: RemediationChange) => {
        // A task this page has not listed yet (started elsewhere) is read in full.
        if (!known.has(change.id.toLowerCase())) reload();
        setChanges((current) => new Map(current).set(change.id.toLowerCase(), change));
      },
      [known, reload],
    ),
    reload,
  );
  const rows = useMemo(
    () =>
      (tasks.data ?? []).map((task) => {
        const change = changes.get(task.id.toLowerCase());
        return change === undefined ? task : { ...task, properties: { ...task.properties, provisioningState: change.provisioningState, deploymentStatus: change.deploymentStatus } };
      }),
    [tasks.data, changes],
  );
  const assignmentName = (id: string) => assignments.data?.find((assignment) => assignment.id.toLowerCase() === id.toLowerCase())?.properties.displayName ?? id.split('/').pop() ?? id;

  const columns: Column<Remediation>[] = [
    {
      key: 'name',
      header: 'Task',
      render: (task) => (
        <div className="cell-stack">
          <RemediationLink task={task} />
          <span className="cell-secondary">{scopeLabel(task.id.replace(/\/providers\/Microsoft\.PolicyInsights\/remediations\/[^/]+$/i, ''), scopes.data)}</span>
        </div>
      ),
    },
    {
      key: 'assignment',
      header: 'Assignment',
      render: (task) => <Link to={`/policy/assignment?id=${encodeURIComponent(task.properties.policyAssignmentId)}`}>{assignmentName(task.properties.policyAssignmentId)}</Link>,
    },
    ...remediationStatusColumns,
  ];

  return (
    <>
      <PageHeader title="Policy" description="Remediation tasks deploy an assignment's automation into the subscriptions that do not comply with it.">
        <RefreshButton loads={[tasks]} shows={tasks} />
        <LiveIndicator state={live} />
      </PageHeader>
      <PolicyNav />
      <DataTable
        label="Remediation tasks"
        columns={columns}
        rows={rows}
        rowKey={(task) => task.id}
        loading={tasks.loading}
        {...(tasks.error === undefined ? {} : { error: `Could not list remediation tasks: ${tasks.error}` })}
        empty={
          <EmptyState title="No remediation tasks yet">
            <p>
              Open an <Link to="/policy">assignment</Link> and choose Create remediation task, or tick &quot;Create a remediation task&quot; when you assign a
              policy.
            </p>
          </EmptyState>
        }
      />
    </>
  );
}
