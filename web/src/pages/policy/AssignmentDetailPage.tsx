/**
 * One policy assignment: what it assigns where, the compliance of each subscription under it (with the reason a
 * subscription is NonCompliant), "Evaluate now", its remediation tasks with live progress, and a new task.
 */
import { useCallback, useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError, errorMessage } from '../../api/client';
import { useCan } from '../../api/permissions';
import { useLoad } from '../../api/use-load';
import { ActionButton } from '../../components/ActionButton';
import { ConfirmActions } from '../../components/ConfirmActions';
import { type Column, DataTable } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { ComplianceBar, LiveIndicator } from '../../components/policy-progress';
import { scopeLabel, useScopes } from '../../components/policy-scope-picker';
import { RefreshButton } from '../../components/RefreshButton';
import { StatusBadge } from '../../components/StatusBadge';
import { useToasts } from '../../components/Toasts';
import { definitionOf, displayValue, orderedParameters } from './assignment-form';
import { NewRemediationPane } from './NewRemediationPane';
import { FINAL_STATES, type PolicyState, type Remediation, assignmentStates, deleteAssignment, getAssignment, listDefinitions, listRemediations, triggerEvaluation } from './policy-api';
import { type RemediationChange, useRemediationEvents } from './policy-live';
import { PolicyNav } from './PolicyNav';
import { RemediationLink, remediationStatusColumns } from './remediation-columns';

const EVALUATE = 'Microsoft.PolicyInsights/policyStates/triggerEvaluation/action';
const REMEDIATE = 'Microsoft.PolicyInsights/remediations/write';
const DELETE = 'Microsoft.Authorization/policyAssignments/delete';

