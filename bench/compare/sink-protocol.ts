/** Messages between the bench and the sink process (over the fork IPC channel). Arrivals travel as columns. */

export interface SinkReady {
  readonly kind: 'ready';
  readonly url: string;
}

export interface SinkArrivals {
  readonly kind: 'arrivals';
  readonly ids: string[];
  readonly severities: string[];
  readonly sentAtUs: number[];
  readonly arrivedAtUs: number[];
  /** Requests whose body was not a bench alert with its send time. */
  readonly malformed: number;
}

/** Asks the sink for everything that arrived since the last drain, and forgets it. */
export interface DrainRequest {
  readonly kind: 'drain';
}

export type SinkMessage = SinkReady | SinkArrivals;
