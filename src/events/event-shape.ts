/** Which of the accepted shapes a posted event claims to be, from its `type` (flat alerts have none). */
import { type EventError, EventErrorCode, eventError } from './event-error.js';
import { ARM_ALERT_TYPE } from './schemas/arm-alert-schema.js';
import { ASSESSMENT_TYPE } from './schemas/recommendation-schema.js';
import { COMPLIANCE_TYPE, COMPLIANCE_TYPE_SUFFIX } from './schemas/regulatory-compliance-schema.js';
import { SUB_ASSESSMENT_TYPE } from './schemas/sub-assessment-schema.js';

export const EventShape = {
  FlatAlert: 'FlatAlert',
  ArmAlert: 'ArmAlert',
  Assessment: 'Assessment',
  SubAssessment: 'SubAssessment',
  RegulatoryComplianceAssessment: 'RegulatoryComplianceAssessment',
} as const;
export type EventShape = (typeof EventShape)[keyof typeof EventShape];

const TYPES = [ARM_ALERT_TYPE, ASSESSMENT_TYPE, SUB_ASSESSMENT_TYPE, COMPLIANCE_TYPE].join(', ');

export function shapeOf(event: Readonly<Record<string, unknown>>): EventShape | EventError {
  const type = Object.hasOwn(event, 'type') ? event.type : undefined;
  if (type === undefined) {
    if (Object.hasOwn(event, 'SystemAlertId')) return EventShape.FlatAlert;
    return eventError(
      EventErrorCode.UnknownEventType,
      'type',
      `is required: one of ${TYPES}; only a flat alert (with SystemAlertId) has no type`,
    );
  }
  if (typeof type !== 'string') return eventError(EventErrorCode.InvalidEvent, 'type', 'must be a string');
  const lower = type.toLowerCase();
  if (lower === ARM_ALERT_TYPE.toLowerCase()) return EventShape.ArmAlert;
  if (lower === ASSESSMENT_TYPE.toLowerCase()) return EventShape.Assessment;
  if (lower === SUB_ASSESSMENT_TYPE.toLowerCase()) return EventShape.SubAssessment;
  const suffix = COMPLIANCE_TYPE_SUFFIX.toLowerCase();
  if (lower.endsWith(suffix) || lower.endsWith(`${suffix}s`)) return EventShape.RegulatoryComplianceAssessment;
  return eventError(EventErrorCode.UnknownEventType, 'type', `must be one of ${TYPES}`);
}
