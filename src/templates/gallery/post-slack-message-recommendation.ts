import { recommendationLink } from '../message-fragments.js';
import { TemplateConnector, TemplateTrigger, type WorkflowTemplate } from '../template.js';
import { apiConnection, field, slackText } from '../wdl.js';

const text = [
  `:shield: *@{${field('properties', 'metadata', 'severity')}} severity recommendation is @{${field('properties', 'status', 'code')}}:* ${slackText(field('properties', 'displayName'))}`,
  `*Resource:* \`@{${field('properties', 'resourceDetails', 'id')}}\``,
  `*Remediation:* ${slackText(field('properties', 'metadata', 'remediationDescription'))}`,
  `<@{${recommendationLink}}|View the recommendation in Defender for Cloud>`,
].join('\n');

/** After the public Post-SlackMessage (recommendation variant). */
export const postSlackMessageRecommendation: WorkflowTemplate = {
  id: 'post-slack-message-recommendation',
  name: 'Post-SlackMessageRecommendation',
  displayName: 'Post a Slack message when a recommendation changes',
  description: 'Posts the recommendation, its status and severity, the affected resource and how to remediate it in a Slack channel.',
  trigger: TemplateTrigger.Assessment,
  connectors: [TemplateConnector.Slack],
  parameters: {
    channel: { type: 'string', description: "The Slack channel to post in: a name such as '#cloud-posture' or a channel id." },
  },
  actions: {
    Post_message: apiConnection(TemplateConnector.Slack, 'post', '/chat.postMessage', { channel: "@{parameters('channel')}", text }),
  },
};
