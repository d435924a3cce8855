import { alertText } from '../message-fragments.js';
import { TemplateConnector, TemplateTrigger, type WorkflowTemplate } from '../template.js';
import { apiConnection, field } from '../wdl.js';

const setVariable = (name: string, value: string, runAfter: Record<string, string[]> = {}) => ({
  type: 'SetVariable',
  runAfter,
  inputs: { name, value },
});

/** Urgency and impact on ServiceNow's scale (1 high, 2 medium, 3 low) from the alert's severity. */
const severityCase = (severity: string, level: string) => ({
  case: severity,
  actions: {
    [`Set_urgency_${level}`]: setVariable('urgency', level),
    [`Set_impact_${level}`]: setVariable('impact', level, { [`Set_urgency_${level}`]: ['Succeeded'] }),
  },
});

/** After the public Create-SNOWIncfromASCAlert, with urgency and impact following the alert's severity. */
export const createServiceNowIncidentAlert: WorkflowTemplate = {
  id: 'create-servicenow-incident-alert',
  name: 'Create-ServiceNowIncidentAlert',
  displayName: 'Open a ServiceNow incident for an alert',
  description:
    "Creates a ServiceNow incident with the alert's details; High alerts become urgency and impact 1, Medium 2, the rest 3. The alert id is the incident's correlation id.",
  trigger: TemplateTrigger.Alert,
  connectors: [TemplateConnector.ServiceNow],
  parameters: {
    category: { type: 'string', description: 'The incident category.', defaultValue: 'Security' },
  },
  actions: {
    Initialize_urgency: { type: 'InitializeVariable', runAfter: {}, inputs: { variables: [{ name: 'urgency', type: 'string', value: '3' }] } },
    Initialize_impact: {
      type: 'InitializeVariable',
      runAfter: { Initialize_urgency: ['Succeeded'] },
      inputs: { variables: [{ name: 'impact', type: 'string', value: '3' }] },
    },
    Map_severity: {
      type: 'Switch',
      runAfter: { Initialize_impact: ['Succeeded'] },
      expression: `@toLower(string(coalesce(${field('Severity')}, '')))`,
      cases: { High: severityCase('high', '1'), Medium: severityCase('medium', '2') },
      default: { actions: {} },
    },
    Create_incident: apiConnection(
      TemplateConnector.ServiceNow,
      'post',
      '/api/now/v2/table/incident',
      {
        short_description: `Defender for Cloud: @{${field('AlertDisplayName')}} on @{${field('CompromisedEntity')}}`,
        description: alertText,
        urgency: "@{variables('urgency')}",
        impact: "@{variables('impact')}",
        category: "@{parameters('category')}",
        correlation_id: `@{${field('SystemAlertId')}}`,
      },
      { Map_severity: ['Succeeded'] },
    ),
  },
};
