/** The wizard's last tab: everything that will be created, in words and as the request body. */
import type { ReactNode } from 'react';
import { InlineAlert } from '../../components/InlineAlert';
import { type Scopes, scopeLabel } from '../../components/policy-scope-picker';
import { type AssignmentForm, type FieldErrors, apiValue, assignmentBody, displayValue, orderedParameters, tabOf, wizardTabs } from './assignment-form';
import type { PolicyDefinition } from './policy-api';
import type { WorkflowChoice } from './policy-workflows';

interface ReviewProps {
  readonly form: AssignmentForm;
  readonly errors: FieldErrors;
  readonly definition: PolicyDefinition | undefined;
  readonly scopes: Scopes | undefined;
  readonly workflows: readonly WorkflowChoice[];
}

function Row({ term, children }: { readonly term: string; readonly children: ReactNode }) {
  return (
    <>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </>
  );
}

export function WizardReview({ form, errors, definition, scopes, workflows }: ReviewProps) {
  const problems = Object.keys(errors).filter((key) => key !== 'form');
  const tabsWithProblems = [...new Set(problems.map(tabOf))].map((id) => wizardTabs.find((tab) => tab.id === id)?.label ?? id);
  const workflowName = (id: string) => workflows.find((workflow) => workflow.id === id)?.name ?? id;
  return (
    <div className="form policy-narrow">
      {errors['form'] === undefined ? null : <InlineAlert kind="error">{errors['form']}</InlineAlert>}
      {tabsWithProblems.length === 0 ? null : (
        <InlineAlert kind="error" title="Fix these before creating">
          {`See the ${tabsWithProblems.join(' and ')} tab${tabsWithProblems.length === 1 ? '' : 's'}.`}
        </InlineAlert>
      )}
      <section className="form-section" aria-labelledby="review-basics-heading">
        <h3 id="review-basics-heading">Basics</h3>
        <dl className="policy-details">
          <Row term="Scope">{form.scope === '' ? '(none chosen)' : scopeLabel(form.scope, scopes)}</Row>
          <Row term="Exclusions">{form.notScopes.length === 0 ? 'None' : form.notScopes.map((scope) => scopeLabel(scope, scopes)).join(', ')}</Row>
          <Row term="Policy definition">{definition?.properties.displayName ?? '(none chosen)'}</Row>
          <Row term="Assignment name">{form.name}</Row>
          <Row term="Display name">{form.displayName.trim() === '' ? definition?.properties.displayName : form.displayName}</Row>
          <Row term="Description">{form.description.trim() === '' ? '(none)' : form.description}</Row>
          <Row term="Policy enforcement">{form.enforce ? 'Enabled' : 'Disabled (DoNotEnforce)'}</Row>
        </dl>
      </section>
      {definition === undefined ? null : (
        <section className="form-section" aria-labelledby="review-parameters-heading">
          <h3 id="review-parameters-heading">Parameters</h3>
          <dl className="policy-details">
            {orderedParameters(definition).map(([name, parameter]) => {
              const value = apiValue(parameter, form.values[name]);
              return (
                <Row key={name} term={parameter.metadata.displayName}>
                  {name === 'logicAppResourceId' && typeof value === 'string' && value !== '' ? <span title={value}>{workflowName(value)}</span> : displayValue(value)}
                </Row>
              );
            })}
          </dl>
        </section>
      )}
      <section className="form-section" aria-labelledby="review-remediation-heading">
        <h3 id="review-remediation-heading">Remediation</h3>
        <dl className="policy-details">
          <Row term="Create a remediation task">{form.createRemediation ? `Yes${form.reEvaluate ? ', re-evaluating compliance first' : ''}` : 'No'}</Row>
          <Row term="Managed identity">System assigned: Contributor at the scope, Logic App Operator on the workflow</Row>
        </dl>
      </section>
      {definition === undefined ? null : (
        <details className="rule-preview">
          <summary>The request body</summary>
          <pre>{JSON.stringify(assignmentBody(form, definition), null, 2)}</pre>
        </details>
      )}
    </div>
  );
}
