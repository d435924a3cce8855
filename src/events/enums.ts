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

/** Each vocabulary's values by their lower case, built on first use (every event looks up two or three). */
const spellings = new WeakMap<object, Map<string, string>>();

/** The canonical spelling of `input` among `vocabulary`'s values, compared case-insensitively. */
export function canonicalOf<T extends string>(vocabulary: { readonly [key: string]: T }, input: string): T | undefined {
  let byLowerCase = spellings.get(vocabulary) as Map<string, T> | undefined;
  if (byLowerCase === undefined) {
    byLowerCase = new Map(Object.values(vocabulary).map((value) => [value.toLowerCase(), value]));
    spellings.set(vocabulary, byLowerCase);
  }
  return byLowerCase.get(input.toLowerCase());
}
