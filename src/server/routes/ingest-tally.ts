/** Counts a `POST /api/events` batch for the metrics: accepted events by kind, refused ones by kind and error code. */
import { EventKind } from '../../events/index.js';
import { EventShape, shapeOf } from '../../events/event-shape.js';
import type { Metrics } from '../../services/metrics.js';

const KIND_OF_SHAPE: { readonly [S in EventShape]: EventKind } = {
  [EventShape.FlatAlert]: EventKind.Alert,
  [EventShape.ArmAlert]: EventKind.Alert,
  [EventShape.Assessment]: EventKind.Assessment,
  [EventShape.SubAssessment]: EventKind.SubAssessment,
  [EventShape.RegulatoryComplianceAssessment]: EventKind.RegulatoryComplianceAssessment,
};

/** The kind a posted item claims by its shape; undefined when it is no object or names no known type. */
export function kindOfPosted(item: unknown): EventKind | undefined {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return undefined;
  const shape = shapeOf(item as Readonly<Record<string, unknown>>);
  return typeof shape === 'string' ? KIND_OF_SHAPE[shape] : undefined;
}

export interface IngestOutcome {
  readonly rejected: readonly { readonly index: number; readonly error: { readonly code: string } }[];
}

export function countIngest(metrics: Pick<Metrics, 'eventsAccepted' | 'eventsRejected'>, posted: readonly unknown[], outcome: IngestOutcome): void {
  const refused = new Set(outcome.rejected.map((entry) => entry.index));
  const accepted = new Map<EventKind, number>();
  posted.forEach((item, index) => {
    if (refused.has(index)) return;
    const kind = kindOfPosted(item);
    if (kind !== undefined) accepted.set(kind, (accepted.get(kind) ?? 0) + 1);
  });
  for (const [kind, count] of accepted) metrics.eventsAccepted(kind, count);
  const rejected = new Map<string, { kind: EventKind | undefined; code: string; count: number }>();
  for (const { index, error } of outcome.rejected) {
    const kind = kindOfPosted(posted[index]);
    const key = `${kind ?? ''}\n${error.code}`;
    const entry = rejected.get(key) ?? { kind, code: error.code, count: 0 };
    entry.count++;
    rejected.set(key, entry);
  }
  for (const { kind, code, count } of rejected.values()) metrics.eventsRejected(kind, code, count);
}
