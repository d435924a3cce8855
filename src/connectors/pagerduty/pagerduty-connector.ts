/**
 * `pagerduty`: triggers, acknowledges and resolves alerts through the PagerDuty Events API v2. The routing key is
 * the connection's (a workflow cannot aim events at another service), and the dedup key can be derived from the
 * Defender alert id so a later resolve finds the alert a trigger opened.
 */
import type { Connector, ConnectorCall, ConnectorOperation, ConnectorPorts, ConnectorResult } from '../connector.js';
import { type ServiceProfile, answerResult, guardCall, guardTest, secretValues, sendJson } from '../http-call.js';
import { ConnectorInputError, checkInputs, connectionBaseUrl, connectionText, baseUrlCheck } from '../validate-inputs.js';
import { type PagerDutyEvent, eventFromEnqueue, eventFromReference, eventFromTrigger } from './pagerduty-event.js';
import { AlertReferenceInputs, EnqueueInputs, TriggerInputs } from './pagerduty-inputs.js';

const DEFAULT_BASE_URL = 'https://events.pagerduty.com';

const SERVICE: ServiceProfile = {
  name: 'PagerDuty',
  credentials: "'routingKey' (the Integration Key of an Events API v2 integration)",
  notFound: "the connection's 'baseUrl' and 'routingKey'",
};

const parameters = [
  {
    name: 'routingKey',
    type: 'securestring',
    displayName: 'Routing key',
    description: 'The 32-character Integration Key of an Events API v2 integration on a PagerDuty service.',
    required: true,
    secret: true,
    check: (value) => routingKeyProblem(String(value).trim()),
  },
  {
    name: 'baseUrl',
    type: 'string',
    displayName: 'Events API URL',
    description: 'The Events API address; https://events.eu.pagerduty.com for the EU service region.',
    required: false,
    secret: false,
    default: DEFAULT_BASE_URL,
    check: baseUrlCheck,
  },
] as const satisfies Connector['parameters'];

const operations: readonly ConnectorOperation[] = [
  { id: 'SendEvent', summary: 'Send an Events API v2 event (trigger, acknowledge or resolve)', method: 'POST', path: '/v2/enqueue', inputs: EnqueueInputs },
  { id: 'TriggerEvent', summary: 'Trigger an alert', method: 'POST', path: '/trigger', inputs: TriggerInputs },
  { id: 'AcknowledgeEvent', summary: 'Acknowledge an alert', method: 'POST', path: '/acknowledge', inputs: AlertReferenceInputs },
  { id: 'ResolveEvent', summary: 'Resolve an alert', method: 'POST', path: '/resolve', inputs: AlertReferenceInputs },
];

function eventOf(call: ConnectorCall, routingKey: string): PagerDutyEvent {
  const { operation, body } = call;
  switch (operation.id) {
    case 'SendEvent':
      return eventFromEnqueue(routingKey, checkInputs(EnqueueInputs, body));
    case 'TriggerEvent':
      return eventFromTrigger(routingKey, checkInputs(TriggerInputs, body));
    case 'AcknowledgeEvent':
      return eventFromReference(routingKey, 'acknowledge', checkInputs(AlertReferenceInputs, body));
    case 'ResolveEvent':
      return eventFromReference(routingKey, 'resolve', checkInputs(AlertReferenceInputs, body));
    default:
      throw new ConnectorInputError(`The pagerduty connector has no operation '${operation.id}'.`);
  }
}

async function send(call: ConnectorCall, ports: ConnectorPorts): Promise<ConnectorResult> {
  const connection = call.connection.parameters;
  const routingKey = connectionText(connection, 'routingKey');
  const baseUrl = connectionBaseUrl(connection, 'baseUrl', DEFAULT_BASE_URL);
  const event = eventOf(call, routingKey);
  const answer = await sendJson(ports.http, {
    method: 'POST',
    url: `${baseUrl}/v2/enqueue`,
    json: event,
    idempotencyKey: call.idempotencyKey,
    signal: call.signal,
  });
  return answerResult(SERVICE, answer, ports.now());
}

const ROUTING_KEY_SHAPE = /^[A-Za-z0-9]{32}$/;

/** Every Integration Key has this shape; the words never repeat the key. */
function routingKeyProblem(routingKey: string): string | undefined {
  if (ROUTING_KEY_SHAPE.test(routingKey)) return undefined;
  const problem = routingKey.length === 32 ? 'it may hold only letters and digits' : `this one has ${routingKey.length} characters`;
  return `The 'routingKey' should be the 32-character Integration Key of an Events API v2 integration; ${problem}.`;
}

export const pagerDutyConnector: Connector = {
  name: 'pagerduty',
  displayName: 'PagerDuty',
  description: 'Trigger, acknowledge and resolve PagerDuty alerts (Events API v2).',
  parameters,
  operations,
  invoke(call, ports) {
    return guardCall(secretValues(parameters, call.connection.parameters), () => send(call, ports));
  },
  test(connection) {
    return guardTest('PagerDuty', secretValues(parameters, connection), () => {
      connectionBaseUrl(connection, 'baseUrl', DEFAULT_BASE_URL);
      const problem = routingKeyProblem(connectionText(connection, 'routingKey'));
      if (problem !== undefined) return Promise.resolve({ status: 'Error', message: problem });
      // Every Events API call creates or changes an alert, so nothing can be checked without side effects.
      return Promise.resolve({
        status: 'Unverified',
        message: "The routing key is well-formed. PagerDuty's Events API has no side-effect-free check; send a test event to verify it.",
      });
    });
  },
};
