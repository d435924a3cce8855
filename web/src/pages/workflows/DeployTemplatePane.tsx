/**
 * Deploying a gallery template: where the workflow goes, the template's parameters, and for each connector it
 * calls an existing connection of that API (or a new one made here). `POST /api/templates/{id}/deploy`; the
 * server's problems land on their fields (`parameters.x`, `connections.office365`, `workflowName`, …).
 */
import { type FormEvent, useMemo, useState } from 'react';
import { resourceGroupScope, subscriptionScope } from '../../api/arm-id';
import { ApiError, errorMessage } from '../../api/client';
import { useCan } from '../../api/permissions';
import type { Subscription } from '../../api/subscriptions';
import { useLoad } from '../../api/use-load';
import { FormPane } from '../../components/FormPane';
import { LoadError } from '../../components/LoadError';
import { ConnectionPicker } from './ConnectionPicker';
import { ParameterInput } from './ParameterInput';
import { type Placement, type PlacementErrors, PlacementFields, checkPlacement } from './PlacementFields';
import { type ConnectionResource, type TemplateResource, type WorkflowResource, deployTemplate, listConnections } from './workflow-api';
import { type DeclaredParameter, typedValue } from './workflow-draft';
import { WORKFLOW_WRITE } from './workflow-permissions';

interface DeployTemplatePaneProps {
  readonly template: TemplateResource;
  readonly subscriptions: readonly Subscription[];
  readonly onClose: () => void;
  readonly onDeployed: (workflow: WorkflowResource) => void;
}

interface Errors extends PlacementErrors {
  readonly parameters?: Readonly<Record<string, string>>;
  readonly connections?: Readonly<Record<string, string>>;
  readonly state?: string;
}

function declared(template: TemplateResource): DeclaredParameter[] {
  return Object.entries(template.properties.parameters).map(([name, parameter]) => ({
    name,
    type: parameter.type,
    secure: parameter.type.toLowerCase().startsWith('secure'),
    description: parameter.description,
    ...(parameter.defaultValue === undefined ? {} : { defaultValue: parameter.defaultValue }),
    ...(parameter.allowedValues === undefined ? {} : { allowedValues: parameter.allowedValues }),
  }));
}

/** The deploy request's targets back onto the form's fields; what belongs to none goes above the form. */
function placeErrors(error: unknown): { errors: Errors; rest?: string } {
  if (!(error instanceof ApiError) || error.status !== 400) return { errors: {}, rest: errorMessage(error) };
  const parameters: Record<string, string> = {};
  const connections: Record<string, string> = {};
  const errors: { -readonly [K in keyof Errors]: Errors[K] } = {};
  const unplaced: string[] = [];
  for (const [target, message] of error.fieldErrors()) {
    if (target.startsWith('parameters.')) parameters[target.slice('parameters.'.length)] ??= message;
    else if (target.startsWith('connections.')) connections[target.slice('connections.'.length).toLowerCase()] ??= message;
    else if (target === 'workflowName') errors.name ??= message;
    else if (target === 'subscriptionId' || target === 'resourceGroup' || target === 'state') errors[target] ??= message;
    else unplaced.push(message);
  }
  const placed = { ...errors, parameters, connections };
  const nothing = Object.keys(parameters).length + Object.keys(connections).length + Object.keys(errors).length === 0;
  return { errors: placed, ...(unplaced.length > 0 || nothing ? { rest: unplaced.length > 0 ? unplaced.join(' ') : error.message } : {}) };
}

