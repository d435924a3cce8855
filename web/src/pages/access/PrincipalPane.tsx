/**
 * One principal: its role assignments, its tokens (list, issue — shown once — and revoke) and, for others, delete.
 * Every principal manages its own tokens; another's need `principals/write` and `roleAssignments/write` at `/`.
 */
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router-dom';
import { errorMessage } from '../../api/client';
import { useCan } from '../../api/permissions';
import { useMe } from '../../api/session';
import { useLoad } from '../../api/use-load';
import { ActionButton } from '../../components/ActionButton';
import { ConfirmActions } from '../../components/ConfirmActions';
import { type Column, DataTable } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { TextField } from '../../components/Field';
import { InlineAlert } from '../../components/InlineAlert';
import { type Scopes, scopeLabel } from '../../components/policy-scope-picker';
import { SidePane } from '../../components/SidePane';
import { useToasts } from '../../components/Toasts';
import { ASSIGNMENTS_WRITE, PRINCIPALS_DELETE, both, useControlOf } from './access-checks';
import { type IssuedToken, type PrincipalInfo, type RoleAssignment, type TokenInfo, deletePrincipal, issueToken, listAssignmentsOf, listTokens, revokeToken } from './access-api';
import { TokenReveal } from './TokenReveal';

interface Props {
  readonly principal: PrincipalInfo;
  readonly scopes: Scopes | undefined;
  readonly onClose: () => void;
  readonly onDeleted: () => void;
}

