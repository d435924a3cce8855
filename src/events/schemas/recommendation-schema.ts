/** An assessment (recommendation) event: `Microsoft.Security/assessments`, delivered as posted. */
import { Type } from '@sinclair/typebox';
import { AssessmentStatusCode, Severity } from '../enums.js';
import { ResourceDetailsSchema } from './resource-details-schema.js';
import { OneOf, ResourceId, ResourceType, Text } from './schema-helpers.js';

export const ASSESSMENT_TYPE = 'Microsoft.Security/assessments';

const Status = Type.Object(
  {
    code: OneOf(AssessmentStatusCode, 'The assessment result; an event fires again when it changes.'),
    cause: Type.Optional(Text('Programmatic reason for the status, e.g. OffByPolicy.')),
    description: Type.Optional(Text('Human-readable reason for the status.')),
    firstEvaluationDate: Type.Optional(Text('When the assessment was first evaluated (ISO 8601).')),
    statusChangeDate: Type.Optional(Text('When the status last changed (ISO 8601).')),
  },
  { description: 'Result of the assessment.' },
);

const Metadata = Type.Object(
  {
    displayName: Type.Optional(Text('Display name of the recommendation.')),
    assessmentType: Type.Optional(Text('BuiltIn, CustomPolicy, CustomerManaged or VerifiedPartner.')),
    policyDefinitionId: Type.Optional(Text('The Azure Policy definition behind the assessment.')),
    description: Type.Optional(Text('What the recommendation checks.')),
    remediationDescription: Type.Optional(Text('How to remediate.')),
    severity: Type.Optional(OneOf(Severity, 'Severity of the recommendation.')),
    categories: Type.Optional(Type.Array(Type.String(), { description: 'Compute, Networking, Data, IdentityAndAccess, IoT, …' })),
    userImpact: Type.Optional(Text('Low, Moderate or High.')),
    implementationEffort: Type.Optional(Text('Low, Moderate or High.')),
    threats: Type.Optional(Type.Array(Type.String(), { description: 'Threats the recommendation mitigates.' })),
    preview: Type.Optional(Type.Boolean({ description: 'True for preview recommendations.' })),
  },
  { description: 'The recommendation the assessment evaluates.' },
);

export const RecommendationSchema = Type.Object(
  {
    id: ResourceId(
      'ARM id: {resourceId}/providers/Microsoft.Security/assessments/{assessmentKey}.',
      '/providers/Microsoft.Security/assessments/{name}',
    ),
    name: Text('The assessment key (a GUID).', { minLength: 1 }),
    type: ResourceType(ASSESSMENT_TYPE, 'Resource type of an assessment.'),
    properties: Type.Object(
      {
        resourceDetails: ResourceDetailsSchema,
        displayName: Type.Optional(Text('Display name of the assessment.')),
        status: Status,
        additionalData: Type.Optional(Type.Object({}, { description: 'Assessment-specific details.' })),
        metadata: Type.Optional(Metadata),
        links: Type.Optional(
          Type.Object(
            {
              azurePortal: Type.Optional(Text('Portal link (event shape).')),
              azurePortalUri: Type.Optional(Text('Portal link (ARM API shape).')),
            },
            { description: 'Links to the assessment.' },
          ),
        ),
      },
      { description: 'The assessment.' },
    ),
    AssessmentEventDataEnrichment: Type.Optional(
      Type.Object(
        {
          Action: Type.Optional(Text('Insert when the assessment is new, e.g. Insert.')),
          ApiVersion: Type.Optional(Text('API version of the payload, e.g. 2019-01-01.')),
        },
        { description: 'Event metadata added by the export pipeline.' },
      ),
    ),
  },
  {
    description:
      'A Defender for Cloud assessment (the evaluation of one recommendation on one resource) in its ARM shape. ' +
      'Workflows receive it as posted, with status.code and metadata.severity in their canonical spelling.',
  },
);
