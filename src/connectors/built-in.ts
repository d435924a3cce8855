/** Every connector this server provides, as the catalogue lists them. */
import type { Connector } from './connector.js';
import { jiraConnector } from './jira/jira-connector.js';
import { pagerDutyConnector } from './pagerduty/pagerduty-connector.js';
import { serviceNowConnector } from './service-now/service-now-connector.js';
import { slackConnector } from './slack/slack-connector.js';
import { office365Connector, smtpConnector } from './smtp/index.js';
import { teamsConnector } from './teams/teams-connector.js';
import { webhookConnector } from './webhook/webhook-connector.js';

export const builtInConnectors: readonly Connector[] = [
  office365Connector,
  smtpConnector,
  teamsConnector,
  slackConnector,
  serviceNowConnector,
  jiraConnector,
  pagerDutyConnector,
  webhookConnector,
];
