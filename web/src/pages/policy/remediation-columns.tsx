/** The table columns every list of remediation tasks shares: the link to a task, and its state, progress and age. */
import { Link } from 'react-router-dom';
import type { Column } from '../../components/DataTable';
import { DeploymentProgress } from '../../components/policy-progress';
import { StatusBadge } from '../../components/StatusBadge';
import { FINAL_STATES, type Remediation } from './policy-api';

/** The task's name, linking to its page. */
export function RemediationLink({ task }: { readonly task: Remediation }) {
  return (
    <Link className="cell-primary" to={`/policy/remediation?id=${encodeURIComponent(task.id)}`}>
      {task.name}
    </Link>
  );
}

/** State, live progress and when the task was created. */
export const remediationStatusColumns: readonly Column<Remediation>[] = [
  { key: 'state', header: 'State', className: 'cell-nowrap', render: (task) => <StatusBadge status={task.properties.provisioningState} /> },
  {
    key: 'progress',
    header: 'Progress',
    render: (task) => (
      <DeploymentProgress
        label={`Progress of ${task.name}`}
        total={task.properties.deploymentStatus.totalDeployments}
        succeeded={task.properties.deploymentStatus.successfulDeployments}
        failed={task.properties.deploymentStatus.failedDeployments}
        active={!FINAL_STATES.has(task.properties.provisioningState)}
      />
    ),
  },
  { key: 'created', header: 'Created', className: 'cell-nowrap', render: (task) => new Date(task.properties.createdOn).toLocaleString() },
];
