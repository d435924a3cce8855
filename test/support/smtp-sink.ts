/**
 * A real SMTP server on 127.0.0.1 (smtp-server) for email connector tests. It records every accepted message
 * (envelope, raw data, and the headers, subject, HTML and attachments read from the MIME), can require a login,
 * and can answer RCPT TO or the end of DATA with a chosen reply to exercise failures. TLS, when asked for, uses a
 * fresh self-signed certificate for 127.0.0.1 and mail.riposte.test: clients that verify certificates fail unless
 * they trust it (`sink.ca`, or `sink.caFile` as NODE_EXTRA_CA_CERTS for a spawned server).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer, type SMTPServerAuthentication } from 'smtp-server';

export interface SmtpReply {
  readonly code: number;
  readonly message: string;
}

export interface SmtpSinkOptions {
  /** Require AUTH PLAIN or LOGIN with these credentials (offered without TLS: this is a test server). */
  readonly auth?: { readonly user: string; readonly password: string };
  /** Answer RCPT TO for `address` with this reply; undefined accepts it. */
  readonly rcptReply?: (address: string) => SmtpReply | undefined;
  /** Answer the end of DATA with this reply instead of accepting; the message is then not recorded. */
  readonly dataReply?: (message: SinkMessage) => SmtpReply | undefined;
  /** 'none' (default): no STARTTLS offered. 'starttls': offered. 'implicit': TLS from the first byte. */
  readonly tls?: 'none' | 'starttls' | 'implicit';
}

export interface SinkAttachment {
  readonly filename: string;
  readonly contentType: string;
  readonly content: Buffer;
}

export interface SinkMessage {
  /** Envelope: MAIL FROM and every RCPT TO (To, Cc and Bcc alike). */
  readonly envelopeFrom: string;
  readonly envelopeTo: readonly string[];
  /** The DATA as received (after dot-unstuffing). */
  readonly raw: string;
  /** Top-level headers, names lower-cased, folded lines joined, values as sent (not decoded). */
  readonly headers: Readonly<Record<string, string>>;
  /** The Subject header with encoded words decoded. */
  readonly subject: string;
  readonly html?: string;
  readonly text?: string;
  readonly attachments: readonly SinkAttachment[];
  /** The login that sent it, if any. */
  readonly user?: string;
  readonly secure: boolean;
}

export interface SinkLogin {
  readonly user: string;
  readonly method: string;
  readonly accepted: boolean;
}

export interface SmtpSink {
  readonly host: string;
  readonly port: number;
  /** With TLS: the certificate (PEM) to trust, e.g. as the mail sender's `ca`. */
  readonly ca?: string;
  /** With TLS: a file holding `ca`, for NODE_EXTRA_CA_CERTS. */
  readonly caFile?: string;
  readonly messages: readonly SinkMessage[];
  readonly logins: readonly SinkLogin[];
  close(): Promise<void>;
}

export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const messages: SinkMessage[] = [];
  const logins: SinkLogin[] = [];
  const tls = options.tls ?? 'none';
  const certificate = tls === 'none' ? undefined : testCertificate();
  const server = new SMTPServer({
    secure: tls === 'implicit',
    ...(certificate === undefined ? {} : { key: certificate.key, cert: certificate.cert }),
    disabledCommands: [...(tls === 'none' ? ['STARTTLS'] : []), ...(options.auth ? [] : ['AUTH'])],
    allowInsecureAuth: true,
    authOptional: options.auth === undefined,
    disableReverseLookup: true,
    logger: false,
    closeTimeout: 500,
    onAuth(auth: SMTPServerAuthentication, _session, callback) {
      const expected = options.auth;
      const accepted = expected !== undefined && auth.username === expected.user && auth.password === expected.password;
      logins.push({ user: auth.username ?? '', method: auth.method, accepted });
      if (accepted) callback(null, { user: auth.username });
      else callback(new Error('Invalid username or password'));
    },
    onRcptTo(address, _session, callback) {
      const reply = options.rcptReply?.(address.address);
      callback(reply ? replyError(reply) : null);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const message: SinkMessage = {
          envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          envelopeTo: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw,
          ...readMime(raw),
          ...(session.user === undefined ? {} : { user: String(session.user) }),
          secure: session.secure,
        };
        const reply = options.dataReply?.(message);
        if (reply) return callback(replyError(reply));
        messages.push(message);
        callback(null);
      });
    },
  });
  // A client that drops a TLS handshake (as one that distrusts the certificate does) is a server 'error' event.
  server.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    host: '127.0.0.1',
    port,
    ...(certificate === undefined ? {} : { ca: certificate.cert, caFile: certificate.certFile }),
    messages,
    logins,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A port on 127.0.0.1 where nothing listens: one that was free a moment ago. */
export async function refusedSmtpPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

interface TestCertificate {
  readonly key: string;
  readonly cert: string;
  readonly certFile: string;
}

let made: TestCertificate | undefined;

