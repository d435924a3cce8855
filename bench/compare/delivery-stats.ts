/** Pure arithmetic over what the sink saw: throughput windows, latency percentiles, wrong or repeated deliveries. */

export interface SinkArrival {
  readonly id: string;
  readonly severity: string;
  readonly sentAtUs: number;
  /** When the request's headers reached the sink, on the shared monotonic clock. */
  readonly arrivedAtUs: number;
}

/** Nearest-rank percentile of an ascending list; NaN when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

/** Distinct alerts that reached the sink within [startUs, endUs). A repeated delivery is not counted twice. */
export function deliveredInWindow(arrivals: readonly SinkArrival[], startUs: number, endUs: number): number {
  const ids = new Set<string>();
  for (const arrival of arrivals) {
    if (arrival.arrivedAtUs >= startUs && arrival.arrivedAtUs < endUs) ids.add(arrival.id);
  }
  return ids.size;
}

export interface LatencySummary {
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly delivered: number;
  /** Expected alerts that never reached the sink; they count as infinitely late in the percentiles. */
  readonly lost: number;
}

/**
 * Latency of each expected alert from its intended send time to its first arrival. Measuring from the intended
 * time (not the moment the load generator got round to sending) keeps a stalled contender from hiding its stall.
 */
export function latencySummary(expected: readonly { id: string; sentAtUs: number }[], arrivals: readonly SinkArrival[]): LatencySummary {
  const firstArrival = new Map<string, number>();
  for (const arrival of arrivals) {
    const seen = firstArrival.get(arrival.id);
    if (seen === undefined || arrival.arrivedAtUs < seen) firstArrival.set(arrival.id, arrival.arrivedAtUs);
  }
  const latencies = expected
    .map(({ id, sentAtUs }) => {
      const arrived = firstArrival.get(id);
      return arrived === undefined ? Number.POSITIVE_INFINITY : (arrived - sentAtUs) / 1000;
    })
    .sort((a, b) => a - b);
  const lost = latencies.filter((ms) => ms === Number.POSITIVE_INFINITY).length;
  return { p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), delivered: latencies.length - lost, lost };
}

export interface DeliveryProblems {
  /** Alerts that are not High reached the sink: the contender's condition is wrong. */
  readonly notHigh: number;
  /** Deliveries of an alert that had already arrived (at-least-once redelivery). */
  readonly repeats: number;
}

export function deliveryProblems(arrivals: readonly SinkArrival[]): DeliveryProblems {
  const ids = new Set<string>();
  let repeats = 0;
  for (const arrival of arrivals) {
    if (ids.has(arrival.id)) repeats++;
    ids.add(arrival.id);
  }
  return { notHigh: arrivals.filter((arrival) => arrival.severity !== 'High').length, repeats };
}
