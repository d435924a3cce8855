/** One label and value of a run's or action's facts (inside a `<dl className="runs-facts">`). */
import type { ReactNode } from 'react';

export function Fact({ label, children }: { readonly label: string; readonly children: ReactNode }) {
  return (
    <div className="runs-fact">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}
