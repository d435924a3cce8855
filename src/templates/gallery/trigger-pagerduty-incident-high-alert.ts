import { TemplateConnector, TemplateTrigger, type WorkflowTemplate } from '../template.js';
import { apiConnection, field } from '../wdl.js';

/** Pages on High alerts only; the alert id is the dedup key, so a re-sent alert updates the same incident. */
export const triggerPagerDutyIncidentHighAlert: WorkflowTemplate = {
  id: 'trigger-pagerduty-incident-high-alert',
  name: 'Trigger-PagerDutyIncidentHighAlert',
  displayName: 'Page the on-call engineer for a High severity alert',
  description:
    'Triggers a PagerDuty incident when a High severity alert is raised, de-duplicated by the alert id; alerts of lower severity are left alone.',
  trigger: TemplateTrigger.Alert,
  connectors: [TemplateConnector.PagerDuty],
  parameters: {
    pagerDutySeverity: {
      type: 'string',
      description: 'The severity of the PagerDuty event.',
      defaultValue: 'critical',
      allowedValues: ['critical', 'error', 'warning', 'info'],
    },
  },
  actions: {
    Alert_is_high_severity: {
      type: 'If',
      runAfter: {},
      expression: { equals: [`@toLower(string(coalesce(${field('Severity')}, '')))`, 'high'] },
      actions: {
        Trigger_incident: apiConnection(TemplateConnector.PagerDuty, 'post', '/v2/enqueue', {
          event_action: 'trigger',
          // The connector derives the dedup key from the alert id, so a later resolve with the same id meets it.
          alertId: `@{coalesce(${field('SystemAlertId')}, ${field('AlertUri')}, workflow()?['run']?['name'])}`,
          payload: {
            summary: `@{${field('Severity')}} severity alert: @{${field('AlertDisplayName')}} on @{${field('CompromisedEntity')}}`,
            source: `@{coalesce(${field('CompromisedEntity')}, ${field('AzureResourceId')})}`,
            severity: "@parameters('pagerDutySeverity')",
            custom_details: {
              alert_type: `@{${field('AlertType')}}`,
              description: `@{${field('Description')}}`,
              resource_id: `@{${field('AzureResourceId')}}`,
              subscription_id: `@{${field('AzureResourceSubscriptionId')}}`,
              intent: `@{${field('Intent')}}`,
              start_time_utc: `@{${field('StartTimeUtc')}}`,
              remediation_steps: `@coalesce(${field('RemediationSteps')}, json('[]'))`,
              alert_uri: `@{${field('AlertUri')}}`,
            },
          },
        }),
      },
      else: { actions: {} },
    },
  },
};
