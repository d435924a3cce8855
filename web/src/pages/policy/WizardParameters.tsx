/**
 * The wizard's Parameters tab: a form generated from the definition's parameters. Arrays with allowed values are
 * checkboxes, strings with allowed values a select, booleans a checkbox, lists one item per line, and the Logic App
 * a dropdown of the workflows whose trigger fits the chosen `logicAppTrigger`.
 */
import { type ReactNode, useEffect, useId } from 'react';
import { useCan } from '../../api/permissions';
import type { Loaded } from '../../api/use-load';
import { triggerKindLabels } from '../../api/workflow-trigger';
import { CheckboxGroup, Field, SelectField, TextField } from '../../components/Field';
import { InlineAlert } from '../../components/InlineAlert';
import type { Scopes } from '../../components/policy-scope-picker';
import { RefreshWorkflowsButton, WorkflowOptions } from '../../components/workflow-choice';
import { type ParamValue, controlKind, isRequired, neededTriggerKind, orderedParameters, paramKey } from './assignment-form';
import type { PolicyDefinition, PolicyParameter } from './policy-api';
import type { WorkflowChoice } from './policy-workflows';
import type { TabProps } from './WizardBasics';

const RUN = 'Microsoft.Logic/workflows/triggers/run/action';
const LOCATIONS = ['westeurope', 'northeurope', 'eastus', 'eastus2', 'westus2', 'centralus', 'uksouth', 'francecentral', 'germanywestcentral', 'swedencentral', 'australiaeast', 'japaneast'];

interface ParametersProps extends TabProps {
  readonly definition: PolicyDefinition | undefined;
  readonly workflows: Loaded<WorkflowChoice[]>;
  readonly scopes: Scopes | undefined;
}

export function WizardParameters({ form, errors, update, definition, workflows, scopes }: ParametersProps) {
  if (definition === undefined) {
    return <InlineAlert kind="info">Choose a policy definition on the Basics tab first: its parameters appear here.</InlineAlert>;
  }
  const setValue = (name: string, value: ParamValue) => update({ values: { ...form.values, [name]: value } }, [paramKey(name)]);
  return (
    <div className="form">
      <p className="muted policy-tab-intro">
        The parameters of <strong>{definition.properties.displayName}</strong>. Each subscription in the scope gets a workflow automation built from them;
        fields marked * have no default.
      </p>
      {errors['parameters'] === undefined ? null : <InlineAlert kind="error">{errors['parameters']}</InlineAlert>}
      <div className="policy-parameters">
        {orderedParameters(definition).map(([name, parameter]) => (
          <ParameterControl
            key={`${definition.id}/${name}`}
            name={name}
            parameter={parameter}
            value={form.values[name]}
            error={errors[paramKey(name)]}
            onChange={(value) => setValue(name, value)}
            {...(controlKind(parameter) === 'workflow'
              ? {
                  workflowPicker: {
                    workflows,
                    scopes,
                    needed: neededTriggerKind(definition, typeof form.values['logicAppTrigger'] === 'string' ? form.values['logicAppTrigger'] : ''),
                  },
                }
              : {})}
          />
        ))}
      </div>
    </div>
  );
}

interface ControlProps {
  readonly name: string;
  readonly parameter: PolicyParameter;
  readonly value: ParamValue | undefined;
  readonly error: string | undefined;
  readonly onChange: (value: ParamValue) => void;
  readonly workflowPicker?: PickerData;
}

function Label({ name, parameter }: { readonly name: string; readonly parameter: PolicyParameter }) {
  return (
    <>
      {parameter.metadata.description} <code className="policy-param-name">{name}</code>
    </>
  );
}

