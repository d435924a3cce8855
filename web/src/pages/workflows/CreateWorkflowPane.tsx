/**
 * "Create workflow": a blank workflow with the chosen trigger and no actions yet, opened afterwards on its page
 * (graph and JSON editor) to add actions. The gallery is one link away for a ready-made one.
 */
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router-dom';
import { resourceGroupScope, subscriptionScope } from '../../api/arm-id';
import { ApiError, errorMessage } from '../../api/client';
import { useCan } from '../../api/permissions';
import type { Subscription } from '../../api/subscriptions';
import { FormPane } from '../../components/FormPane';
import { InlineAlert } from '../../components/InlineAlert';
import { type BlankTrigger, blankDefinition, blankTriggerChoices } from './blank-definition';
import { type Placement, type PlacementErrors, PlacementFields, checkPlacement } from './PlacementFields';
import { type WorkflowResource, getWorkflow, putWorkflow, workflowPath } from './workflow-api';

interface CreateWorkflowPaneProps {
  readonly subscriptions: readonly Subscription[];
  readonly initialSubscriptionId: string;
  readonly onClose: () => void;
  readonly onCreated: (workflow: WorkflowResource) => void;
}

const WRITE = 'Microsoft.Logic/workflows/write';

/** Server errors by field: the name (`name`), anything else above the form. */
function placeError(error: unknown): { fields: PlacementErrors; rest?: string } {
  if (error instanceof ApiError && error.status === 400 && error.target === 'name') return { fields: { name: error.message } };
  return { fields: {}, rest: errorMessage(error) };
}

export function CreateWorkflowPane({ subscriptions, initialSubscriptionId, onClose, onCreated }: CreateWorkflowPaneProps) {
  const [placement, setPlacement] = useState<Placement>({ name: '', subscriptionId: initialSubscriptionId, resourceGroup: '' });
  const [trigger, setTrigger] = useState<BlankTrigger>('alert');
  const [errors, setErrors] = useState<PlacementErrors>({});
  const [formError, setFormError] = useState<string | undefined>(undefined);
  const [saving, setSaving] = useState(false);
  const sub = placement.subscriptionId.trim();
  const group = placement.resourceGroup.trim();
  const canWrite = useCan(WRITE, sub === '' ? undefined : group === '' ? subscriptionScope(sub) : resourceGroupScope(sub, group));

  const create = async (event: FormEvent) => {
    event.preventDefault();
    const problems = checkPlacement(placement);
    setErrors(problems);
    setFormError(undefined);
    if (Object.keys(problems).length > 0) return;
    const name = placement.name.trim();
    const path = workflowPath(sub, group, name);
    setSaving(true);
    try {
      try {
        await getWorkflow(path);
        setErrors({ name: `A workflow named '${name}' already exists in resource group '${group}'.` });
        return;
      } catch (error) {
        if (!(error instanceof ApiError && error.status === 404)) throw error;
      }
      onCreated(await putWorkflow(path, { properties: { state: 'Enabled', definition: blankDefinition(trigger), parameters: {} } }));
    } catch (error) {
      const placed = placeError(error);
      setErrors(placed.fields);
      setFormError(placed.rest);
    } finally {
      setSaving(false);
    }
  };

  return (
    <FormPane
      title="Create workflow"
      subtitle="A blank workflow with the trigger you choose; add actions on its page."
      onClose={onClose}
      formId="create-workflow-form"
      formClassName="form wf-form"
      onSubmit={(event) => void create(event)}
      submitLabel="Create"
      busy={saving}
      check={canWrite}
      error={formError}
    >
      <InlineAlert kind="info">
        Want a ready-made one? <Link to="/workflows/gallery">Start from the template gallery</Link> (email the SOC, open a ticket, post to a channel).
      </InlineAlert>
      <section className="form-section" aria-labelledby="create-basics-heading">
        <h3 id="create-basics-heading">Basics</h3>
        <PlacementFields value={placement} errors={errors} subscriptions={subscriptions} onChange={(change) => setPlacement((current) => ({ ...current, ...change }))} />
      </section>
      <fieldset className="form-section wf-choice-group">
        <legend className="wf-legend">Trigger</legend>
        {blankTriggerChoices.map((choice) => (
          <label key={choice.value} className="wf-choice">
            <input type="radio" name="blank-trigger" value={choice.value} checked={trigger === choice.value} onChange={() => setTrigger(choice.value)} />
            <span>
              <span className="wf-choice-label">{choice.label}</span>
              <span className="field-hint">{choice.hint}</span>
            </span>
          </label>
        ))}
      </fieldset>
    </FormPane>
  );
}
