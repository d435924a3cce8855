/**
 * The Azure-style pane that slides in from the right for creating and editing: a modal dialog with a title, a
 * scrolling body and a footer of buttons. Escape or the close button closes it; focus returns where it was.
 */
import { type ReactNode, useEffect, useId, useRef } from 'react';

export interface SidePaneProps {
  readonly title: string;
  readonly subtitle?: string;
  readonly onClose: () => void;
  readonly children: ReactNode;
  readonly footer?: ReactNode;
  /** `wide` for panes with graphs or editors. */
  readonly size?: 'normal' | 'wide';
}

const FOCUSABLE = 'input:not([disabled]), select:not([disabled]), textarea:not([disabled]), button:not([disabled]), [href], [tabindex]:not([tabindex="-1"])';

export function SidePane({ title, subtitle, onClose, children, footer, size = 'normal' }: SidePaneProps) {
  const titleId = useId();
  const pane = useRef<HTMLDivElement>(null);
  const close = useRef(onClose);
  close.current = onClose;

  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : undefined;
    const body = pane.current?.querySelector('.side-pane-body')?.querySelector<HTMLElement>(FOCUSABLE);
    (body ?? pane.current)?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        event.stopPropagation();
        close.current();
      }
      if (event.key === 'Tab' && pane.current !== null) keepFocusInside(pane.current, event);
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      opener?.focus();
    };
  }, []);

  return (
    <div className="side-pane-layer">
      <div className="side-pane-backdrop" onClick={onClose} aria-hidden="true" />
      <div ref={pane} className={`side-pane side-pane-${size}`} role="dialog" aria-modal="true" aria-labelledby={titleId} tabIndex={-1}>
        <header className="side-pane-header">
          <div>
            <h2 id={titleId}>{title}</h2>
            {subtitle === undefined ? null : <p className="side-pane-subtitle">{subtitle}</p>}
          </div>
          <button type="button" className="icon-button" onClick={onClose} aria-label="Close">
            ×
          </button>
        </header>
        <div className="side-pane-body">{children}</div>
        {footer === undefined ? null : <footer className="side-pane-footer">{footer}</footer>}
      </div>
    </div>
  );
}

/** Tab from the last control goes to the first, and Shift+Tab from the first to the last. */
function keepFocusInside(container: HTMLElement, event: KeyboardEvent): void {
  const items = [...container.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((item) => item.offsetParent !== null);
  const first = items[0];
  const last = items[items.length - 1];
  if (first === undefined || last === undefined) return;
  if (event.shiftKey && document.activeElement === first) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && document.activeElement === last) {
    event.preventDefault();
    first.focus();
  }
}
