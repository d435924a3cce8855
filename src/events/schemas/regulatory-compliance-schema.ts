/** A regulatory compliance assessment: one assessment of one control of one standard, for a subscription. */
import { Type } from '@sinclair/typebox';
import { ComplianceState } from '../enums.js';
import { anyCase, OneOf, ResourceId, Text } from './schema-helpers.js';

/** ARM says `…/regulatoryComplianceAssessments`; the API example says `…/regulatoryComplianceAssessment`. */
export const COMPLIANCE_TYPE_SUFFIX = 'regulatoryComplianceAssessment';
export const COMPLIANCE_TYPE =
  'Microsoft.Security/regulatoryComplianceStandards/regulatoryComplianceControls/regulatoryComplianceAssessments';

const Count = (description: string) => Type.Optional(Type.Integer({ minimum: 0, description }));

export const RegulatoryComplianceAssessmentSchema = Type.Object(
  {
    id: ResourceId(
      'ARM id: /subscriptions/{sub}/providers/Microsoft.Security/regulatoryComplianceStandards/{standard}/regulatoryComplianceControls/{control}/regulatoryComplianceAssessments/{key}.',
      '/regulatoryComplianceAssessments/{name}',
    ),
    name: Text('Key of the compliance assessment (a GUID).', { minLength: 1 }),
    type: Type.String({
      description: `Resource type, ending in ${COMPLIANCE_TYPE_SUFFIX}s or ${COMPLIANCE_TYPE_SUFFIX} (both are seen).`,
      pattern: `^(?:.*/)?${anyCase(COMPLIANCE_TYPE_SUFFIX)}[sS]?$`,
      errorMessage: `must end in ${COMPLIANCE_TYPE_SUFFIX}s`,
      examples: [COMPLIANCE_TYPE],
    }),
    properties: Type.Object(
      {
        state: OneOf(ComplianceState, 'Aggregated state of the assessment; an event fires again when it changes.'),
        description: Type.Optional(Text('Description of the assessment.')),
        assessmentType: Type.Optional(Text('Kind of assessment, e.g. Assessment.')),
        assessmentDetailsLink: Type.Optional(Text('Link to the assessment details.')),
        controlName: Type.Optional(Text('Name of the control the assessment belongs to.')),
        passedResources: Count('Resources that passed.'),
        failedResources: Count('Resources that failed.'),
        skippedResources: Count('Resources that were skipped.'),
        unsupportedResources: Count('Resources the assessment does not support.'),
      },
      { description: 'The compliance assessment.' },
    ),
  },
  {
    description:
      'A Defender for Cloud regulatory compliance assessment in its ARM shape. Workflows receive it as posted, with ' +
      'properties.state in its canonical spelling.',
  },
);
