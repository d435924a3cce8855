/**
 * What a remediation deploys for one subscription: the resource group (maybe), and the automation body the
 * built-in's template would produce from the assignment's parameters.
 */
import type { AutomationSource, EventSource, LogicAppAction } from '../automations/automation-types.js';
import { generatedRuleSets } from './generated-rule-sets.js';
import type { PolicyDefinition } from './policy-definition-types.js';
import { type ParameterValues, booleanParameter, stringParameter } from './policy-values.js';
import { MANUAL_TRIGGER, MANUAL_TRIGGER_NAME, type PolicyKind, defenderTriggers } from './policy-vocabulary.js';

/** Which `logicAppTrigger` option was chosen. */
export type TriggerChoice = 'manual' | 'defender';

export interface PlannedAutomation {
  readonly resourceGroupName: string;
  readonly resourceGroupLocation: string;
  readonly createResourceGroup: boolean;
  readonly automationName: string;
  readonly logicAppResourceId: string;
  /** `name`: the logic app trigger whose callback URL the action calls (`manual` or the Defender trigger's name). */
  readonly trigger: { readonly choice: TriggerChoice; readonly name: string };
  /** The automation resource body to PUT (location, properties{description, isEnabled: true, scopes, sources, actions}). */
  readonly body: { readonly location: string; readonly properties: Record<string, unknown> };
}

const eventSources: { readonly [K in PolicyKind]: EventSource } = {
  alerts: 'Alerts',
  recommendations: 'Assessments',
  regulatoryCompliance: 'RegulatoryComplianceAssessment',
};

/** The built-ins' descriptions (the compliance one's copy/paste "recommendations" corrected). */
const descriptions: { readonly [K in PolicyKind]: string } = {
  alerts: 'Workflow Automation for Microsoft Defender for Cloud alerts via policy',
  recommendations: 'Workflow Automation for Microsoft Defender for Cloud recommendations via policy',
  regulatoryCompliance: 'Workflow Automation for Microsoft Defender for Cloud regulatory compliance via policy',
};

function triggerOf(kind: PolicyKind, display: string): PlannedAutomation['trigger'] {
  return display.toLowerCase() === MANUAL_TRIGGER.toLowerCase()
    ? { choice: 'manual', name: MANUAL_TRIGGER_NAME }
    : { choice: 'defender', name: defenderTriggers[kind].name };
}

/**
 * `values` are resolved parameters (`resolveParameters`); `callbackUri` is the chosen trigger's callback URL,
 * which the caller resolves (the built-in calls `listCallbackUrl`); without it the action has no `uri`.
 */
export function plannedAutomation(
  definition: PolicyDefinition,
  values: ParameterValues,
  subscriptionId: string,
  callbackUri?: string,
): PlannedAutomation {
  const kind = definition.kind;
  const logicAppResourceId = stringParameter(values, 'logicAppResourceId');
  const resourceGroupLocation = stringParameter(values, 'resourceGroupLocation');
  const sources: AutomationSource[] = [{ eventSource: eventSources[kind], ruleSets: generatedRuleSets(kind, values) }];
  const action: LogicAppAction = { actionType: 'LogicApp', logicAppResourceId, ...(callbackUri !== undefined ? { uri: callbackUri } : {}) };
  return {
    resourceGroupName: stringParameter(values, 'resourceGroupName'),
    resourceGroupLocation,
    createResourceGroup: booleanParameter(values, 'createResourceGroup'),
    automationName: stringParameter(values, 'automationName'),
    logicAppResourceId,
    trigger: triggerOf(kind, stringParameter(values, 'logicAppTrigger')),
    body: {
      location: resourceGroupLocation,
      properties: {
        description: descriptions[kind],
        isEnabled: true,
        scopes: [{ description: `scope for subscription ${subscriptionId}`, scopePath: `/subscriptions/${subscriptionId}` }],
        sources,
        actions: [action],
      },
    },
  };
}
