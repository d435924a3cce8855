import type { WorkflowDefinition } from '../definition-schema.js';
import type { ValidationIssue } from '../validation-issue.js';

const triggerTypes = ['Request', 'Http', 'HttpWebhook', 'Recurrence', 'ApiConnection', 'ApiConnectionWebhook'];

export interface TriggerInfo {
  readonly name: string;
  readonly type: string;
  readonly kind?: string;
}

/** The trigger that starts runs: the first one declared, or an implicit manual (Request) trigger. */
export function checkTrigger(definition: WorkflowDefinition, issues: ValidationIssue[]): TriggerInfo {
  const entries = Object.entries(definition.triggers ?? {});
  for (const [name, trigger] of entries) {
    if (!triggerTypes.some((type) => type.toLowerCase() === trigger.type.toLowerCase())) {
      issues.push({ path: `triggers.${name}.type`, message: `The trigger type '${trigger.type}' is not supported. Supported types: ${triggerTypes.join(', ')}.` });
    }
  }
  const first = entries[0];
  if (first === undefined) return { name: 'manual', type: 'Request' };
  const [name, trigger] = first;
  const type = triggerTypes.find((candidate) => candidate.toLowerCase() === trigger.type.toLowerCase()) ?? trigger.type;
  return { name, type, ...(trigger.kind === undefined ? {} : { kind: trigger.kind }) };
}
