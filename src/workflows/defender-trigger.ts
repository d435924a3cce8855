/**
 * What kind of trigger starts a workflow, as workflow automation sees it: the Defender connector triggers
 * (`ascalert` / `ascassessment` / regulatory compliance webhooks, which need no configured connection), a plain
 * Request trigger, the legacy "When a response to a … alert is triggered" trigger (never started by workflow
 * automation), or anything else.
 */
import { type Value, getProperty, isObject } from '../expressions/index.js';

export const DefenderTriggerKind = {
  Alert: 'Alert',
  Assessment: 'Assessment',
  RegulatoryCompliance: 'RegulatoryCompliance',
  Request: 'Request',
  LegacyAlertResponse: 'LegacyAlertResponse',
  Other: 'Other',
} as const;
export type DefenderTriggerKind = (typeof DefenderTriggerKind)[keyof typeof DefenderTriggerKind];

export interface TriggerClassification {
  readonly kind: DefenderTriggerKind;
  readonly name: string;
  readonly type: string;
}

export function classifyTrigger(definition: unknown): TriggerClassification {
  const triggers = isObject(definition as Value) ? getProperty(definition as Record<string, Value>, 'triggers') : undefined;
  const first = isObject(triggers) ? Object.entries(triggers)[0] : undefined;
  if (first === undefined) return { kind: DefenderTriggerKind.Request, name: 'manual', type: 'Request' };
  const [name, trigger] = first;
  const spec = isObject(trigger) ? trigger : {};
  const type = String(getProperty(spec, 'type') ?? '');
  const inputs = getProperty(spec, 'inputs');
  const path = isObject(inputs) ? String(getProperty(inputs, 'path') ?? '').toLowerCase() : '';
  const of = (kind: DefenderTriggerKind): TriggerClassification => ({ kind, name, type });
  if (type.toLowerCase() === 'request') return of(DefenderTriggerKind.Request);
  if (type.toLowerCase() !== 'apiconnectionwebhook') return of(DefenderTriggerKind.Other);
  // The legacy trigger is recognised by its name or its "response" path; workflow automation never starts it.
  if (/response_to_an?_.*alert/i.test(name) || /\/(alertresponse|alertsresponse|response)\b/.test(path)) {
    return of(DefenderTriggerKind.LegacyAlertResponse);
  }
  if (path === '/microsoft.security/alert/subscribe') return of(DefenderTriggerKind.Alert);
  if (path === '/microsoft.security/assessment/subscribe') return of(DefenderTriggerKind.Assessment);
  if (path.includes('regulatorycompliance')) return of(DefenderTriggerKind.RegulatoryCompliance);
  return of(DefenderTriggerKind.Other);
}

/** The trigger kinds that may start a workflow for an automation event source. */
export function triggerAccepts(kind: DefenderTriggerKind, eventSource: string): boolean {
  if (kind === DefenderTriggerKind.Request) return true;
  switch (eventSource) {
    case 'Alerts':
      return kind === DefenderTriggerKind.Alert;
    case 'Assessments':
    case 'AssessmentsSnapshot':
    case 'SubAssessments':
    case 'SubAssessmentsSnapshot':
      return kind === DefenderTriggerKind.Assessment;
    case 'RegulatoryComplianceAssessment':
    case 'RegulatoryComplianceAssessmentSnapshot':
      return kind === DefenderTriggerKind.RegulatoryCompliance;
    default:
      return false;
  }
}
