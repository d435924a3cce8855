import { TemplateConnector, TemplateTrigger, type WorkflowTemplate } from '../template.js';
import { apiConnection, field, slackText } from '../wdl.js';

const text = [
  `:rotating_light: *@{${field('Severity')}} severity alert:* ${slackText(field('AlertDisplayName'))}`,
  `*Resource:* ${slackText(field('CompromisedEntity'))} (\`@{${field('AzureResourceId')}}\`)`,
  `*Alert type:* @{${field('AlertType')}}  *Started:* @{${field('StartTimeUtc')}}`,
  slackText(field('Description')),
  `<@{${field('AlertUri')}}|View the alert in Defender for Cloud>`,
].join('\n');

/** After the public Post-SlackMessageAlert. */
export const postSlackMessageAlert: WorkflowTemplate = {
  id: 'post-slack-message-alert',
  name: 'Post-SlackMessageAlert',
  displayName: 'Post a Slack message when an alert is raised',
  description: 'Posts the alert, its severity, the affected resource and a link to it in a Slack channel.',
  trigger: TemplateTrigger.Alert,
  connectors: [TemplateConnector.Slack],
  parameters: {
    channel: { type: 'string', description: "The Slack channel to post in: a name such as '#soc' or a channel id." },
  },
  actions: {
    Post_message: apiConnection(TemplateConnector.Slack, 'post', '/chat.postMessage', { channel: "@{parameters('channel')}", text }),
  },
};