export function DeployTemplatePane({ template, subscriptions, onClose, onDeployed }: DeployTemplatePaneProps) {
  const parameters = useMemo(() => declared(template), [template]);
  const [placement, setPlacement] = useState<Placement>({ name: template.name, subscriptionId: subscriptions[0]?.subscriptionId ?? '', resourceGroup: '' });
  const [enabled, setEnabled] = useState(true);
  const [values, setValues] = useState<Record<string, string>>({});
  const [chosen, setChosen] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | undefined>(undefined);
  const [saving, setSaving] = useState(false);

  const sub = placement.subscriptionId.trim();
  const group = placement.resourceGroup.trim();
  const known = subscriptions.some((subscription) => subscription.subscriptionId.toLowerCase() === sub.toLowerCase());
  const connections = useLoad(() => (known ? listConnections(sub) : Promise.resolve([])), [known, sub]);
  const [created, setCreated] = useState<readonly ConnectionResource[]>([]);
  const allConnections = useMemo(() => {
    const listed = connections.data ?? [];
    return [...listed, ...created.filter((connection) => !listed.some((item) => item.id.toLowerCase() === connection.id.toLowerCase()))];
  }, [connections.data, created]);
  const canWrite = useCan(WORKFLOW_WRITE, sub === '' ? undefined : group === '' ? subscriptionScope(sub) : resourceGroupScope(sub, group));

  const deploy = async (event: FormEvent) => {
    event.preventDefault();
    const problems: { -readonly [K in keyof Errors]: Errors[K] } = { ...checkPlacement(placement) };
    const parameterProblems: Record<string, string> = {};
    const parameterValues: Record<string, unknown> = {};
    for (const parameter of parameters) {
      const text = values[parameter.name] ?? '';
      if (text === '' && parameter.defaultValue === undefined) {
        parameterProblems[parameter.name] = 'Required.';
        continue;
      }
      const typed = typedValue(parameter, text);
      if (typed.problem !== undefined) parameterProblems[parameter.name] = typed.problem;
      else if ('value' in typed) parameterValues[parameter.name] = typed.value;
    }
    const connectionProblems: Record<string, string> = {};
    for (const connector of template.properties.connectors) {
      if ((chosen[connector] ?? '') === '') connectionProblems[connector] = `Choose a ${connector} connection, or create one.`;
    }
    setErrors({ ...problems, parameters: parameterProblems, connections: connectionProblems });
    setFormError(undefined);
    if (Object.keys(problems).length + Object.keys(parameterProblems).length + Object.keys(connectionProblems).length > 0) return;
    setSaving(true);
    try {
      const workflow = await deployTemplate(template.id, {
        subscriptionId: sub,
        resourceGroup: group,
        workflowName: placement.name.trim(),
        state: enabled ? 'Enabled' : 'Disabled',
        parameters: parameterValues,
        connections: Object.fromEntries(template.properties.connectors.map((connector) => [connector, chosen[connector] ?? ''])),
      });
      onDeployed(workflow);
    } catch (error) {
      const placed = placeErrors(error);
      setErrors(placed.errors);
      setFormError(placed.rest);
    } finally {
      setSaving(false);
    }
  };

  return (
    <FormPane
      title={`Deploy "${template.properties.displayName}"`}
      subtitle={template.properties.description}
      onClose={onClose}
      formId="deploy-template-form"
      formClassName="form wf-form"
      onSubmit={(event) => void deploy(event)}
      submitLabel="Deploy"
      busy={saving}
      check={canWrite}
      error={formError}
    >
      <section className="form-section" aria-labelledby="deploy-basics-heading">
        <h3 id="deploy-basics-heading">Basics</h3>
        <PlacementFields value={placement} errors={errors} subscriptions={subscriptions} onChange={(change) => setPlacement((current) => ({ ...current, ...change }))} />
        <label className="checkbox">
          <input type="checkbox" checked={enabled} onChange={(event) => setEnabled(event.target.checked)} />
          Enable the workflow once deployed
        </label>
        {errors.state === undefined ? null : <div className="field-error">{errors.state}</div>}
      </section>

      <section className="form-section" aria-labelledby="deploy-parameters-heading">
        <h3 id="deploy-parameters-heading">Parameters</h3>
        {parameters.length === 0 ? <p className="muted">This template has no parameters.</p> : null}
        {parameters.map((parameter) => (
          <ParameterInput
            key={parameter.name}
            parameter={parameter}
            value={values[parameter.name] ?? ''}
            error={errors.parameters?.[parameter.name]}
            onChange={(value) => setValues((current) => ({ ...current, [parameter.name]: value }))}
          />
        ))}
      </section>

      <section className="form-section" aria-labelledby="deploy-connections-heading">
        <h3 id="deploy-connections-heading">Connections</h3>
        {template.properties.connectors.length === 0 ? <p className="muted">This template calls no connector.</p> : <p className="field-hint">The template calls these connectors; each needs a connection with the service's address and credentials.</p>}
        <LoadError what="list connections" error={connections.error} />
        {template.properties.connectors.map((connector) => (
          <ConnectionPicker
            key={connector}
            connector={connector}
            apiName={connector}
            connections={allConnections}
            loading={connections.loading}
            value={chosen[connector] ?? ''}
            onChange={(id) => setChosen((current) => ({ ...current, [connector]: id }))}
            error={errors.connections?.[connector]}
            {...(sub !== '' && group !== '' ? { createIn: { subscriptionId: sub, resourceGroup: group } } : {})}
            onCreated={(connection) => {
              setCreated((current) => [...current, connection]);
              setChosen((current) => ({ ...current, [connector]: connection.id }));
              connections.reload();
            }}
          />
        ))}
      </section>
    </FormPane>
  );
}
