/** The Regulatory compliance area: the assessments of each standard's controls, with their state, detail and Trigger workflow. */
import { Link } from 'react-router-dom';
import { COMPLIANCE_STATE_VALUES } from '../../components/events-api';
import { type EventListConfig, EventListPage, StatusCell } from '../../components/events-list-page';

const config: EventListConfig = {
  kind: 'RegulatoryComplianceAssessment',
  title: 'Regulatory compliance',
  description: 'Assessments of the controls of each compliance standard and their state. Open one to see its details and run a workflow with it by hand.',
  noun: ['assessment', 'assessments'],
  statusLabel: 'State',
  statuses: COMPLIANCE_STATE_VALUES,
  statusFilter: 'server',
  columns: (name) => [
    { key: 'standard', header: 'Standard', className: 'cell-nowrap', render: (row) => row.summary.standard ?? <span className="muted">—</span> },
    { key: 'control', header: 'Control', className: 'cell-nowrap', render: (row) => row.summary.control ?? <span className="muted">—</span> },
    { key: 'name', header: 'Assessment', render: name },
    { key: 'state', header: 'State', className: 'cell-nowrap', render: (row) => <StatusCell status={row.summary.status} /> },
  ],
  empty: (
    <p>
      Compliance assessments arrive with <code>POST /api/events</code> (the shape is on the <Link to="/schemas">Event schemas</Link> page). To act on them
      automatically, add a <Link to="/automations">workflow automation</Link>.
    </p>
  ),
  notServed: (
    <p>
      This server has no list of regulatory compliance assessments yet (it would be{' '}
      <code>GET /api/subscriptions/{'{subscriptionId}'}/providers/Microsoft.Security/regulatoryComplianceAssessments</code>). Each assessment can still be
      opened by its id, to read it and run a workflow with it.
    </p>
  ),
};

export default function ComplianceArea() {
  return <EventListPage config={config} />;
}
