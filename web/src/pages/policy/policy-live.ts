/**
 * Remediation progress as it happens: `GET /api/live` (server-sent events, cookie auth) sends `event: remediation`
 * with `{id, provisioningState, deploymentStatus}` for each task the user may read. A page re-reads what it shows
 * whenever the stream (re)connects, since changes made while it was down are not replayed.
 */
import { useEffect, useRef, useState } from 'react';
import type { DeploymentStatus } from './policy-api';

export interface RemediationChange {
  readonly id: string;
  readonly provisioningState: string;
  readonly deploymentStatus: DeploymentStatus;
}

export type LiveState = 'connecting' | 'live' | 'offline';

function isChange(value: unknown): value is RemediationChange {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return typeof record['id'] === 'string' && typeof record['provisioningState'] === 'string' && typeof record['deploymentStatus'] === 'object';
}

/** Calls `onChange` for each remediation change and `onConnected` on each connection; answers the stream's state. */
export function useRemediationEvents(onChange: (change: RemediationChange) => void, onConnected?: () => void): LiveState {
  const [state, setState] = useState<LiveState>('connecting');
  const handlers = useRef({ onChange, onConnected });
  handlers.current = { onChange, onConnected };

  useEffect(() => {
    if (typeof EventSource === 'undefined') {
      setState('offline');
      return undefined;
    }
    const source = new EventSource('/api/live');
    source.onopen = () => {
      setState('live');
      // Whatever changed before the stream was open (or while it was down) is not replayed: read it again.
      handlers.current.onConnected?.();
    };
    // EventSource reconnects by itself (the server asks for 3 s); a closed stream (401) does not come back.
    source.onerror = () => setState(source.readyState === EventSource.CLOSED ? 'offline' : 'connecting');
    source.addEventListener('remediation', (event) => {
      try {
        const data: unknown = JSON.parse((event as MessageEvent<string>).data);
        if (isChange(data)) handlers.current.onChange(data);
      } catch {
        // A malformed message is skipped; the next one or a reload brings the truth.
      }
    });
    return () => source.close();
  }, []);

  return state;
}
