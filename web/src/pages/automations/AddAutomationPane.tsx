/**
 * "Add workflow automation": general details, the trigger and its conditions, and the workflow to start (only
 * workflows whose trigger can receive the chosen events are offered). Errors from the API land on their field.
 */
import { type FormEvent, useCallback, useEffect, useId, useMemo, useState } from 'react';
import { resourceGroupScope } from '../../api/arm-id';
import { ApiError, errorMessage } from '../../api/client';
import { useCan } from '../../api/permissions';
import { type Subscription, listResourceGroups, subscriptionLabel } from '../../api/subscriptions';
import { useLoad } from '../../api/use-load';
import { listWorkflowChoices } from '../../api/workflow-choices';
import { triggerAccepts, triggerKindLabels } from '../../api/workflow-trigger';
import { CheckboxGroup, Field, SelectField, TextField } from '../../components/Field';
import { FormError } from '../../components/FormError';
import { FormPane } from '../../components/FormPane';
import { RefreshWorkflowsButton, WorkflowOptions } from '../../components/workflow-choice';
import { CONTROL_STATES, RECOMMENDATION_STATES, SEVERITIES } from '../../shared/core';
import { type AutomationResource, automationPath, getAutomation, putAutomation } from './automation-api';
import {
  type AutomationForm,
  type FieldErrors,
  type TriggerChoice,
  automationBody,
  emptyForm,
  eventSourceOf,
  fieldOfTarget,
  ruleSetsOf,
  triggerChoices,
  validateForm,
} from './automation-form';

const WRITE = 'Microsoft.Security/automations/write';

export interface AddAutomationPaneProps {
  readonly subscriptions: readonly Subscription[];
  readonly initialSubscriptionId: string;
  readonly onClose: () => void;
  readonly onSaved: (automation: AutomationResource) => void;
}

export function AddAutomationPane({ subscriptions, initialSubscriptionId, onClose, onSaved }: AddAutomationPaneProps) {
  const [form, setForm] = useState<AutomationForm>(() => emptyForm(initialSubscriptionId));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | undefined>(undefined);
  const [saving, setSaving] = useState(false);
  const update = useCallback((change: Partial<AutomationForm>) => {
    setForm((current) => ({ ...current, ...change }));
    // Editing a field clears its error (the conditions' shared error clears with any condition).
    setErrors((current) => {
      const next = { ...current };
      for (const key of [...Object.keys(change), 'conditions']) delete next[key as keyof FieldErrors];
      return next;
    });
  }, []);

  const subscriptionOptions = subscriptions.map((subscription) => ({ value: subscription.subscriptionId, label: subscriptionLabel(subscription) }));
  const groups = useLoad(() => (form.subscriptionId === '' ? Promise.resolve([]) : listResourceGroups(form.subscriptionId)), [form.subscriptionId]);
  const groupListId = useId();
  const scope = form.subscriptionId === '' ? undefined : form.resourceGroup.trim() === '' ? `/subscriptions/${form.subscriptionId}` : resourceGroupScope(form.subscriptionId, form.resourceGroup.trim());
  const canWrite = useCan(WRITE, scope);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const problems = validateForm(form);
    setErrors(problems);
    setFormError(undefined);
    if (Object.keys(problems).length > 0) return;
    setSaving(true);
    const path = automationPath(form.subscriptionId, form.resourceGroup.trim(), form.name);
    try {
      if (await exists(path)) {
        setErrors({ name: `A workflow automation named '${form.name}' already exists in resource group '${form.resourceGroup.trim()}'.` });
        return;
      }
      onSaved(await putAutomation(path, automationBody(form)));
    } catch (error) {
      const { fields, rest } = placeErrors(error);
      setErrors(fields);
      setFormError(rest);
    } finally {
      setSaving(false);
    }
  };

  return (
    <FormPane
      title="Add workflow automation"
      subtitle="Start a workflow whenever Defender data matching these conditions arrives."
      onClose={onClose}
      formId="add-automation-form"
      onSubmit={(event) => void save(event)}
      submitLabel="Create"
      busy={saving}
      check={canWrite}
      error={formError}
    >
      <section className="form-section" aria-labelledby="general-heading">
        <h3 id="general-heading">General</h3>
        <TextField label="Name" value={form.name} onChange={(name) => update({ name })} error={errors.name} required />
        <TextField label="Description" value={form.description} onChange={(description) => update({ description })} error={errors.description} multiline />
        <SelectField
          label="Subscription"
          value={form.subscriptionId}
          options={subscriptionOptions}
          placeholder="Select a subscription"
          onChange={(subscriptionId) => update({ subscriptionId, workflowSubscriptionId: subscriptionId, workflowId: '' })}
          error={errors.subscriptionId}
          hint="The automation covers this subscription's events."
          required
        />
        <TextField
          label="Resource group"
          value={form.resourceGroup}
          onChange={(resourceGroup) => update({ resourceGroup })}
          error={errors.resourceGroup}
          list={groupListId}
          hint="Where the automation resource is kept; a new name creates the group."
          required
        />
        <datalist id={groupListId}>
          {(groups.data ?? []).map((group) => (
            <option key={group.id} value={group.name} />
          ))}
        </datalist>
      </section>

      <section className="form-section" aria-labelledby="trigger-heading">
        <h3 id="trigger-heading">Trigger conditions</h3>
        <SelectField
          label="Defender for Cloud data type"
          value={form.trigger}
          options={triggerChoices}
          onChange={(trigger) => update({ trigger: trigger as TriggerChoice, workflowId: '' })}
          required
        />
        <FormError message={errors.conditions} />
        <Conditions form={form} errors={errors} update={update} />
        <RulePreview form={form} />
      </section>

      <section className="form-section" aria-labelledby="actions-heading">
        <h3 id="actions-heading">Actions</h3>
        <WorkflowPicker form={form} subscriptions={subscriptions} error={errors.workflowId} update={update} />
      </section>
    </FormPane>
  );
}

