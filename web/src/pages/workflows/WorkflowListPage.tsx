/**
 * The Workflows list: every workflow the user may read across subscriptions, with where it lives, its state, what
 * starts it and when it last changed. Create opens the blank-workflow pane; the gallery deploys a template.
 */
import { useId, useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { parseArmId } from '../../api/arm-id';
import { listSubscriptions } from '../../api/subscriptions';
import { useLoad } from '../../api/use-load';
import { useSubscriptionList } from '../../api/use-subscription-list';
import { classifyTrigger, triggerKindLabels } from '../../api/workflow-trigger';
import { ActionButton } from '../../components/ActionButton';
import { type Column, DataTable } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { CountSummary, SearchFilter, SubscriptionFilter } from '../../components/list-filters';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { RefreshButton } from '../../components/RefreshButton';
import { StatusBadge } from '../../components/StatusBadge';
import { useToasts } from '../../components/Toasts';
import '../../styles/workflows.css';
import { CreateWorkflowPane } from './CreateWorkflowPane';
import { formatTime } from './format';
import { type WorkflowResource, listWorkflows, workflowPage } from './workflow-api';
import { useCanCreateWorkflow } from './workflow-permissions';

const ALL = '';

export function WorkflowListPage() {
  const toasts = useToasts();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const selected = params.get('subscription') ?? ALL;
  const creating = params.get('create') === 'blank';
  const [nameFilter, setNameFilter] = useState('');
  const filterId = useId();

  const subscriptions = useLoad(listSubscriptions, []);
  const { shown, items: workflows } = useSubscriptionList(subscriptions.data, selected, listWorkflows);
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

  // What an empty page offers: a template or a blank workflow.
  const startActions = (
    <div className="wf-empty-actions">
      <Link className="button button-primary" to="/workflows/gallery">
        Start from a template
      </Link>
      <ActionButton check={canCreate} onClick={() => setParam('create', 'blank')}>
        Create a blank workflow
      </ActionButton>
    </div>
  );

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
        <RefreshButton loads={[subscriptions, workflows]} shows={workflows} />
      </PageHeader>

      <div className="filters">
        <SubscriptionFilter id={`${filterId}-subscription`} value={selected} subscriptions={subscriptions.data} onChange={(value) => setParam('subscription', value)} />
        <SearchFilter id={`${filterId}-name`} label="Name" placeholder="Filter by name" value={nameFilter} onChange={setNameFilter} />
        {workflows.data === undefined ? null : <CountSummary count={filtered.length} noun="workflow" detail={`${enabledCount} enabled`} />}
      </div>

      <LoadError what="list subscriptions" error={subscriptions.error} />
      {noSubscriptions ? (
        <EmptyState
          title="No subscriptions yet"
          action={startActions}
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
                action={startActions}
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
