/**
 * Run changes as they happen, from `GET /api/live` (server-sent events, cookie auth): `event: run` with
 * `{id, workflowId, status, startTime, endTime}` for runs the user may read. The browser reconnects by itself.
 * Each time the stream opens the page re-reads what it shows: after a reconnect, changes in between were missed,
 * and on the first opening, those between the page's first read and the stream's start (a run ending at once).
 */
import { useEffect, useRef, useState } from 'react';

export interface RunChange {
  readonly id: string;
  readonly workflowId: string;
  readonly status: string;
  readonly startTime: string | null;
  readonly endTime: string | null;
}

/** `connecting` until the stream is open (and while the browser reconnects), `offline` once it gave up. */
export type LiveState = 'connecting' | 'live' | 'offline';

function isRunChange(value: unknown): value is RunChange {
  if (typeof value !== 'object' || value === null) return false;
  const change = value as Record<string, unknown>;
  return typeof change.id === 'string' && typeof change.workflowId === 'string' && typeof change.status === 'string';
}

export function useLiveRuns(onChange: (change: RunChange) => void, onOpen: () => void): LiveState {
  const [state, setState] = useState<LiveState>('connecting');
  const handlers = useRef({ onChange, onOpen });
  handlers.current = { onChange, onOpen };

  useEffect(() => {
    if (typeof EventSource === 'undefined') {
      setState('offline');
      return undefined;
    }
    const source = new EventSource('/api/live');
    source.onopen = () => {
      handlers.current.onOpen();
      setState('live');
    };
    source.onerror = () => setState(source.readyState === EventSource.CLOSED ? 'offline' : 'connecting');
    source.addEventListener('run', (event) => {
      let change: unknown;
      try {
        change = JSON.parse((event as MessageEvent<string>).data);
      } catch {
        return;
      }
      if (isRunChange(change)) handlers.current.onChange(change);
    });
    return () => source.close();
  }, []);

  return state;
}

const LABELS: Readonly<Record<LiveState, string>> = {
  connecting: 'Connecting to live updates…',
  live: 'Live: updates as runs change',
  offline: 'Live updates are off: refresh to see changes',
};

export function liveLabel(state: LiveState): string {
  return LABELS[state];
}
