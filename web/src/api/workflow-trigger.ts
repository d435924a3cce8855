/**
 * Which Defender events a workflow's trigger can receive, read from its definition as the server does
 * (src/workflows/defender-trigger.ts, which the UI does not bundle because it pulls in the expression engine):
 * the Defender connector triggers by their subscribe path, a Request trigger (any source), the legacy
 * "When a response to … alert is triggered" trigger (never started by workflow automation), anything else.
 */
import { isObject, property } from './json-object';

export type TriggerKind = 'Alert' | 'Assessment' | 'RegulatoryCompliance' | 'Request' | 'LegacyAlertResponse' | 'Other';

export interface TriggerClassification {
  readonly kind: TriggerKind;
  readonly name: string;
  readonly type: string;
}

export function classifyTrigger(definition: unknown): TriggerClassification {
  const triggers = isObject(definition) ? property(definition, 'triggers') : undefined;
  const first = isObject(triggers) ? Object.entries(triggers)[0] : undefined;
  if (first === undefined) return { kind: 'Request', name: 'manual', type: 'Request' };
  const [name, trigger] = first;
  const spec = isObject(trigger) ? trigger : {};
  const type = String(property(spec, 'type') ?? '');
  const inputs = property(spec, 'inputs');
  const path = isObject(inputs) ? String(property(inputs, 'path') ?? '').toLowerCase() : '';
  const of = (kind: TriggerKind): TriggerClassification => ({ kind, name, type });
  if (type.toLowerCase() === 'request') return of('Request');
  if (type.toLowerCase() !== 'apiconnectionwebhook') return of('Other');
  if (/response_to_an?_.*alert/i.test(name) || /\/(alertresponse|alertsresponse|response)\b/.test(path)) return of('LegacyAlertResponse');
  if (path === '/microsoft.security/alert/subscribe') return of('Alert');
  if (path === '/microsoft.security/assessment/subscribe') return of('Assessment');
  if (path.includes('regulatorycompliance')) return of('RegulatoryCompliance');
  return of('Other');
}

/** Whether a trigger of `kind` can be started by an automation of `eventSource` (Request triggers take any). */
export function triggerAccepts(kind: TriggerKind, eventSource: string): boolean {
  if (kind === 'Request') return true;
  switch (eventSource) {
    case 'Alerts':
      return kind === 'Alert';
    case 'Assessments':
    case 'AssessmentsSnapshot':
    case 'SubAssessments':
    case 'SubAssessmentsSnapshot':
      return kind === 'Assessment';
    case 'RegulatoryComplianceAssessment':
    case 'RegulatoryComplianceAssessmentSnapshot':
      return kind === 'RegulatoryCompliance';
    default:
      return false;
  }
}

export const triggerKindLabels: Readonly<Record<TriggerKind, string>> = {
  Alert: 'Defender alert trigger',
  Assessment: 'Defender recommendation trigger',
  RegulatoryCompliance: 'Defender regulatory compliance trigger',
  Request: 'Request trigger',
  LegacyAlertResponse: 'Legacy alert response trigger',
  Other: 'Other trigger',
};
