/** Regulatory compliance assessments are subscription-level: delivered as posted, with `state` canonicalised. */
import type { JsonObject } from '../expressions/values.js';
import { canonicalise, locate, notLocated } from './assessment-normalizer.js';
import { ComplianceState } from './enums.js';
import { EventKind } from './event-kind.js';
import { objectAt, stringAt, textAt } from './json-value.js';
import { accepted, type ParseEventResult } from './normalized-event.js';

/** `payload` is a validated copy of the event, changed in place. */
export function normalizeCompliance(payload: JsonObject): ParseEventResult {
  const id = stringAt(payload, 'id') ?? '';
  const properties = objectAt(payload, 'properties');
  const state = canonicalise(properties, 'state', ComplianceState) ?? ComplianceState.Unsupported;
  // The standard/control/assessment chain hangs off the subscription, which is therefore the "resource".
  const located = locate(id, undefined);
  if (located === undefined) return notLocated();
  return accepted({
    kind: EventKind.RegulatoryComplianceAssessment,
    id,
    key: id.toLowerCase(),
    subscriptionId: located.scope.subscriptionId.toLowerCase(),
    ...(located.scope.resourceGroup === undefined ? {} : { resourceGroup: located.scope.resourceGroup.toLowerCase() }),
    resourceId: located.resourceId,
    firingState: state,
    displayName: textAt(properties, 'description') ?? stringAt(payload, 'name') ?? id,
    status: state,
    payload,
  });
}
