/** A sub-assessment (security finding, e.g. one vulnerability): `Microsoft.Security/assessments/subAssessments`. */
import { Type } from '@sinclair/typebox';
import { AssessmentStatusCode, Severity } from '../enums.js';
import { ResourceDetailsSchema } from './resource-details-schema.js';
import { OneOf, ResourceId, ResourceType, Text } from './schema-helpers.js';

export const SUB_ASSESSMENT_TYPE = 'Microsoft.Security/assessments/subAssessments';

export const SubAssessmentSchema = Type.Object(
  {
    id: ResourceId(
      'ARM id: {resourceId}/providers/Microsoft.Security/assessments/{parentKey}/subAssessments/{key}.',
      '/providers/Microsoft.Security/assessments/{name}/subAssessments/{name}',
    ),
    name: Text('Key of the sub-assessment.', { minLength: 1 }),
    type: ResourceType(SUB_ASSESSMENT_TYPE, 'Resource type of a sub-assessment.'),
    properties: Type.Object(
      {
        id: Type.Optional(Text('Vulnerability id, e.g. 1001.')),
        displayName: Type.Optional(Text('Display name of the finding.')),
        status: Type.Object(
          {
            code: OneOf(AssessmentStatusCode, 'The finding result; an event fires again when it changes.'),
            cause: Type.Optional(Text('Programmatic reason for the status.')),
            severity: Type.Optional(OneOf(Severity, 'Severity of the finding.')),
            description: Type.Optional(Text('Human-readable reason for the status.')),
          },
          { description: 'Result of the finding.' },
        ),
        resourceDetails: Type.Optional(ResourceDetailsSchema),
        remediation: Type.Optional(Text('How to remediate.')),
        impact: Type.Optional(Text('Impact of the finding.')),
        category: Type.Optional(Text('Category of the finding.')),
        description: Type.Optional(Text('Description of the finding.')),
        timeGenerated: Type.Optional(Text('When the finding was generated (ISO 8601).')),
        additionalData: Type.Optional(
          Type.Object({}, { description: 'Finding details; assessedResourceType says which kind (ContainerRegistryVulnerability, ServerVulnerability, SqlServerVulnerability, …).' }),
        ),
      },
      { description: 'The finding.' },
    ),
  },
  {
    description:
      'A Defender for Cloud sub-assessment (one finding under an assessment, e.g. a vulnerability) in its ARM shape. ' +
      'Its parent assessment is the part of id before /subAssessments/. Workflows receive it as posted, with ' +
      'status.code and status.severity in their canonical spelling.',
  },
);