async function exists(path: string): Promise<boolean> {
  try {
    await getAutomation(path);
    return true;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return false;
    throw error;
  }
}

/** Server errors by form field; what belongs to no field is shown above the form. */
function placeErrors(error: unknown): { fields: FieldErrors; rest: string | undefined } {
  if (!(error instanceof ApiError) || error.status !== 400) return { fields: {}, rest: errorMessage(error) };
  const fields: FieldErrors = {};
  const unplaced: string[] = [];
  for (const [target, message] of error.fieldErrors()) {
    const field = fieldOfTarget(target);
    if (field === undefined) unplaced.push(message);
    else fields[field] ??= message;
  }
  if (Object.keys(fields).length === 0 && unplaced.length === 0) unplaced.push(error.message);
  return { fields, rest: unplaced.length === 0 ? undefined : unplaced.join(' ') };
}

interface SectionProps {
  readonly form: AutomationForm;
  readonly errors: FieldErrors;
  readonly update: (change: Partial<AutomationForm>) => void;
}

function Conditions({ form, errors, update }: SectionProps) {
  switch (form.trigger) {
    case 'alerts':
      return (
        <>
          <TextField
            label="Alert name contains"
            value={form.alertName}
            onChange={(alertName) => update({ alertName })}
            hint="Leave empty for every alert."
          />
          <CheckboxGroup legend="Alert severity" options={SEVERITIES} value={form.alertSeverities} onChange={(alertSeverities) => update({ alertSeverities })} error={errors.alertSeverities} />
        </>
      );
    case 'recommendations':
      return (
        <>
          <TextField
            label="Recommendation names"
            value={form.recommendationNames}
            onChange={(recommendationNames) => update({ recommendationNames })}
            hint="The assessment names (keys), one per line. Leave empty for every recommendation."
            multiline
          />
          <CheckboxGroup
            legend="Recommendation severity"
            options={SEVERITIES}
            value={form.recommendationSeverities}
            onChange={(recommendationSeverities) => update({ recommendationSeverities })}
            error={errors.recommendationSeverities}
          />
          <CheckboxGroup
            legend="Recommendation state"
            options={RECOMMENDATION_STATES}
            value={form.recommendationStates}
            onChange={(recommendationStates) => update({ recommendationStates })}
            error={errors.recommendationStates}
          />
        </>
      );
    case 'regulatoryCompliance':
      return (
        <>
          <TextField
            label="Standards"
            value={form.standards}
            onChange={(standards) => update({ standards })}
            hint="Standard names as in the assessment id (e.g. Azure-CIS-1.1.0), one per line. Leave empty for every standard."
            multiline
          />
          <CheckboxGroup legend="Control state" options={CONTROL_STATES} value={form.controlStates} onChange={(controlStates) => update({ controlStates })} error={errors.controlStates} />
        </>
      );
  }
}

