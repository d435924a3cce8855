import { Link } from 'react-router-dom';
import { EmptyState } from '../components/EmptyState';

export function NotFound() {
  return (
    <EmptyState title="There is no page here">
      <p>
        The address does not match a page. Go to <Link to="/automations">Workflow automation</Link> or pick a page on the left.
      </p>
    </EmptyState>
  );
}
