/** The pieces of a "pick the workflow to run" field: its options, and the button that lists the workflows again. */
import { ActionButton } from './ActionButton';

/** A placeholder (which says when there is nothing to pick), then one option a workflow, labelled by `describe`. */
export function WorkflowOptions<T extends { readonly id: string }>({ workflows, describe }: { readonly workflows: readonly T[]; readonly describe: (workflow: T) => string }) {
  return (
    <>
      <option value="">{workflows.length === 0 ? 'No eligible workflow' : 'Select a workflow'}</option>
      {workflows.map((workflow) => (
        <option key={workflow.id} value={workflow.id}>
          {describe(workflow)}
        </option>
      ))}
    </>
  );
}

export function RefreshWorkflowsButton({ loading, onRefresh }: { readonly loading: boolean; readonly onRefresh: () => void }) {
  return (
    <ActionButton onClick={onRefresh} busy={loading} aria-label="Refresh the workflow list">
      Refresh
    </ActionButton>
  );
}
