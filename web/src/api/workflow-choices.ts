/** The workflows a picker offers: where each lives, whether it is enabled, and what kind of trigger starts it. */
import { parseArmId } from './arm-id';
import { getAll } from './client';
import { type TriggerClassification, classifyTrigger } from './workflow-trigger';

export interface WorkflowChoice {
  readonly id: string;
  readonly name: string;
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly state: string;
  readonly trigger: TriggerClassification;
}

interface WorkflowResource {
  readonly id: string;
  readonly name: string;
  readonly properties: { readonly state?: string; readonly definition?: unknown };
}

/** Every workflow in the subscription, in the order the server lists them. */
export async function listWorkflowChoices(subscriptionId: string): Promise<WorkflowChoice[]> {
  const workflows = await getAll<WorkflowResource>(`/api/subscriptions/${encodeURIComponent(subscriptionId)}/providers/Microsoft.Logic/workflows`);
  return workflows.map((workflow) => {
    const parts = parseArmId(workflow.id);
    return {
      id: workflow.id,
      name: workflow.name,
      subscriptionId: parts.subscriptionId ?? '',
      resourceGroup: parts.resourceGroup ?? '',
      state: workflow.properties.state ?? 'Enabled',
      trigger: classifyTrigger(workflow.properties.definition),
    };
  });
}
