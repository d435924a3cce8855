import { TemplateConnector, TemplateTrigger, type WorkflowTemplate } from '../template.js';
import { apiConnection, field } from '../wdl.js';

/** Hands the whole alert to another system; the webhook connection signs each delivery with its secret. */
export const forwardAlertWebhook: WorkflowTemplate = {
  id: 'forward-alert-webhook',
  name: 'Forward-AlertWebhook',
  displayName: 'Forward the alert to a signed webhook',
  description:
    'Posts the whole alert, wrapped in a small envelope, to the URL of a webhook connection, which signs each delivery with its shared secret so the receiver can verify it.',
  trigger: TemplateTrigger.Alert,
  connectors: [TemplateConnector.Webhook],
  parameters: {
    eventType: { type: 'string', description: 'The event type the receiver sees in the envelope.', defaultValue: 'Microsoft.Security/alerts' },
  },
  actions: {
    Send_webhook: apiConnection(TemplateConnector.Webhook, 'post', '/send', {
      eventType: "@parameters('eventType')",
      id: `@{${field('SystemAlertId')}}`,
      severity: `@{${field('Severity')}}`,
      subject: `@{${field('AzureResourceId')}}`,
      data: '@triggerBody()',
    }),
  },
};
