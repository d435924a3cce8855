import { importanceFor, recommendationHtml } from '../message-fragments.js';
import { TemplateConnector, TemplateTrigger, type WorkflowTemplate } from '../template.js';
import { apiConnection, field } from '../wdl.js';

/** After the public Send-O365EmailRecommendation. */
export const sendEmailRecommendation: WorkflowTemplate = {
  id: 'send-email-recommendation',
  name: 'Send-EmailRecommendation',
  displayName: 'Email when a recommendation changes',
  description: 'Sends an email describing the recommendation, its status, the affected resource and how to remediate it.',
  trigger: TemplateTrigger.Assessment,
  connectors: [TemplateConnector.Office365],
  parameters: {
    recipients: { type: 'string', description: 'Who receives the mail: one address or several separated by semicolons.' },
  },
  actions: {
    'Send_an_email_(V2)': apiConnection(TemplateConnector.Office365, 'post', '/v2/Mail', {
      To: "@{parameters('recipients')}",
      Subject: `New Defender for Cloud @{${field('properties', 'status', 'code')}} recommendation: @{${field('properties', 'displayName')}}`,
      Body: recommendationHtml,
      Importance: importanceFor(field('properties', 'metadata', 'severity')),
    }),
  },
};
