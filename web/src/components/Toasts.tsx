/** Short-lived notices ("Workflow automation 'x' saved") in the top right corner; errors stay until closed. */
import { type ReactNode, createContext, useCallback, useContext, useMemo, useRef, useState } from 'react';
import type { AlertKind } from './InlineAlert';

interface Toast {
  readonly id: number;
  readonly kind: AlertKind;
  readonly text: string;
}

interface Toasts {
  show(kind: AlertKind, text: string): void;
}

const ToastContext = createContext<Toasts | undefined>(undefined);
const LIFETIME_MS = 6000;

export function ToastProvider({ children }: { readonly children: ReactNode }) {
  const [toasts, setToasts] = useState<readonly Toast[]>([]);
  const next = useRef(1);
  const dismiss = useCallback((id: number) => setToasts((current) => current.filter((toast) => toast.id !== id)), []);
  const show = useCallback(
    (kind: AlertKind, text: string) => {
      const id = next.current++;
      setToasts((current) => [...current.slice(-3), { id, kind, text }]);
      if (kind !== 'error') window.setTimeout(() => dismiss(id), LIFETIME_MS);
    },
    [dismiss],
  );
  const value = useMemo(() => ({ show }), [show]);
  return (
    <ToastContext.Provider value={value}>
      {children}
      <div className="toasts" aria-live="polite">
        {toasts.map((toast) => (
          <div key={toast.id} className={`toast alert-${toast.kind}`} role={toast.kind === 'error' ? 'alert' : 'status'}>
            <span>{toast.text}</span>
            <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => dismiss(toast.id)}>
              ×
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export function useToasts(): Toasts {
  const toasts = useContext(ToastContext);
  if (toasts === undefined) throw new Error('useToasts needs a ToastProvider above it.');
  return toasts;
}
