/** The pieces the three built-in definitions share: common parameters and the DeployIfNotExists envelope. */
import type { PolicyParameterDefinition } from './policy-definition-types.js';
import { CONTRIBUTOR_ROLE_ID, MANUAL_TRIGGER, type PolicyKind, defenderTriggers } from './policy-vocabulary.js';

export const POLICY_DEFINITION_TYPE = 'Microsoft.Authorization/policyDefinitions';

export function policyDefinitionId(guid: string): string {
  return `/providers/Microsoft.Authorization/policyDefinitions/${guid}`;
}

/** The parameters before the policy's own ones, in the built-ins' order. */
export const leadingParameters = {
  automationName: {
    type: 'String',
    metadata: {
      displayName: 'Automation name',
      description: 'The name of the workflow automation to create (1-260 letters, digits, underscores and hyphens).',
    },
  },
  resourceGroupName: {
    type: 'String',
    metadata: {
      displayName: 'Resource group name',
      description:
        "The resource group the workflow automation is created in. If you enter a name for a resource group that doesn't exist, it is created in the subscription.",
    },
  },
  resourceGroupLocation: {
    type: 'String',
    metadata: {
      displayName: 'Resource group location',
      description: 'The location where the resource group and the workflow automation are created.',
      strongType: 'location',
    },
  },
  createResourceGroup: {
    type: 'Boolean',
    metadata: {
      displayName: 'Create resource group',
      description:
        "If the resource group does not exist in the subscription it is created. If it exists and this is 'true', the policy deploys it again, which resets its tags.",
    },
    allowedValues: [true, false],
    defaultValue: true,
  },
} as const satisfies Readonly<Record<string, PolicyParameterDefinition>>;

/** The parameters after the policy's own ones: which logic app, and which of its triggers, to call. */
export function trailingParameters(kind: PolicyKind): Readonly<Record<string, PolicyParameterDefinition>> {
  const defender = defenderTriggers[kind].display;
  return {
    logicAppResourceId: {
      type: 'String',
      metadata: {
        displayName: 'Logic App',
        description: 'The logic app the workflow automation triggers.',
        strongType: 'Microsoft.Logic/workflows',
        assignPermissions: true,
      },
    },
    logicAppTrigger: {
      type: 'String',
      metadata: {
        displayName: 'Logic app trigger',
        description: `The trigger of the logic app that is called. Possible values: '${MANUAL_TRIGGER}', '${defender}'.`,
      },
      allowedValues: [MANUAL_TRIGGER, defender],
    },
  };
}

/** `deployment.properties.parameters`: every policy parameter passed through to the template by name. */
function passThrough(names: readonly string[]): Readonly<Record<string, { readonly value: string }>> {
  return Object.fromEntries(names.map((name) => [name, { value: `[parameters('${name}')]` }]));
}

/**
 * The built-ins' rule: for every subscription, deploy (at subscription scope, as Contributor) the named automation
 * into the named resource group unless one exists there that satisfies `existenceCondition`.
 */
export function deployIfNotExistsRule(existenceCondition: unknown, parameterNames: readonly string[]): unknown {
  return {
    if: { field: 'type', equals: 'Microsoft.Resources/subscriptions' },
    then: {
      effect: 'deployIfNotExists',
      details: {
        type: 'Microsoft.Security/automations',
        name: "[parameters('automationName')]",
        existenceScope: 'resourcegroup',
        ResourceGroupName: "[parameters('resourceGroupName')]",
        deploymentScope: 'subscription',
        roleDefinitionIds: [CONTRIBUTOR_ROLE_ID],
        existenceCondition,
        deployment: {
          location: 'westeurope',
          properties: { mode: 'incremental', parameters: passThrough(parameterNames) },
        },
      },
    },
  };
}

/** `Microsoft.Security/automations/<path>`: the alias form existence conditions use. */
export function alias(path: string): string {
  return `Microsoft.Security/automations/${path}`;
}

export const RULES = alias('sources[*].ruleSets[*].rules[*]');
export const RULE_VALUE = alias('sources[*].ruleSets[*].rules[*].expectedValue');
export const RULE_PATH = alias('sources[*].ruleSets[*].rules[*].propertyJPath');
export const IS_ENABLED = { field: alias('isEnabled'), equals: true } as const;

/** "Each item of `parameter` matches exactly `times` rules with this path and value" (a count-in-count). */
export function eachOnce(parameter: string, itemName: string, propertyJPath: string, times: string | number, value = `[current('${itemName}')]`): unknown {
  return {
    count: {
      value: `[parameters('${parameter}')]`,
      name: itemName,
      where: {
        count: {
          field: RULES,
          where: { allOf: [{ field: RULE_PATH, equals: propertyJPath }, { field: RULE_VALUE, equals: value }] },
        },
        equals: times,
      },
    },
    equals: `[length(parameters('${parameter}'))]`,
  };
}
