/** The published event schemas: what each is, view it, download it. */
import { Link } from 'react-router-dom';
import { useLoad } from '../../api/use-load';
import { type Column, DataTable } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { RefreshButton } from '../../components/RefreshButton';
import { firstSentence, listSchemaDocuments, schemaPath } from './schema-api';
import '../../styles/events.css';

type Row = Awaited<ReturnType<typeof listSchemaDocuments>>[number];

const columns: Column<Row>[] = [
  {
    key: 'name',
    header: 'Schema',
    render: ({ entry, document }) => (
      <div className="cell-stack">
        <Link className="cell-primary" to={`/schemas/${encodeURIComponent(entry.name)}`}>
          {document?.title ?? entry.name}
        </Link>
        <code className="events-schema-file">{`${entry.name}.json`}</code>
      </div>
    ),
  },
  {
    key: 'description',
    header: 'Describes',
    render: ({ document, error }) =>
      error !== undefined ? <span className="field-error">{error}</span> : <span>{document?.description === undefined ? '' : firstSentence(document.description)}</span>,
  },
  {
    key: 'actions',
    header: <span className="visually-hidden">Actions</span>,
    className: 'cell-actions',
    render: ({ entry, document }) => (
      <div className="row-actions">
        <Link className="button button-subtle events-button" to={`/schemas/${encodeURIComponent(entry.name)}`} aria-label={`View ${document?.title ?? entry.name}`}>
          View
        </Link>
        <a className="button button-subtle events-button" href={schemaPath(entry.name)} download={`${entry.name}.json`} aria-label={`Download ${entry.name}.json`}>
          Download
        </a>
      </div>
    ),
  },
];

export function SchemaListPage() {
  const schemas = useLoad(listSchemaDocuments, []);
  return (
    <>
      <PageHeader
        title="Event schemas"
        description="The JSON Schemas (draft-07) of what workflows receive from alerts, recommendations and compliance assessments: use them to parse the trigger body in a workflow, or to check events before posting them."
      >
        <RefreshButton loads={[schemas]} shows={schemas} />
      </PageHeader>
      <DataTable
        label="Event schemas"
        columns={columns}
        rows={schemas.data ?? []}
        rowKey={(row) => row.entry.name}
        loading={schemas.loading}
        {...(schemas.error === undefined ? {} : { error: `Could not list the schemas: ${schemas.error}` })}
        empty={
          <EmptyState title="No schemas published">
            <p>This server publishes none. Check that it is up to date; the API description at /api/openapi.json lists the event routes.</p>
          </EmptyState>
        }
      />
    </>
  );
}
