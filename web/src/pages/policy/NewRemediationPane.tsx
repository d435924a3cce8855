/**
 * "New remediation task" for one assignment: deploy the automation to the subscriptions that are NonCompliant under
 * it, at the assignment's scope or one subscription below it, a few at a time, as the assignment's identity.
 */
import { type FormEvent, useState } from 'react';
import { ApiError, errorMessage } from '../../api/client';
import { useCan } from '../../api/permissions';
import { SelectField, TextField } from '../../components/Field';
import { FormPane } from '../../components/FormPane';
import { InlineAlert } from '../../components/InlineAlert';
import { type Scopes, scopeLabel } from '../../components/policy-scope-picker';
import { type PolicyAssignment, type Remediation, newRemediationName, putRemediation } from './policy-api';

const WRITE = 'Microsoft.PolicyInsights/remediations/write';
const MAX_PARALLEL = 30;

interface Props {
  readonly assignment: PolicyAssignment;
  /** Subscriptions under the assignment (from its compliance states), NonCompliant ones first. */
  readonly subscriptions: readonly { readonly id: string; readonly nonCompliant: boolean }[];
  readonly scopes: Scopes | undefined;
  readonly onClose: () => void;
  readonly onCreated: (task: Remediation) => void;
}

type Errors = Partial<Record<'name' | 'scope' | 'parallel' | 'threshold' | 'form', string>>;

export function NewRemediationPane({ assignment, subscriptions, scopes, onClose, onCreated }: Props) {
  const [name, setName] = useState(() => newRemediationName(assignment.name));
  const [scope, setScope] = useState(assignment.properties.scope);
  const [reEvaluate, setReEvaluate] = useState(false);
  const [parallel, setParallel] = useState('10');
  const [threshold, setThreshold] = useState('100');
  const [errors, setErrors] = useState<Errors>({});
  const [saving, setSaving] = useState(false);
  const canWrite = useCan(WRITE, scope, scopeLabel(scope, scopes));
  const nonCompliant = subscriptions.filter((subscription) => subscription.nonCompliant).length;

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const problems: Errors = {};
    if (name.trim() === '' || name.length > 128 || /[<>*%&:\\?+/#|"]/.test(name) || name.trim().endsWith('.')) problems.name = 'Use 1-128 characters without <>*%&:\\?+/#|" and not ending in a dot.';
    const parallelNumber = Number(parallel);
    if (!Number.isInteger(parallelNumber) || parallelNumber < 1 || parallelNumber > MAX_PARALLEL) problems.parallel = `Enter a whole number from 1 to ${MAX_PARALLEL}.`;
    const thresholdNumber = Number(threshold);
    if (threshold.trim() === '' || !(thresholdNumber >= 0 && thresholdNumber <= 100)) problems.threshold = 'Enter a percentage from 0 to 100.';
    setErrors(problems);
    if (Object.keys(problems).length > 0) return;
    setSaving(true);
    try {
      onCreated(
        await putRemediation(scope, name.trim(), assignment.id, {
          resourceDiscoveryMode: reEvaluate ? 'ReEvaluateCompliance' : 'ExistingNonCompliant',
          parallelDeployments: parallelNumber,
          failureThresholdPercentage: thresholdNumber / 100,
        }),
      );
    } catch (error) {
      const target = error instanceof ApiError ? error.target : undefined;
      if (target === 'name') setErrors({ name: errorMessage(error) });
      else if (target?.startsWith('properties.parallelDeployments')) setErrors({ parallel: errorMessage(error) });
      else if (target?.startsWith('properties.failureThreshold')) setErrors({ threshold: errorMessage(error) });
      else setErrors({ form: errorMessage(error) });
    } finally {
      setSaving(false);
    }
  };

  return (
    <FormPane
      title="New remediation task"
      subtitle={assignment.properties.displayName}
      onClose={onClose}
      formId="new-remediation-form"
      onSubmit={(event) => void save(event)}
      submitLabel="Remediate"
      busy={saving}
      check={canWrite}
      error={errors.form}
    >
      <InlineAlert kind={nonCompliant === 0 ? 'success' : 'info'}>
        {nonCompliant === 0
          ? 'Every subscription under this assignment was compliant at the last evaluation; tick re-evaluation if that may have changed.'
          : `${nonCompliant} subscription${nonCompliant === 1 ? ' is' : 's are'} non-compliant. The task deploys the automation to ${nonCompliant === 1 ? 'it' : 'them'} as the assignment's managed identity.`}
      </InlineAlert>
      <TextField label="Name" value={name} onChange={setName} error={errors.name} required />
      <SelectField
        label="Scope"
        value={scope}
        options={[
          { value: assignment.properties.scope, label: `${scopeLabel(assignment.properties.scope, scopes)} (the whole assignment)` },
          ...subscriptions.map((subscription) => ({ value: subscription.id, label: `${scopeLabel(subscription.id, scopes)}${subscription.nonCompliant ? ' · non-compliant' : ''}` })),
        ]}
        onChange={setScope}
        hint="Remediate the whole assignment or only one subscription in it."
      />
      <label className="checkbox">
        <input type="checkbox" checked={reEvaluate} onChange={(event) => setReEvaluate(event.target.checked)} />
        Re-evaluate compliance before remediating
      </label>
      <TextField label="Parallel deployments" value={parallel} onChange={setParallel} error={errors.parallel} hint={`How many subscriptions are deployed to at once (1-${MAX_PARALLEL}).`} />
      <TextField
        label="Failure threshold (%)"
        value={threshold}
        onChange={setThreshold}
        error={errors.threshold}
        hint="The task stops when more than this share of its deployments has failed; 100 never stops early."
      />
    </FormPane>
  );
}
