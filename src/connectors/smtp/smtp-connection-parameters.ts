/** What an email connection stores (server, TLS mode, login, sender) and its reading into `SmtpSettings`. */
import type { ConnectionParameters, ConnectorParameter, SmtpSettings } from '../connector.js';
import { type Mailbox, parseMailbox } from './mail-address.js';

export const SMTP_CONNECTION_PARAMETERS: readonly ConnectorParameter[] = [
  {
    name: 'serverAddress',
    type: 'string',
    displayName: 'Server address',
    description: 'Host name or IP address of the SMTP server, e.g. smtp.office365.com.',
    required: true,
    secret: false,
  },
  {
    name: 'port',
    type: 'int',
    displayName: 'Port',
    description: 'SMTP port: 587 for submission with STARTTLS, 465 for implicit TLS, 25 for relays.',
    required: false,
    secret: false,
    default: 587,
    check: (value) => problemOf(readPort(value)),
  },
  {
    name: 'enableSSL',
    type: 'bool',
    displayName: 'Enable SSL',
    description:
      'true: TLS from the first byte (port 465). false: plain connection upgraded with STARTTLS when the server offers it; with a userName the server must offer it, so the password never travels in clear.',
    required: false,
    secret: false,
    default: false,
  },
  {
    name: 'userName',
    type: 'string',
    displayName: 'User name',
    description: 'Login for SMTP AUTH; leave empty for a relay that accepts mail without login.',
    required: false,
    secret: false,
  },
  {
    name: 'password',
    type: 'securestring',
    displayName: 'Password',
    description: 'Password (or app password) for the user name.',
    required: false,
    secret: true,
  },
  {
    name: 'from',
    type: 'string',
    displayName: 'From address',
    description: "The sender of every email, e.g. 'Security alerts <alerts@contoso.com>'. Actions may not send as anyone else.",
    required: true,
    secret: false,
    check: (value) => problemOf(readFrom(value)),
  },
];

export interface EmailConnection {
  readonly settings: SmtpSettings;
  readonly from: Mailbox;
}

/** `problem` completes a sentence that starts with the connection's name: "The connection 'x' has no …". */
export type EmailConnectionRead = { readonly ok: true; readonly connection: EmailConnection } | { readonly ok: false; readonly problem: string };

/** Parameters arrive with defaults applied, but a stored connection may predate a parameter: check each. */
export function readEmailConnection(parameters: ConnectionParameters): EmailConnectionRead {
  const host = stringParameter(parameters['serverAddress']);
  if (host === undefined) return invalid("has no 'serverAddress'. Set it to the SMTP server's host name");
  const port = readPort(parameters['port'] ?? 587);
  if (!port.ok) return port;
  const secure = parameters['enableSSL'] ?? false;
  if (typeof secure !== 'boolean') return invalid("has an 'enableSSL' that is not true or false");
  const user = stringParameter(parameters['userName']);
  // Passwords may begin or end with spaces: not trimmed.
  const rawPassword = parameters['password'];
  const password = typeof rawPassword === 'string' && rawPassword !== '' ? rawPassword : undefined;
  if (user !== undefined && password === undefined) return invalid(`has userName '${user}' but no password. Set the password`);
  if (user === undefined && password !== undefined) return invalid('has a password but no userName. Set the userName');
  const from = readFrom(parameters['from']);
  if (!from.ok) return from;
  const login = user !== undefined && password !== undefined ? { user, password } : {};
  return { ok: true, connection: { settings: { host, port: port.value, secure, ...login }, from: from.value } };
}

type Reading<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

function readPort(raw: string | number | boolean): Reading<number> {
  const port = typeof raw === 'string' && /^\d{1,5}$/.test(raw.trim()) ? Number(raw) : raw;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65_535) {
    return invalid(`has port '${String(raw)}', which is not a port number (1-65535)`);
  }
  return { ok: true, value: port };
}

function readFrom(raw: string | number | boolean | undefined): Reading<Mailbox> {
  const text = stringParameter(raw);
  if (text === undefined) return invalid("has no 'from' address. Set it to the address emails are sent from");
  const from = parseMailbox(text);
  return from.ok ? { ok: true, value: from.mailbox } : invalid(`has an invalid 'from' address: ${from.reason}`);
}

/** A reading's problem as the sentence the connection test says. */
function problemOf(reading: Reading<unknown>): string | undefined {
  return reading.ok ? undefined : `The connection ${reading.problem}.`;
}

function stringParameter(value: string | number | boolean | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function invalid(problem: string): { readonly ok: false; readonly problem: string } {
  return { ok: false, problem };
}
