/**
 * "Assign policy": the portal's wizard with Basics, Parameters, Remediation and Review + create tabs. Nothing is
 * sent before Create; the checks run first, and the API's 400 errors land on their tab and field. With "Create a
 * remediation task" ticked, the task starts right after the assignment and the page moves to its live progress.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError, errorMessage } from '../../api/client';
import { type Check, useCan } from '../../api/permissions';
import { useLoad } from '../../api/use-load';
import { ActionButton } from '../../components/ActionButton';
import { InlineAlert } from '../../components/InlineAlert';
import { PageHeader } from '../../components/PageHeader';
import { scopeLabel, useScopes } from '../../components/policy-scope-picker';
import { TabPanel, Tabs } from '../../components/Tabs';
import { useToasts } from '../../components/Toasts';
import { type AssignmentForm, type FieldErrors, type TabId, assignmentBody, emptyForm, fieldOfTarget, initialValues, suggestedName, tabOf, validate, wizardTabs } from './assignment-form';
import { type PolicyDefinition, assignmentPath, getAssignment, listDefinitions, newRemediationName, putAssignment, putRemediation } from './policy-api';
import { loadWorkflows } from './policy-workflows';
import { WizardBasics } from './WizardBasics';
import { WizardParameters } from './WizardParameters';
import { WizardRemediation } from './WizardRemediation';
import { WizardReview } from './WizardReview';

const WRITE = 'Microsoft.Authorization/policyAssignments/write';
/** The assignment's identity is Contributor at the scope, so assigning also needs the right to grant access there. */
const GRANT = 'Microsoft.Authorization/roleAssignments/write';
const REMEDIATE = 'Microsoft.PolicyInsights/remediations/write';
const NO_SCOPE: Check = { state: 'denied', reason: 'Choose a scope on the Basics tab first.' };

