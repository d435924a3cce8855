/** A message in the page's flow: errors are announced at once, the rest politely. */
import type { ReactNode } from 'react';

export type AlertKind = 'info' | 'success' | 'warning' | 'error';

export function InlineAlert({ kind = 'info', title, children }: { readonly kind?: AlertKind; readonly title?: string; readonly children?: ReactNode }) {
  return (
    <div className={`alert alert-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {title === undefined ? null : <strong className="alert-title">{title}</strong>}
      {children === undefined ? null : <div className="alert-body">{children}</div>}
    </div>
  );
}
