/** One event schema, pretty-printed, with Download and Copy. */
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useLoad } from '../../api/use-load';
import { ActionButton } from '../../components/ActionButton';
import { InlineAlert } from '../../components/InlineAlert';
import { PageHeader } from '../../components/PageHeader';
import { JsonView } from '../../components/events-json';
import { getSchema, schemaPath } from './schema-api';
import '../../styles/events.css';

export function SchemaPage() {
  const name = useParams().name ?? '';
  const schema = useLoad(() => getSchema(name), [name]);
  const [copied, setCopied] = useState<string | undefined>(undefined);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(JSON.stringify(schema.data, null, 2));
      setCopied('Copied to the clipboard.');
    } catch {
      setCopied('The browser did not allow copying; use Download instead.');
    }
  };
  return (
    <>
      <nav className="events-breadcrumb" aria-label="Breadcrumb">
        <Link to="/schemas">Event schemas</Link> <span aria-hidden="true">›</span> <span aria-current="page">{name}</span>
      </nav>
      <PageHeader title={schema.data?.title ?? name} description={schema.data?.description}>
        <a className="button button-primary events-button" href={schemaPath(name)} download={`${name}.json`}>
          Download {name}.json
        </a>
        <ActionButton onClick={() => void copy()} disabled={schema.data === undefined}>
          Copy
        </ActionButton>
        {copied === undefined ? null : (
          <span className="events-copied" role="status">
            {copied}
          </span>
        )}
      </PageHeader>
      {schema.error === undefined ? null : (
        <InlineAlert kind="error" title={`Could not read the schema '${name}'`}>
          {schema.error} <Link to="/schemas">Back to the list of schemas</Link>.
        </InlineAlert>
      )}
      {schema.data === undefined ? (
        schema.loading ? (
          <p className="muted">
            <span className="spinner" aria-hidden="true" /> Loading…
          </p>
        ) : null
      ) : (
        <>
          {schema.data.$id === undefined ? null : (
            <p className="muted small">
              <code>$id</code> {schema.data.$id}
            </p>
          )}
          <JsonView value={schema.data} label={`The ${name} schema`} className="events-schema-json" />
        </>
      )}
    </>
  );
}
