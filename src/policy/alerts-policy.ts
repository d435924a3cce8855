/** Built-in f1525828-…: deploy a workflow automation for Defender for Cloud alerts (ASC_WorkflowAutomationAzureSecurityCenterAlerts_DINE). */
import {
  IS_ENABLED,
  POLICY_DEFINITION_TYPE,
  RULE_PATH,
  RULE_VALUE,
  deployIfNotExistsRule,
  eachOnce,
  leadingParameters,
  policyDefinitionId,
  trailingParameters,
} from './policy-definition-parts.js';
import type { PolicyDefinition } from './policy-definition-types.js';
import { SEVERITIES } from './policy-vocabulary.js';

const GUID = 'f1525828-9a90-4fcf-be48-268cdd02361e';

const parameters = {
  ...leadingParameters,
  alertName: {
    type: 'String',
    metadata: {
      displayName: 'Alert name contains',
      description:
        'Only alerts whose display name contains this text trigger the logic app; leave empty for every alert. For the list of alerts, see https://learn.microsoft.com/azure/defender-for-cloud/alerts-reference.',
    },
    defaultValue: '',
  },
  alertSeverities: {
    type: 'Array',
    metadata: { displayName: 'Alert severities', description: 'The alert severities that trigger the logic app. Example: High;Medium;Low;' },
    allowedValues: SEVERITIES,
    defaultValue: SEVERITIES,
  },
  ...trailingParameters('alerts'),
} as const;

const existenceCondition = {
  allOf: [
    IS_ENABLED,
    {
      field: RULE_VALUE,
      in: "[union(parameters('alertSeverities'),if(equals(parameters('alertName'), ''), array('3.'), array(parameters('alertName'))))]",
    },
    {
      field: RULE_PATH,
      in: "[union(array('Severity'),if(equals(parameters('alertName'), ''), array('Version'), array('AlertDisplayName')))]",
    },
    eachOnce('alertSeverities', 'alertSeverity', 'Severity', 1),
  ],
};

export const alertsPolicy: PolicyDefinition = {
  kind: 'alerts',
  id: policyDefinitionId(GUID),
  name: GUID,
  type: POLICY_DEFINITION_TYPE,
  properties: {
    displayName: 'Deploy Workflow Automation for Microsoft Defender for Cloud alerts',
    policyType: 'BuiltIn',
    mode: 'All',
    description:
      'Enable automation of Microsoft Defender for Cloud alerts. This policy deploys a workflow automation with your conditions and triggers on the assigned scope. To deploy this policy on newly created subscriptions, open the Compliance tab, select the relevant non-compliant assignment and create a remediation task.',
    metadata: { version: '5.0.1', category: 'Security Center' },
    parameters,
    policyRule: deployIfNotExistsRule(existenceCondition, Object.keys(parameters)),
  },
};
