/** The three built-in workflow-automation definitions, each with its parameters and policy rule, and a way to assign it. */
import { useNavigate } from 'react-router-dom';
import { useLoad } from '../../api/use-load';
import { ActionButton } from '../../components/ActionButton';
import { type Column, DataTable } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { useScopes } from '../../components/policy-scope-picker';
import { displayValue, isRequired } from './assignment-form';
import { useCanAssignSomewhere } from './AssignmentsPage';
import { type PolicyDefinition, type PolicyParameter, listDefinitions } from './policy-api';
import { PolicyNav } from './PolicyNav';

type ParameterRow = readonly [string, PolicyParameter];

const columns: Column<ParameterRow>[] = [
  {
    key: 'name',
    header: 'Parameter',
    className: 'policy-col-param',
    render: ([name, parameter]) => (
      <div className="policy-param-cell">
        <span className="cell-primary">{parameter.metadata.displayName}</span>
        <code className="policy-param-name">{name}</code>
      </div>
    ),
  },
  { key: 'type', header: 'Type', render: ([, parameter]) => (parameter.metadata.strongType === undefined ? parameter.type : <span className="cell-stack">{parameter.type}<span className="cell-secondary">{parameter.metadata.strongType}</span></span>) },
  { key: 'allowed', header: 'Allowed values', render: ([, parameter]) => (parameter.allowedValues === undefined ? <span className="muted">Any</span> : parameter.allowedValues.map(String).join(', ')) },
  { key: 'default', header: 'Default', render: ([, parameter]) => (isRequired(parameter) ? <strong>Required</strong> : displayValue(parameter.defaultValue)) },
  { key: 'description', header: 'Description', className: 'policy-col-description', render: ([, parameter]) => <span className="small">{parameter.metadata.description}</span> },
];

export function DefinitionsPage() {
  const definitions = useLoad(listDefinitions, []);
  const scopes = useScopes();
  const canAssign = useCanAssignSomewhere(scopes.data);
  return (
    <>
      <PageHeader
        title="Policy"
        description="The built-in Defender for Cloud workflow-automation definitions. Each deploys a workflow automation into every subscription of the scope it is assigned to (DeployIfNotExists)."
      />
      <PolicyNav />
      <LoadError what="list policy definitions" error={definitions.error} />
      {definitions.loading && definitions.data === undefined ? (
        <p className="muted" role="status">
          <span className="spinner" aria-hidden="true" /> Loading policy definitions…
        </p>
      ) : null}
      {definitions.data !== undefined && definitions.data.length === 0 ? (
        <EmptyState title="No policy definitions">
          <p>This server offers no built-in definitions; check that it is up to date.</p>
        </EmptyState>
      ) : null}
      <div className="policy-cards">
        {(definitions.data ?? []).map((definition) => (
          <DefinitionCard key={definition.id} definition={definition} canAssign={canAssign} />
        ))}
      </div>
    </>
  );
}

function DefinitionCard({ definition, canAssign }: { readonly definition: PolicyDefinition; readonly canAssign: ReturnType<typeof useCanAssignSomewhere> }) {
  const navigate = useNavigate();
  const { properties } = definition;
  const headingId = `definition-${definition.name}`;
  return (
    <section className="card policy-card" aria-labelledby={headingId}>
      <header className="policy-card-header">
        <div>
          <h2 id={headingId}>{properties.displayName}</h2>
          <p className="cell-secondary">
            {properties.policyType} · {properties.metadata.category} · version {properties.metadata.version} · <code>{definition.name}</code>
          </p>
        </div>
        <ActionButton variant="primary" check={canAssign} onClick={() => void navigate(`/policy/assign?definition=${encodeURIComponent(definition.name)}`)} aria-label={`Assign ${properties.displayName}`}>
          Assign
        </ActionButton>
      </header>
      <p className="policy-paragraph">{properties.description}</p>
      <DataTable label={`Parameters of ${properties.displayName}`} columns={columns} rows={Object.entries(properties.parameters)} rowKey={([name]) => name} />
      <details className="rule-preview">
        <summary>Policy rule (DeployIfNotExists)</summary>
        <pre>{JSON.stringify(properties.policyRule, null, 2)}</pre>
      </details>
    </section>
  );
}
