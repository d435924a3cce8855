/**
 * The definition a blank workflow starts with: one trigger written as the public Defender templates write it (an
 * `ApiConnectionWebhook` on the Defender connector's subscribe path, which Riposte starts itself) or a Request
 * trigger, and no actions yet.
 */

export type BlankTrigger = 'alert' | 'recommendation' | 'regulatoryCompliance' | 'request';

export const blankTriggerChoices: readonly { readonly value: BlankTrigger; readonly label: string; readonly hint: string }[] = [
  { value: 'alert', label: 'Defender alert', hint: 'Started by workflow automations on security alerts.' },
  { value: 'recommendation', label: 'Defender recommendation', hint: 'Started by workflow automations on recommendations (assessments).' },
  { value: 'regulatoryCompliance', label: 'Defender regulatory compliance', hint: 'Started by workflow automations on regulatory compliance assessments.' },
  { value: 'request', label: 'Request (HTTP)', hint: 'Started by any automation, by hand, or by a POST to its callback URL.' },
];

const SCHEMA = 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#';

function defenderTrigger(connector: 'ascalert' | 'ascassessment', path: string) {
  return {
    type: 'ApiConnectionWebhook',
    inputs: {
      host: { connection: { name: `@parameters('$connections')['${connector}']['connectionId']` } },
      body: { callback_url: '@{listCallbackUrl()}' },
      path,
    },
  };
}

function triggerFor(choice: BlankTrigger): Record<string, unknown> {
  switch (choice) {
    case 'alert':
      return { When_an_Azure_Security_Center_Alert_is_created_or_triggered: defenderTrigger('ascalert', '/Microsoft.Security/Alert/subscribe') };
    case 'recommendation':
      return { When_an_Azure_Security_Center_Recommendation_is_created_or_triggered: defenderTrigger('ascassessment', '/Microsoft.Security/Assessment/subscribe') };
    case 'regulatoryCompliance':
      return {
        When_a_regulatory_compliance_assessment_is_created_or_triggered: defenderTrigger('ascassessment', '/Microsoft.Security/RegulatoryComplianceAssessment/subscribe'),
      };
    case 'request':
      return { manual: { type: 'Request', kind: 'Http', inputs: { schema: {} } } };
  }
}

export function blankDefinition(choice: BlankTrigger): Record<string, unknown> {
  return {
    $schema: SCHEMA,
    contentVersion: '1.0.0.0',
    parameters: { $connections: { type: 'Object', defaultValue: {} } },
    triggers: triggerFor(choice),
    actions: {},
    outputs: {},
  };
}
