/** Built-in 73d6ab6c-…: deploy a workflow automation for Defender for Cloud recommendations (ASC_WorkflowAutomationASCRecommendations_DINE). */
import {
  IS_ENABLED,
  POLICY_DEFINITION_TYPE,
  RULE_VALUE,
  deployIfNotExistsRule,
  eachOnce,
  leadingParameters,
  policyDefinitionId,
  trailingParameters,
} from './policy-definition-parts.js';
import type { PolicyDefinition } from './policy-definition-types.js';
import { RECOMMENDATION_STATES, SEVERITIES } from './policy-vocabulary.js';

const GUID = '73d6ab6c-2475-4850-afd6-43795f3492ef';

const parameters = {
  ...leadingParameters,
  recommendationNames: {
    type: 'Array',
    metadata: {
      displayName: 'Recommendation IDs',
      description:
        'For all recommendations, leave empty. For specific ones, list their assessment keys (GUIDs), as the Assessments API or Azure Resource Graph (securityresources, microsoft.security/assessments) shows them.',
    },
    defaultValue: [],
  },
  recommendationSeverities: {
    type: 'Array',
    metadata: { displayName: 'Recommendation severities', description: 'The recommendation severities that trigger the logic app. Example: High;Medium;Low;' },
    allowedValues: SEVERITIES,
    defaultValue: SEVERITIES,
  },
  recommendationStates: {
    type: 'Array',
    metadata: {
      displayName: 'Recommendation states',
      description:
        'The recommendation states that trigger the logic app. Unhealthy recommendations need your attention; healthy ones no longer apply to the resource; not applicable ones were, for example, disabled in the security policy. Example: Healthy;Unhealthy;Not Applicable;',
    },
    allowedValues: RECOMMENDATION_STATES,
    defaultValue: RECOMMENDATION_STATES,
  },
  ...trailingParameters('recommendations'),
} as const;

const names = "parameters('recommendationNames')";
const severities = "parameters('recommendationSeverities')";
const states = "parameters('recommendationStates')";

const existenceCondition = {
  allOf: [
    IS_ENABLED,
    {
      field: RULE_VALUE,
      in: `[union(if(equals(length(${names}),0),array('Microsoft.Security/assessments'),${names}),${severities},if(contains(${states},'Not Applicable'),union(${states}, array('notapplicable')),${states}))]`,
    },
    eachOnce('recommendationSeverities', 'recommendationSeverity', 'properties.metadata.severity', `[mul(max(1,length(${names})),length(${states}))]`),
    eachOnce(
      'recommendationStates',
      'recommendationState',
      'properties.status.code',
      `[mul(max(1,length(${names})),length(${severities}))]`,
      "[replace(current('recommendationState'), ' ','')]",
    ),
    eachOnce('recommendationNames', 'recommendationName', 'name', `[mul(length(${severities}),length(${states}))]`),
  ],
};

export const recommendationsPolicy: PolicyDefinition = {
  kind: 'recommendations',
  id: policyDefinitionId(GUID),
  name: GUID,
  type: POLICY_DEFINITION_TYPE,
  properties: {
    displayName: 'Deploy Workflow Automation for Microsoft Defender for Cloud recommendations',
    policyType: 'BuiltIn',
    mode: 'All',
    description:
      'Enable automation of Microsoft Defender for Cloud recommendations. This policy deploys a workflow automation with your conditions and triggers on the assigned scope. To deploy this policy on newly created subscriptions, open the Compliance tab, select the relevant non-compliant assignment and create a remediation task.',
    metadata: { version: '5.0.1', category: 'Security Center' },
    parameters,
    policyRule: deployIfNotExistsRule(existenceCondition, Object.keys(parameters)),
  },
};
