/** The one form every accepted event takes, whatever shape it was posted in. */
import type { JsonObject } from '../expressions/values.js';
import type { AlertStatus, AssessmentStatusCode, ComplianceState, Severity } from './enums.js';
import type { EventError } from './event-error.js';
import type { EventKind } from './event-kind.js';

export interface NormalizedEvent {
  readonly kind: EventKind;
  /**
   * ARM id of the event resource, as posted. A flat alert has none, so it is built:
   * `/subscriptions/{sub}[/resourceGroups/{rg}]/providers/Microsoft.Security/locations/{location}/alerts/{SystemAlertId}`.
   */
  readonly id: string;
  /** Deduplication key, lower-case: the SystemAlertId of an alert, the id of anything else. */
  readonly key: string;
  /** Subscription of the affected resource, lower-case: what automation scopes select on. */
  readonly subscriptionId: string;
  /** Resource group of the affected resource, lower-case; absent for subscription-level resources. */
  readonly resourceGroup?: string;
  /** The affected resource as given (AzureResourceId, resourceDetails.id); for compliance, the subscription. */
  readonly resourceId: string;
  /**
   * The value whose change makes the event fire again: alert status (New counts as Active, absent as Active),
   * assessment or sub-assessment status code, compliance state. Canonical spelling.
   */
  readonly firingState: string;
  /** Sub-assessments: the id of the assessment they belong to (the id before `/subAssessments/`). */
  readonly parentAssessmentId?: string;
  readonly displayName: string;
  readonly severity?: Severity;
  /** Alert Status (when given), assessment status.code, compliance state; canonical spelling. */
  readonly status?: AlertStatus | AssessmentStatusCode | ComplianceState;
  /** What a workflow receives as `triggerBody()`: flat alerts, ARM-shaped everything else. A fresh copy. */
  readonly payload: JsonObject;
}

export interface ParseEventOptions {
  /** The server's public URL without a trailing slash; alert payloads link to `{alertUriBase}/api{id}`. */
  readonly alertUriBase: string;
}

export type ParseEventResult =
  | { readonly ok: true; readonly event: NormalizedEvent }
  | { readonly ok: false; readonly error: EventError };

export function accepted(event: NormalizedEvent): ParseEventResult {
  return { ok: true, event };
}

export function refused(error: EventError): ParseEventResult {
  return { ok: false, error };
}
