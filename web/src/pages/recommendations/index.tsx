/** The Recommendations area: security assessments and their health, with filters, detail and Trigger workflow. */
import { Link } from 'react-router-dom';
import { ASSESSMENT_STATUS_VALUES, SEVERITY_VALUES } from '../../components/events-api';
import { type EventListConfig, EventListPage, ResourceCell, SeverityCell, StatusCell } from '../../components/events-list-page';

const config: EventListConfig = {
  kind: 'Assessment',
  title: 'Recommendations',
  description: 'Security recommendations (assessments) of your resources and their health. Open one to see its details and run a workflow with it by hand.',
  noun: ['recommendation', 'recommendations'],
  severities: SEVERITY_VALUES,
  statusLabel: 'Status',
  statuses: ASSESSMENT_STATUS_VALUES,
  statusFilter: 'server',
  columns: (name) => [
    { key: 'name', header: 'Recommendation', render: name },
    { key: 'severity', header: 'Severity', className: 'cell-nowrap', render: (row) => <SeverityCell severity={row.summary.severity} /> },
    { key: 'status', header: 'Status', className: 'cell-nowrap', render: (row) => <StatusCell status={row.summary.status} /> },
    { key: 'resource', header: 'Resource', render: (row) => <ResourceCell id={row.summary.resourceId} /> },
  ],
  empty: (
    <p>
      Recommendations arrive with <code>POST /api/events</code> (the shape is on the <Link to="/schemas">Event schemas</Link> page). To act on them
      automatically, add a <Link to="/automations">workflow automation</Link>.
    </p>
  ),
};

export default function RecommendationsArea() {
  return <EventListPage config={config} />;
}
