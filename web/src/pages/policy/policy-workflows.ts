/** The workflows an assignment's `logicAppResourceId` can name: every readable one, with its trigger's kind. */
import { listInEachSubscription } from '../../api/each-subscription';
import { type WorkflowChoice, listWorkflowChoices } from '../../api/workflow-choices';

export type { WorkflowChoice };

/** Workflows in every given subscription; one the user may not list is left out, not an error. */
export async function loadWorkflows(subscriptionIds: readonly string[]): Promise<WorkflowChoice[]> {
  return (await listInEachSubscription(subscriptionIds, listWorkflowChoices)).sort((a, b) => a.name.localeCompare(b.name));
}
