/**
 * The Workflow automation list: every automation the user may read, by subscription, with its scope, status,
 * trigger type and target workflow; enable, disable and delete in the row; "Add workflow automation" opens the pane.
 */
import { useId, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { parseArmId, resourceGroupScope, subscriptionScope } from '../../api/arm-id';
import { errorMessage } from '../../api/client';
import { type Check, useCan } from '../../api/permissions';
import { useMe } from '../../api/session';
import { type Subscription, knownSubscriptions } from '../../api/subscriptions';
import { useLoad } from '../../api/use-load';
import { useSubscriptionList } from '../../api/use-subscription-list';
import { ActionButton } from '../../components/ActionButton';
import { ConfirmActions } from '../../components/ConfirmActions';
import { type Column, DataTable } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { CountSummary, SearchFilter, SubscriptionFilter } from '../../components/list-filters';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { RefreshButton } from '../../components/RefreshButton';
import { StatusBadge } from '../../components/StatusBadge';
import { useToasts } from '../../components/Toasts';
import { AddAutomationPane } from './AddAutomationPane';
import { type AutomationResource, deleteAutomation, listAutomations, setAutomationEnabled } from './automation-api';
import { triggerTypeOf } from './automation-form';

const WRITE = 'Microsoft.Security/automations/write';
const DELETE = 'Microsoft.Security/automations/delete';
const ALL = '';

export function AutomationListPage() {
  const me = useMe();
  const toasts = useToasts();
  const [params, setParams] = useSearchParams();
  const selected = params.get('subscription') ?? ALL;
  const [nameFilter, setNameFilter] = useState('');
  const [adding, setAdding] = useState(false);
  const filterId = useId();

  const assignmentScopes = me.roleAssignments.map((assignment) => assignment.scope).join('\n');
  const subscriptions = useLoad(() => knownSubscriptions(assignmentScopes.split('\n')), [assignmentScopes]);
  const { shown, items: automations } = useSubscriptionList(subscriptions.data, selected, listAutomations);

  // Add is offered when the user may write automations in a shown subscription or in a resource group of one.
  const writeScopes = useMemo(() => {
    const subscriptionScopes = shown.map((subscription) => subscriptionScope(subscription.subscriptionId));
    const assigned = me.roleAssignments
      .map((assignment) => assignment.scope)
      .filter((scope) => shown.some((subscription) => scope.toLowerCase().startsWith(`${subscriptionScope(subscription.subscriptionId).toLowerCase()}/`)));
    return [...subscriptionScopes, ...assigned];
  }, [shown, me.roleAssignments]);
  const canWriteSomewhere = useCan(WRITE, subscriptions.data === undefined ? undefined : writeScopes, selected === ALL ? 'a subscription or resource group' : `subscription ${selected} or one of its resource groups`);
  const noSubscriptions = subscriptions.data !== undefined && subscriptions.data.length === 0;
  const canAdd: Check = noSubscriptions ? { state: 'denied', reason: 'There is no subscription to add it to yet.' } : canWriteSomewhere;

  const bySubscription = useMemo(() => new Map((subscriptions.data ?? []).map((subscription) => [subscription.subscriptionId.toLowerCase(), subscription])), [subscriptions.data]);
  const filtered = (automations.data ?? []).filter((automation) => automation.name.toLowerCase().includes(nameFilter.trim().toLowerCase()));
  const enabledCount = filtered.filter((automation) => automation.properties.isEnabled).length;

  const chooseSubscription = (value: string) => {
    const next = new URLSearchParams(params);
    if (value === ALL) next.delete('subscription');
    else next.set('subscription', value);
    setParams(next, { replace: true });
  };

  const columns: Column<AutomationResource>[] = [
    {
      key: 'name',
      header: 'Name',
      render: (automation) => (
        <div className="cell-stack">
          <span className="cell-primary">{automation.name}</span>
          {automation.properties.description === undefined ? null : <span className="cell-secondary">{automation.properties.description}</span>}
        </div>
      ),
    },
    { key: 'scope', header: 'Scope', render: (automation) => <ScopeCell automation={automation} subscriptions={bySubscription} /> },
    {
      key: 'status',
      header: 'Status',
      className: 'cell-nowrap',
      render: (automation) => <StatusBadge status={automation.properties.isEnabled ? 'Enabled' : 'Disabled'} />,
    },
    { key: 'trigger', header: 'Trigger type', render: triggerTypeOf },
    { key: 'workflow', header: 'Target workflow', render: (automation) => <WorkflowCell automation={automation} /> },
    {
      key: 'actions',
      header: <span className="visually-hidden">Actions</span>,
      className: 'cell-actions',
      render: (automation) => (
        <RowActions
          automation={automation}
          onChanged={(text) => {
            toasts.show('success', text);
            automations.reload();
          }}
          onFailed={(text) => toasts.show('error', text)}
        />
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title="Workflow automation"
        description="Automations start a workflow when security alerts, recommendations or regulatory compliance changes match their conditions."
      >
        <ActionButton variant="primary" check={canAdd} onClick={() => setAdding(true)} icon={<span aria-hidden="true">+ </span>}>
          Add workflow automation
        </ActionButton>
        <RefreshButton loads={[subscriptions, automations]} shows={automations} />
      </PageHeader>

      <div className="filters">
        <SubscriptionFilter id={`${filterId}-subscription`} value={selected} subscriptions={subscriptions.data} onChange={chooseSubscription} />
        <SearchFilter id={`${filterId}-name`} label="Name" placeholder="Filter by name" value={nameFilter} onChange={setNameFilter} />
        {automations.data === undefined ? null : <CountSummary count={filtered.length} noun="automation" detail={`${enabledCount} enabled`} />}
      </div>

      <LoadError what="list subscriptions" error={subscriptions.error} />
      {noSubscriptions ? (
        <EmptyState title="No subscriptions yet">
          <p>
            A subscription appears when a workflow, automation or event first names it, or when one is created on the Policy page. Create a workflow on the
            Workflows page, then come back to automate it.
          </p>
        </EmptyState>
      ) : (
        <DataTable
          label="Workflow automations"
          columns={columns}
          rows={filtered}
          rowKey={(automation) => automation.id}
          loading={subscriptions.loading || automations.loading}
          {...(automations.error === undefined ? {} : { error: `Could not list automations: ${automations.error}` })}
          empty={
            nameFilter.trim() !== '' && (automations.data ?? []).length > 0 ? (
              <EmptyState title="No automation matches the filter">
                <p>Clear the name filter to see all {automations.data?.length} automations.</p>
              </EmptyState>
            ) : (
              <EmptyState
                title="No workflow automations yet"
                action={
                  <ActionButton variant="primary" check={canAdd} onClick={() => setAdding(true)}>
                    Add workflow automation
                  </ActionButton>
                }
              >
                <p>Add one to start a workflow when an alert, recommendation or compliance assessment matches its conditions.</p>
              </EmptyState>
            )
          }
        />
      )}

      {adding && subscriptions.data !== undefined ? (
        <AddAutomationPane
          subscriptions={subscriptions.data}
          initialSubscriptionId={selected !== ALL ? selected : (subscriptions.data[0]?.subscriptionId ?? '')}
          onClose={() => setAdding(false)}
          onSaved={(automation) => {
            setAdding(false);
            toasts.show('success', `Workflow automation '${automation.name}' created.`);
            automations.reload();
          }}
        />
      ) : null}
    </>
  );
}

function ScopeCell({ automation, subscriptions }: { readonly automation: AutomationResource; readonly subscriptions: ReadonlyMap<string, Subscription> }) {
  const scopes = automation.properties.scopes.length > 0 ? automation.properties.scopes.map((scope) => scope.scopePath) : [subscriptionScope(parseArmId(automation.id).subscriptionId ?? '')];
  return (
    <div className="cell-stack">
      {scopes.map((scope) => {
        const { subscriptionId = '', resourceGroup } = parseArmId(scope);
        const subscription = subscriptions.get(subscriptionId.toLowerCase());
        return (
          <span key={scope} title={scope}>
            {subscription === undefined ? subscriptionId : subscription.displayName}
            {resourceGroup === undefined ? null : <span className="cell-secondary"> / {resourceGroup}</span>}
          </span>
        );
      })}
    </div>
  );
}

function WorkflowCell({ automation }: { readonly automation: AutomationResource }) {
  const targets = automation.properties.actions.flatMap((action) => (action.logicAppResourceId === undefined ? [] : [action.logicAppResourceId]));
  if (targets.length === 0) return <span className="muted">None</span>;
  return (
    <div className="cell-stack">
      {targets.map((id) => {
        const { name, resourceGroup } = parseArmId(id);
        return (
          <span key={id} title={id}>
            {name}
            {resourceGroup === undefined ? null : <span className="cell-secondary"> ({resourceGroup})</span>}
          </span>
        );
      })}
    </div>
  );
}

interface RowActionsProps {
  readonly automation: AutomationResource;
  readonly onChanged: (text: string) => void;
  readonly onFailed: (text: string) => void;
}

function RowActions({ automation, onChanged, onFailed }: RowActionsProps) {
  const { subscriptionId = '', resourceGroup = '' } = parseArmId(automation.id);
  const scope = resourceGroupScope(subscriptionId, resourceGroup);
  const canWrite = useCan(WRITE, scope);
  const canDelete = useCan(DELETE, scope);
  const [busy, setBusy] = useState<'toggle' | 'delete' | undefined>(undefined);
  const [confirming, setConfirming] = useState(false);
  const enabled = automation.properties.isEnabled;

  const run = async (kind: 'toggle' | 'delete', action: () => Promise<unknown>, done: string) => {
    setBusy(kind);
    try {
      await action();
      onChanged(done);
    } catch (error) {
      onFailed(`${automation.name}: ${errorMessage(error)}`);
    } finally {
      setBusy(undefined);
      setConfirming(false);
    }
  };

  if (confirming) {
    return (
      <ConfirmActions
        label={`Confirm deleting ${automation.name}`}
        question="Delete?"
        confirm="Delete"
        busy={busy === 'delete'}
        onConfirm={() => void run('delete', () => deleteAutomation(automation.id), `Workflow automation '${automation.name}' deleted.`)}
        onCancel={() => setConfirming(false)}
      />
    );
  }
  return (
    <div className="row-actions">
      <ActionButton
        variant="subtle"
        reason="tooltip"
        check={canWrite}
        busy={busy === 'toggle'}
        aria-label={`${enabled ? 'Disable' : 'Enable'} ${automation.name}`}
        onClick={() => void run('toggle', () => setAutomationEnabled(automation, !enabled), `Workflow automation '${automation.name}' ${enabled ? 'disabled' : 'enabled'}.`)}
      >
        {enabled ? 'Disable' : 'Enable'}
      </ActionButton>
      <ActionButton variant="subtle" reason="tooltip" check={canDelete} aria-label={`Delete ${automation.name}`} onClick={() => setConfirming(true)}>
        Delete
      </ActionButton>
    </div>
  );
}
