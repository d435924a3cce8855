/** "Add role assignment": a principal, a role that can be assigned at the scope, and the scope. Errors land on their field. */
import { type FormEvent, useState } from 'react';
import { resourceGroupScope } from '../../api/arm-id';
import { ApiError, errorMessage } from '../../api/client';
import { useCan } from '../../api/permissions';
import { listResourceGroups } from '../../api/subscriptions';
import { useLoad } from '../../api/use-load';
import { SelectField, TextField } from '../../components/Field';
import { FormPane } from '../../components/FormPane';
import { type Scopes, ScopeSelect } from '../../components/policy-scope-picker';
import { type PrincipalInfo, type RoleAssignment, listRoleDefinitions, putRoleAssignment } from './access-api';

const WRITE = 'Microsoft.Authorization/roleAssignments/write';

interface Props {
  readonly initialScope: string;
  readonly scopes: Scopes | undefined;
  /** Undefined when the user may not list principals: the id is typed instead. */
  readonly principals: readonly PrincipalInfo[] | undefined;
  readonly onClose: () => void;
  readonly onAdded: (assignment: RoleAssignment, principalName: string) => void;
}

type Errors = Partial<Record<'principal' | 'role' | 'scope' | 'form', string>>;

export function AddRoleAssignmentPane({ initialScope, scopes, principals, onClose, onAdded }: Props) {
  const initialRg = /^(\/subscriptions\/[^/]+)\/resourceGroups\/([^/]+)$/i.exec(initialScope);
  const [base, setBase] = useState(initialRg?.[1] ?? initialScope);
  const [resourceGroup, setResourceGroup] = useState(initialRg?.[2] ?? '');
  const [principalId, setPrincipalId] = useState('');
  const [roleId, setRoleId] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [saving, setSaving] = useState(false);
  const subscriptionId = /^\/subscriptions\/([^/]+)$/i.exec(base)?.[1];
  const scope = subscriptionId !== undefined && resourceGroup !== '' ? resourceGroupScope(subscriptionId, resourceGroup) : base;
  const roles = useLoad(() => listRoleDefinitions(scope), [scope]);
  const groups = useLoad(() => (subscriptionId === undefined ? Promise.resolve([]) : listResourceGroups(subscriptionId)), [subscriptionId]);
  const canWrite = useCan(WRITE, scope);
  const role = roles.data?.find((candidate) => candidate.id === roleId);
  const sortedPrincipals = [...(principals ?? [])].sort((a, b) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name));

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const problems: Errors = {};
    if (principalId.trim() === '') problems.principal = 'Choose who gets the role.';
    if (roleId === '') problems.role = 'Choose a role.';
    setErrors(problems);
    if (Object.keys(problems).length > 0) return;
    setSaving(true);
    try {
      const assignment = await putRoleAssignment(scope, principalId.trim(), roleId);
      onAdded(assignment, principals?.find((principal) => principal.id === principalId)?.name ?? principalId);
    } catch (error) {
      const target = error instanceof ApiError ? error.target : undefined;
      if (target?.startsWith('properties.principal') === true) setErrors({ principal: errorMessage(error) });
      else if (target === 'properties.roleDefinitionId') setErrors({ role: errorMessage(error) });
      else if (target === 'scope' || target === 'properties.scope') setErrors({ scope: errorMessage(error) });
      else setErrors({ form: errorMessage(error) });
    } finally {
      setSaving(false);
    }
  };

  return (
    <FormPane
      title="Add role assignment"
      subtitle="Give a user or service principal a role at a scope and everything below it."
      onClose={onClose}
      formId="add-role-assignment-form"
      onSubmit={(event) => void save(event)}
      submitLabel="Add"
      busy={saving}
      check={canWrite}
      error={errors.form}
    >
      {principals === undefined ? (
        <TextField
          label="Principal id"
          value={principalId}
          onChange={(value) => {
            setPrincipalId(value);
            setErrors({});
          }}
          error={errors.principal}
          hint="You may not list principals, so enter the id of the user or service principal."
          required
        />
      ) : (
        <SelectField
          label="Principal"
          value={principalId}
          options={sortedPrincipals.map((principal) => ({ value: principal.id, label: `${principal.name} (${principal.type === 'User' ? 'user' : 'service principal'})` }))}
          placeholder={sortedPrincipals.length === 0 ? 'No principals yet' : 'Select a user or service principal'}
          onChange={(value) => {
            setPrincipalId(value);
            setErrors({});
          }}
          error={errors.principal}
          hint="Create users and service principals under Principals and tokens."
          required
        />
      )}
      <SelectField
        label="Role"
        value={roleId}
        options={(roles.data ?? []).map((candidate) => ({ value: candidate.id, label: `${candidate.properties.roleName}${candidate.properties.type === 'CustomRole' ? ' (custom)' : ''}` }))}
        placeholder={roles.loading ? 'Loading roles…' : 'Select a role'}
        onChange={(value) => {
          setRoleId(value);
          setErrors({});
        }}
        error={errors.role ?? roles.error}
        hint={role?.properties.description ?? 'The roles that can be assigned at this scope.'}
        required
      />
      <ScopeSelect
        label="Scope"
        value={base}
        onChange={(value) => {
          setBase(value);
          setResourceGroup('');
          setRoleId('');
        }}
        scopes={scopes}
        includeRoot
        error={errors.scope}
        required
      />
      {subscriptionId === undefined ? null : (
        <SelectField
          label="Resource group"
          value={resourceGroup}
          options={(groups.data ?? []).map((group) => ({ value: group.name, label: group.name }))}
          placeholder="(the whole subscription)"
          onChange={setResourceGroup}
          hint="Narrow the assignment to one resource group of the subscription."
        />
      )}
    </FormPane>
  );
}