export function AssignWizardPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const toasts = useToasts();
  const definitions = useLoad(listDefinitions, []);
  const scopes = useScopes();
  const subscriptionIds = (scopes.data?.subscriptions ?? []).map((subscription) => subscription.subscriptionId).join(',');
  const workflows = useLoad(() => (subscriptionIds === '' ? Promise.resolve([]) : loadWorkflows(subscriptionIds.split(','))), [subscriptionIds]);

  const [form, setForm] = useState<AssignmentForm>(() => emptyForm(undefined, params.get('scope') ?? ''));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [tab, setTab] = useState<TabId>('basics');
  const [saving, setSaving] = useState(false);
  const definition = useMemo(() => definitions.data?.find((candidate) => candidate.id === form.definitionId), [definitions.data, form.definitionId]);

  // The definition named in the address (from the Definitions page), else the first, once they are loaded.
  const wanted = params.get('definition')?.toLowerCase();
  useEffect(() => {
    if (definitions.data === undefined || form.definitionId !== '') return;
    const chosen = definitions.data.find((candidate) => candidate.name.toLowerCase() === wanted) ?? definitions.data[0];
    if (chosen !== undefined) setForm((current) => emptyForm(chosen, current.scope));
  }, [definitions.data, form.definitionId, wanted]);

  const update = useCallback((change: Partial<AssignmentForm>, fields: readonly string[] = []) => {
    setForm((current) => ({ ...current, ...change }));
    if (fields.length > 0) {
      setErrors((current) => Object.fromEntries(Object.entries(current).filter(([key]) => !fields.includes(key) && key !== 'form')));
    }
  }, []);

  const chooseDefinition = (chosen: PolicyDefinition | undefined) => {
    setForm((current) => ({
      ...current,
      definitionId: chosen?.id ?? '',
      values: initialValues(chosen),
      // A name or display name the user did not change follows the definition.
      name: definition !== undefined && current.name === suggestedName(definition) && chosen !== undefined ? suggestedName(chosen) : current.name,
      displayName: current.displayName === (definition?.properties.displayName ?? '') ? (chosen?.properties.displayName ?? '') : current.displayName,
    }));
    setErrors((current) => Object.fromEntries(Object.entries(current).filter(([key]) => tabOf(key) !== 'parameters' && key !== 'definitionId' && key !== 'form')));
  };

  const where = form.scope === '' ? undefined : scopeLabel(form.scope, scopes.data);
  const canWrite = useCan(WRITE, form.scope === '' ? undefined : form.scope, where);
  const canGrant = useCan(GRANT, form.scope === '' ? undefined : form.scope, where);
  const canAssign = canWrite.state === 'allowed' ? canGrant : canWrite;
  const canRemediateCheck = useCan(REMEDIATE, form.scope === '' ? undefined : form.scope, where);
  const canRemediate = form.scope === '' ? NO_SCOPE : canRemediateCheck;

  const showProblems = (problems: FieldErrors) => {
    setErrors(problems);
    const first = wizardTabs.find((candidate) => Object.keys(problems).some((key) => tabOf(key) === candidate.id));
    if (first !== undefined) setTab(first.id);
  };

  const create = async () => {
    const problems = validate(form, definition);
    if (Object.keys(problems).length > 0 || definition === undefined) {
      showProblems(problems);
      return;
    }
    setErrors({});
    setSaving(true);
    const name = form.name.trim();
    try {
      if (await exists(assignmentPath(form.scope, name))) {
        showProblems({ name: `An assignment named '${name}' already exists at this scope. Choose another name.` });
        return;
      }
      const assignment = await putAssignment(form.scope, name, assignmentBody(form, definition));
      if (!form.createRemediation || canRemediate.state !== 'allowed') {
        toasts.show('success', `Policy '${assignment.properties.displayName}' assigned.`);
        void navigate(`/policy/assignment?id=${encodeURIComponent(assignment.id)}`);
        return;
      }
      try {
        const task = await putRemediation(form.scope, newRemediationName(name), assignment.id, { resourceDiscoveryMode: form.reEvaluate ? 'ReEvaluateCompliance' : 'ExistingNonCompliant' });
        toasts.show('success', `Policy '${assignment.properties.displayName}' assigned; remediation task '${task.name}' started.`);
        void navigate(`/policy/remediation?id=${encodeURIComponent(task.id)}`);
      } catch (error) {
        toasts.show('error', `The policy was assigned, but the remediation task could not be created: ${errorMessage(error)}`);
        void navigate(`/policy/assignment?id=${encodeURIComponent(assignment.id)}`);
      }
    } catch (error) {
      showProblems(placeErrors(error, definition));
    } finally {
      setSaving(false);
    }
  };

  // Like the portal, the review checks everything first, so what is missing shows on its tab before Create.
  const goTo = (id: TabId) => {
    if (id === 'review') {
      const problems = validate(form, definition);
      if (Object.keys(problems).length > 0) setErrors((current) => ({ ...current, ...problems }));
    }
    setTab(id);
  };

  const index = wizardTabs.findIndex((candidate) => candidate.id === tab);
  const tabs = wizardTabs.map((candidate) => {
    const count = Object.keys(errors).filter((key) => key !== 'form' && tabOf(key) === candidate.id).length;
    return { id: candidate.id, label: count === 0 ? candidate.label : `${candidate.label} (${count} to fix)` };
  });
  const loadError = definitions.error ?? scopes.error;

  return (
    <div className="policy-wizard">
      <PageHeader
        title="Assign policy"
        description="Assign a built-in workflow-automation policy to a management group or subscription: every subscription in it gets the automation."
      />
      <p className="policy-breadcrumb">
        <Link to="/policy">Policy</Link> <span aria-hidden="true">›</span> Assign policy
      </p>
      {loadError === undefined ? null : <InlineAlert kind="error">{`Could not load what the wizard needs: ${loadError}`}</InlineAlert>}
      {errors['form'] === undefined || tab === 'review' ? null : <InlineAlert kind="error">{errors['form']}</InlineAlert>}
      <Tabs label="Assign policy steps" tabs={tabs} active={tab} onChange={(id) => goTo(id as TabId)} />
      <TabPanel id={tab}>
        <div className="policy-wizard-body">
          {definitions.loading && definitions.data === undefined ? (
            <p className="muted" role="status">
              <span className="spinner" aria-hidden="true" /> Loading policy definitions…
            </p>
          ) : tab === 'basics' ? (
            <WizardBasics form={form} errors={errors} update={update} scopes={scopes.data} definitions={definitions.data ?? []} onDefinition={chooseDefinition} />
          ) : tab === 'parameters' ? (
            <WizardParameters form={form} errors={errors} update={update} definition={definition} workflows={workflows} scopes={scopes.data} />
          ) : tab === 'remediation' ? (
            <WizardRemediation form={form} errors={errors} update={update} definition={definition} scopes={scopes.data} canRemediate={canRemediate} />
          ) : (
            <WizardReview form={form} errors={errors} definition={definition} scopes={scopes.data} workflows={workflows.data ?? []} />
          )}
        </div>
      </TabPanel>
      <footer className="policy-wizard-footer">
        {tab === 'review' ? (
          <ActionButton variant="primary" busy={saving} onClick={() => void create()} {...(form.scope === '' ? {} : { check: canAssign })}>
            Create
          </ActionButton>
        ) : (
          <ActionButton variant="primary" onClick={() => goTo('review')}>
            Review + create
          </ActionButton>
        )}
        <ActionButton disabled={index <= 0} onClick={() => setTab(wizardTabs[index - 1]?.id ?? 'basics')}>
          Previous
        </ActionButton>
        {tab === 'review' ? null : <ActionButton onClick={() => goTo(wizardTabs[index + 1]?.id ?? 'review')}>Next</ActionButton>}
        <Link className="button button-subtle policy-footer-cancel" to="/policy">
          Cancel
        </Link>
      </footer>
    </div>
  );
}

async function exists(path: string): Promise<boolean> {
  try {
    await getAssignment(path);
    return true;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return false;
    throw error;
  }
}

/** A 400's details by field; anything else (403, 409, a target no field shows) above the form. */
function placeErrors(error: unknown, definition: PolicyDefinition): FieldErrors {
  if (!(error instanceof ApiError) || error.status !== 400) return { form: errorMessage(error) };
  const fields: Record<string, string> = {};
  const unplaced: string[] = [];
  for (const [target, message] of error.fieldErrors()) {
    const field = fieldOfTarget(target, definition);
    // Detail messages do not repeat their target; say which item of a list is meant.
    const item = /\[(\d+)\]$/.exec(target)?.[1];
    const text = item === undefined ? message : `Item ${Number(item) + 1}: ${message}`;
    if (field === undefined) unplaced.push(message);
    else fields[field] ??= text;
  }
  if (Object.keys(fields).length === 0 && unplaced.length === 0) unplaced.push(error.message);
  return unplaced.length === 0 ? fields : { ...fields, form: unplaced.join(' ') };
}

