/**
 * Assessments and sub-assessments are delivered in their ARM shape, as posted, with enum values in their
 * canonical spelling; they are routed by the subscription of the assessed resource.
 */
import type { JsonObject } from '../expressions/values.js';
import { AssessmentStatusCode, canonicalOf, Severity } from './enums.js';
import { EventErrorCode, eventError } from './event-error.js';
import { EventKind } from './event-kind.js';
import { objectAt, stringAt, textAt } from './json-value.js';
import { accepted, type ParseEventResult, refused } from './normalized-event.js';
import { attachedResourceOf, parentAssessmentIdOf, type ResourceScope, scopeOf } from './resource-scope.js';

export interface Located {
  readonly resourceId: string;
  readonly scope: ResourceScope;
}

/** The assessed resource: `resourceDetails.id`, else the resource the event id is attached to. */
export function locate(id: string, detailsId: string | undefined): Located | undefined {
  const resourceId = detailsId ?? attachedResourceOf(id) ?? id;
  const scope = scopeOf(resourceId) ?? scopeOf(id);
  return scope === undefined ? undefined : { resourceId, scope };
}

export function notLocated(): ParseEventResult {
  return refused(eventError(EventErrorCode.InvalidEvent, 'id', 'must lie under /subscriptions/{subscriptionId}'));
}

/** Replaces a validated enum value by its canonical spelling; returns it. */
export function canonicalise<T extends string>(object: JsonObject | undefined, key: string, vocabulary: { readonly [k: string]: T }): T | undefined {
  const posted = stringAt(object, key);
  const canonical = posted === undefined ? undefined : canonicalOf(vocabulary, posted);
  if (object !== undefined && canonical !== undefined) object[key] = canonical;
  return canonical;
}

/** `payload` is a validated copy of an assessment or sub-assessment event, changed in place. */
export function normalizeAssessment(payload: JsonObject, kind: typeof EventKind.Assessment | typeof EventKind.SubAssessment): ParseEventResult {
  const id = stringAt(payload, 'id') ?? '';
  const properties = objectAt(payload, 'properties');
  const statusObject = objectAt(properties, 'status');
  const status = canonicalise(statusObject, 'code', AssessmentStatusCode) ?? AssessmentStatusCode.NotApplicable;
  const severity =
    kind === EventKind.Assessment
      ? canonicalise(objectAt(properties, 'metadata'), 'severity', Severity)
      : canonicalise(statusObject, 'severity', Severity);

  const located = locate(id, textAt(objectAt(properties, 'resourceDetails'), 'id'));
  if (located === undefined) return notLocated();
  const parentAssessmentId = kind === EventKind.SubAssessment ? parentAssessmentIdOf(id) : undefined;
  const displayName =
    textAt(properties, 'displayName') ?? textAt(objectAt(properties, 'metadata'), 'displayName') ?? stringAt(payload, 'name') ?? id;

  return accepted({
    kind,
    id,
    key: id.toLowerCase(),
    subscriptionId: located.scope.subscriptionId.toLowerCase(),
    ...(located.scope.resourceGroup === undefined ? {} : { resourceGroup: located.scope.resourceGroup.toLowerCase() }),
    resourceId: located.resourceId,
    firingState: status,
    ...(parentAssessmentId === undefined ? {} : { parentAssessmentId }),
    displayName,
    ...(severity === undefined ? {} : { severity }),
    status,
    payload,
  });
}
