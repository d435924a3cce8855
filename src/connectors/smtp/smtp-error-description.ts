/**
 * Reads a nodemailer error: was the server unreachable (retry), did it answer with a refusal (its reply code
 * decides), or did TLS or the protocol fail? Messages name the server and say what to change.
 */
import type { NodemailerError } from 'nodemailer';
import type { SmtpSettings } from '../connector.js';

export type SmtpErrorDescription =
  | { readonly kind: 'unreachable'; readonly message: string }
  | { readonly kind: 'refused'; readonly message: string; readonly responseCode?: number }
  /** Not an SMTP failure at all (a bug or an unexpected error): passed on unchanged. */
  | { readonly kind: 'other' };

/** Nodemailer's own codes (see its errors module); anything else did not come from the conversation. */
const CONNECTION_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS']);
const CONVERSATION_CODES = new Set(['ETLS', 'EREQUIRETLS', 'EPROTOCOL', 'EENVELOPE', 'EMESSAGE', 'ESTREAM', 'EAUTH', 'ENOAUTH', 'EMAXRECIPIENTS']);
const TLS_CODE = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO|^EPROTO$/;

export function describeSmtpError(error: NodemailerError, settings: SmtpSettings): SmtpErrorDescription {
  const where = `${settings.host}:${settings.port}`;
  const code = error.code ?? '';
  const original = error.originalCode ?? '';
  // A permanent refusal of STARTTLS: the server does not offer it (or someone in between stripped the offer).
  if (code === 'ETLS' && error.command === 'STARTTLS' && typeof error.responseCode === 'number' && error.responseCode >= 500) {
    return { kind: 'refused', message: noStartTlsMessage(error, settings) };
  }
  if (typeof error.responseCode === 'number' && error.responseCode >= 400) {
    return { kind: 'refused', message: `${where} ${replyText(error)}`, responseCode: error.responseCode };
  }
  if (code === 'ETLS' || TLS_CODE.test(original)) {
    return { kind: 'refused', message: `TLS with the SMTP server ${where} failed: ${tlsReason(error)}.${tlsHint(error, settings)}` };
  }
  if (CONNECTION_CODES.has(code)) {
    const lead = error.command === 'CONN' ? 'Could not reach' : 'Lost the connection to';
    return { kind: 'unreachable', message: `${lead} the SMTP server ${where}: ${unreachableReason(error, settings)}.` };
  }
  if (CONVERSATION_CODES.has(code)) {
    return { kind: 'refused', message: `The SMTP conversation with ${where} failed: ${error.message}.` };
  }
  return { kind: 'other' };
}

function noStartTlsMessage(error: NodemailerError, settings: SmtpSettings): string {
  const where = `${settings.host}:${settings.port}`;
  const reply = error.response === undefined ? '' : ` (it answered STARTTLS with: ${error.response})`;
  const lead =
    settings.user === undefined
      ? `The SMTP server at ${where} refused STARTTLS${reply}`
      : `The SMTP server at ${where} does not offer STARTTLS, so the password would travel in clear${reply}`;
  return `${lead}; enable TLS on the server or set enableSSL for a TLS port.`;
}

function replyText(error: NodemailerError): string {
  const rejected = error.rejectedErrors ?? [];
  if (rejected.length > 1) {
    return `rejected every recipient: ${rejected.map((each) => `${each.recipient ?? '?'} (${each.response ?? each.message})`).join('; ')}`;
  }
  // 'CONN' is nodemailer's name for a reply outside any command (a greeting, or a 421 that ends the session).
  const command = error.command === undefined || error.command === 'CONN' ? '' : ` ${error.command}`;
  return `answered${command} with: ${error.response ?? error.message}`;
}

function unreachableReason(error: NodemailerError, settings: SmtpSettings): string {
  const code = error.originalCode ?? error.code ?? '';
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code.startsWith('EAI_') || error.code === 'EDNS') return 'the host name could not be resolved';
  if (code === 'ECONNRESET' || code === 'EPIPE') return 'the connection was reset';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'no route to the host';
  switch (error.timeoutType) {
    case 'CONNECT_TIMEOUT':
      return 'timed out connecting';
    case 'GREETING_TIMEOUT': {
      const hint = !settings.secure && settings.port === 465 ? ' (port 465 expects TLS from the first byte: set enableSSL to true)' : '';
      return `connected, but the server sent no SMTP greeting in time${hint}`;
    }
    case 'UPGRADE_TIMEOUT':
      return 'the TLS upgrade timed out';
    case 'SOCKET_TIMEOUT':
      return 'the server stopped answering';
  }
  if (error.code === 'ECONNECTION') return 'the server closed the connection unexpectedly';
  return error.message;
}

/** OpenSSL's text ("…:SSL routines:ssl3_get_record:wrong version number:…") without the source location. */
function tlsReason(error: NodemailerError): string {
  return /SSL routines:[^:]*:([^:\n]+)/.exec(error.message)?.[1] ?? error.message.trim().replace(/\.$/, '');
}

function tlsHint(error: NodemailerError, settings: SmtpSettings): string {
  const code = error.originalCode ?? '';
  if (settings.secure && /WRONG_VERSION|EPROTO/.test(code)) {
    return ' The server does not start TLS on connect on this port: set enableSSL to false (STARTTLS), or use port 465.';
  }
  if (code === 'CERT_HAS_EXPIRED') return " The server's certificate has expired; its administrator must renew it.";
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return ` The server's certificate is not issued for '${settings.host}': use the host name it names.`;
  }
  if (/SELF_SIGNED|UNABLE_TO/.test(code)) {
    return " The server's certificate is not signed by a trusted authority: trust its CA with NODE_EXTRA_CA_CERTS.";
  }
  return '';
}
