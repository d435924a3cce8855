/** The template gallery ("security" category): every template, and lookup by id. */
import { blockAttackerIpsAlert } from './gallery/block-attacker-ips-alert.js';
import { createServiceNowChangeRequestRecommendation } from './gallery/create-servicenow-change-request-recommendation.js';
import { createServiceNowIncidentAlert } from './gallery/create-servicenow-incident-alert.js';
import { forwardAlertWebhook } from './gallery/forward-alert-webhook.js';
import { notifyResourceOwnerRecommendation } from './gallery/notify-resource-owner-recommendation.js';
import { openJiraIssueRecommendation } from './gallery/open-jira-issue-recommendation.js';
import { postSlackMessageAlert } from './gallery/post-slack-message-alert.js';
import { postSlackMessageRecommendation } from './gallery/post-slack-message-recommendation.js';
import { postTeamsMessageAlert } from './gallery/post-teams-message-alert.js';
import { sendEmailAlert } from './gallery/send-email-alert.js';
import { sendEmailRecommendation } from './gallery/send-email-recommendation.js';
import { triggerPagerDutyIncidentHighAlert } from './gallery/trigger-pagerduty-incident-high-alert.js';
import type { WorkflowTemplate } from './template.js';

export const gallery: readonly WorkflowTemplate[] = [
  sendEmailAlert,
  sendEmailRecommendation,
  postTeamsMessageAlert,
  postSlackMessageAlert,
  postSlackMessageRecommendation,
  createServiceNowIncidentAlert,
  createServiceNowChangeRequestRecommendation,
  openJiraIssueRecommendation,
  triggerPagerDutyIncidentHighAlert,
  blockAttackerIpsAlert,
  notifyResourceOwnerRecommendation,
  forwardAlertWebhook,
];

const byId = new Map(gallery.map((template) => [template.id.toLowerCase(), template]));

/** Ids are matched case-insensitively, like every other name in the API. */
export function findTemplate(id: string): WorkflowTemplate | undefined {
  return byId.get(id.toLowerCase());
}
