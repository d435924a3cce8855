/**
 * `slack`: posts messages with a bot token through the Web API (chat.postMessage), or without one through an
 * incoming webhook URL, which is tied to one channel and can only post. With both set, the token is used.
 */
import { type Value, isObject } from '../../expressions/index.js';
import type { ConnectionParameters, Connector, ConnectorCall, ConnectorOperation, ConnectorPorts, ConnectorResult } from '../connector.js';
import { type ServiceProfile, answerResult, guardCall, guardTest, secretValues, sendJson, textOf } from '../http-call.js';
import { ConnectorInputError, checkInputs, connectionBaseUrl, connectionUrl, baseUrlCheck, httpUrlCheck, optionalConnectionText } from '../validate-inputs.js';
import { slackRefusal } from './slack-errors.js';
import { PostMessageInputs, mergeQueries } from './slack-inputs.js';

const DEFAULT_BASE_URL = 'https://slack.com/api';

const TOKEN_SERVICE: ServiceProfile = { name: 'Slack', credentials: "'token'", notFound: "the connection's 'baseUrl'" };
const WEBHOOK_SERVICE: ServiceProfile = {
  name: 'Slack',
  credentials: "'webhookUrl'",
  notFound: "the connection's 'webhookUrl' (the webhook may have been removed from the Slack app)",
};

const parameters = [
  {
    name: 'token',
    type: 'securestring',
    displayName: 'Bot token',
    description: 'A Slack bot token (xoxb-…) with the chat:write scope. Leave empty to post through an incoming webhook instead.',
    required: false,
    secret: true,
  },
  {
    name: 'baseUrl',
    type: 'string',
    displayName: 'Web API URL',
    description: "Slack's Web API address.",
    required: false,
    secret: false,
    default: DEFAULT_BASE_URL,
    check: baseUrlCheck,
  },
  {
    name: 'webhookUrl',
    type: 'securestring',
    displayName: 'Incoming webhook URL',
    description: 'An incoming webhook URL (https://hooks.slack.com/services/…), used when no token is set; it posts to its own channel.',
    required: false,
    secret: true,
    check: httpUrlCheck,
  },
] as const satisfies Connector['parameters'];

const operations: readonly ConnectorOperation[] = [
  { id: 'PostMessage', summary: 'Post a message', method: 'POST', path: '/chat.postMessage', inputs: PostMessageInputs },
  { id: 'PostMessageV2', summary: 'Post a message (V2)', method: 'POST', path: '/v2/chat.postMessage', inputs: PostMessageInputs },
];

type SlackAuth = { readonly kind: 'token'; readonly token: string; readonly baseUrl: string } | { readonly kind: 'webhook'; readonly url: string };

function authOf(connection: ConnectionParameters): SlackAuth {
  const token = optionalConnectionText(connection, 'token');
  if (token !== undefined) return { kind: 'token', token, baseUrl: connectionBaseUrl(connection, 'baseUrl', DEFAULT_BASE_URL) };
  if (optionalConnectionText(connection, 'webhookUrl') !== undefined) return { kind: 'webhook', url: connectionUrl(connection, 'webhookUrl') };
  throw new ConnectorInputError("The connection has neither a 'token' nor a 'webhookUrl'; set one of them on the connection.");
}

function tokenHeaders(token: string): Record<string, string> {
  // Slack asks for the charset on JSON posts and warns without it.
  return { authorization: `Bearer ${token}`, 'content-type': 'application/json; charset=utf-8' };
}

async function postMessage(call: ConnectorCall, ports: ConnectorPorts): Promise<ConnectorResult> {
  const auth = authOf(call.connection.parameters);
  const message = checkInputs(PostMessageInputs, mergeQueries(call.body, call.queries));
  if (message.text === undefined && message.blocks === undefined) {
    throw new ConnectorInputError("The input 'body.text' is required (or 'body.blocks').");
  }
  if (auth.kind === 'webhook') {
    // Incoming webhooks take the message only; the channel and the identity belong to the webhook.
    const answer = await sendJson(ports.http, {
      method: 'POST',
      url: auth.url,
      json: { text: message.text, blocks: message.blocks, thread_ts: message.thread_ts },
      idempotencyKey: call.idempotencyKey,
      signal: call.signal,
    });
    const result = answerResult(WEBHOOK_SERVICE, answer, ports.now());
    return result.statusCode >= 200 && result.statusCode < 300 ? { ...result, body: { ok: true } } : result;
  }
  if (message.channel === undefined) throw new ConnectorInputError("The input 'body.channel' is required when the connection uses a token.");
  const answer = await sendJson(ports.http, {
    method: 'POST',
    url: `${auth.baseUrl}/chat.postMessage`,
    headers: tokenHeaders(auth.token),
    json: message,
    idempotencyKey: call.idempotencyKey,
    signal: call.signal,
  });
  return refusedWhenNotOk(answerResult(TOKEN_SERVICE, answer, ports.now()), message.channel);
}

/** A 200 carrying `ok: false` is a failure with the status its error code stands for. */
function refusedWhenNotOk(result: ConnectorResult, channel: string | undefined): ConnectorResult {
  const body: Value = result.body ?? null;
  if (result.statusCode !== 200 || !isObject(body) || body['ok'] !== false) return result;
  const { statusCode, message } = slackRefusal(textOf(body['error']) ?? 'unknown_error', channel);
  return { ...result, statusCode, message };
}

export const slackConnector: Connector = {
  name: 'slack',
  displayName: 'Slack',
  description: 'Post messages to Slack channels with a bot token, or through an incoming webhook.',
  parameters,
  operations,
  invoke(call, ports) {
    return guardCall(secretValues(parameters, call.connection.parameters), () => {
      if (call.operation.id !== 'PostMessage' && call.operation.id !== 'PostMessageV2') {
        throw new ConnectorInputError(`The slack connector has no operation '${call.operation.id}'.`);
      }
      return postMessage(call, ports);
    });
  },
  test(connection, ports, signal) {
    return guardTest('Slack', secretValues(parameters, connection), async () => {
      const auth = authOf(connection);
      if (auth.kind === 'webhook') {
        return { status: 'Unverified', message: 'An incoming webhook cannot be checked without posting a message; post one to verify it.' };
      }
      const answer = await sendJson(ports.http, {
        method: 'POST',
        url: `${auth.baseUrl}/auth.test`,
        headers: tokenHeaders(auth.token),
        idempotencyKey: `riposte-test-${ports.now()}`,
        signal,
      });
      const result = refusedWhenNotOk(answerResult(TOKEN_SERVICE, answer, ports.now()), undefined);
      if (result.statusCode !== 200) return { status: 'Error', message: result.message ?? `Slack answered HTTP ${result.statusCode}.` };
      const body = isObject(answer.body) ? answer.body : {};
      const team = textOf(body['team']) ?? 'unknown';
      const user = textOf(body['user']) ?? 'unknown';
      return { status: 'Connected', message: `Connected to the Slack workspace '${team}' as '${user}'.` };
    });
  },
};
