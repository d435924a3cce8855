/**
 * The template gallery (security category): ready-made Defender workflows with what they do, what starts them and
 * the connections they need. "Use template" opens the deploy pane for one.
 */
import { useId, useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { parseArmId } from '../../api/arm-id';
import { listSubscriptions } from '../../api/subscriptions';
import { useLoad } from '../../api/use-load';
import { ActionButton } from '../../components/ActionButton';
import { EmptyState } from '../../components/EmptyState';
import { InlineAlert } from '../../components/InlineAlert';
import { SearchFilter, SelectFilter } from '../../components/list-filters';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { useToasts } from '../../components/Toasts';
import '../../styles/workflows.css';
import { DeployTemplatePane } from './DeployTemplatePane';
import { type TemplateResource, listTemplates, workflowPage } from './workflow-api';
import { useCanCreateWorkflow } from './workflow-permissions';

export const templateTriggerLabels: Readonly<Record<string, string>> = {
  Alert: 'Defender alert',
  Assessment: 'Defender recommendation',
  Request: 'Request (HTTP)',
};

const CATEGORY = 'security';

export function TemplateGalleryPage() {
  const toasts = useToasts();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [search, setSearch] = useState('');
  const [trigger, setTrigger] = useState('');
  const filterId = useId();
  const templates = useLoad(listTemplates, []);
  const subscriptions = useLoad(listSubscriptions, []);
  const canCreate = useCanCreateWorkflow(subscriptions.data, 'a subscription or resource group');

  const security = useMemo(() => (templates.data ?? []).filter((template) => template.properties.category.toLowerCase() === CATEGORY), [templates.data]);
  const words = search.trim().toLowerCase();
  const shown = security.filter(
    (template) =>
      (trigger === '' || template.properties.trigger === trigger) &&
      (words === '' || `${template.properties.displayName} ${template.properties.description} ${template.name} ${template.properties.connectors.join(' ')}`.toLowerCase().includes(words)),
  );
  const chosenId = params.get('template');
  const chosen = chosenId === null ? undefined : security.find((template) => template.id.toLowerCase() === chosenId.toLowerCase());

  const choose = (id: string | undefined) => {
    const next = new URLSearchParams(params);
    if (id === undefined) next.delete('template');
    else next.set('template', id);
    setParams(next, { replace: true });
  };

  return (
    <>
      <nav className="wf-breadcrumb" aria-label="Breadcrumb">
        <Link to="/workflows">Workflows</Link> <span aria-hidden="true">›</span> <span aria-current="page">Template gallery</span>
      </nav>
      <PageHeader title="Template gallery" description="Ready-made security workflows, after the public Defender for Cloud workflow automation templates. Pick one, fill in its parameters and connections, and deploy it as a workflow." />

      <div className="filters">
        <SearchFilter id={`${filterId}-search`} label="Search" placeholder="Email, Teams, ServiceNow…" value={search} onChange={setSearch} />
        <SelectFilter
          id={`${filterId}-trigger`}
          label="Trigger"
          value={trigger}
          all="Any trigger"
          options={Object.entries(templateTriggerLabels).map(([value, label]) => ({ value, label }))}
          onChange={setTrigger}
        />
        <div className="filter">
          <span className="filter-label">Category</span>
          <span className="wf-chip wf-chip-strong">Security</span>
        </div>
        {templates.data === undefined ? null : (
          <span className="filter-summary" role="status">
            {shown.length} of {security.length} templates
          </span>
        )}
      </div>

      {canCreate.state === 'denied' ? <InlineAlert kind="warning" title="You can browse the templates but not deploy them">{canCreate.reason}</InlineAlert> : null}
      <LoadError what="load the templates" error={templates.error} />
      {templates.loading && templates.data === undefined ? (
        <p className="muted" role="status">
          <span className="spinner" aria-hidden="true" /> Loading templates…
        </p>
      ) : null}
      {templates.data !== undefined && shown.length === 0 ? (
        <EmptyState title={security.length === 0 ? 'No security templates' : 'No template matches'}>
          <p>{security.length === 0 ? 'This server has no templates in the security category. Create a blank workflow instead.' : 'Clear the search or choose any trigger to see every template.'}</p>
        </EmptyState>
      ) : null}

      <ul className="wf-template-grid" aria-label="Templates">
        {shown.map((template) => (
          <li key={template.id}>
            <TemplateCard template={template} onUse={() => choose(template.id)} check={canCreate} />
          </li>
        ))}
      </ul>

      {chosen !== undefined && subscriptions.data !== undefined ? (
        <DeployTemplatePane
          template={chosen}
          subscriptions={subscriptions.data}
          onClose={() => choose(undefined)}
          onDeployed={(workflow) => {
            toasts.show('success', `Template deployed as workflow '${workflow.name}'.`);
            const { subscriptionId = '', resourceGroup = '' } = parseArmId(workflow.id);
            void navigate(workflowPage(subscriptionId, resourceGroup, workflow.name));
          }}
        />
      ) : null}
      {chosenId !== null && templates.data !== undefined && chosen === undefined ? <InlineAlert kind="warning">{`There is no security template '${chosenId}'.`}</InlineAlert> : null}
    </>
  );
}

function TemplateCard({ template, onUse, check }: { readonly template: TemplateResource; readonly onUse: () => void; readonly check: ReturnType<typeof useCanCreateWorkflow> }) {
  const headingId = useId();
  const { displayName, description, trigger, connectors, parameters } = template.properties;
  const parameterCount = Object.keys(parameters).length;
  return (
    <article className="wf-template-card" aria-labelledby={headingId}>
      <div className="wf-template-top">
        <span className={`wf-chip wf-chip-${trigger.toLowerCase()}`}>{templateTriggerLabels[trigger] ?? trigger}</span>
        <span className="wf-template-id">{template.name}</span>
      </div>
      <h3 id={headingId}>{displayName}</h3>
      <p className="wf-template-description">{description}</p>
      <dl className="wf-template-facts">
        <div>
          <dt>Connections</dt>
          <dd>{connectors.length === 0 ? 'None' : connectors.join(', ')}</dd>
        </div>
        <div>
          <dt>Parameters</dt>
          <dd>{parameterCount === 0 ? 'None' : Object.keys(parameters).join(', ')}</dd>
        </div>
      </dl>
      <div className="wf-template-actions">
        <ActionButton variant="primary" reason="tooltip" check={check} onClick={onUse} aria-label={`Use template ${displayName}`}>
          Use template
        </ActionButton>
      </div>
    </article>
  );
}
