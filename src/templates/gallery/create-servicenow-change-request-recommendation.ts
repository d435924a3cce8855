import { recommendationText } from '../message-fragments.js';
import { TemplateConnector, TemplateTrigger, type WorkflowTemplate } from '../template.js';
import { apiConnection, field } from '../wdl.js';

const severity = `toLower(string(coalesce(${field('properties', 'metadata', 'severity')}, '')))`;
/** ServiceNow's 1 (high) … 3 (low) scale from the recommendation's severity. */
const level = `@{if(equals(${severity}, 'high'), '1', if(equals(${severity}, 'medium'), '2', '3'))}`;

/** After the public Create-SNOWCRfromASCRec; only unhealthy recommendations need a change. */
export const createServiceNowChangeRequestRecommendation: WorkflowTemplate = {
  id: 'create-servicenow-change-request-recommendation',
  name: 'Create-ServiceNowChangeRequestRecommendation',
  displayName: 'Open a ServiceNow change request for an unhealthy recommendation',
  description:
    'Creates a ServiceNow change request to remediate a recommendation that became Unhealthy, with the remediation steps as the ' +
    "implementation plan and urgency and impact following the recommendation's severity.",
  trigger: TemplateTrigger.Assessment,
  connectors: [TemplateConnector.ServiceNow],
  parameters: {
    changeType: { type: 'string', description: 'The kind of change.', defaultValue: 'normal', allowedValues: ['normal', 'standard', 'emergency'] },
    category: { type: 'string', description: 'The change request category.', defaultValue: 'Security' },
  },
  actions: {
    Recommendation_is_unhealthy: {
      type: 'If',
      runAfter: {},
      expression: { equals: [`@toLower(string(coalesce(${field('properties', 'status', 'code')}, '')))`, 'unhealthy'] },
      actions: {
        Create_change_request: apiConnection(TemplateConnector.ServiceNow, 'post', '/api/now/v2/table/change_request', {
          short_description: `Remediate: @{${field('properties', 'displayName')}}`,
          description: recommendationText,
          justification: `Microsoft Defender for Cloud reports the resource @{${field('properties', 'resourceDetails', 'id')}} as unhealthy.`,
          implementation_plan: `@{${field('properties', 'metadata', 'remediationDescription')}}`,
          type: "@{parameters('changeType')}",
          category: "@{parameters('category')}",
          urgency: level,
          impact: level,
        }),
      },
      else: { actions: {} },
    },
  },
};
