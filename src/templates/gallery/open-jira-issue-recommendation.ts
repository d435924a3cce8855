import { recommendationText } from '../message-fragments.js';
import { TemplateConnector, TemplateTrigger, type WorkflowTemplate } from '../template.js';
import { apiConnection, field } from '../wdl.js';

/** After the public Open-JIRA-Ticket; only unhealthy recommendations are work to do. */
export const openJiraIssueRecommendation: WorkflowTemplate = {
  id: 'open-jira-issue-recommendation',
  name: 'Open-JiraIssueRecommendation',
  displayName: 'Open a Jira issue for an unhealthy recommendation',
  description:
    "Creates a Jira issue in the project you choose when a recommendation becomes Unhealthy; the issue's priority follows the recommendation's severity (High, Medium, Low).",
  trigger: TemplateTrigger.Assessment,
  connectors: [TemplateConnector.Jira],
  parameters: {
    projectKey: { type: 'string', description: "The key of the Jira project the issue is created in, such as 'SEC'." },
    issueType: { type: 'string', description: 'The issue type.', defaultValue: 'Task' },
  },
  actions: {
    Recommendation_is_unhealthy: {
      type: 'If',
      runAfter: {},
      expression: { equals: [`@toLower(string(coalesce(${field('properties', 'status', 'code')}, '')))`, 'unhealthy'] },
      actions: {
        Create_a_new_issue: apiConnection(TemplateConnector.Jira, 'post', '/issue', {
          fields: {
            project: { key: "@{parameters('projectKey')}" },
            issuetype: { name: "@{parameters('issueType')}" },
            summary: `Defender for Cloud: @{${field('properties', 'displayName')}}`,
            description: recommendationText,
            priority: { name: `@{coalesce(${field('properties', 'metadata', 'severity')}, 'Medium')}` },
            labels: ['defender-for-cloud'],
          },
        }),
      },
      else: { actions: {} },
    },
  },
};
