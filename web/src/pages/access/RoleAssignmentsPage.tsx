/**
 * Role assignments at a scope: pick the tenant root, a management group, a subscription or one of its resource
 * groups, and see who holds which role there — assigned at it, inherited from above, or assigned below it — with
 * the principal's name. Add one (principal, role, scope) and remove one, each only when the user may.
 */
import { useId, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { resourceGroupScope } from '../../api/arm-id';
import { ApiError, errorMessage } from '../../api/client';
import { clearPermissions, useCan } from '../../api/permissions';
import { useMe } from '../../api/session';
import { listResourceGroups } from '../../api/subscriptions';
import { useLoad } from '../../api/use-load';
import { ActionButton } from '../../components/ActionButton';
import { ConfirmActions } from '../../components/ConfirmActions';
import { type Column, DataTable } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { TENANT_ROOT, ScopeSelect, ancestorsOf, scopeLabel, useScopes } from '../../components/policy-scope-picker';
import { RefreshButton } from '../../components/RefreshButton';
import { useToasts } from '../../components/Toasts';
import { AccessNav } from './AccessNav';
import { type PrincipalInfo, type RoleAssignment, deleteRoleAssignment, listPrincipals, listRoleAssignments, relation } from './access-api';
import { AddRoleAssignmentPane } from './AddRoleAssignmentPane';

const WRITE = 'Microsoft.Authorization/roleAssignments/write';
const DELETE = 'Microsoft.Authorization/roleAssignments/delete';
const relationText = { here: 'This scope', inherited: 'Inherited', below: 'Below' } as const;

export function RoleAssignmentsPage() {
  const me = useMe();
  const toasts = useToasts();
  const [params, setParams] = useSearchParams();
  // Where the user holds a role is where they most likely want to look: the root when they hold one there.
  const home = me.roleAssignments.some((assignment) => assignment.scope === TENANT_ROOT) ? TENANT_ROOT : (me.roleAssignments[0]?.scope ?? TENANT_ROOT);
  const scope = params.get('scope') ?? home;
  const rgMatch = /^(\/subscriptions\/[^/]+)\/resourceGroups\/([^/]+)$/i.exec(scope);
  const base = rgMatch?.[1] ?? scope;
  const resourceGroup = rgMatch?.[2] ?? '';
  const subscriptionId = /^\/subscriptions\/([^/]+)$/i.exec(base)?.[1];
  const [filter, setFilter] = useState('');
  const [adding, setAdding] = useState(false);
  const filterId = useId();

  const scopes = useScopes();
  const groups = useLoad(() => (subscriptionId === undefined ? Promise.resolve([]) : listResourceGroups(subscriptionId)), [subscriptionId]);
  const assignments = useLoad(() => listRoleAssignments(scope), [scope]);
  // null: the user may not list principals (403); ids are shown instead of names.
  const principals = useLoad(() => listPrincipals().catch((error: unknown) => (error instanceof ApiError && error.status === 403 ? null : Promise.reject(error))), []);
  const canAdd = useCan(WRITE, scope, scopeLabel(scope, scopes.data));

  const byId = useMemo(() => new Map((principals.data ?? []).map((principal) => [principal.id, principal])), [principals.data]);
  const ancestors = useMemo(() => ancestorsOf(scope, scopes.data), [scope, scopes.data]);
  const choose = (next: string) => {
    const query = new URLSearchParams(params);
    query.set('scope', next);
    setParams(query, { replace: true });
  };

  const rows = useMemo(() => {
    const text = filter.trim().toLowerCase();
    const order = { here: 0, inherited: 1, below: 2 } as const;
    return (assignments.data ?? [])
      .filter((assignment) => {
        if (text === '') return true;
        const principal = byId.get(assignment.properties.principalId);
        return [principal?.name ?? '', assignment.properties.principalId, assignment.properties.roleName].some((value) => value.toLowerCase().includes(text));
      })
      .sort(
        (a, b) =>
          order[relation(a.properties.scope, scope, ancestors)] - order[relation(b.properties.scope, scope, ancestors)] ||
          (byId.get(a.properties.principalId)?.name ?? a.properties.principalId).localeCompare(byId.get(b.properties.principalId)?.name ?? b.properties.principalId),
      );
  }, [assignments.data, filter, byId, scope, ancestors]);

  const columns: Column<RoleAssignment>[] = [
    { key: 'principal', header: 'Principal', render: (assignment) => <PrincipalCell assignment={assignment} principal={byId.get(assignment.properties.principalId)} meId={me.principal.id} /> },
    { key: 'role', header: 'Role', render: (assignment) => <span className="cell-primary">{assignment.properties.roleName || assignment.properties.roleDefinitionId.split('/').pop()}</span> },
    {
      key: 'scope',
      header: 'Scope',
      render: (assignment) => (
        <div className="cell-stack">
          <span title={assignment.properties.scope}>{scopeLabel(assignment.properties.scope, scopes.data)}</span>
          <span className="access-inherited">{relationText[relation(assignment.properties.scope, scope, ancestors)]}</span>
        </div>
      ),
    },
    { key: 'created', header: 'Assigned', className: 'cell-nowrap', render: (assignment) => new Date(assignment.properties.createdOn).toLocaleDateString() },
    {
      key: 'actions',
      header: <span className="visually-hidden">Actions</span>,
      className: 'cell-actions',
      render: (assignment) => (
        <RemoveButton
          assignment={assignment}
          label={`${byId.get(assignment.properties.principalId)?.name ?? assignment.properties.principalId} as ${assignment.properties.roleName}`}
          onRemoved={(text) => {
            clearPermissions();
            toasts.show('success', text);
            assignments.reload();
          }}
          onFailed={(text) => toasts.show('error', text)}
        />
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title="Access control"
        description="Who may do what where: a role assigned at a scope applies there and to everything below it (management groups, subscriptions, resource groups, resources)."
      >
        <ActionButton variant="primary" check={canAdd} onClick={() => setAdding(true)} icon={<span aria-hidden="true">+ </span>}>
          Add role assignment
        </ActionButton>
        <RefreshButton loads={[assignments]} shows={assignments} />
      </PageHeader>
      <AccessNav />
      <div className="access-scope-bar">
        <ScopeSelect label="Scope" value={base} onChange={choose} scopes={scopes.data} includeRoot />
        {subscriptionId === undefined ? null : (
          <div className="field">
            <label className="field-label" htmlFor={`${filterId}-rg`}>
              Resource group
            </label>
            <select
              id={`${filterId}-rg`}
              className="input"
              value={resourceGroup}
              onChange={(event) => choose(event.target.value === '' ? base : resourceGroupScope(subscriptionId, event.target.value))}
            >
              <option value="">(the whole subscription)</option>
              {(groups.data ?? []).map((group) => (
                <option key={group.id} value={group.name}>
                  {group.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="field">
          <label className="field-label" htmlFor={`${filterId}-filter`}>
            Filter
          </label>
          <input id={`${filterId}-filter`} className="input" type="search" value={filter} placeholder="Principal or role" onChange={(event) => setFilter(event.target.value)} />
        </div>
      </div>
      <LoadError what="list scopes" error={scopes.error} />
      <LoadError what="list principals" error={principals.error} />
      {principals.data === null ? (
        <p className="small muted">Principals are shown by id: their names need Microsoft.Authorization/principals/read at the tenant root (/).</p>
      ) : null}
      <DataTable
        label={`Role assignments at ${scopeLabel(scope, scopes.data)}`}
        columns={columns}
        rows={rows}
        rowKey={(assignment) => assignment.id}
        loading={assignments.loading}
        {...(assignments.error === undefined ? {} : { error: `Could not list role assignments: ${assignments.error}` })}
        empty={
          filter.trim() !== '' && (assignments.data ?? []).length > 0 ? (
            <EmptyState title="No role assignment matches the filter">
              <p>Clear the filter to see all {assignments.data?.length} assignments.</p>
            </EmptyState>
          ) : (
            <EmptyState
              title="No role assignments here"
              action={
                <ActionButton variant="primary" check={canAdd} onClick={() => setAdding(true)}>
                  Add role assignment
                </ActionButton>
              }
            >
              <p>Nobody holds a role at, above or below this scope that you may see. Add one to give a user or service principal access.</p>
            </EmptyState>
          )
        }
      />
      {adding ? (
        <AddRoleAssignmentPane
          initialScope={scope}
          scopes={scopes.data}
          principals={principals.data ?? undefined}
          onClose={() => setAdding(false)}
          onAdded={(assignment, principalName) => {
            setAdding(false);
            clearPermissions();
            toasts.show('success', `${principalName} now holds ${assignment.properties.roleName} at ${scopeLabel(assignment.properties.scope, scopes.data)}.`);
            if (assignment.properties.scope.toLowerCase() !== scope.toLowerCase()) choose(assignment.properties.scope);
            else assignments.reload();
          }}
        />
      ) : null}
    </>
  );
}

function PrincipalCell({ assignment, principal, meId }: { readonly assignment: RoleAssignment; readonly principal: PrincipalInfo | undefined; readonly meId: string }) {
  const { principalId, principalType } = assignment.properties;
  return (
    <div className="cell-stack">
      <span className="cell-primary">
        {principal?.name ?? principalId}
        {principalId === meId ? <span className="cell-secondary"> (you)</span> : null}
      </span>
      <span className="cell-secondary">
        {principalType === 'ServicePrincipal' ? 'Service principal' : principalType}
        {principal === undefined ? '' : ` · ${principalId}`}
      </span>
    </div>
  );
}

interface RemoveProps {
  readonly assignment: RoleAssignment;
  readonly label: string;
  readonly onRemoved: (text: string) => void;
  readonly onFailed: (text: string) => void;
}

function RemoveButton({ assignment, label, onRemoved, onFailed }: RemoveProps) {
  const canDelete = useCan(DELETE, assignment.properties.scope);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const remove = async () => {
    setBusy(true);
    try {
      await deleteRoleAssignment(assignment.id);
      onRemoved(`Removed ${label}.`);
    } catch (error) {
      onFailed(error instanceof ApiError && error.code === 'LastOwner' ? error.message : `Could not remove ${label}: ${errorMessage(error)}`);
      setBusy(false);
      setConfirming(false);
    }
  };
  if (confirming) {
    return (
      <ConfirmActions
        label={`Confirm removing ${label}`}
        question="Remove?"
        confirm="Remove"
        busy={busy}
        onConfirm={() => void remove()}
        onCancel={() => setConfirming(false)}
      />
    );
  }
  return (
    <ActionButton variant="subtle" reason="tooltip" check={canDelete} aria-label={`Remove ${label}`} onClick={() => setConfirming(true)}>
      Remove
    </ActionButton>
  );
}
