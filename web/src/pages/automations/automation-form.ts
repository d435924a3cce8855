/**
 * The "Add workflow automation" form as data: its fields, the checks made before sending, the automation body it
 * becomes (rule sets built exactly as the built-in workflow-automation policies build them), and which field a
 * server error's `target` belongs to.
 */
import { CONTROL_STATES, type PolicyKind, RECOMMENDATION_STATES, SEVERITIES, generatedRuleSets } from '../../shared/core';
import type { AutomationResource } from './automation-api';

export type TriggerChoice = PolicyKind;

export interface AutomationForm {
  readonly name: string;
  readonly description: string;
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly trigger: TriggerChoice;
  readonly alertName: string;
  readonly alertSeverities: readonly string[];
  /** One recommendation name per line; none means every recommendation. */
  readonly recommendationNames: string;
  readonly recommendationSeverities: readonly string[];
  readonly recommendationStates: readonly string[];
  /** One standard per line; none means every standard. */
  readonly standards: string;
  readonly controlStates: readonly string[];
  readonly workflowSubscriptionId: string;
  readonly workflowId: string;
}

export type FormField =
  | 'name'
  | 'description'
  | 'subscriptionId'
  | 'resourceGroup'
  | 'alertSeverities'
  | 'recommendationSeverities'
  | 'recommendationStates'
  | 'controlStates'
  | 'conditions'
  | 'workflowId';

export type FieldErrors = Partial<Record<FormField, string>>;

export const triggerChoices: readonly { readonly value: TriggerChoice; readonly label: string; readonly eventSource: string }[] = [
  { value: 'alerts', label: 'Security alerts', eventSource: 'Alerts' },
  { value: 'recommendations', label: 'Recommendations', eventSource: 'Assessments' },
  { value: 'regulatoryCompliance', label: 'Regulatory compliance standards', eventSource: 'RegulatoryComplianceAssessment' },
];

export function eventSourceOf(trigger: TriggerChoice): string {
  return triggerChoices.find((choice) => choice.value === trigger)?.eventSource ?? 'Alerts';
}

export function emptyForm(subscriptionId: string): AutomationForm {
  return {
    name: '',
    description: '',
    subscriptionId,
    resourceGroup: '',
    trigger: 'alerts',
    alertName: '',
    alertSeverities: [...SEVERITIES],
    recommendationNames: '',
    recommendationSeverities: [...SEVERITIES],
    recommendationStates: [...RECOMMENDATION_STATES],
    standards: '',
    controlStates: [...CONTROL_STATES],
    workflowSubscriptionId: subscriptionId,
    workflowId: '',
  };
}

/** One item per line (commas also separate), blanks dropped. */
function lines(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

const NAME = /^[A-Za-z0-9_-]{1,260}$/;
const RESOURCE_GROUP = /^[-\w.()\p{L}\p{N}]{1,90}$/u;

/** The checks the server would make anyway, made first so the user sees them beside the field at once. */
export function validateForm(form: AutomationForm): FieldErrors {
  const errors: FieldErrors = {};
  if (form.name.trim() === '') errors.name = 'Enter a name.';
  else if (!NAME.test(form.name)) errors.name = 'Use 1-260 letters, digits, underscores or hyphens.';
  if (form.subscriptionId === '') errors.subscriptionId = 'Choose a subscription.';
  if (form.resourceGroup.trim() === '') errors.resourceGroup = 'Enter a resource group.';
  else if (!RESOURCE_GROUP.test(form.resourceGroup) || form.resourceGroup.endsWith('.')) {
    errors.resourceGroup = "Use up to 90 letters, digits, '-', '_', '.', '(' or ')', not ending in '.'.";
  }
  const none = 'Choose at least one.';
  switch (form.trigger) {
    case 'alerts':
      if (form.alertSeverities.length === 0) errors.alertSeverities = none;
      break;
    case 'recommendations':
      if (form.recommendationSeverities.length === 0) errors.recommendationSeverities = none;
      if (form.recommendationStates.length === 0) errors.recommendationStates = none;
      break;
    case 'regulatoryCompliance':
      if (form.controlStates.length === 0) errors.controlStates = none;
      break;
  }
  if (form.workflowId === '') errors.workflowId = 'Choose the workflow to start.';
  return errors;
}

/** The policy parameters each trigger's conditions correspond to (ASC_WorkflowAutomation*_DINE.json). */
function policyValues(form: AutomationForm): Record<string, unknown> {
  switch (form.trigger) {
    case 'alerts':
      return { alertName: form.alertName.trim(), alertSeverities: form.alertSeverities };
    case 'recommendations':
      return {
        recommendationNames: lines(form.recommendationNames),
        recommendationSeverities: form.recommendationSeverities,
        recommendationStates: form.recommendationStates,
      };
    case 'regulatoryCompliance':
      return { regulatoryComplianceStandards: lines(form.standards), regulatoryComplianceControlStates: form.controlStates };
  }
}

export function ruleSetsOf(form: AutomationForm) {
  return generatedRuleSets(form.trigger, policyValues(form));
}

/** The PUT body: one source, one LogicApp action, scoped to the subscription (as the portal creates them). */
export function automationBody(form: AutomationForm) {
  const description = form.description.trim();
  return {
    properties: {
      ...(description === '' ? {} : { description }),
      isEnabled: true,
      scopes: [{ description: `Subscription ${form.subscriptionId}`, scopePath: `/subscriptions/${form.subscriptionId}` }],
      sources: [{ eventSource: eventSourceOf(form.trigger), ruleSets: ruleSetsOf(form) }],
      actions: [{ actionType: 'LogicApp', logicAppResourceId: form.workflowId }],
    },
  };
}

/** The form field a server error's `target` (`properties.actions[0].logicAppResourceId`, …) is about, if any. */
export function fieldOfTarget(target: string): FormField | undefined {
  if (target === 'name') return 'name';
  if (target.startsWith('properties.description')) return 'description';
  if (target.startsWith('properties.scopes')) return 'subscriptionId';
  if (target.startsWith('properties.sources')) return 'conditions';
  if (target.startsWith('properties.actions')) return 'workflowId';
  return undefined;
}

/** How the list describes an automation's trigger. */
export function triggerTypeOf(automation: AutomationResource): string {
  const labels = automation.properties.sources.map((source) => {
    if (source.eventSource === 'Alerts') return 'Security alerts';
    if (/^(Sub)?Assessments/.test(source.eventSource)) return 'Recommendations';
    if (source.eventSource.startsWith('RegulatoryCompliance')) return 'Regulatory compliance';
    return source.eventSource;
  });
  return labels.length === 0 ? 'Any event' : [...new Set(labels)].join(', ');
}