function ParameterControl({ name, parameter, value, error, onChange, workflowPicker }: ControlProps) {
  const label = parameter.metadata.displayName;
  const hint = <Label name={name} parameter={parameter} />;
  const required = isRequired(parameter);
  const listId = useId();
  switch (controlKind(parameter)) {
    case 'boolean':
      return (
        <div className={`field${error === undefined ? '' : ' field-invalid'}`}>
          <label className="checkbox policy-boolean">
            <input type="checkbox" checked={value === true} onChange={(event) => onChange(event.target.checked)} aria-describedby={`${listId}-hint`} />
            <span className="field-label">{label}</span>
          </label>
          <div id={`${listId}-hint`} className="field-hint">
            {hint}
          </div>
          {error === undefined ? null : <div className="field-error">{error}</div>}
        </div>
      );
    case 'multi':
      return (
        <CheckboxGroup
          legend={label}
          options={(parameter.allowedValues ?? []).map(String)}
          value={Array.isArray(value) ? value : []}
          onChange={onChange}
          hint={hint}
          {...(error === undefined ? {} : { error })}
        />
      );
    case 'choice':
      return (
        <SelectField
          label={label}
          value={typeof value === 'string' ? value : ''}
          options={(parameter.allowedValues ?? []).map((option) => ({ value: String(option), label: String(option) }))}
          placeholder={required ? 'Select a value' : '(default)'}
          onChange={onChange}
          hint={hint}
          error={error}
          required={required}
        />
      );
    case 'workflow':
      return workflowPicker === undefined ? null : (
        <WorkflowPicker label={label} hint={hint} value={typeof value === 'string' ? value : ''} error={error} required={required} onChange={onChange} {...workflowPicker} />
      );
    case 'location':
      return (
        <>
          <TextField label={label} value={typeof value === 'string' ? value : ''} onChange={onChange} hint={hint} error={error} required={required} list={listId} placeholder="westeurope" />
          <datalist id={listId}>
            {LOCATIONS.map((location) => (
              <option key={location} value={location} />
            ))}
          </datalist>
        </>
      );
    case 'list':
      return (
        <TextField
          label={label}
          value={typeof value === 'string' ? value : ''}
          onChange={onChange}
          hint={
            <>
              One per line; leave empty for all. {hint}
            </>
          }
          error={error}
          multiline
        />
      );
    case 'object':
      return <TextField label={label} value={typeof value === 'string' ? value : ''} onChange={onChange} hint={<>JSON. {hint}</>} error={error} required={required} multiline />;
    default:
      return <TextField label={label} value={typeof value === 'string' ? value : ''} onChange={onChange} hint={hint} error={error} required={required} />;
  }
}

interface PickerData {
  readonly workflows: Loaded<WorkflowChoice[]>;
  readonly scopes: Scopes | undefined;
  readonly needed: ReturnType<typeof neededTriggerKind>;
}

interface PickerProps extends PickerData {
  readonly label: string;
  readonly hint: ReactNode;
  readonly value: string;
  readonly error: string | undefined;
  readonly required: boolean;
  readonly onChange: (value: string) => void;
}

function WorkflowPicker({ label, hint, value, error, required, onChange, workflows, scopes, needed }: PickerProps) {
  const all = workflows.data ?? [];
  const eligible = all.filter((workflow) => workflow.trigger.kind === needed);
  const hidden = all.length - eligible.length;
  const subscriptionName = (id: string) => scopes?.subscriptions.find((subscription) => subscription.subscriptionId.toLowerCase() === id.toLowerCase())?.displayName ?? id;
  const canRun = useCan(RUN, value === '' ? undefined : value);

  // A workflow that no longer fits the chosen trigger is cleared rather than sent to be refused.
  const stillOffered = value === '' || workflows.loading || eligible.some((workflow) => workflow.id === value);
  useEffect(() => {
    if (!stillOffered) onChange('');
  }, [stillOffered, onChange]);

  const status = workflows.loading
    ? 'Loading workflows…'
    : eligible.length === 0
      ? `No workflow you can read starts with a ${triggerKindLabels[needed]}. Create one on the Workflows page (or choose the other Logic app trigger), then Refresh.`
      : hidden > 0
        ? `${hidden} other workflow${hidden === 1 ? '' : 's'} start${hidden === 1 ? 's' : ''} with another trigger and ${hidden === 1 ? 'is' : 'are'} not listed.`
        : undefined;

  return (
    <div className="policy-workflow-picker">
      <div className="field-with-button">
        <Field
          label={label}
          hint={
            <>
              Only workflows starting with a {triggerKindLabels[needed]} are listed. {status} {hint}
            </>
          }
          error={error ?? workflows.error}
          required={required}
        >
          {(control) => (
            <select {...control} className="input" value={value} onChange={(event) => onChange(event.target.value)}>
              <WorkflowOptions workflows={eligible} describe={(workflow) => `${workflow.name} (${workflow.resourceGroup}, ${subscriptionName(workflow.subscriptionId)})${workflow.state === 'Disabled' ? ' · disabled' : ''}`} />
            </select>
          )}
        </Field>
        <RefreshWorkflowsButton loading={workflows.loading} onRefresh={workflows.reload} />
      </div>
      {canRun.state === 'denied' ? (
        <InlineAlert kind="warning" title="You cannot assign this workflow">
          {canRun.reason} The assignment hands every subscription's events to the workflow, so assigning needs the right to start it.
        </InlineAlert>
      ) : null}
    </div>
  );
}
