/** The workflows an assignment's `logicAppResourceId` can name: every readable one, with its trigger's kind. */
import { parseArmId } from '../../api/arm-id';
import { ApiError, getAll } from '../../api/client';
import { type TriggerClassification, classifyTrigger } from '../../api/workflow-trigger';

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

/** Workflows in every given subscription; one the user may not list is left out, not an error. */
export async function loadWorkflows(subscriptionIds: readonly string[]): Promise<WorkflowChoice[]> {
  const answers = await Promise.allSettled(
    subscriptionIds.map((id) => getAll<WorkflowResource>(`/api/subscriptions/${encodeURIComponent(id)}/providers/Microsoft.Logic/workflows`)),
  );
  const failure = answers.find((answer) => answer.status === 'rejected' && !(answer.reason instanceof ApiError && answer.reason.status === 403));
  if (failure !== undefined && failure.status === 'rejected') throw failure.reason;
  return answers
    .flatMap((answer) => (answer.status === 'fulfilled' ? answer.value : []))
    .map((workflow) => {
      const parts = parseArmId(workflow.id);
      return {
        id: workflow.id,
        name: workflow.name,
        subscriptionId: parts.subscriptionId ?? '',
        resourceGroup: parts.resourceGroup ?? '',
        state: workflow.properties.state ?? 'Enabled',
        trigger: classifyTrigger(workflow.properties.definition),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}
