/**
 * A gallery template: a ready-made Defender for Cloud workflow, described the way the public Logic Apps templates
 * are (one trigger, the managed APIs it calls, the parameters a deployment fills in) plus the actions it runs.
 */

/** The managed APIs templates call; each needs a connection of that API when the template is deployed. */
export const TemplateConnector = {
  Office365: 'office365',
  Smtp: 'smtp',
  Teams: 'teams',
  Slack: 'slack',
  ServiceNow: 'service-now',
  Jira: 'jira',
  PagerDuty: 'pagerduty',
  Webhook: 'webhook',
} as const;
export type TemplateConnector = (typeof TemplateConnector)[keyof typeof TemplateConnector];

/** What starts a template's workflow: the Defender alert or recommendation trigger, or a plain Request. */
export const TemplateTrigger = { Alert: 'Alert', Assessment: 'Assessment', Request: 'Request' } as const;
export type TemplateTrigger = (typeof TemplateTrigger)[keyof typeof TemplateTrigger];

/** Workflow parameter types (WDL's, in the spelling the definition declares them). */
export type TemplateParameterType = 'string' | 'securestring' | 'int' | 'bool' | 'array' | 'object';

export interface TemplateParameter {
  readonly type: TemplateParameterType;
  readonly description: string;
  /** Without a default the parameter is required at deployment. */
  readonly defaultValue?: string | number | boolean | readonly unknown[] | Readonly<Record<string, unknown>>;
  readonly allowedValues?: readonly (string | number | boolean)[];
}

export interface WorkflowTemplate {
  /** Stable id in URLs: `send-email-alert`. */
  readonly id: string;
  /** The default workflow name a deployment uses, in the public templates' style: `Send-EmailAlert`. */
  readonly name: string;
  readonly displayName: string;
  readonly description: string;
  readonly trigger: TemplateTrigger;
  readonly connectors: readonly TemplateConnector[];
  readonly parameters: Readonly<Record<string, TemplateParameter>>;
  /** The definition's `actions`, as WDL JSON. */
  readonly actions: Readonly<Record<string, unknown>>;
}
