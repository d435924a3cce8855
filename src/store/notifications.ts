/**
 * Signals between the processes sharing a database: "runs were queued", "cancel this run", "this cached data
 * changed". They only make things happen sooner — every receiver also polls or re-reads — so one lost on a
 * reconnect costs latency, never correctness. On embedded SQLite one process owns the database and they stay local.
 */
export const Channel = {
  /** Runs were queued or became claimable: workers claim now instead of at their next poll. */
  RunsQueued: 'riposte_runs_queued',
  /** Payload: a run id whose cancellation was requested; the worker executing it stops it. */
  CancelRun: 'riposte_cancel_run',
  /** Payload: a topic (see `ChangeTopic`) whose cached copies must be reloaded. */
  Changed: 'riposte_changed',
  /** Payload: a run's new status (JSON), for the live updates API processes stream to the web UI. */
  RunStatus: 'riposte_run_status',
} as const;
export type Channel = (typeof Channel)[keyof typeof Channel];

export interface Notifications {
  /** Sends soon (coalesced: the same channel and payload go once per turn of the event loop); never throws. */
  publish(channel: Channel, payload?: string): void;
  /** Handlers are called for every notification, including this process's own. */
  subscribe(channel: Channel, handler: (payload: string) => void): void;
  /** Called when signals may have been missed (a lost connection was re-established): look for yourself. */
  onReconnect(handler: () => void): void;
  close(): Promise<void>;
}

/** Collects publications for one turn of the event loop, so a burst costs one send. */
export class PendingSignals {
  private pending = new Map<string, { channel: Channel; payload: string }>();
  private scheduled = false;

  constructor(private readonly send: (signals: readonly { channel: Channel; payload: string }[]) => void) {}

  add(channel: Channel, payload: string): void {
    this.pending.set(`${channel}\u0000${payload}`, { channel, payload });
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      const signals = [...this.pending.values()];
      this.pending = new Map();
      this.send(signals);
    });
  }
}

/** One process, one database: signals are delivered in-process. */
export class LocalNotifications implements Notifications {
  private readonly handlers = new Map<Channel, ((payload: string) => void)[]>();
  private readonly signals = new PendingSignals((signals) => {
    for (const { channel, payload } of signals) for (const handler of this.handlers.get(channel) ?? []) handler(payload);
  });

  publish(channel: Channel, payload = ''): void {
    this.signals.add(channel, payload);
  }

  subscribe(channel: Channel, handler: (payload: string) => void): void {
    this.handlers.set(channel, [...(this.handlers.get(channel) ?? []), handler]);
  }

  /** In-process signals are never missed, so the handler is never called. */
  onReconnect(_handler: () => void): void {}

  close(): Promise<void> {
    this.handlers.clear();
    return Promise.resolve();
  }
}
