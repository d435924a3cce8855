/**
 * Principals: users (who sign in here) and service principals (who call the API with tokens), with a pane for each
 * one's roles and tokens. Anyone signed in can manage their own tokens, even without the right to list principals.
 */
import { useId, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { useCan } from '../../api/permissions';
import { useMe } from '../../api/session';
import { useLoad } from '../../api/use-load';
import { ActionButton } from '../../components/ActionButton';
import { type Column, DataTable } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { InlineAlert } from '../../components/InlineAlert';
import { CountSummary, SearchFilter, SelectFilter } from '../../components/list-filters';
import { PageHeader } from '../../components/PageHeader';
import { useScopes } from '../../components/policy-scope-picker';
import { RefreshButton } from '../../components/RefreshButton';
import { useToasts } from '../../components/Toasts';
import { AccessNav } from './AccessNav';
import { PRINCIPALS_WRITE } from './access-checks';
import { type PrincipalInfo, listPrincipals } from './access-api';
import { CreatePrincipalPane } from './CreatePrincipalPane';
import { PrincipalPane } from './PrincipalPane';

const ALL = '';

export function PrincipalsPage() {
  const me = useMe();
  const toasts = useToasts();
  // null: the user may not list principals (403), which is normal for most users.
  const principals = useLoad(
    () => listPrincipals().catch((error: unknown) => (error instanceof ApiError && error.status === 403 ? null : Promise.reject(error))),
    [],
  );
  const scopes = useScopes();
  const canCreate = useCan(PRINCIPALS_WRITE, '/');
  const [creating, setCreating] = useState(false);
  const [open, setOpen] = useState<PrincipalInfo | undefined>(undefined);
  const [typeFilter, setTypeFilter] = useState(ALL);
  const [nameFilter, setNameFilter] = useState('');
  const filterId = useId();
  const forbidden = principals.data === null;

  const rows = useMemo(
    () =>
      (principals.data ?? []).filter(
        (principal) => (typeFilter === ALL || principal.type === typeFilter) && principal.name.toLowerCase().includes(nameFilter.trim().toLowerCase()),
      ),
    [principals.data, typeFilter, nameFilter],
  );

  const columns: Column<PrincipalInfo>[] = [
    {
      key: 'name',
      header: 'Name',
      render: (principal) => (
        <div className="cell-stack">
          <span className="cell-primary">
            {principal.name}
            {principal.id === me.principal.id ? <span className="cell-secondary"> (you)</span> : null}
          </span>
          <span className="cell-secondary">{principal.id}</span>
        </div>
      ),
    },
    { key: 'type', header: 'Type', className: 'cell-nowrap', render: (principal) => (principal.type === 'User' ? 'User' : 'Service principal') },
    { key: 'created', header: 'Created', className: 'cell-nowrap', render: (principal) => (principal.createdTime === undefined ? '' : new Date(principal.createdTime).toLocaleDateString()) },
    {
      key: 'actions',
      header: <span className="visually-hidden">Actions</span>,
      className: 'cell-actions',
      render: (principal) => (
        <ActionButton variant="subtle" aria-label={`Roles and tokens of ${principal.name}`} onClick={() => setOpen(principal)}>
          Roles and tokens
        </ActionButton>
      ),
    },
  ];

  return (
    <>
      <PageHeader title="Access control" description="Users sign in to this UI with a password; service principals call the API with tokens. A new principal can do nothing until it is given a role.">
        <ActionButton variant="primary" check={canCreate} onClick={() => setCreating(true)} icon={<span aria-hidden="true">+ </span>}>
          Create principal
        </ActionButton>
        <ActionButton onClick={() => setOpen({ id: me.principal.id, name: me.principal.name, type: me.principal.type === 'User' ? 'User' : 'ServicePrincipal' })}>Your tokens</ActionButton>
        <RefreshButton loads={[principals]} shows={principals} />
      </PageHeader>
      <AccessNav />
      {forbidden ? (
        <InlineAlert kind="info" title="You may not list principals">
          Listing principals needs Microsoft.Authorization/principals/read at the tenant root (/). You can still manage your own tokens with Your tokens.
        </InlineAlert>
      ) : (
        <>
          <div className="filters">
            <SelectFilter
              id={`${filterId}-type`}
              label="Type"
              value={typeFilter}
              all="Users and service principals"
              options={[
                { value: 'User', label: 'Users' },
                { value: 'ServicePrincipal', label: 'Service principals' },
              ]}
              onChange={setTypeFilter}
            />
            <SearchFilter id={`${filterId}-name`} label="Name" placeholder="Filter by name" value={nameFilter} onChange={setNameFilter} />
            {principals.data === undefined ? null : <CountSummary count={rows.length} noun="principal" />}
          </div>
          <DataTable
            label="Principals"
            columns={columns}
            rows={rows}
            rowKey={(principal) => principal.id}
            loading={principals.loading}
            {...(principals.error === undefined ? {} : { error: `Could not list principals: ${principals.error}` })}
            empty={
              <EmptyState title={(principals.data ?? []).length === 0 ? 'No principals yet' : 'No principal matches the filters'}>
                <p>
                  {(principals.data ?? []).length === 0 ? (
                    <>Create a user or service principal, then give it a role under <Link to="/access">Role assignments</Link>.</>
                  ) : (
                    'Clear the filters to see every principal.'
                  )}
                </p>
              </EmptyState>
            }
          />
        </>
      )}
      {creating ? (
        <CreatePrincipalPane
          onClose={() => setCreating(false)}
          onCreated={(created) => {
            principals.reload();
            if (created.token === undefined) {
              setCreating(false);
              toasts.show('success', `User '${created.name}' created. Give it a role under Role assignments.`);
            }
          }}
        />
      ) : null}
      {open === undefined ? null : (
        <PrincipalPane
          principal={open}
          scopes={scopes.data}
          onClose={() => setOpen(undefined)}
          onDeleted={() => {
            setOpen(undefined);
            principals.reload();
          }}
        />
      )}
    </>
  );
}
