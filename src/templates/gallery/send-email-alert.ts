import { alertHtml, importanceFor } from '../message-fragments.js';
import { TemplateConnector, TemplateTrigger, type WorkflowTemplate } from '../template.js';
import { apiConnection, field } from '../wdl.js';

/** After the public Send-O365EmailAlert: one mail per alert, High importance for High severity. */
export const sendEmailAlert: WorkflowTemplate = {
  id: 'send-email-alert',
  name: 'Send-EmailAlert',
  displayName: 'Email the SOC when an alert is raised',
  description: 'Sends an email with the alert details, remediation steps and a link to the alert to the addresses you choose.',
  trigger: TemplateTrigger.Alert,
  connectors: [TemplateConnector.Office365],
  parameters: {
    recipients: { type: 'string', description: 'Who receives the mail: one address or several separated by semicolons.' },
  },
  actions: {
    'Send_an_email_(V2)': apiConnection(TemplateConnector.Office365, 'post', '/v2/Mail', {
      To: "@{parameters('recipients')}",
      Subject: `@{${field('Severity')}} severity Defender for Cloud alert: @{${field('AlertDisplayName')}} on @{${field('CompromisedEntity')}}`,
      Body: alertHtml,
      Importance: importanceFor(field('Severity')),
    }),
  },
};
