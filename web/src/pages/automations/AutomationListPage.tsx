/**
 * The Workflow automation list: every automation the user may read, by subscription, with its scope, status,
 * trigger type and target workflow; enable, disable and delete in the row; "Add workflow automation" opens the pane.
 */
import { useId, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { parseArmId, resourceGroupScope, sameId, subscriptionScope } from '../../api/arm-id';
import { ApiError, errorMessage } from '../../api/client';
import { type Check, useCan } from '../../api/permissions';
import { useMe } from '../../api/session';
import { type Subscription, knownSubscriptions, subscriptionLabel } from '../../api/subscriptions';
import { useLoad } from '../../api/use-load';
import { ActionButton } from '../../components/ActionButton';
import { type Column, DataTable } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { InlineAlert } from '../../components/InlineAlert';
import { PageHeader } from '../../components/PageHeader';
import { StatusBadge } from '../../components/StatusBadge';
import { useToasts } from '../../components/Toasts';
import { AddAutomationPane } from './AddAutomationPane';
import { type AutomationResource, deleteAutomation, listAutomations, setAutomationEnabled } from './automation-api';
import { triggerTypeOf } from './automation-form';

const WRITE = 'Microsoft.Security/automations/write';
const DELETE = 'Microsoft.Security/automations/delete';
const ALL = '';

/** Every automation in the given subscriptions; a subscription the user may not list is left out, not an error. */
async function loadAutomations(subscriptionIds: readonly string[]): Promise<AutomationResource[]> {
  const answers = await Promise.allSettled(subscriptionIds.map((id) => listAutomations(id)));
  const failures = answers.flatMap((answer) => (answer.status === 'rejected' && !(answer.reason instanceof ApiError && answer.reason.status === 403) ? [answer.reason as unknown] : []));
  if (failures.length > 0) throw failures[0];
  return answers.flatMap((answer) => (answer.status === 'fulfilled' ? answer.value : [])).sort((a, b) => a.name.localeCompare(b.name));
}

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
  const shown = useMemo(
    () => (subscriptions.data ?? []).filter((subscription) => selected === ALL || sameId(subscription.subscriptionId, selected)),
    [subscriptions.data, selected],
  );
  const shownIds = shown.map((subscription) => subscription.subscriptionId).join(',');
  const automations = useLoad(() => (subscriptions.data === undefined ? Promise.resolve([]) : loadAutomations(shownIds === '' ? [] : shownIds.split(','))), [subscriptions.data, shownIds]);

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
        <ActionButton
          onClick={() => {
            subscriptions.reload();
            automations.reload();
          }}
          busy={automations.loading && automations.data !== undefined}
        >
          Refresh
        </ActionButton>
      </PageHeader>

      <div className="filters">
        <div className="filter">
          <label className="filter-label" htmlFor={`${filterId}-subscription`}>
            Subscription
          </label>
          <select id={`${filterId}-subscription`} className="input" value={selected} onChange={(event) => chooseSubscription(event.target.value)}>
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
        {automations.data === undefined ? null : (
          <span className="filter-summary" role="status">
            {filtered.length} automation{filtered.length === 1 ? '' : 's'} · {enabledCount} enabled
          </span>
        )}
      </div>

      {subscriptions.error === undefined ? null : <InlineAlert kind="error">{`Could not list subscriptions: ${subscriptions.error}`}</InlineAlert>}
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
      <div className="row-actions row-confirm" role="group" aria-label={`Confirm deleting ${automation.name}`}>
        <span>Delete?</span>
        <ActionButton variant="danger" busy={busy === 'delete'} onClick={() => void run('delete', () => deleteAutomation(automation.id), `Workflow automation '${automation.name}' deleted.`)}>
          Delete
        </ActionButton>
        <ActionButton variant="subtle" onClick={() => setConfirming(false)}>
          Cancel
        </ActionButton>
      </div>
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
