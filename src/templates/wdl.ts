/**
 * Small builders for the WDL the gallery templates share: the Defender triggers exactly as the public templates
 * write them, `ApiConnection` actions through `$connections`, and expressions reading the trigger body.
 */
import { TemplateTrigger, type TemplateConnector } from './template.js';

export const ALERT_TRIGGER_NAME = 'When_an_Azure_Security_Center_Alert_is_created_or_triggered';
export const RECOMMENDATION_TRIGGER_NAME = 'When_an_Azure_Security_Center_Recommendation_is_created_or_triggered';

/** The Defender connectors' subscribe webhooks; Riposte starts these itself, no `ascalert` connection is needed. */
function defenderWebhook(connector: 'ascalert' | 'ascassessment', path: string) {
  return {
    type: 'ApiConnectionWebhook',
    inputs: {
      host: { connection: { name: `@parameters('$connections')['${connector}']['connectionId']` } },
      body: { callback_url: '@{listCallbackUrl()}' },
      path,
    },
  };
}

export function triggersFor(trigger: TemplateTrigger): Record<string, unknown> {
  switch (trigger) {
    case TemplateTrigger.Alert:
      return { [ALERT_TRIGGER_NAME]: defenderWebhook('ascalert', '/Microsoft.Security/Alert/subscribe') };
    case TemplateTrigger.Assessment:
      return { [RECOMMENDATION_TRIGGER_NAME]: defenderWebhook('ascassessment', '/Microsoft.Security/Assessment/subscribe') };
    case TemplateTrigger.Request:
      return { manual: { type: 'Request', kind: 'Http', inputs: { schema: {} } } };
  }
}

type RunAfter = Readonly<Record<string, readonly string[]>>;

/** An `ApiConnection` action calling `connector` through the connection the deployment put in `$connections`. */
export function apiConnection(connector: TemplateConnector, method: 'get' | 'post', path: string, body: unknown, runAfter: RunAfter = {}) {
  return {
    type: 'ApiConnection',
    runAfter,
    inputs: {
      host: { connection: { name: `@parameters('$connections')['${connector}']['connectionId']` } },
      method,
      path,
      body,
    },
  };
}

/** `triggerBody()?['a']?['b']`: a null-safe read of the event, as the public templates write it. */
export const field = (...path: readonly string[]): string => `triggerBody()${path.map((name) => `?['${name}']`).join('')}`;

/**
 * Free text from an event (descriptions, host names, process command lines) can carry what an attacker chose, so
 * it is escaped before it goes into HTML; ids, enums and links are written as they are.
 */
export const htmlText = (expression: string): string => `@{replace(replace(string(coalesce(${expression}, '')), '&', '&amp;'), '<', '&lt;')}`;

/** Slack treats `&`, `<` and `>` as control characters in message text. */
export const slackText = (expression: string): string =>
  `@{replace(replace(replace(string(coalesce(${expression}, '')), '&', '&amp;'), '<', '&lt;'), '>', '&gt;')}`;
