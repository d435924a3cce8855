/** A tab strip (ARIA tabs pattern: arrow keys move between tabs). The caller renders the active panel in `TabPanel`. */
import { type KeyboardEvent, type ReactNode, useRef } from 'react';

export interface TabItem {
  readonly id: string;
  readonly label: string;
}

export function tabId(id: string): string {
  return `tab-${id}`;
}

export function Tabs({ label, tabs, active, onChange }: { readonly label: string; readonly tabs: readonly TabItem[]; readonly active: string; readonly onChange: (id: string) => void }) {
  const list = useRef<HTMLDivElement>(null);
  const onKeyDown = (event: KeyboardEvent) => {
    const index = tabs.findIndex((tab) => tab.id === active);
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    event.preventDefault();
    const next = tabs[(index + step + tabs.length) % tabs.length];
    if (next === undefined) return;
    onChange(next.id);
    list.current?.querySelector<HTMLElement>(`#${tabId(next.id)}`)?.focus();
  };
  return (
    <div ref={list} className="tabs" role="tablist" aria-label={label} onKeyDown={onKeyDown}>
      {tabs.map((tab) => (
        <button
          key={tab.id}
          id={tabId(tab.id)}
          type="button"
          role="tab"
          className="tab"
          aria-selected={tab.id === active}
          aria-controls={`${tabId(tab.id)}-panel`}
          tabIndex={tab.id === active ? 0 : -1}
          onClick={() => onChange(tab.id)}
        >
          {tab.label}
        </button>
      ))}
    </div>
  );
}

export function TabPanel({ id, children }: { readonly id: string; readonly children: ReactNode }) {
  return (
    <div id={`${tabId(id)}-panel`} role="tabpanel" aria-labelledby={tabId(id)} className="tab-panel">
      {children}
    </div>
  );
}
