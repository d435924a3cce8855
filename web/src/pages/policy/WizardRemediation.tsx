/**
 * The wizard's Remediation tab: whether to create a remediation task for the subscriptions already in the scope
 * (the assignment itself only deploys to subscriptions that arrive later), and the managed identity every
 * deployment runs as.
 */
import type { Check } from '../../api/permissions';
import { InlineAlert } from '../../components/InlineAlert';
import { type Scopes, scopeLabel } from '../../components/policy-scope-picker';
import type { PolicyDefinition } from './policy-api';
import type { TabProps } from './WizardBasics';

interface RemediationProps extends TabProps {
  readonly definition: PolicyDefinition | undefined;
  readonly scopes: Scopes | undefined;
  readonly canRemediate: Check;
}

export function WizardRemediation({ form, errors, update, definition, scopes, canRemediate }: RemediationProps) {
  const where = form.scope === '' ? 'the scope' : scopeLabel(form.scope, scopes);
  const denied = canRemediate.state === 'denied' ? canRemediate.reason : undefined;
  return (
    <div className="form policy-narrow">
      <section className="form-section" aria-labelledby="remediation-task-heading">
        <h3 id="remediation-task-heading">Remediation task</h3>
        <p className="muted policy-tab-intro">
          The assignment deploys the automation into subscriptions created in or moved into {where} from now on. Subscriptions already there stay
          non-compliant until a remediation task deploys it to them.
        </p>
        <div className="field">
          <label className="checkbox policy-boolean">
            <input
              type="checkbox"
              checked={form.createRemediation && denied === undefined}
              disabled={denied !== undefined || canRemediate.state === 'checking'}
              onChange={(event) => update({ createRemediation: event.target.checked }, ['remediation'])}
              aria-describedby="remediation-task-hint"
            />
            <span className="field-label">Create a remediation task</span>
          </label>
          <div id="remediation-task-hint" className="field-hint">
            {denied === undefined ? (
              <>Starts right after the assignment is created, deploying to every non-compliant subscription; you can watch its progress live.</>
            ) : (
              <span className="action-reason">{denied}</span>
            )}
          </div>
          {errors['remediation'] === undefined ? null : <div className="field-error">{errors['remediation']}</div>}
        </div>
        {form.createRemediation && denied === undefined ? (
          <div className="policy-indent">
            <p className="small">
              Policy to remediate: <strong>{definition?.properties.displayName ?? 'the chosen definition'}</strong>
            </p>
            <label className="checkbox">
              <input type="checkbox" checked={form.reEvaluate} onChange={(event) => update({ reEvaluate: event.target.checked })} />
              Re-evaluate compliance before remediating
            </label>
          </div>
        ) : null}
      </section>

      <section className="form-section" aria-labelledby="remediation-identity-heading">
        <h3 id="remediation-identity-heading">Managed identity</h3>
        <InlineAlert kind="info" title="A system-assigned managed identity is created for this assignment">
          <p className="policy-paragraph">
            The definition&apos;s effect is <strong>DeployIfNotExists</strong>, so its deployments need rights in each subscription. Riposte gives the
            assignment its own service principal holding <strong>Contributor</strong> at {where} (the role the definition&apos;s{' '}
            <code>roleDefinitionIds</code> require), and <strong>Logic App Operator</strong> on the chosen workflow.
          </p>
          <p className="policy-paragraph">
            Every deployment, automatic or by remediation, runs as that identity and appears in the activity log as its caller. Remove its Contributor role
            and deployments fail with <code>AuthorizationFailed</code>. Deleting the assignment deletes the identity and its role assignments.
          </p>
        </InlineAlert>
      </section>
    </div>
  );
}
