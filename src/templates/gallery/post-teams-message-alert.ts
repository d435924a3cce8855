import { TemplateConnector, TemplateTrigger, type WorkflowTemplate } from '../template.js';
import { apiConnection, field, htmlText } from '../wdl.js';

const content = [
  `<p><b>${htmlText(field('AlertDisplayName'))}</b></p>`,
  '<p>',
  `Severity: @{${field('Severity')}}<br>`,
  `Alert type: @{${field('AlertType')}}<br>`,
  `Resource: ${htmlText(field('CompromisedEntity'))} (@{${field('AzureResourceId')}})<br>`,
  `Start time (UTC): @{${field('StartTimeUtc')}}<br>`,
  `Description: ${htmlText(field('Description'))}<br>`,
  `Direct link: <a href="@{${field('AlertUri')}}">@{${field('AlertUri')}}</a>`,
  '</p>',
].join('');

/** After the public Post-TeamsMessageAlert: a channel message per alert. */
export const postTeamsMessageAlert: WorkflowTemplate = {
  id: 'post-teams-message-alert',
  name: 'Post-TeamsMessageAlert',
  displayName: 'Post a Teams message when an alert is raised',
  description: 'Posts the alert, its severity, the affected resource and a link to it in a Microsoft Teams channel.',
  trigger: TemplateTrigger.Alert,
  connectors: [TemplateConnector.Teams],
  parameters: {
    teamId: {
      type: 'string',
      description: "The team, for the message path as Logic Apps writes it. The channel is chosen by the connection's webhook URL.",
      defaultValue: 'security',
    },
    channelId: {
      type: 'string',
      description: "The channel, for the message path as Logic Apps writes it. The channel is chosen by the connection's webhook URL.",
      defaultValue: 'alerts',
    },
  },
  actions: {
    'Post_a_message_(V3)': apiConnection(
      TemplateConnector.Teams,
      'post',
      "/v3/beta/teams/@{encodeURIComponent(parameters('teamId'))}/channels/@{encodeURIComponent(parameters('channelId'))}/messages",
      { body: { content, contentType: 'html' }, subject: `@{${field('Severity')}} - @{${field('AlertDisplayName')}}` },
    ),
  },
};
