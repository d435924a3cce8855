/**
 * An SMTP refusal as a connector result. The status code carries the retry decision (the executor retries 5xx
 * and not 4xx): a transient SMTP reply (4xx) becomes 503, a permanent one (5xx) 400, a refused login 401. A
 * failure without a reply (TLS, protocol) is a configuration problem that retrying cannot fix: 400.
 * Messages say what to change, and never contain the password.
 */
import type { JsonObject } from '../../expressions/index.js';
import type { ConnectorResult, MailError, SmtpSettings } from '../connector.js';
import { scrubText } from '../scrub-secrets.js';

/** Replies that are about the login, not the message. */
const AUTH_REPLIES = new Set([530, 534, 535, 538]);

export function mailFailureResult(error: MailError, settings: SmtpSettings): ConnectorResult {
  const statusCode = statusFor(error.responseCode);
  const message = mailFailureMessage(error, settings);
  const code = statusCode === 401 ? 'SmtpLoginFailed' : statusCode === 503 ? 'SmtpTransientFailure' : 'SmtpFailure';
  const body: JsonObject = { code, message };
  if (error.responseCode !== undefined) body['smtpReplyCode'] = error.responseCode;
  return { statusCode, message, body: { error: body } };
}

export function mailFailureMessage(error: MailError, settings: SmtpSettings): string {
  const code = error.responseCode;
  const said = scrubText(error.message, smtpSecrets(settings));
  // Without a reply code the sender's message (TLS, protocol) is the whole story.
  if (code === undefined || code < 400) return said;
  const reply = `(${said})`;
  if (code === 535 || code === 534) {
    const user = settings.user === undefined ? 'without a user name' : `for user '${settings.user}'`;
    return `The SMTP server rejected the credentials ${user} (${code}). Check the connection's userName and password. ${reply}`;
  }
  if (code === 530) {
    return `The SMTP server requires a login or TLS before it accepts mail (530). Check the connection's userName, password and enableSSL. ${reply}`;
  }
  if (code === 538) return `The SMTP server requires TLS before login (538). Use port 587 with STARTTLS, or set enableSSL for port 465. ${reply}`;
  if (isTransient(code)) return `The SMTP server deferred the message (${code}); the action's retry policy tries again. ${reply}`;
  return `The SMTP server refused the message (${code}). ${advice(code)} ${reply}`;
}

function statusFor(code: number | undefined): number {
  if (code === undefined || code < 400) return 400;
  if (AUTH_REPLIES.has(code)) return 401;
  return isTransient(code) ? 503 : 400;
}

/** 4xx is transient by RFC 5321; 503 "bad sequence of commands" is about the session, so a new one may work. */
function isTransient(code: number): boolean {
  return code < 500 || code === 503;
}

function advice(code: number): string {
  if (code === 552) return 'The message is too large for the server: send fewer or smaller attachments.';
  if (code === 554) return 'The server refused the content or the sender; its reply says why.';
  return "Check the recipient addresses, and that the server lets this login send as the connection's from address.";
}

/**
 * The password and the base64 forms an SMTP login puts on the wire (AUTH LOGIN sends it alone, AUTH PLAIN as
 * `\0user\0password`): a server never echoes them, but its reply leaves the connector, so make sure.
 */
export function smtpSecrets(settings: SmtpSettings): string[] {
  const password = settings.password;
  if (password === undefined || password === '') return [];
  return [
    password,
    Buffer.from(password).toString('base64'),
    Buffer.from(`\u0000${settings.user ?? ''}\u0000${password}`).toString('base64'),
  ];
}
