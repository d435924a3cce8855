/**
 * Choosing the connection a workflow uses for one connector (`office365`, `slack`, …): the existing connections of
 * that managed API in the subscription, with their status, and an inline form to create one in the resource group.
 */
import { useId, useState } from 'react';
import { parseArmId, resourceGroupScope } from '../../api/arm-id';
import { ApiError, errorMessage } from '../../api/client';
import { useCan } from '../../api/permissions';
import { useLoad } from '../../api/use-load';
import { ActionButton } from '../../components/ActionButton';
import { Field, TextField } from '../../components/Field';
import { FormError } from '../../components/FormError';
import { InlineAlert } from '../../components/InlineAlert';
import { LoadError } from '../../components/LoadError';
import { type ConnectionResource, type ConnectorParameter, connectionPath, getManagedApi, putConnection } from './workflow-api';

export function connectionOptionLabel(connection: ConnectionResource): string {
  const { resourceGroup = '' } = parseArmId(connection.id);
  const status = connection.properties.overallStatus;
  return `${connection.name} (${resourceGroup})${status === undefined ? '' : ` · ${status}`}`;
}

interface ConnectionPickerProps {
  /** The `$connections` key, usually the managed API name. */
  readonly connector: string;
  /** The managed API its connections must be for. */
  readonly apiName: string;
  readonly connections: readonly ConnectionResource[];
  readonly loading: boolean;
  /** The chosen connection's id. */
  readonly value: string;
  readonly onChange: (connectionId: string) => void;
  readonly error?: string;
  /** Where "Create a connection" puts it; undefined while the form has no subscription or resource group. */
  readonly createIn?: { readonly subscriptionId: string; readonly resourceGroup: string };
  readonly onCreated: (connection: ConnectionResource) => void;
  readonly disabled?: boolean;
  /** Why the picker is disabled: the "Create a connection" button's title, so it never looks disabled for no reason. */
  readonly disabledReason?: string;
}

export function ConnectionPicker({ connector, apiName, connections, loading, value, onChange, error, createIn, onCreated, disabled = false, disabledReason }: ConnectionPickerProps) {
  const [creating, setCreating] = useState(false);
  const eligible = connections.filter((connection) => connection.properties.api.name.toLowerCase() === apiName.toLowerCase());
  const chosen = connections.find((connection) => connection.id.toLowerCase() === value.toLowerCase());
  const hint = loading
    ? 'Loading connections…'
    : eligible.length === 0
      ? `No ${apiName} connection in this subscription yet: create one.`
      : chosen?.properties.overallStatus === 'Error'
        ? `This connection's last test failed${chosen.properties.statuses?.[0]?.message === undefined ? '' : `: ${chosen.properties.statuses[0].message}`}`
        : undefined;
  return (
    <div className="wf-connection-picker">
      <Field label={`Connection for ${connector}`} hint={hint} error={error} required>
        {(control) => (
          <select {...control} className="input" value={value} disabled={disabled} onChange={(event) => onChange(event.target.value)}>
            <option value="">{eligible.length === 0 ? `No ${apiName} connection` : `Choose a ${apiName} connection`}</option>
            {eligible.map((connection) => (
              <option key={connection.id} value={connection.id}>
                {connectionOptionLabel(connection)}
              </option>
            ))}
            {value !== '' && chosen === undefined ? <option value={value}>{parseArmId(value).name} (not found or not readable)</option> : null}
          </select>
        )}
      </Field>
      {creating ? (
        createIn === undefined ? (
          <InlineAlert kind="warning">Enter the subscription and resource group first: the connection is created there.</InlineAlert>
        ) : (
          <NewConnectionForm
            apiName={apiName}
            subscriptionId={createIn.subscriptionId}
            resourceGroup={createIn.resourceGroup}
            onCancel={() => setCreating(false)}
            onCreated={(connection) => {
              setCreating(false);
              onCreated(connection);
            }}
          />
        )
      ) : (
        <button type="button" className="button button-subtle wf-link-button" disabled={disabled} title={disabled ? disabledReason : undefined} onClick={() => setCreating(true)}>
          + Create a {apiName} connection
        </button>
      )}
    </div>
  );
}

interface NewConnectionFormProps {
  readonly apiName: string;
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly onCancel: () => void;
  readonly onCreated: (connection: ConnectionResource) => void;
}

