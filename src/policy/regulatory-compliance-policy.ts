/** Built-in 509122b9-…: deploy a workflow automation for Defender for Cloud regulatory compliance (ASC_WorkflowAutomationASCRegulatoryCompliance_DINE). */
import {
  IS_ENABLED,
  POLICY_DEFINITION_TYPE,
  RULES,
  RULE_VALUE,
  alias,
  deployIfNotExistsRule,
  eachOnce,
  leadingParameters,
  policyDefinitionId,
  trailingParameters,
} from './policy-definition-parts.js';
import type { PolicyDefinition } from './policy-definition-types.js';
import { CONTROL_STATES } from './policy-vocabulary.js';

const GUID = '509122b9-ddd9-47ba-a5f1-d0dac20be63c';

const parameters = {
  ...leadingParameters,
  regulatoryComplianceStandards: {
    type: 'Array',
    metadata: {
      displayName: 'Compliance standards names',
      description:
        'For all compliance standards, leave empty. For specific ones, list the standard names, as the regulatory compliance standards API or Azure Resource Graph (securityresources, microsoft.security/regulatorycompliancestandards) shows them.',
    },
    defaultValue: [],
  },
  regulatoryComplianceControlStates: {
    type: 'Array',
    metadata: { displayName: 'Compliance control states', description: 'The compliance control states that trigger the logic app.' },
    allowedValues: CONTROL_STATES,
    defaultValue: CONTROL_STATES,
  },
  ...trailingParameters('regulatoryCompliance'),
} as const;

const standardsLength = "[length(parameters('regulatoryComplianceStandards'))]";
const statesLength = "[length(parameters('regulatoryComplianceControlStates'))]";

/** Four cases, by whether standards and states are "all" (no standards given; all four states given). */
const existenceCondition = {
  allOf: [
    IS_ENABLED,
    {
      anyOf: [
        {
          allOf: [
            { field: alias('sources[*].ruleSets'), exists: false },
            { value: standardsLength, equals: 0 },
            { value: statesLength, equals: 4 },
          ],
        },
        {
          allOf: [
            { value: standardsLength, equals: 0 },
            { value: statesLength, less: 4 },
            { field: RULE_VALUE, in: "[parameters('regulatoryComplianceControlStates')]" },
            eachOnce('regulatoryComplianceControlStates', 'regulatoryComplianceControlState', 'properties.state', 1),
          ],
        },
        {
          allOf: [
            { value: standardsLength, notEquals: 0 },
            { value: statesLength, equals: 4 },
            { field: RULE_VALUE, in: "[parameters('regulatoryComplianceStandards')]" },
            eachOnce('regulatoryComplianceStandards', 'regulatoryComplianceStandard', 'id', 1),
          ],
        },
        {
          allOf: [
            { value: standardsLength, notEquals: 0 },
            { value: statesLength, notEquals: 4 },
            { field: RULE_VALUE, in: "[union(parameters('regulatoryComplianceStandards'),parameters('regulatoryComplianceControlStates'))]" },
            {
              count: { field: RULES },
              equals: "[mul(2,mul(length(parameters('regulatoryComplianceStandards')),length(parameters('regulatoryComplianceControlStates'))))]",
            },
          ],
        },
      ],
    },
  ],
};

export const regulatoryCompliancePolicy: PolicyDefinition = {
  kind: 'regulatoryCompliance',
  id: policyDefinitionId(GUID),
  name: GUID,
  type: POLICY_DEFINITION_TYPE,
  properties: {
    displayName: 'Deploy Workflow Automation for Microsoft Defender for Cloud regulatory compliance',
    policyType: 'BuiltIn',
    mode: 'All',
    description:
      'Enable automation of Microsoft Defender for Cloud regulatory compliance. This policy deploys a workflow automation with your conditions and triggers on the assigned scope. To deploy this policy on newly created subscriptions, open the Compliance tab, select the relevant non-compliant assignment and create a remediation task.',
    metadata: { version: '5.0.1', category: 'Security Center' },
    parameters,
    policyRule: deployIfNotExistsRule(existenceCondition, Object.keys(parameters)),
  },
};
