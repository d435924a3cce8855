/**
 * Live updates for the web UI: an in-process publish/subscribe of run and remediation changes, streamed by
 * `GET /api/live`. Each subscriber has its own bounded queue, so a slow reader loses its oldest updates instead of
 * holding memory or slowing the publisher (a page re-reads what it shows when it reconnects anyway).
 */
import { Channel, type Notifications } from '../store/notifications.js';

export interface RunChange {
  /** The run's resource id: `{workflowId}/runs/{name}`. */
  readonly id: string;
  readonly workflowId: string;
  readonly status: string;
  readonly startTime: string | null;
  readonly endTime: string | null;
}

export interface RemediationChange {
  readonly id: string;
  readonly provisioningState: string;
  readonly deploymentStatus: { readonly totalDeployments: number; readonly successfulDeployments: number; readonly failedDeployments: number };
}

export type LiveEvent = { readonly kind: 'run'; readonly data: RunChange } | { readonly kind: 'remediation'; readonly data: RemediationChange };

/** Updates kept for one subscriber that has not read them yet; older ones are dropped beyond this. */
export const MAX_QUEUED = 1_000;

/** One listener's queue, read with `next()` or `for await`; ends (answers undefined) once closed. */
export class LiveSubscription implements AsyncIterable<LiveEvent> {
  private readonly queue: LiveEvent[] = [];
  private waiting: ((event: LiveEvent | undefined) => void) | undefined;
  private closed = false;
  /** How many updates were dropped because the reader fell behind. */
  dropped = 0;

  constructor(
    private readonly detach: (subscription: LiveSubscription) => void,
    private readonly limit: number,
  ) {}

  push(event: LiveEvent): void {
    if (this.closed) return;
    const waiting = this.waiting;
    if (waiting !== undefined) {
      this.waiting = undefined;
      waiting(event);
      return;
    }
    this.queue.push(event);
    if (this.queue.length > this.limit) {
      this.queue.shift();
      this.dropped++;
    }
  }

  /** The next update, waiting for one; undefined once the subscription is closed. */
  next(): Promise<LiveEvent | undefined> {
    const queued = this.queue.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    if (this.closed) return Promise.resolve(undefined);
    return new Promise((resolve) => (this.waiting = resolve));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.queue.length = 0;
    this.detach(this);
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.(undefined);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<LiveEvent> {
    for (;;) {
      const event = await this.next();
      if (event === undefined) return;
      yield event;
    }
  }
}

export class LiveEvents {
  private readonly subscribers = new Set<LiveSubscription>();

  /** Whether anyone listens: publishers skip the work of building an update nobody reads. */
  get listening(): boolean {
    return this.subscribers.size > 0;
  }

  subscribe(limit = MAX_QUEUED): LiveSubscription {
    const subscription = new LiveSubscription((done) => this.subscribers.delete(done), limit);
    this.subscribers.add(subscription);
    return subscription;
  }

  publish(event: LiveEvent): void {
    for (const subscriber of this.subscribers) subscriber.push(event);
  }
}

/**
 * On a shared database, runs execute in worker processes: their status changes reach this process's live
 * listeners through the database's notifications. `ownOrigin` names this process's dispatcher, whose changes are
 * already published here directly.
 */
export function relayRunStatus(notifications: Notifications, live: LiveEvents, ownOrigin: string): void {
  notifications.subscribe(Channel.RunStatus, (payload) => {
    if (!live.listening) return;
    try {
      const { origin, event } = JSON.parse(payload) as { origin: string; event: LiveEvent };
      if (origin !== ownOrigin && event.kind === 'run') live.publish(event);
    } catch {
      // Not one of ours: ignored.
    }
  });
}