/** The rules the conditions become, for those who want to check them (collapsed). */
function RulePreview({ form }: { readonly form: AutomationForm }) {
  const ruleSets = useMemo(() => ruleSetsOf(form), [form]);
  const summary = ruleSets.length === 0 ? 'Every event of this type matches' : `${ruleSets.length} rule set${ruleSets.length === 1 ? '' : 's'}; an event matches when all rules of any set match`;
  return (
    <details className="rule-preview">
      <summary>{summary}</summary>
      <pre>{JSON.stringify({ eventSource: eventSourceOf(form.trigger), ruleSets }, null, 2)}</pre>
    </details>
  );
}

interface PickerProps {
  readonly form: AutomationForm;
  readonly subscriptions: readonly Subscription[];
  readonly error: string | undefined;
  readonly update: (change: Partial<AutomationForm>) => void;
}

function WorkflowPicker({ form, subscriptions, error, update }: PickerProps) {
  const workflows = useLoad(
    () => (form.workflowSubscriptionId === '' ? Promise.resolve([]) : listWorkflowChoices(form.workflowSubscriptionId)),
    [form.workflowSubscriptionId],
  );
  const eventSource = eventSourceOf(form.trigger);
  const all = workflows.data ?? [];
  const eligible = all.filter((workflow) => triggerAccepts(workflow.trigger.kind, eventSource));
  const hidden = all.length - eligible.length;
  const kind = triggerChoices.find((choice) => choice.value === form.trigger)?.label.toLowerCase() ?? 'these events';

  // A chosen workflow that is no longer offered (another trigger type, refreshed list) is cleared.
  const chosen = form.workflowId;
  const stillOffered = chosen === '' || workflows.loading || eligible.some((workflow) => workflow.id === chosen);
  useEffect(() => {
    if (!stillOffered) update({ workflowId: '' });
  }, [stillOffered, update]);

  const hint = workflows.error !== undefined ? undefined : workflows.loading ? 'Loading workflows…' : eligible.length === 0 ? (
    <>No workflow here can receive {kind}. Create one with the matching Defender for Cloud trigger or a Request trigger on the Workflows page, then Refresh.</>
  ) : hidden > 0 ? (
    `${hidden} other workflow${hidden === 1 ? '' : 's'} in this subscription cannot receive ${kind} and ${hidden === 1 ? 'is' : 'are'} not listed.`
  ) : undefined;

  return (
    <>
      <SelectField
        label="Show workflows from subscription"
        value={form.workflowSubscriptionId}
        options={subscriptions.map((subscription) => ({ value: subscription.subscriptionId, label: subscriptionLabel(subscription) }))}
        onChange={(workflowSubscriptionId) => update({ workflowSubscriptionId, workflowId: '' })}
      />
      <div className="field-with-button">
        <Field label="Workflow" hint={hint} error={error ?? workflows.error} required>
          {(control) => (
            <select {...control} className="input" value={form.workflowId} onChange={(event) => update({ workflowId: event.target.value })}>
              <WorkflowOptions workflows={eligible} describe={(workflow) => `${workflow.name} (${workflow.resourceGroup}) · ${triggerKindLabels[workflow.trigger.kind]}${workflow.state === 'Disabled' ? ' · disabled' : ''}`} />
            </select>
          )}
        </Field>
        <RefreshWorkflowsButton loading={workflows.loading} onRefresh={workflows.reload} />
      </div>
    </>
  );
}
