/** The Azure action strings for security events, by kind: reading one, and posting one into Riposte. */
const RESOURCE_TYPE = {
  Alert: 'Microsoft.Security/alerts',
  Assessment: 'Microsoft.Security/assessments',
  SubAssessment: 'Microsoft.Security/assessments/subAssessments',
  RegulatoryComplianceAssessment: 'Microsoft.Security/regulatoryComplianceStandards/regulatoryComplianceControls/regulatoryComplianceAssessments',
} as const;

export type EventKindName = keyof typeof RESOURCE_TYPE;

export const eventAction = (kind: EventKindName, verb: 'read' | 'write') => `${RESOURCE_TYPE[kind]}/${verb}`;

/** The kind an event resource id names, by its last resource type. */
export function eventKindOfId(id: string): EventKindName | undefined {
  const lower = id.toLowerCase();
  if (lower.includes('/subassessments/')) return 'SubAssessment';
  if (lower.includes('/regulatorycomplianceassessments/')) return 'RegulatoryComplianceAssessment';
  if (lower.includes('/assessments/')) return 'Assessment';
  if (lower.includes('/alerts/')) return 'Alert';
  return undefined;
}
