/** The wizard's Basics tab: where the policy applies (scope and exclusions), which definition, and its names. */
import { useId } from 'react';
import { listResourceGroups } from '../../api/subscriptions';
import { useLoad } from '../../api/use-load';
import { SelectField, TextField } from '../../components/Field';
import { type Scopes, ScopeSelect, scopeLabel } from '../../components/policy-scope-picker';
import type { AssignmentForm, FieldErrors } from './assignment-form';
import { type PolicyDefinition, isManagementGroup, listDescendants } from './policy-api';

export interface TabProps {
  readonly form: AssignmentForm;
  readonly errors: FieldErrors;
  readonly update: (change: Partial<AssignmentForm>, fields?: readonly string[]) => void;
}

interface BasicsProps extends TabProps {
  readonly scopes: Scopes | undefined;
  readonly definitions: readonly PolicyDefinition[];
  readonly onDefinition: (definition: PolicyDefinition | undefined) => void;
}

export function WizardBasics({ form, errors, update, scopes, definitions, onDefinition }: BasicsProps) {
  const noGroups = scopes !== undefined && scopes.groups.length === 0;
  return (
    <div className="form policy-narrow">
      <section className="form-section" aria-labelledby="basics-scope-heading">
        <h3 id="basics-scope-heading">Scope</h3>
        <ScopeSelect
          label="Scope"
          value={form.scope}
          scopes={scopes}
          placeholder="Select a management group or subscription"
          onChange={(scope) => update({ scope, notScopes: [] }, ['scope', 'notScopes'])}
          error={errors['scope']}
          hint={
            noGroups
              ? 'You may not read any management group; assign at a subscription, or ask for Reader on a management group.'
              : 'A management group covers every subscription below it, including subscriptions added or moved there later.'
          }
          required
        />
        {form.scope === '' ? null : <Exclusions form={form} errors={errors} update={update} scopes={scopes} />}
      </section>

      <section className="form-section" aria-labelledby="basics-definition-heading">
        <h3 id="basics-definition-heading">Basics</h3>
        <SelectField
          label="Policy definition"
          value={form.definitionId}
          options={definitions.map((definition) => ({ value: definition.id, label: definition.properties.displayName }))}
          placeholder="Select a policy definition"
          onChange={(id) => onDefinition(definitions.find((definition) => definition.id === id))}
          error={errors['definitionId']}
          hint="Choosing another definition resets the parameters."
          required
        />
        <TextField
          label="Assignment name"
          value={form.name}
          onChange={(name) => update({ name }, ['name'])}
          error={errors['name']}
          hint={'Part of the assignment\'s id at this scope: up to 128 characters, none of <>*%&:\\?+/#|" and not ending in a dot.'}
          required
        />
        <TextField label="Display name" value={form.displayName} onChange={(displayName) => update({ displayName }, ['displayName'])} error={errors['displayName']} />
        <TextField label="Description" value={form.description} onChange={(description) => update({ description }, ['description'])} error={errors['description']} multiline />
        <fieldset className="field" aria-describedby="basics-enforcement-hint">
          <legend className="field-label">Policy enforcement</legend>
          <div className="checkbox-row">
            <label className="checkbox">
              <input type="radio" name="enforcement" checked={form.enforce} onChange={() => update({ enforce: true }, ['enforce'])} />
              Enabled
            </label>
            <label className="checkbox">
              <input type="radio" name="enforcement" checked={!form.enforce} onChange={() => update({ enforce: false }, ['enforce'])} />
              Disabled
            </label>
          </div>
          <div id="basics-enforcement-hint" className="field-hint">
            Enabled deploys the automation into subscriptions as they arrive in the scope. Disabled (DoNotEnforce) only evaluates compliance; remediation tasks
            still deploy.
          </div>
          {errors['enforce'] === undefined ? null : <div className="field-error">{errors['enforce']}</div>}
        </fieldset>
      </section>
    </div>
  );
}

interface Candidate {
  readonly id: string;
  readonly label: string;
}

/** What lies below the scope and may be left out: groups and subscriptions below a group, a subscription's resource groups. */
function Exclusions({ form, errors, update, scopes }: TabProps & { readonly scopes: Scopes | undefined }) {
  const id = useId();
  const candidates = useLoad(async (): Promise<Candidate[]> => {
    if (isManagementGroup(form.scope)) {
      const name = form.scope.split('/').pop() ?? '';
      const below = await listDescendants(name);
      return below.map((item) => ({
        id: item.id,
        label: `${item.properties.displayName}${item.type.toLowerCase().endsWith('subscriptions') ? ' (subscription)' : ' (management group)'}`,
      }));
    }
    const subscription = /^\/subscriptions\/([^/]+)$/i.exec(form.scope)?.[1];
    if (subscription === undefined) return [];
    return (await listResourceGroups(subscription)).map((group) => ({ id: group.id, label: `${group.name} (resource group)` }));
  }, [form.scope]);
  const error = errors['notScopes'];
  const toggle = (scope: string, on: boolean) => update({ notScopes: on ? [...form.notScopes, scope] : form.notScopes.filter((item) => item !== scope) }, ['notScopes']);
  const list = candidates.data ?? [];
  return (
    <fieldset className={`field${error === undefined ? '' : ' field-invalid'}`} aria-describedby={`${id}-hint`}>
      <legend className="field-label">Exclusions</legend>
      {candidates.loading ? (
        <span className="field-hint">
          <span className="spinner" aria-hidden="true" /> Loading what lies below {scopeLabel(form.scope, scopes)}…
        </span>
      ) : candidates.error !== undefined ? (
        <span className="field-error">Could not list what lies below this scope: {candidates.error}</span>
      ) : list.length === 0 ? null : (
        <div className="policy-exclusions">
          {list.map((candidate) => (
            <label key={candidate.id} className="checkbox" title={candidate.id}>
              <input type="checkbox" checked={form.notScopes.includes(candidate.id)} onChange={(event) => toggle(candidate.id, event.target.checked)} />
              {candidate.label}
            </label>
          ))}
        </div>
      )}
      <div id={`${id}-hint`} className="field-hint">
        {!candidates.loading && candidates.error === undefined && list.length === 0
          ? 'Nothing lies below this scope yet, so there is nothing to exclude.'
          : 'Excluded scopes are neither evaluated nor deployed to (notScopes).'}
      </div>
      {error === undefined ? null : <div className="field-error">{error}</div>}
    </fieldset>
  );
}
