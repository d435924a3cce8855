/**
 * Policy assignments the user may read, with each one's compliance (how many subscriptions under it are compliant)
 * and the way to the wizard. Compliance is read per assignment, which any reader of the assignment may do.
 */
import { useMemo } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { type Check, useCan } from '../../api/permissions';
import { useLoad } from '../../api/use-load';
import { ActionButton } from '../../components/ActionButton';
import { type Column, DataTable } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { ComplianceBar } from '../../components/policy-progress';
import { type Scopes, scopeLabel, useScopes } from '../../components/policy-scope-picker';
import { RefreshButton } from '../../components/RefreshButton';
import { StatusBadge } from '../../components/StatusBadge';
import { definitionOf } from './assignment-form';
import { type PolicyAssignment, type PolicyState, assignmentStates, listAssignments, listDefinitions } from './policy-api';
import { PolicyNav } from './PolicyNav';

const WRITE = 'Microsoft.Authorization/policyAssignments/write';

interface Row {
  readonly assignment: PolicyAssignment;
  readonly states: readonly PolicyState[] | undefined;
}

async function loadRows(): Promise<Row[]> {
  let assignments: PolicyAssignment[];
  try {
    assignments = await listAssignments();
  } catch (error) {
    // Nothing the user may read at or below the tenant root group holds assignments.
    if (error instanceof ApiError && error.status === 403) return [];
    throw error;
  }
  const states = await Promise.all(assignments.map((assignment) => assignmentStates(assignment.id).catch(() => undefined)));
  return assignments
    .map((assignment, index) => ({ assignment, states: states[index] }))
    .sort((a, b) => a.assignment.properties.displayName.localeCompare(b.assignment.properties.displayName));
}

/** Where the user could assign: any management group or subscription they can see. */
export function useCanAssignSomewhere(scopes: Scopes | undefined): Check {
  const all = scopes === undefined ? undefined : [...scopes.groups.map((group) => group.id), ...scopes.subscriptions.map((subscription) => subscription.id)];
  const check = useCan(WRITE, all, 'a management group or subscription');
  if (all !== undefined && all.length === 0) return { state: 'denied', reason: 'There is no management group or subscription to assign to yet.' };
  return check;
}

export function AssignmentsPage() {
  const rows = useLoad(loadRows, []);
  const definitions = useLoad(listDefinitions, []);
  const scopes = useScopes();
  const canAssign = useCanAssignSomewhere(scopes.data);
  const totals = useMemo(() => {
    const states = (rows.data ?? []).flatMap((row) => row.states ?? []);
    return { compliant: states.filter((state) => state.isCompliant).length, total: states.length };
  }, [rows.data]);

  const columns: Column<Row>[] = [
    {
      key: 'name',
      header: 'Name',
      render: ({ assignment }) => (
        <div className="cell-stack">
          <Link className="cell-primary" to={`/policy/assignment?id=${encodeURIComponent(assignment.id)}`}>
            {assignment.properties.displayName}
          </Link>
          <span className="cell-secondary">{assignment.name}</span>
        </div>
      ),
    },
    { key: 'definition', header: 'Definition', render: ({ assignment }) => definitionOf(assignment, definitions.data)?.properties.displayName ?? assignment.properties.policyDefinitionId },
    { key: 'scope', header: 'Scope', render: ({ assignment }) => <span title={assignment.properties.scope}>{scopeLabel(assignment.properties.scope, scopes.data)}</span> },
    {
      key: 'compliance',
      header: 'Compliance',
      render: ({ states }) => (states === undefined ? <span className="muted">Not readable</span> : <ComplianceBar compliant={states.filter((state) => state.isCompliant).length} total={states.length} />),
    },
    {
      key: 'enforcement',
      header: 'Enforcement',
      className: 'cell-nowrap',
      render: ({ assignment }) => <StatusBadge status={assignment.properties.enforcementMode === 'DoNotEnforce' ? 'Disabled' : 'Enabled'} />,
    },
  ];

  return (
    <>
      <PageHeader
        title="Policy"
        description="Assign a workflow-automation policy once to a management group instead of creating an automation in every subscription; see which subscriptions comply and remediate the rest."
      >
        <AssignButton check={canAssign} />
        <RefreshButton loads={[rows]} shows={rows} />
      </PageHeader>
      <PolicyNav />
      {rows.data === undefined || rows.data.length === 0 ? null : (
        <div className="policy-summary" aria-label="Overall compliance">
          <span className="policy-summary-label">Overall compliance</span>
          <ComplianceBar compliant={totals.compliant} total={totals.total} />
          <span className="muted">
            {rows.data.length} assignment{rows.data.length === 1 ? '' : 's'} · {totals.total - totals.compliant} non-compliant subscription state
            {totals.total - totals.compliant === 1 ? '' : 's'}
          </span>
        </div>
      )}
      <DataTable
        label="Policy assignments"
        columns={columns}
        rows={rows.data ?? []}
        rowKey={(row) => row.assignment.id}
        loading={rows.loading}
        {...(rows.error === undefined ? {} : { error: `Could not list policy assignments: ${rows.error}` })}
        empty={
          <EmptyState title="No policy assignments yet" action={<AssignButton check={canAssign} />}>
            <p>
              Assign one of the built-in <Link to="/policy/definitions">workflow-automation definitions</Link> to a management group or subscription: its
              subscriptions then get the automation, and a remediation task deploys it to those already there.
            </p>
          </EmptyState>
        }
      />
    </>
  );
}

function AssignButton({ check }: { readonly check: Check }) {
  const navigate = useNavigate();
  return (
    <ActionButton variant="primary" check={check} onClick={() => void navigate('/policy/assign')} icon={<span aria-hidden="true">+ </span>}>
      Assign policy
    </ActionButton>
  );
}
