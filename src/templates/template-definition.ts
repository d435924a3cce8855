/** The full WDL definition of a template: `$connections`, its parameters, the Defender trigger and its actions. */
import type { WorkflowTemplate } from './template.js';
import { triggersFor } from './wdl.js';

export const WDL_SCHEMA = 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#';

export function templateDefinition(template: WorkflowTemplate): Record<string, unknown> {
  const parameters: Record<string, unknown> = { $connections: { type: 'Object', defaultValue: {} } };
  for (const [name, parameter] of Object.entries(template.parameters)) {
    parameters[name] = {
      type: parameter.type,
      ...(parameter.defaultValue === undefined ? {} : { defaultValue: parameter.defaultValue }),
      ...(parameter.allowedValues === undefined ? {} : { allowedValues: parameter.allowedValues }),
      metadata: { description: parameter.description },
    };
  }
  return {
    $schema: WDL_SCHEMA,
    contentVersion: '1.0.0.0',
    parameters,
    triggers: triggersFor(template.trigger),
    actions: template.actions,
    outputs: {},
  };
}
