/**
 * The Workflows list: every workflow the user may read across subscriptions, with where it lives, its state, what
 * starts it and when it last changed. Create opens the blank-workflow pane; the gallery deploys a template.
 */
import { useId, useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { parseArmId, sameId } from '../../api/arm-id';
import { ApiError } from '../../api/client';
import { listSubscriptions, subscriptionLabel } from '../../api/subscriptions';
import { useLoad } from '../../api/use-load';
import { classifyTrigger, triggerKindLabels } from '../../api/workflow-trigger';
import { ActionButton } from '../../components/ActionButton';
import { type Column, DataTable } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { InlineAlert } from '../../components/InlineAlert';
import { PageHeader } from '../../components/PageHeader';
import { StatusBadge } from '../../components/StatusBadge';
import { useToasts } from '../../components/Toasts';
import '../../styles/workflows.css';
import { CreateWorkflowPane } from './CreateWorkflowPane';
import { formatTime } from './format';
import { type WorkflowResource, listWorkflows, workflowPage } from './workflow-api';
import { useCanCreateWorkflow } from './workflow-permissions';

const ALL = '';

/** Every workflow in the given subscriptions; a subscription the user may not list is left out, not an error. */
async function loadWorkflows(subscriptionIds: readonly string[]): Promise<WorkflowResource[]> {
  const answers = await Promise.allSettled(subscriptionIds.map((id) => listWorkflows(id)));
  const failures = answers.flatMap((answer) => (answer.status === 'rejected' && !(answer.reason instanceof ApiError && answer.reason.status === 403) ? [answer.reason as unknown] : []));
  if (failures.length > 0) throw failures[0];
  return answers.flatMap((answer) => (answer.status === 'fulfilled' ? answer.value : [])).sort((a, b) => a.name.localeCompare(b.name));
}

export function WorkflowListPage() {
  const toasts = useToasts();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const selected = params.get('subscription') ?? ALL;
  const creating = params.get('create') === 'blank';
  const [nameFilter, setNameFilter] = useState('');
  const filterId = useId();

  const subscriptions = useLoad(listSubscriptions, []);
  const shown = useMemo(
    () => (subscriptions.data ?? []).filter((subscription) => selected === ALL || sameId(subscription.subscriptionId, selected)),
    [subscriptions.data, selected],
  );
  const shownIds = shown.map((subscription) => subscription.subscriptionId).join(',');
  const workflows = useLoad(() => (subscriptions.data === undefined ? Promise.resolve([]) : loadWorkflows(shownIds === '' ? [] : shownIds.split(','))), [subscriptions.data, shownIds]);
  const canCreate = useCanCreateWorkflow(subscriptions.data === undefined ? undefined : shown, selected === ALL ? 'a subscription or resource group' : `subscription ${selected} or one of its resource groups`);
  const noSubscriptions = subscriptions.data !== undefined && subscriptions.data.length === 0;

  const bySubscription = useMemo(() => new Map((subscriptions.data ?? []).map((subscription) => [subscription.subscriptionId.toLowerCase(), subscription])), [subscriptions.data]);
  const filtered = (workflows.data ?? []).filter((workflow) => workflow.name.toLowerCase().includes(nameFilter.trim().toLowerCase()));
  const enabledCount = filtered.filter((workflow) => workflow.properties.state !== 'Disabled').length;

  const setParam = (name: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value === undefined || value === '') next.delete(name);
    else next.set(name, value);
    setParams(next, { replace: true });
  };

  const columns: Column<WorkflowResource>[] = [
    {
      key: 'name',
      header: 'Name',
      className: 'wf-cell-name',
      render: (workflow) => {
        const { subscriptionId = '', resourceGroup = '' } = parseArmId(workflow.id);
        const template = workflow.tags?.['riposte-template'];
        return (
          <div className="cell-stack">
            <Link className="cell-primary" to={workflowPage(subscriptionId, resourceGroup, workflow.name)}>
              {workflow.name}
            </Link>
            {template === undefined ? null : <span className="cell-secondary">From template {template}</span>}
          </div>
        );
      },
    },
    {
      key: 'where',
      header: 'Subscription / resource group',
      render: (workflow) => {
        const { subscriptionId = '', resourceGroup = '' } = parseArmId(workflow.id);
        const subscription = bySubscription.get(subscriptionId.toLowerCase());
        return (
          <div className="cell-stack" title={workflow.id}>
            <span>{subscription === undefined ? subscriptionId : subscription.displayName}</span>
            <span className="cell-secondary">{resourceGroup}</span>
          </div>
        );
      },
    },
    { key: 'state', header: 'State', className: 'cell-nowrap', render: (workflow) => <StatusBadge status={workflow.properties.state} /> },
    { key: 'trigger', header: 'Trigger', render: (workflow) => triggerKindLabels[classifyTrigger(workflow.properties.definition).kind] },
    {
      key: 'changed',
      header: 'Last changed',
      className: 'cell-nowrap',
      render: (workflow) => (
        <span title={workflow.properties.changedTime}>
          {formatTime(workflow.properties.changedTime)}
          {workflow.properties.version === undefined ? null : <span className="cell-secondary"> · v{workflow.properties.version}</span>}
        </span>
      ),
    },
    {
      key: 'runs',
      header: <span className="visually-hidden">Runs</span>,
      className: 'cell-actions',
      render: (workflow) => (
        <Link className="button button-subtle" to={`/runs?workflow=${encodeURIComponent(workflow.id)}`} aria-label={`Runs of ${workflow.name}`}>
          Runs
        </Link>
      ),
    },
  ];

  return (
    <>
      <PageHeader title="Workflows" description="Logic Apps workflow definitions that automations start. Create one blank or from the template gallery, then edit it as a graph and JSON.">
        <ActionButton variant="primary" check={canCreate} onClick={() => setParam('create', 'blank')} icon={<span aria-hidden="true">+ </span>}>
          Create workflow
        </ActionButton>
        <Link className="button" to="/workflows/gallery">
          Template gallery
        </Link>
        <ActionButton
          onClick={() => {
            subscriptions.reload();
            workflows.reload();
          }}
          busy={workflows.loading && workflows.data !== undefined}
        >
          Refresh
        </ActionButton>
      </PageHeader>

      <div className="filters">
        <div className="filter">
          <label className="filter-label" htmlFor={`${filterId}-subscription`}>
            Subscription
          </label>
          <select id={`${filterId}-subscription`} className="input" value={selected} onChange={(event) => setParam('subscription', event.target.value)}>
            <option value={ALL}>All subscriptions</option>
            {(subscriptions.data ?? []).map((subscription) => (
              <option key={subscription.id} value={subscription.subscriptionId}>
                {subscriptionLabel(subscription)}
              </option>
            ))}
          </select>
        </div>
        <div className="filter">
          <label className="filter-label" htmlFor={`${filterId}-name`}>
            Name
          </label>
          <input id={`${filterId}-name`} className="input" type="search" value={nameFilter} placeholder="Filter by name" onChange={(event) => setNameFilter(event.target.value)} />
        </div>
        {workflows.data === undefined ? null : (
          <span className="filter-summary" role="status">
            {filtered.length} workflow{filtered.length === 1 ? '' : 's'} · {enabledCount} enabled
          </span>
        )}
      </div>

      {subscriptions.error === undefined ? null : <InlineAlert kind="error">{`Could not list subscriptions: ${subscriptions.error}`}</InlineAlert>}
      {noSubscriptions ? (
        <EmptyState
          title="No subscriptions yet"
          action={
            <div className="wf-empty-actions">
              <Link className="button button-primary" to="/workflows/gallery">
                Start from a template
              </Link>
              <ActionButton check={canCreate} onClick={() => setParam('create', 'blank')}>
                Create a blank workflow
              </ActionButton>
            </div>
          }
        >
          <p>
            A subscription appears when a workflow, automation or event first names it, or when one is created on the Policy page. Create a workflow (blank or from a
            template) with a new subscription id to start.
          </p>
        </EmptyState>
      ) : (
        <DataTable
          label="Workflows"
          columns={columns}
          rows={filtered}
          rowKey={(workflow) => workflow.id}
          loading={subscriptions.loading || workflows.loading}
          {...(workflows.error === undefined ? {} : { error: `Could not list workflows: ${workflows.error}` })}
          empty={
            nameFilter.trim() !== '' && (workflows.data ?? []).length > 0 ? (
              <EmptyState title="No workflow matches the filter">
                <p>Clear the name filter to see all {workflows.data?.length} workflows.</p>
              </EmptyState>
            ) : (
              <EmptyState
                title="No workflows yet"
                action={
                  <div className="wf-empty-actions">
                    <Link className="button button-primary" to="/workflows/gallery">
                      Start from a template
                    </Link>
                    <ActionButton check={canCreate} onClick={() => setParam('create', 'blank')}>
                      Create a blank workflow
                    </ActionButton>
                  </div>
                }
              >
                <p>Deploy a ready-made security workflow from the template gallery (email the SOC on an alert, open a ticket, post to a channel), or start blank.</p>
              </EmptyState>
            )
          }
        />
      )}

      {creating && subscriptions.data !== undefined ? (
        <CreateWorkflowPane
          subscriptions={subscriptions.data}
          initialSubscriptionId={selected !== ALL ? selected : (subscriptions.data[0]?.subscriptionId ?? '')}
          onClose={() => setParam('create', undefined)}
          onCreated={(workflow) => {
            toasts.show('success', `Workflow '${workflow.name}' created.`);
            const { subscriptionId = '', resourceGroup = '' } = parseArmId(workflow.id);
            void navigate(workflowPage(subscriptionId, resourceGroup, workflow.name));
          }}
        />
      ) : null}
    </>
  );
}
