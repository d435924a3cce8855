/**
 * `webhook`: posts any JSON to a receiver the user runs, signed so the receiver can tell the delivery came from this
 * Riposte and was not replayed (see webhook-signature.ts). The delivery id is the action's idempotency key, stable
 * across retries, so a receiver can drop a repeated delivery.
 */
import { Type } from '@sinclair/typebox';
import type { ConnectionParameters, Connector, ConnectorOperation, ConnectorPorts } from '../connector.js';
import { type ServiceProfile, answerResult, guardCall, guardTest, secretValues, sendJson, testAnswerResult } from '../http-call.js';
import { checkInputs, connectionText, connectionUrl, httpUrlCheck } from '../validate-inputs.js';
import { signWebhookBody } from './webhook-signature.js';

const SERVICE: ServiceProfile = {
  name: 'The webhook receiver',
  credentials: "'secret' (the receiver must verify signatures with the same secret)",
  notFound: "the connection's 'url'",
};

const EventBody = Type.Unknown({ description: 'Any JSON value; it is sent as the request body, exactly as serialised for the signature.' });

const summary = 'Send a signed JSON event to the webhook URL';
const operations: readonly ConnectorOperation[] = [
  { id: 'SendEvent', summary, method: 'POST', path: '/send', inputs: EventBody },
  // The short form some workflows write; the same operation.
  { id: 'Send', summary, method: 'POST', path: '/', inputs: EventBody },
];

const parameters = [
  {
    name: 'url',
    type: 'string',
    displayName: 'Receiver URL',
    description: 'The http(s) address events are POSTed to.',
    required: true,
    secret: false,
    check: httpUrlCheck,
  },
  {
    name: 'secret',
    type: 'securestring',
    displayName: 'Signing secret',
    description: 'Key of the HMAC-SHA256 signature in X-Riposte-Signature; the receiver verifies it with the same key.',
    required: true,
    secret: true,
  },
] as const satisfies Connector['parameters'];

interface Delivery {
  readonly rawBody: string;
  readonly deliveryId: string;
  readonly signal: AbortSignal;
}

async function deliver(connection: ConnectionParameters, delivery: Delivery, ports: ConnectorPorts) {
  const url = connectionUrl(connection, 'url');
  const secret = connectionText(connection, 'secret');
  const timestamp = Math.floor(ports.now() / 1000);
  return sendJson(ports.http, {
    method: 'POST',
    url,
    text: delivery.rawBody,
    headers: {
      'content-type': 'application/json',
      'x-riposte-timestamp': String(timestamp),
      'x-riposte-signature': signWebhookBody(secret, timestamp, delivery.rawBody),
      'x-riposte-delivery': delivery.deliveryId,
    },
    idempotencyKey: delivery.deliveryId,
    signal: delivery.signal,
  });
}

export const webhookConnector: Connector = {
  name: 'webhook',
  displayName: 'Webhook',
  description: 'POST signed JSON events (HMAC-SHA256 over timestamp and body) to your own endpoint.',
  parameters,
  operations,
  invoke(call, ports) {
    return guardCall(secretValues(parameters, call.connection.parameters), async () => {
      const rawBody = JSON.stringify(checkInputs(call.operation.inputs, call.body)) ?? 'null';
      const answer = await deliver(call.connection.parameters, { rawBody, deliveryId: call.idempotencyKey, signal: call.signal }, ports);
      return answerResult(SERVICE, answer, ports.now());
    });
  },
  test(connection, ports, signal) {
    return guardTest('the webhook receiver', secretValues(parameters, connection), async () => {
      const rawBody = JSON.stringify({ type: 'riposte.ping' });
      const deliveryId = `riposte-ping-${ports.now()}`;
      const answer = await deliver(connection, { rawBody, deliveryId, signal }, ports);
      return testAnswerResult(SERVICE, answer, () => `The receiver accepted a signed ping (HTTP ${answer.statusCode}).`);
    });
  },
};
