/** The kinds of security event the server accepts, and the automation `eventSource` each one feeds. */

export const EventKind = {
  Alert: 'Alert',
  Assessment: 'Assessment',
  SubAssessment: 'SubAssessment',
  RegulatoryComplianceAssessment: 'RegulatoryComplianceAssessment',
} as const;
export type EventKind = (typeof EventKind)[keyof typeof EventKind];

/** The `eventSource` values of `Microsoft.Security/automations` that real-time events of each kind match. */
export const EventSourceOfKind = {
  Alert: 'Alerts',
  Assessment: 'Assessments',
  SubAssessment: 'SubAssessments',
  RegulatoryComplianceAssessment: 'RegulatoryComplianceAssessment',
} as const satisfies { readonly [K in EventKind]: string };
export type EventSourceName = (typeof EventSourceOfKind)[EventKind];

export function eventSourceOf(kind: EventKind): EventSourceName {
  return EventSourceOfKind[kind];
}
