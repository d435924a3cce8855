/** The Azure action strings for security events, by kind: reading one, and posting one into Riposte. */
const RESOURCE_TYPE = {
  Alert: 'Microsoft.Security/alerts',
  Assessment: 'Microsoft.Security/assessments',
  SubAssessment: 'Microsoft.Security/assessments/subAssessments',
  RegulatoryComplianceAssessment: 'Microsoft.Security/regulatoryComplianceStandards/regulatoryComplianceControls/regulatoryComplianceAssessments',
} as const;

export type EventKindName = keyof typeof RESOURCE_TYPE;

export const eventAction = (kind: EventKindName, verb: 'read' | 'write') => `${RESOURCE_TYPE[kind]}/${verb}`;

const SECURITY_PROVIDER = '/providers/microsoft.security/';

/** The resource type segments after `/providers/Microsoft.Security/`, names as `*`, lower-cased. */
const KIND_OF_TYPE_PATH: Readonly<Record<string, EventKindName>> = {
  'alerts/*': 'Alert',
  'locations/*/alerts/*': 'Alert',
  'assessments/*': 'Assessment',
  'assessments/*/subassessments/*': 'SubAssessment',
  'regulatorycompliancestandards/*/regulatorycompliancecontrols/*/regulatorycomplianceassessments/*': 'RegulatoryComplianceAssessment',
};

/**
 * The kind an event resource id names, by the resource type after its LAST `/providers/Microsoft.Security/`
 * (case-insensitive): `alerts/{name}` (or `locations/{location}/alerts/{name}`), `assessments/{name}`,
 * `assessments/{name}/subAssessments/{name}`, or the regulatory compliance standard/control/assessment chain.
 * Anything else (a resource group that happens to be called `assessments`, an empty or extra segment) is no event.
 */
export function eventKindOfId(id: string): EventKindName | undefined {
  const at = id.toLowerCase().lastIndexOf(SECURITY_PROVIDER);
  if (at < 0) return undefined;
  const segments = id.slice(at + SECURITY_PROVIDER.length).split('/');
  if (segments.length % 2 !== 0 || segments.some((segment) => segment === '')) return undefined;
  const typePath = segments.map((segment, index) => (index % 2 === 0 ? segment.toLowerCase() : '*')).join('/');
  return Object.hasOwn(KIND_OF_TYPE_PATH, typePath) ? KIND_OF_TYPE_PATH[typePath] : undefined;
}

/**
 * The actions that reading the events of an automation `eventSource` needs (an automation hands them to its
 * workflows): the read action of the event kind the source carries — for sub-assessments also the read action of
 * the assessments they belong to. Sources Riposte does not ingest need the read action of their own resource
 * type, so no source is free.
 */
export function eventSourceReadActions(eventSource: string): readonly string[] {
  switch (eventSource.toLowerCase()) {
    case 'alerts':
      return [eventAction('Alert', 'read')];
    case 'assessments':
    case 'assessmentssnapshot':
      return [eventAction('Assessment', 'read')];
    case 'subassessments':
    case 'subassessmentssnapshot':
      return [eventAction('Assessment', 'read'), eventAction('SubAssessment', 'read')];
    case 'regulatorycomplianceassessment':
    case 'regulatorycomplianceassessmentsnapshot':
      return [eventAction('RegulatoryComplianceAssessment', 'read')];
    case 'securescores':
    case 'securescoressnapshot':
      return ['Microsoft.Security/secureScores/read'];
    case 'securescorecontrols':
    case 'securescorecontrolssnapshot':
      return ['Microsoft.Security/secureScoreControls/read'];
    case 'attackpaths':
    case 'attackpathssnapshot':
      return ['Microsoft.Security/attackPaths/read'];
    default:
      return [`Microsoft.Security/${eventSource}/read`];
  }
}
