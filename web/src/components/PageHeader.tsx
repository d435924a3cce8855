/** A page's title, a sentence on what it is for, and its toolbar. */
import type { ReactNode } from 'react';

export function PageHeader({ title, description, children }: { readonly title: string; readonly description?: ReactNode; readonly children?: ReactNode }) {
  return (
    <header className="page-header">
      <h1>{title}</h1>
      {description === undefined ? null : <p className="page-description">{description}</p>}
      {children === undefined ? null : (
        <div className="toolbar" role="toolbar" aria-label={`${title} actions`}>
          {children}
        </div>
      )}
    </header>
  );
}
