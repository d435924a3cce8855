/** What an empty list shows: what it would hold and what to do next. */
import type { ReactNode } from 'react';

export function EmptyState({ title, children, action }: { readonly title: string; readonly children?: ReactNode; readonly action?: ReactNode }) {
  return (
    <div className="empty-state">
      <h3>{title}</h3>
      {children === undefined ? null : <div className="empty-state-text">{children}</div>}
      {action === undefined ? null : <div className="empty-state-action">{action}</div>}
    </div>
  );
}
