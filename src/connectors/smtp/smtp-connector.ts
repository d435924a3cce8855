/**
 * The email connectors: `office365` (the Office 365 Outlook managed API workflows name) and `smtp`, both sending
 * over SMTP through the `MailSender` port. One implementation; only the name and the words differ.
 */
import { createHash } from 'node:crypto';
import { HttpConnectionError, OutboundBlockedError } from '../../workflows/ports.js';
import {
  type ConnectionTestResult,
  type Connector,
  type ConnectorCall,
  type ConnectorOperation,
  type ConnectorPorts,
  type ConnectorResult,
  MailError,
} from '../connector.js';
import type { Mailbox } from './mail-address.js';
import { scrubText } from '../scrub-secrets.js';
import { ConnectorInputError } from '../validate-inputs.js';
import { mailFailureMessage, mailFailureResult, smtpSecrets } from './mail-failure.js';
import { SendEmailInputsSchema, readSendEmailInputs } from './send-email-inputs.js';
import { SMTP_CONNECTION_PARAMETERS, readEmailConnection } from './smtp-connection-parameters.js';

const OPERATIONS: readonly ConnectorOperation[] = [
  { id: 'SendEmailV2', summary: 'Send an email (V2)', method: 'POST', path: '/v2/Mail', inputs: SendEmailInputsSchema },
  { id: 'SendEmail', summary: 'Send an email (older path, same inputs)', method: 'POST', path: '/Mail', inputs: SendEmailInputsSchema },
];

function emailConnector(name: string, displayName: string, description: string): Connector {
  return {
    name,
    displayName,
    description,
    parameters: SMTP_CONNECTION_PARAMETERS,
    operations: OPERATIONS,
    invoke: sendEmail,
    test: testConnection,
  };
}

export const office365Connector: Connector = emailConnector(
  'office365',
  'Office 365 Outlook',
  'Sends email as the Office 365 Outlook connector does, over SMTP (smtp.office365.com:587 with an SMTP AUTH-enabled mailbox, or any SMTP server).',
);

export const smtpConnector: Connector = emailConnector('smtp', 'SMTP', 'Sends email through an SMTP server.');

async function sendEmail(call: ConnectorCall, ports: ConnectorPorts): Promise<ConnectorResult> {
  call.signal.throwIfAborted();
  const connection = readEmailConnection(call.connection.parameters);
  if (!connection.ok) return badRequest(`The connection '${call.connection.name}' ${connection.problem}.`);
  const { settings, from } = connection.connection;
  let inputs: ReturnType<typeof readSendEmailInputs>;
  try {
    inputs = readSendEmailInputs(call.body, from);
  } catch (error) {
    if (error instanceof ConnectorInputError) return badRequest(error.message, error.field);
    throw error;
  }
  const message = { ...inputs, messageId: messageIdFor(call.idempotencyKey, from) };
  try {
    const sent = await ports.mail.send(settings, message, call.signal);
    return { statusCode: 200, body: { messageId: sent.messageId, accepted: [...sent.accepted], rejected: [...sent.rejected] } };
  } catch (error) {
    if (error instanceof MailError) return mailFailureResult(error, settings);
    throw error;
  }
}

async function testConnection(
  parameters: ConnectorCall['connection']['parameters'],
  ports: ConnectorPorts,
  signal: AbortSignal,
): Promise<ConnectionTestResult> {
  const connection = readEmailConnection(parameters);
  if (!connection.ok) return { status: 'Error', message: `The connection ${connection.problem}.` };
  const { settings } = connection.connection;
  const where = `${settings.host}:${settings.port}`;
  try {
    await ports.mail.verify(settings, signal);
  } catch (error) {
    if (signal.aborted) throw error;
    if (error instanceof MailError) return { status: 'Error', message: mailFailureMessage(error, settings) };
    if (error instanceof HttpConnectionError || error instanceof OutboundBlockedError) {
      return { status: 'Error', message: scrubText(error.message, smtpSecrets(settings)) };
    }
    throw error;
  }
  const message =
    settings.user === undefined
      ? `SMTP handshake with ${where} succeeded; the connection has no userName, so no login was tried.`
      : `SMTP handshake and login to ${where} succeeded.`;
  return { status: 'Connected', message };
}

/**
 * Stable per action repetition, so a retried or resumed send carries the same Message-ID and receivers can drop
 * the copy. The sender's domain on the right, as RFC 5322 suggests and spam filters expect.
 */
export function messageIdFor(idempotencyKey: string, from: Mailbox): string {
  const hash = createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32);
  const domain = from.address.slice(from.address.lastIndexOf('@') + 1);
  // A header takes ASCII only; an internationalised domain falls back to a fixed one.
  return `<${hash}@${/^[\x21-\x7e]+$/.test(domain) ? domain : 'riposte'}>`;
}

function badRequest(message: string, field?: string): ConnectorResult {
  return { statusCode: 400, message, body: { error: { code: 'InvalidInput', message, ...(field ? { field } : {}) } } };
}