export function AssignmentDetailPage() {
  const [params] = useSearchParams();
  const id = params.get('id') ?? '';
  const navigate = useNavigate();
  const toasts = useToasts();
  const assignment = useLoad(() => getAssignment(id), [id]);
  const states = useLoad(() => assignmentStates(id), [id]);
  const definitions = useLoad(listDefinitions, []);
  const scopes = useScopes();
  const tasks = useLoad(
    () =>
      listRemediations().then(
        (all) => all.filter((task) => task.properties.policyAssignmentId.toLowerCase() === id.toLowerCase()),
        (error: unknown) => (error instanceof ApiError && error.status === 403 ? [] : Promise.reject(error)),
      ),
    [id],
  );
  const [changes, setChanges] = useState<ReadonlyMap<string, RemediationChange>>(new Map());
  const [creating, setCreating] = useState(false);
  const [evaluating, setEvaluating] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [deleting, setDeleting] = useState(false);

  const scope = assignment.data?.properties.scope;
  const where = scope === undefined ? undefined : scopeLabel(scope, scopes.data);
  const canEvaluate = useCan(EVALUATE, scope, where);
  const canRemediate = useCan(REMEDIATE, scope, where);
  // At the assignment's scope: the permissions route has no form for resources under a management group.
  const canDelete = useCan(DELETE, scope, where);

  const reloadTasks = tasks.reload;
  const reloadStates = states.reload;
  const live = useRemediationEvents(
    useCallback(
      (change: RemediationChange) => {
        setChanges((current) => new Map(current).set(change.id.toLowerCase(), change));
        // A finished task changed compliance: show the new states.
        if (FINAL_STATES.has(change.provisioningState)) reloadStates();
      },
      [reloadStates],
    ),
    () => {
      reloadTasks();
      reloadStates();
    },
  );

  const shownTasks = useMemo(
    () =>
      (tasks.data ?? []).map((task) => {
        const change = changes.get(task.id.toLowerCase());
        return change === undefined ? task : { ...task, properties: { ...task.properties, provisioningState: change.provisioningState, deploymentStatus: change.deploymentStatus } };
      }),
    [tasks.data, changes],
  );
  const sortedStates = useMemo(() => [...(states.data ?? [])].sort((a, b) => Number(a.isCompliant) - Number(b.isCompliant) || a.subscriptionId.localeCompare(b.subscriptionId)), [states.data]);
  const compliant = sortedStates.filter((state) => state.isCompliant).length;

  const evaluate = async () => {
    if (scope === undefined) return;
    setEvaluating(true);
    try {
      await triggerEvaluation(scope);
      toasts.show('success', 'Compliance evaluated.');
      states.reload();
    } catch (error) {
      toasts.show('error', `Could not evaluate: ${errorMessage(error)}`);
    } finally {
      setEvaluating(false);
    }
  };

  const remove = async () => {
    setDeleting(true);
    try {
      await deleteAssignment(id);
      toasts.show('success', `Assignment '${assignment.data?.properties.displayName ?? id}' deleted, with its managed identity.`);
      void navigate('/policy');
    } catch (error) {
      toasts.show('error', `Could not delete the assignment: ${errorMessage(error)}`);
      setDeleting(false);
      setConfirmDelete(false);
    }
  };

  if (id === '') {
    return (
      <EmptyState title="No assignment chosen" action={<Link to="/policy">Go to the assignments</Link>}>
        <p>Open an assignment from the Policy page.</p>
      </EmptyState>
    );
  }

  const data = assignment.data;
  const definition = data === undefined ? undefined : definitionOf(data, definitions.data);
  const subscriptionName = (subscriptionId: string) =>
    scopes.data?.subscriptions.find((subscription) => subscription.subscriptionId.toLowerCase() === subscriptionId.toLowerCase())?.displayName ?? subscriptionId;
  const stateColumns: Column<PolicyState>[] = [
    {
      key: 'subscription',
      header: 'Subscription',
      render: (state) => (
        <div className="cell-stack">
          <span className="cell-primary">{subscriptionName(state.subscriptionId)}</span>
          <span className="cell-secondary">{state.subscriptionId}</span>
        </div>
      ),
    },
    { key: 'state', header: 'Compliance state', className: 'cell-nowrap', render: (state) => <StatusBadge status={state.complianceState} label={state.complianceState === 'NonCompliant' ? 'Non-compliant' : state.complianceState} /> },
    { key: 'reason', header: 'Reason', render: (state) => state.complianceReason ?? (state.isCompliant ? <span className="muted">The automation exists and matches the parameters.</span> : '') },
    { key: 'time', header: 'Last evaluated', className: 'cell-nowrap', render: (state) => new Date(state.timestamp).toLocaleString() },
  ];
  const taskColumns: Column<Remediation>[] = [
    {
      key: 'name',
      header: 'Task',
      render: (task) => <RemediationLink task={task} />,
    },
    ...remediationStatusColumns,
  ];

  return (
    <>
      <PageHeader
        title={data?.properties.displayName ?? 'Policy assignment'}
        description={data === undefined ? undefined : `Assigns "${definition?.properties.displayName ?? data.properties.policyDefinitionId}" at ${scopeLabel(data.properties.scope, scopes.data)}.`}
      >
        <ActionButton variant="primary" check={canRemediate} disabled={data === undefined} onClick={() => setCreating(true)}>
          Create remediation task
        </ActionButton>
        <ActionButton check={canEvaluate} busy={evaluating} onClick={() => void evaluate()}>
          Evaluate now
        </ActionButton>
        {confirmDelete ? (
          <ConfirmActions
            label="Confirm deleting the assignment"
            question="Delete this assignment and its managed identity?"
            confirm="Delete"
            busy={deleting}
            onConfirm={() => void remove()}
            onCancel={() => setConfirmDelete(false)}
          />
        ) : (
          <ActionButton check={canDelete} onClick={() => setConfirmDelete(true)}>
            Delete assignment
          </ActionButton>
        )}
        <RefreshButton loads={[assignment, states, tasks]} shows={states} />
      </PageHeader>
      <PolicyNav />
      <p className="policy-breadcrumb">
        <Link to="/policy">Assignments</Link> <span aria-hidden="true">›</span> {data?.name ?? id.split('/').pop()}
      </p>
      <LoadError what="read the assignment" error={assignment.error} />
      {assignment.loading && data === undefined ? (
        <p className="muted" role="status">
          <span className="spinner" aria-hidden="true" /> Loading the assignment…
        </p>
      ) : null}

      {data === undefined ? null : (
        <section className="policy-panel" aria-labelledby="assignment-compliance-heading">
          <h2 id="assignment-compliance-heading">Compliance</h2>
          <ComplianceBar compliant={compliant} total={sortedStates.length} />
          <p className="small muted">
            A subscription is compliant when the automation named by the parameters exists in its resource group, is enabled, and its rules match
            them.
          </p>
          <DataTable
            label="Compliance by subscription"
            columns={stateColumns}
            rows={sortedStates}
            rowKey={(state) => state.resourceId}
            loading={states.loading}
            {...(states.error === undefined ? {} : { error: `Could not read compliance: ${states.error}` })}
            empty={
              <EmptyState title="No subscription evaluated yet">
                <p>Place subscriptions in {scopeLabel(data.properties.scope, scopes.data)}, or press Evaluate now.</p>
              </EmptyState>
            }
          />
        </section>
      )}

      {data === undefined ? null : (
        <div className="policy-columns policy-columns-even">
          <section className="policy-panel" aria-labelledby="assignment-overview-heading">
            <h2 id="assignment-overview-heading">Overview</h2>
            <dl className="policy-details">
              <dt>Scope</dt>
              <dd title={data.properties.scope}>{scopeLabel(data.properties.scope, scopes.data)}</dd>
              <dt>Exclusions</dt>
              <dd>{data.properties.notScopes.length === 0 ? 'None' : data.properties.notScopes.map((notScope) => scopeLabel(notScope, scopes.data)).join(', ')}</dd>
              <dt>Definition</dt>
              <dd>{definition?.properties.displayName ?? data.properties.policyDefinitionId}</dd>
              <dt>Enforcement</dt>
              <dd>{data.properties.enforcementMode === 'DoNotEnforce' ? 'Disabled (DoNotEnforce)' : 'Enabled'}</dd>
              {data.properties.description === undefined ? null : (
                <>
                  <dt>Description</dt>
                  <dd>{data.properties.description}</dd>
                </>
              )}
              <dt>Managed identity</dt>
              <dd>
                <code>{data.identity?.principalId ?? 'none'}</code>
                <div className="cell-secondary">Contributor at the scope; deployments run as it.</div>
              </dd>
              {data.properties.metadata === undefined ? null : (
                <>
                  <dt>Created</dt>
                  <dd>{new Date(data.properties.metadata.createdOn).toLocaleString()}</dd>
                </>
              )}
            </dl>
          </section>
          <section className="policy-panel" aria-labelledby="assignment-parameters-heading">
            <h2 id="assignment-parameters-heading">Parameters</h2>
            <dl className="policy-details">
              {(definition === undefined ? Object.keys(data.properties.parameters).map((name) => [name, undefined] as const) : orderedParameters(definition)).map(([name, parameter]) => (
                <div key={name} className="policy-details-row">
                  <dt>{parameter?.metadata.displayName ?? name}</dt>
                  <dd className="policy-break">
                    {displayValue(data.properties.parameters[name]?.value ?? parameter?.defaultValue)}
                    {data.properties.parameters[name] === undefined && parameter !== undefined ? <span className="cell-secondary"> (default)</span> : null}
                  </dd>
                </div>
              ))}
            </dl>
          </section>
        </div>
      )}

      {data === undefined ? null : (
        <section className="policy-panel" aria-labelledby="assignment-tasks-heading">
          <div className="policy-panel-header">
            <h2 id="assignment-tasks-heading">Remediation tasks</h2>
            <LiveIndicator state={live} />
          </div>
          <DataTable
            label="Remediation tasks of this assignment"
            columns={taskColumns}
            rows={shownTasks}
            rowKey={(task) => task.id}
            loading={tasks.loading}
            {...(tasks.error === undefined ? {} : { error: `Could not list remediation tasks: ${tasks.error}` })}
            empty={
              <EmptyState
                title="No remediation tasks yet"
                action={
                  <ActionButton check={canRemediate} onClick={() => setCreating(true)}>
                    Create remediation task
                  </ActionButton>
                }
              >
                <p>Subscriptions that were in the scope before the assignment stay non-compliant until a remediation task deploys the automation to them.</p>
              </EmptyState>
            }
          />
        </section>
      )}

      {creating && data !== undefined ? (
        <NewRemediationPane
          assignment={data}
          subscriptions={sortedStates.map((state) => ({ id: state.resourceId, nonCompliant: !state.isCompliant }))}
          scopes={scopes.data}
          onClose={() => setCreating(false)}
          onCreated={(task) => {
            setCreating(false);
            toasts.show('success', `Remediation task '${task.name}' started.`);
            void navigate(`/policy/remediation?id=${encodeURIComponent(task.id)}`);
          }}
        />
      ) : null}
    </>
  );
}