/** A self-signed certificate made with openssl, once per process (its files go when the process exits). */
function testCertificate(): TestCertificate {
  if (made !== undefined) return made;
  const dir = mkdtempSync(join(tmpdir(), 'riposte-smtp-tls-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  const args = ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1'];
  args.push('-subj', '/CN=riposte-test-smtp', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:mail.riposte.test');
  execFileSync('/usr/bin/openssl', [...args, '-keyout', keyFile, '-out', certFile], { stdio: 'ignore' });
  made = { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8'), certFile };
  return made;
}

function replyError(reply: SmtpReply): Error {
  return Object.assign(new Error(reply.message), { responseCode: reply.code });
}

// --- A small MIME reader: enough for what nodemailer writes (multipart, base64, quoted-printable, RFC 2047/2231).

interface Entity {
  readonly headers: Record<string, string>;
  readonly body: string;
}

type MimeParts = Pick<SinkMessage, 'headers' | 'subject' | 'html' | 'text' | 'attachments'>;

function readMime(raw: string): MimeParts {
  const root = splitEntity(raw);
  const found: { html?: string; text?: string; attachments: SinkAttachment[] } = { attachments: [] };
  walk(root, found);
  return { headers: root.headers, subject: decodeWords(root.headers['subject'] ?? ''), ...found };
}

function splitEntity(raw: string): Entity {
  const match = /\r?\n\r?\n/.exec(raw);
  const head = match ? raw.slice(0, match.index) : raw;
  const body = match ? raw.slice(match.index + match[0].length) : '';
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    headers[name] ??= line.slice(colon + 1).trim();
  }
  return { headers, body };
}

function walk(entity: Entity, found: { html?: string; text?: string; attachments: SinkAttachment[] }): void {
  const [type = 'text/plain', params] = headerValue(entity.headers['content-type'] ?? 'text/plain');
  if (type.startsWith('multipart/')) {
    const boundary = params.get('boundary') ?? '';
    const parts = entity.body.split(`--${boundary}`).slice(1);
    for (const part of parts) {
      if (part.startsWith('--')) break;
      walk(splitEntity(part.replace(/^\r?\n/, '').replace(/\r?\n$/, '')), found);
    }
    return;
  }
  const content = decodeBody(entity.body, entity.headers['content-transfer-encoding'] ?? '7bit');
  const [disposition, dispositionParams] = headerValue(entity.headers['content-disposition'] ?? '');
  const filename = dispositionParams.get('filename') ?? params.get('name');
  if (disposition === 'attachment' || filename !== undefined) {
    found.attachments.push({ filename: filename ?? '', contentType: type, content });
  } else if (type === 'text/html') {
    found.html = content.toString('utf8');
  } else if (type === 'text/plain') {
    found.text = content.toString('utf8');
  }
}

/** `type/subtype; a=b; c*=utf-8''x%20y` → the value lower-cased, and its parameters with RFC 2231 undone. */
function headerValue(header: string): [string, Map<string, string>] {
  const [value = '', ...rest] = header.split(';');
  const pieces = new Map<string, { text: string; encoded: boolean }[]>();
  for (const param of rest) {
    const eq = param.indexOf('=');
    if (eq < 0) continue;
    const key = param.slice(0, eq).trim().toLowerCase();
    const text = param.slice(eq + 1).trim().replace(/^"(.*)"$/s, '$1');
    const [, name = key, index = '0', star] = /^([^*]+)(?:\*(\d+))?(\*)?$/.exec(key) ?? [];
    const list = pieces.get(name) ?? [];
    list[Number(index)] = { text, encoded: star === '*' };
    pieces.set(name, list);
  }
  const params = new Map<string, string>();
  for (const [name, list] of pieces) {
    const joined = list.map((piece) => (piece.encoded ? piece.text : encodeURIComponent(piece.text))).join('');
    params.set(name, decodeURIComponent(joined.replace(/^[\w-]*'[\w-]*'/, '')));
  }
  return [value.trim().toLowerCase(), params];
}

function decodeBody(body: string, encoding: string): Buffer {
  switch (encoding.trim().toLowerCase()) {
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64');
    case 'quoted-printable':
      return decodeQuotedPrintable(body);
    default:
      return Buffer.from(body, 'utf8');
  }
}

function decodeQuotedPrintable(text: string): Buffer {
  const unwrapped = text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < unwrapped.length; i++) {
    const hex = unwrapped.slice(i + 1, i + 3);
    if (unwrapped[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(unwrapped[i] ?? '', 'utf8'));
    }
  }
  return Buffer.from(bytes);
}

/** RFC 2047 encoded words (UTF-8, as nodemailer writes them); whitespace between two of them is dropped. */
function decodeWords(header: string): string {
  return header
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_all, _charset: string, kind: string, text: string) =>
      kind.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : decodeQuotedPrintable(text.replace(/_/g, ' ')).toString('utf8'),
    );
}
