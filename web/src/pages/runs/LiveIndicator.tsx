/** Whether the page is receiving live updates (a dot and a short text, announced politely when it changes). */
import { type LiveState, liveLabel } from './use-live-runs';

export function LiveIndicator({ state }: { readonly state: LiveState }) {
  return (
    <span className={`runs-live runs-live-${state}`} role="status" data-live={state}>
      <span className={`live-dot live-dot-${state}`} aria-hidden="true" />
      {liveLabel(state)}
    </span>
  );
}