/** The connector's connection parameters (from the catalogue); secret ones are stored encrypted and never shown. */
function NewConnectionForm({ apiName, subscriptionId, resourceGroup, onCancel, onCreated }: NewConnectionFormProps) {
  const headingId = useId();
  const managedApi = useLoad(() => getManagedApi(apiName), [apiName]);
  const [name, setName] = useState(`${apiName}-${resourceGroup}`.replaceAll(/[^A-Za-z0-9_.()-]/g, '-').slice(0, 80));
  const [values, setValues] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | undefined>(undefined);
  const [saving, setSaving] = useState(false);
  const canWrite = useCan('Microsoft.Web/connections/write', resourceGroupScope(subscriptionId, resourceGroup));
  const parameters = Object.entries(managedApi.data?.properties.connectionParameters ?? {});

  const create = async () => {
    const problems: Record<string, string> = {};
    if (!/^[A-Za-z0-9_.()-]{1,80}$/.test(name.trim())) problems.name = "Use 1-80 letters, digits, '_', '-', '.', '(' or ')'.";
    const parameterValues: Record<string, string | number | boolean> = {};
    for (const [key, parameter] of parameters) {
      const text = (values[key] ?? '').trim();
      if (text === '') {
        if (parameter.required === true) problems[key] = 'Required.';
        continue;
      }
      const typed = connectionValue(parameter, text);
      if (typed === undefined) problems[key] = parameter.type === 'int' ? 'Enter a whole number.' : 'Choose true or false.';
      else parameterValues[key] = typed;
    }
    setErrors(problems);
    setFormError(undefined);
    if (Object.keys(problems).length > 0) return;
    setSaving(true);
    try {
      const connection = await putConnection(connectionPath(subscriptionId, resourceGroup, name.trim()), { properties: { api: { name: apiName }, displayName: name.trim(), parameterValues } });
      onCreated(connection);
    } catch (error) {
      if (error instanceof ApiError && error.status === 400) {
        const placed: Record<string, string> = {};
        for (const [target, message] of error.fieldErrors()) {
          const key = target.replace(/^properties\.parameterValues\./, '');
          if (key === 'name' || parameters.some(([parameter]) => parameter === key)) placed[key] ??= message;
        }
        setErrors(placed);
        if (Object.keys(placed).length === 0) setFormError(error.message);
      } else setFormError(errorMessage(error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="wf-new-connection" role="group" aria-labelledby={headingId}>
      <h4 id={headingId}>
        New {managedApi.data?.properties.displayName ?? apiName} connection in {resourceGroup}
      </h4>
      <LoadError what="load the connector" error={managedApi.error} />
      <FormError message={formError} />
      <TextField label="Connection name" value={name} onChange={setName} error={errors.name} required autoComplete="off" />
      {parameters.map(([key, parameter]) => (
        <ConnectionParameterField key={key} name={key} parameter={parameter} value={values[key] ?? ''} error={errors[key]} onChange={(value) => setValues((current) => ({ ...current, [key]: value }))} />
      ))}
      <div className="wf-inline-actions">
        <ActionButton variant="primary" busy={saving} check={canWrite} onClick={() => void create()}>
          Create connection
        </ActionButton>
        <ActionButton variant="subtle" onClick={onCancel}>
          Cancel
        </ActionButton>
      </div>
    </div>
  );
}

function connectionValue(parameter: ConnectorParameter, text: string): string | number | boolean | undefined {
  if (parameter.type === 'int') return /^-?\d+$/.test(text) ? Number(text) : undefined;
  if (parameter.type === 'bool') return text === 'true' ? true : text === 'false' ? false : undefined;
  return text;
}

function ConnectionParameterField({ name, parameter, value, error, onChange }: { readonly name: string; readonly parameter: ConnectorParameter; readonly value: string; readonly error: string | undefined; readonly onChange: (value: string) => void }) {
  const label = parameter.uiDefinition?.displayName ?? name;
  const description = parameter.uiDefinition?.description;
  const fallback = parameter.defaultValue === undefined ? undefined : `Default: ${String(parameter.defaultValue)}.`;
  const hint = [description, fallback, parameter.secret === true ? 'Stored encrypted, never shown again.' : undefined].filter(Boolean).join(' ') || undefined;
  return (
    <Field label={label} hint={hint} error={error} required={parameter.required === true}>
      {(control) =>
        parameter.type === 'bool' || parameter.allowedValues !== undefined ? (
          <select {...control} className="input" value={value} onChange={(event) => onChange(event.target.value)}>
            <option value="">{parameter.defaultValue === undefined ? 'Choose' : `Default (${String(parameter.defaultValue)})`}</option>
            {(parameter.allowedValues ?? [true, false]).map((option) => (
              <option key={String(option)} value={String(option)}>
                {String(option)}
              </option>
            ))}
          </select>
        ) : (
          <input
            {...control}
            className="input"
            type={parameter.secret === true ? 'password' : parameter.type === 'int' ? 'number' : 'text'}
            value={value}
            autoComplete={parameter.secret === true ? 'new-password' : 'off'}
            onChange={(event) => onChange(event.target.value)}
          />
        )
      }
    </Field>
  );
}