export function PrincipalPane({ principal, scopes, onClose, onDeleted }: Props) {
  const me = useMe();
  const toasts = useToasts();
  const self = principal.id === me.principal.id;
  const tokens = useLoad(() => listTokens(principal.id), [principal.id]);
  const roles = useLoad(() => listAssignmentsOf(principal.id), [principal.id]);
  const canControl = useControlOf(principal.id, me.principal.id);
  const deleteCheck = both(useCan(PRINCIPALS_DELETE, '/'), useCan(ASSIGNMENTS_WRITE, '/'));
  const canDelete = self ? { state: 'denied' as const, reason: 'You cannot delete yourself; ask another administrator.' } : deleteCheck;
  const [issued, setIssued] = useState<IssuedToken | undefined>(undefined);
  const [expires, setExpires] = useState('');
  const [rotate, setRotate] = useState(false);
  const [expiresError, setExpiresError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState<string | undefined>(undefined);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const subject = self ? 'you' : `${principal.type === 'User' ? 'the user' : 'the service principal'} '${principal.name}'`;

  const issue = async (event: FormEvent) => {
    event.preventDefault();
    const days = expires.trim() === '' ? undefined : Number(expires);
    if (days !== undefined && !(Number.isInteger(days) && days >= 1 && days <= 3650)) {
      setExpiresError('Enter a whole number of days from 1 to 3650, or leave it empty.');
      return;
    }
    setExpiresError(undefined);
    setBusy('issue');
    try {
      setIssued(await issueToken(principal.id, { ...(days === undefined ? {} : { expiresInDays: days }), ...(rotate ? { revokeOthers: true } : {}) }));
      setExpires('');
      setRotate(false);
      tokens.reload();
    } catch (error) {
      toasts.show('error', `Could not issue a token: ${errorMessage(error)}`);
    } finally {
      setBusy(undefined);
    }
  };

  const revoke = async (token: TokenInfo) => {
    setBusy(token.id);
    try {
      await revokeToken(principal.id, token.id);
      toasts.show('success', `Token ${token.id.slice(0, 8)}… revoked.`);
      if (issued?.id === token.id) setIssued(undefined);
      tokens.reload();
    } catch (error) {
      toasts.show('error', `Could not revoke the token: ${errorMessage(error)}`);
    } finally {
      setBusy(undefined);
    }
  };

  const remove = async () => {
    setBusy('delete');
    try {
      await deletePrincipal(principal.id);
      toasts.show('success', `${principal.name} deleted, with its tokens, sessions and role assignments.`);
      onDeleted();
    } catch (error) {
      toasts.show('error', `Could not delete ${principal.name}: ${errorMessage(error)}`);
      setBusy(undefined);
      setConfirmDelete(false);
    }
  };

  const tokenColumns: Column<TokenInfo>[] = [
    { key: 'id', header: 'Token id', render: (token) => <code title={token.id}>{token.id.slice(0, 13)}…</code> },
    { key: 'created', header: 'Issued', className: 'cell-nowrap', render: (token) => new Date(token.createdTime).toLocaleString() },
    { key: 'expires', header: 'Expires', className: 'cell-nowrap', render: (token) => (token.expiresTime === undefined ? 'Never' : new Date(token.expiresTime).toLocaleDateString()) },
    {
      key: 'actions',
      header: <span className="visually-hidden">Actions</span>,
      className: 'cell-actions',
      render: (token) => (
        <ActionButton variant="subtle" reason="tooltip" check={canControl} busy={busy === token.id} aria-label={`Revoke token ${token.id.slice(0, 8)}`} onClick={() => void revoke(token)}>
          Revoke
        </ActionButton>
      ),
    },
  ];
  const roleColumns: Column<RoleAssignment>[] = [
    { key: 'role', header: 'Role', render: (assignment) => <span className="cell-primary">{assignment.properties.roleName}</span> },
    { key: 'scope', header: 'Scope', render: (assignment) => <Link to={`/access?scope=${encodeURIComponent(assignment.properties.scope)}`}>{scopeLabel(assignment.properties.scope, scopes)}</Link> },
  ];

  return (
    <SidePane
      title={self ? 'Your tokens' : principal.name}
      subtitle={`${principal.type === 'User' ? 'User' : 'Service principal'} · ${principal.id}`}
      onClose={onClose}
      size="wide"
      footer={
        confirmDelete ? (
          <ConfirmActions
            label={`Confirm deleting ${principal.name}`}
            question={`Delete ${principal.name}, its tokens, sessions and role assignments?`}
            confirm="Delete"
            busy={busy === 'delete'}
            onConfirm={() => void remove()}
            onCancel={() => setConfirmDelete(false)}
          />
        ) : (
          <>
            <ActionButton onClick={onClose}>Close</ActionButton>
            <ActionButton check={canDelete} onClick={() => setConfirmDelete(true)}>
              Delete principal
            </ActionButton>
          </>
        )
      }
    >
      <div className="form">
        <section className="form-section" aria-labelledby="principal-roles-heading">
          <h3 id="principal-roles-heading">Role assignments</h3>
          <DataTable
            label={`Role assignments of ${principal.name}`}
            columns={roleColumns}
            rows={roles.data ?? []}
            rowKey={(assignment) => assignment.id}
            loading={roles.loading}
            {...(roles.error === undefined ? {} : { error: `Could not list role assignments: ${roles.error}` })}
            empty={
              <EmptyState title="No roles">
                <p>{self ? 'You hold no role you may see.' : `${principal.name} holds no role yet and can do nothing. Add one under Role assignments.`}</p>
              </EmptyState>
            }
          />
        </section>

        <section className="form-section" aria-labelledby="principal-tokens-heading">
          <h3 id="principal-tokens-heading">Tokens</h3>
          <p className="muted policy-paragraph">
            API tokens authenticate as {subject} with <code>Authorization: Bearer …</code>.{' '}
            {principal.type === 'User' ? 'A user signs in with a password and needs a token only for scripts.' : ''}
          </p>
          {issued === undefined ? null : <TokenReveal token={issued.token} expiresTime={issued.expiresTime} subject={subject} />}
          <DataTable
            label={`Tokens of ${principal.name}`}
            columns={tokenColumns}
            rows={tokens.data ?? []}
            rowKey={(token) => token.id}
            loading={tokens.loading}
            {...(tokens.error === undefined ? {} : { error: `Could not list tokens: ${tokens.error}` })}
            empty={
              <EmptyState title="No tokens">
                <p>Issue one below to call the API as {subject}.</p>
              </EmptyState>
            }
          />
          <form className="form-section" onSubmit={(event) => void issue(event)} noValidate aria-label="Issue a token">
            <TextField label="New token expires in (days)" value={expires} onChange={setExpires} error={expiresError} hint="Leave empty for a token that does not expire." />
            <label className="checkbox">
              <input type="checkbox" checked={rotate} onChange={(event) => setRotate(event.target.checked)} />
              Revoke every other token of this principal (rotate)
            </label>
            {rotate ? <InlineAlert kind="warning">Scripts using the other tokens stop working at once.</InlineAlert> : null}
            <div>
              <ActionButton type="submit" variant="primary" check={canControl} busy={busy === 'issue'}>
                Issue token
              </ActionButton>
            </div>
          </form>
        </section>
      </div>
    </SidePane>
  );
}
