/** The Alerts area: security alerts received, with severity and status filters, detail and Trigger workflow. */
import { Link } from 'react-router-dom';
import { ALERT_STATUS_VALUES, SEVERITY_VALUES } from '../../components/events-api';
import { type EventListConfig, EventListPage, ResourceCell, SeverityCell, StatusCell, TimeCell } from '../../components/events-list-page';

const config: EventListConfig = {
  kind: 'Alert',
  title: 'Security alerts',
  description: 'Alerts Defender for Cloud sent to Riposte. Open one to see its details and run a workflow with it by hand.',
  noun: ['alert', 'alerts'],
  severities: SEVERITY_VALUES,
  statusLabel: 'Status',
  statuses: ALERT_STATUS_VALUES,
  // An alert without a status, or with the workflow-automation spelling `New`, is Active: matched here, not by the server.
  statusFilter: 'client',
  columns: (name) => [
    { key: 'severity', header: 'Severity', className: 'cell-nowrap', render: (row) => <SeverityCell severity={row.summary.severity} /> },
    { key: 'name', header: 'Alert', render: name },
    { key: 'resource', header: 'Affected resource', render: (row) => <ResourceCell id={row.summary.resourceId} /> },
    { key: 'status', header: 'Status', className: 'cell-nowrap', render: (row) => <StatusCell status={row.summary.status} /> },
    { key: 'time', header: 'Start time', className: 'cell-nowrap', render: (row) => <TimeCell time={row.summary.time} /> },
  ],
  empty: (
    <p>
      Alerts arrive with <code>POST /api/events</code> (the shape is on the <Link to="/schemas">Event schemas</Link> page). To act on them automatically, add
      a <Link to="/automations">workflow automation</Link>.
    </p>
  ),
};

export default function AlertsArea() {
  return <EventListPage config={config} />;
}
