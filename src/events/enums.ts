/**
 * The closed vocabularies of event fields. Senders disagree on case (`failed` vs `Failed`), so values are
 * matched case-insensitively and delivered in the spellings below.
 */

export const Severity = { Informational: 'Informational', Low: 'Low', Medium: 'Medium', High: 'High' } as const;
export type Severity = (typeof Severity)[keyof typeof Severity];

/** Workflow-automation alerts say `New`; the ARM alerts API says `Active`. Both are accepted. */
export const AlertStatus = {
  New: 'New',
  Active: 'Active',
  InProgress: 'InProgress',
  Resolved: 'Resolved',
  Dismissed: 'Dismissed',
} as const;
export type AlertStatus = (typeof AlertStatus)[keyof typeof AlertStatus];

export const AssessmentStatusCode = { Healthy: 'Healthy', Unhealthy: 'Unhealthy', NotApplicable: 'NotApplicable' } as const;
export type AssessmentStatusCode = (typeof AssessmentStatusCode)[keyof typeof AssessmentStatusCode];

export const ComplianceState = { Passed: 'Passed', Failed: 'Failed', Skipped: 'Skipped', Unsupported: 'Unsupported' } as const;
export type ComplianceState = (typeof ComplianceState)[keyof typeof ComplianceState];

/** The canonical spelling of `input` among `vocabulary`'s values, compared case-insensitively. */
export function canonicalOf<T extends string>(vocabulary: { readonly [key: string]: T }, input: string): T | undefined {
  const wanted = input.toLowerCase();
  return Object.values(vocabulary).find((value) => value.toLowerCase() === wanted);
}
