/**
 * `teams`: posts to a channel through the connection's incoming webhook (a Teams "Incoming Webhook" or a Power
 * Automate "Workflows" URL), which decides the channel. The Logic Apps operations' team, channel and recipient
 * inputs are accepted for compatibility; messages are sent as an Adaptive Card.
 */
import { type Value, isObject } from '../../expressions/index.js';
import type { Connector, ConnectorCall, ConnectorOperation, ConnectorPorts, ConnectorResult } from '../connector.js';
import { type ServiceProfile, answerResult, guardCall, guardTest, secretValues, sendJson } from '../http-call.js';
import { ConnectorInputError, checkInputs, connectionUrl, httpUrlCheck } from '../validate-inputs.js';
import { type CardJson, cardMessage, messageCard } from './teams-card.js';
import { ChannelMessageInputs, ConversationCardInputs, ConversationMessageInputs } from './teams-inputs.js';

const SERVICE: ServiceProfile = {
  name: 'Teams',
  credentials: "'webhookUrl' (the webhook may have been removed, or its URL regenerated)",
  notFound: "the connection's 'webhookUrl' (the webhook or workflow may have been deleted)",
};

const parameters = [
  {
    name: 'webhookUrl',
    type: 'securestring',
    displayName: 'Webhook URL',
    description: "The channel's Incoming Webhook URL, or the URL of a Workflows (Power Automate) flow started by a Teams webhook request.",
    required: true,
    secret: true,
    check: httpUrlCheck,
  },
] as const satisfies Connector['parameters'];

// Logic Apps posts Flow bot messages under /beta and cards under /v1.0; /v1.0 messages are accepted as an alias.
const FLOW_BOT_MESSAGE = 'message/poster/{poster}/location/{location}';
const operations: readonly ConnectorOperation[] = [
  {
    id: 'PostMessageToChannelV3',
    summary: 'Post a message in a channel',
    method: 'POST',
    path: '/v3/beta/teams/{teamId}/channels/{channelId}/messages',
    inputs: ChannelMessageInputs,
  },
  {
    id: 'PostMessageToConversation',
    summary: 'Post a message as the Flow bot',
    method: 'POST',
    path: `/beta/teams/conversation/${FLOW_BOT_MESSAGE}`,
    inputs: ConversationMessageInputs,
  },
  {
    id: 'PostMessageToConversationV1',
    summary: 'Post a message as the Flow bot (/v1.0 path, same inputs)',
    method: 'POST',
    path: `/v1.0/teams/conversation/${FLOW_BOT_MESSAGE}`,
    inputs: ConversationMessageInputs,
  },
  {
    id: 'PostCardToConversation',
    summary: 'Post an Adaptive Card as the Flow bot',
    method: 'POST',
    path: '/v1.0/teams/conversation/adaptivecard/poster/{poster}/location/{location}',
    inputs: ConversationCardInputs,
  },
];

function adaptiveCard(messageBody: string | object): CardJson {
  let card: unknown = messageBody;
  if (typeof messageBody === 'string') {
    try {
      card = JSON.parse(messageBody);
    } catch {
      throw new ConnectorInputError("The input 'body.messageBody' must be an Adaptive Card: a JSON object, or its JSON text.");
    }
  }
  if (typeof card !== 'object' || card === null || (card as { type?: unknown }).type !== 'AdaptiveCard') {
    throw new ConnectorInputError("The input 'body.messageBody' must be an Adaptive Card, with \"type\": \"AdaptiveCard\".");
  }
  return card as CardJson;
}

function cardOf(call: ConnectorCall): CardJson {
  switch (call.operation.id) {
    case 'PostMessageToChannelV3': {
      const { body, subject } = checkInputs(ChannelMessageInputs, call.body);
      return messageCard({ content: body.content, contentType: body.contentType ?? 'html', ...(subject === undefined ? {} : { subject }) });
    }
    case 'PostMessageToConversation':
    case 'PostMessageToConversationV1':
      return messageCard({ content: checkInputs(ConversationMessageInputs, call.body).messageBody, contentType: 'html' });
    case 'PostCardToConversation':
      return adaptiveCard(checkInputs(ConversationCardInputs, call.body).messageBody);
    default:
      throw new ConnectorInputError(`The teams connector has no operation '${call.operation.id}'.`);
  }
}

// Legacy Teams webhooks answer 200 with the text "1" on success, but also 200 with an error sentence.
const ERROR_TEXT = /error|fail|invalid|required|bad request|not found|forbidden|too many/i;

/** A 2xx whose text says it failed is a failure, with the HTTP status the text names when it names one. */
function failedDespiteSuccess(body: Value): ConnectorResult | undefined {
  if (typeof body !== 'string' || !ERROR_TEXT.test(body)) return undefined;
  const named = Number(/HTTP error (\d{3})/i.exec(body)?.[1]);
  const statusCode = named >= 400 && named <= 599 ? named : 400;
  const detail = body.trim().slice(0, 500);
  return { statusCode, body, message: `Teams did not deliver the message (it answered: ${detail}); check the card and the connection's 'webhookUrl'.` };
}

async function post(call: ConnectorCall, ports: ConnectorPorts): Promise<ConnectorResult> {
  const url = connectionUrl(call.connection.parameters, 'webhookUrl');
  const card = cardOf(call);
  const answer = await sendJson(ports.http, {
    method: 'POST',
    url,
    json: cardMessage(card),
    idempotencyKey: call.idempotencyKey,
    signal: call.signal,
  });
  const result = answerResult(SERVICE, answer, ports.now());
  if (result.statusCode < 200 || result.statusCode >= 300) return result;
  // Success bodies ("1", or nothing from Workflows) carry no information a workflow could use.
  return failedDespiteSuccess(answer.body) ?? { ...result, body: isObject(answer.body) ? answer.body : null };
}

export const teamsConnector: Connector = {
  name: 'teams',
  displayName: 'Microsoft Teams',
  description: "Post messages and Adaptive Cards to a Teams channel through its incoming webhook or a Workflows webhook.",
  parameters,
  operations,
  invoke(call, ports) {
    return guardCall(secretValues(parameters, call.connection.parameters), () => post(call, ports));
  },
  test(connection) {
    return guardTest('Teams', secretValues(parameters, connection), () => {
      connectionUrl(connection, 'webhookUrl');
      // A webhook has no read: the only check is posting a message into the channel.
      return Promise.resolve({
        status: 'Unverified',
        message: 'The webhook URL is well-formed; a Teams webhook cannot be checked without posting a message, so post one to verify it.',
      });
    });
  },
};
