/**
 * The `MailSender` port over nodemailer. One connection per send: sends are rare, and a pool would hold
 * connections (and logins) open between runs. The outbound guard picks the address to connect to; TLS still
 * checks the certificate against the host name the connection names.
 */
import { isIP } from 'node:net';
import { type NodemailerError, type SMTPConnectionOptions, createTransport } from 'nodemailer';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import { HttpConnectionError } from '../../workflows/ports.js';
import { MailError, type MailMessage, type MailSendResult, type MailSender, type SmtpSettings } from '../connector.js';
import { describeSmtpError } from './smtp-error-description.js';

export interface NodemailerMailSenderOptions {
  /**
   * Vets the server's host name and returns the address to connect to (the outbound guard). Its
   * `OutboundBlockedError` propagates unchanged; a failed DNS lookup becomes an `HttpConnectionError`.
   */
  readonly resolveHost?: (host: string) => Promise<string>;
  /** Milliseconds; defaults: 30 s to connect, 30 s for the greeting, 60 s of silence mid-conversation. */
  readonly timeouts?: { readonly connection?: number; readonly greeting?: number; readonly socket?: number };
  /**
   * Trust exactly these certificate authorities (PEM) instead of Node's own, as Node's `ca` does: for a mail server
   * with a private CA (tests use a throwaway one). To add a CA to the defaults, use NODE_EXTRA_CA_CERTS instead.
   */
  readonly ca?: string | readonly string[];
}

export function createNodemailerMailSender(options: NodemailerMailSenderOptions = {}): MailSender {
  const connectionOptions = async (settings: SmtpSettings, signal: AbortSignal): Promise<SMTPConnectionOptions> => {
    signal.throwIfAborted();
    const address = options.resolveHost ? await resolve(options.resolveHost, settings) : settings.host;
    signal.throwIfAborted();
    return {
      host: address,
      port: settings.port,
      secure: settings.secure,
      // With a login, STARTTLS or nothing: a server that does not offer it (or an attacker who strips the offer
      // from its EHLO answer) must not get the password in clear. Mail without login may still go unencrypted.
      requireTLS: !settings.secure && settings.user !== undefined,
      tls: {
        // SNI and certificate checks use the name, not the address the guard chose (an IP is not a valid SNI name).
        ...(isIP(settings.host) === 0 ? { servername: settings.host } : {}),
        ...(options.ca === undefined ? {} : { ca: typeof options.ca === 'string' ? options.ca : [...options.ca] }),
      },
      connectionTimeout: options.timeouts?.connection ?? 30_000,
      greetingTimeout: options.timeouts?.greeting ?? 30_000,
      socketTimeout: options.timeouts?.socket ?? 60_000,
      logger: false,
    };
  };

  return {
    async send(settings: SmtpSettings, message: MailMessage, signal: AbortSignal): Promise<MailSendResult> {
      const transport = createTransport({
        ...(await connectionOptions(settings, signal)),
        ...(settings.user === undefined ? {} : { auth: { user: settings.user, pass: settings.password ?? '' } }),
        // Content comes only from the message; never let the mailer read files or fetch URLs.
        disableFileAccess: true,
        disableUrlAccess: true,
      });
      try {
        const info = await transport.sendMail({
          from: message.from,
          to: [...message.to],
          cc: [...message.cc],
          bcc: [...message.bcc],
          ...(message.replyTo === undefined ? {} : { replyTo: message.replyTo }),
          subject: message.subject,
          html: message.html,
          // Sets Importance, X-Priority and X-MSMail-Priority; Normal adds none, as mail clients expect.
          priority: message.importance.toLowerCase(),
          messageId: message.messageId,
          attachments: message.attachments.map((attachment) => ({
            filename: attachment.filename,
            content: attachment.contentBase64,
            encoding: 'base64',
            ...(attachment.contentType === undefined ? {} : { contentType: attachment.contentType }),
          })),
          signal,
        });
        return { messageId: info.messageId, accepted: info.accepted.map(String), rejected: info.rejected.map(String) };
      } catch (error) {
        throw translate(error, settings, signal);
      } finally {
        transport.close();
      }
    },

    async verify(settings: SmtpSettings, signal: AbortSignal): Promise<void> {
      // SMTPConnection rather than transport.verify(): that cannot be cancelled, this can be closed on abort.
      const connection = new SMTPConnection(await connectionOptions(settings, signal));
      try {
        await handshake(connection, settings, signal);
      } catch (error) {
        throw translate(error, settings, signal);
      }
    },
  };
}

async function resolve(resolveHost: (host: string) => Promise<string>, settings: SmtpSettings): Promise<string> {
  try {
    return await resolveHost(settings.host);
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && /^(ENOTFOUND|ENODATA|EAI_|ESERVFAIL|ETIMEOUT|ECONNREFUSED)/.test(code)) {
      throw new HttpConnectionError(
        `Could not reach the SMTP server ${settings.host}:${settings.port}: the host name could not be resolved (${code}).`,
        { cause: error },
      );
    }
    throw error;
  }
}

/** Connect, STARTTLS when offered, log in when the connection has a user; then QUIT. */
function handshake(connection: SMTPConnection, settings: SmtpSettings, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolvePromise, reject) => {
    let settled = false;
    const finish = (error?: unknown) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      if (error === undefined) {
        connection.quit();
        resolvePromise();
      } else {
        connection.close();
        reject(error);
      }
    };
    const onAbort = () => finish(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    // `on`, not `once`: a socket error after QUIT must not become an unhandled 'error' event.
    connection.on('error', (error: Error) => finish(error));
    connection.once('end', () => finish(new MailError('The server closed the connection during the handshake.')));
    connection.connect((error) => {
      if (error) return finish(error);
      if (settings.user === undefined) return finish();
      if (!connection.allowsAuth) {
        return finish(
          new MailError(
            `The SMTP server ${settings.host}:${settings.port} does not offer login (AUTH) on this connection, so userName ` +
              `'${settings.user}' could not be checked. Remove userName and password if the server accepts mail without ` +
              'login; if it offers login only over TLS, check enableSSL and the port.',
          ),
        );
      }
      connection.login({ credentials: { user: settings.user, pass: settings.password ?? '' } }, (loginError) =>
        finish(loginError ?? undefined),
      );
    });
  });
}

/** Nodemailer's errors as the port promises them: MailError with the reply code, HttpConnectionError when unreachable. */
function translate(error: unknown, settings: SmtpSettings, signal: AbortSignal): unknown {
  if (signal.aborted) return signal.reason;
  if (error instanceof MailError || error instanceof HttpConnectionError || !(error instanceof Error)) return error;
  const described = describeSmtpError(error as NodemailerError, settings);
  if (described.kind === 'unreachable') return new HttpConnectionError(described.message, { cause: error });
  if (described.kind === 'other') return error;
  return new MailError(described.message, described.responseCode);
}
