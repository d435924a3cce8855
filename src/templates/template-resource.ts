/** How the API shows a template: ARM-style `{id, name, type, properties}`; the detail view adds the definition. */
import { templateDefinition } from './template-definition.js';
import type { TemplateParameter, WorkflowTemplate } from './template.js';

export const TEMPLATE_RESOURCE_TYPE = 'Riposte/templates';

export interface TemplateResource {
  readonly id: string;
  readonly name: string;
  readonly type: typeof TEMPLATE_RESOURCE_TYPE;
  readonly properties: {
    readonly displayName: string;
    readonly description: string;
    readonly category: 'security';
    readonly trigger: WorkflowTemplate['trigger'];
    readonly connectors: WorkflowTemplate['connectors'];
    readonly parameters: Readonly<Record<string, TemplateParameter>>;
    readonly definition?: Record<string, unknown>;
  };
}

export function templateSummary(template: WorkflowTemplate): TemplateResource {
  return {
    id: template.id,
    name: template.name,
    type: TEMPLATE_RESOURCE_TYPE,
    properties: {
      displayName: template.displayName,
      description: template.description,
      category: 'security',
      trigger: template.trigger,
      connectors: template.connectors,
      parameters: template.parameters,
    },
  };
}

export function templateDetail(template: WorkflowTemplate): TemplateResource {
  const summary = templateSummary(template);
  return { ...summary, properties: { ...summary.properties, definition: templateDefinition(template) } };
}
