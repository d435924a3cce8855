/** The placeholder of an area whose page is still being built. */
import { Link } from 'react-router-dom';
import { EmptyState } from '../components/EmptyState';
import { PageHeader } from '../components/PageHeader';

export function NotYet({ title, description, api }: { readonly title: string; readonly description: string; readonly api?: string }) {
  return (
    <>
      <PageHeader title={title} description={description} />
      <EmptyState title="This page is not in the UI yet">
        <p>
          It is coming soon. Until then, {api === undefined ? 'the API' : <code>{api}</code>} does everything this page will do (see{' '}
          <a href="/api/openapi.json">the API description</a>), or go to <Link to="/automations">Workflow automation</Link>.
        </p>
      </EmptyState>
    </>
  );
}

export default NotYet;
