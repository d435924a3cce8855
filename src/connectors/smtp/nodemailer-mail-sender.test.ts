/** The nodemailer sender against real sockets: where it connects, how it fails, and that it can be cancelled. */
import assert from 'node:assert/strict';
import { type AddressInfo, type Server, type Socket, createServer } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { after, describe, it } from 'node:test';
import { type SmtpSink, type SmtpSinkOptions, startSmtpSink } from '../../../test/support/smtp-sink.js';
import { HttpConnectionError, OutboundBlockedError } from '../../workflows/ports.js';
import { MailError, type MailMessage, type SmtpSettings } from '../connector.js';
import { createNodemailerMailSender } from './nodemailer-mail-sender.js';

const closers: (() => Promise<void>)[] = [];
after(() => Promise.all(closers.map((close) => close())));

async function sink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const started = await startSmtpSink(options);
  closers.push(() => started.close());
  return started;
}

/** Accepts connections and says nothing: a server that hangs before its greeting. */
async function silentServer(): Promise<{ port: number; sockets: Socket[] }> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => sockets.push(socket));
  await listen(server);
  closers.push(() => close(server, sockets));
  return { port: (server.address() as AddressInfo).port, sockets };
}

/** A TLS listener that records the SNI name a client asks for, then drops the handshake. */
async function sniRecorder(): Promise<{ port: number; names: string[] }> {
  const names: string[] = [];
  const sockets: Socket[] = [];
  const server = createTlsServer({
    SNICallback: (name, callback) => {
      names.push(name);
      callback(new Error('recorded'));
    },
  });
  server.on('connection', (socket: Socket) => sockets.push(socket));
  server.on('tlsClientError', () => undefined);
  await listen(server);
  closers.push(() => close(server, sockets));
  return { port: (server.address() as AddressInfo).port, names };
}

function listen(server: Server): Promise<void> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
}

function close(server: Server, sockets: Socket[]): Promise<void> {
  for (const socket of sockets) socket.destroy();
  return new Promise((resolve) => server.close(() => resolve()));
}

const message: MailMessage = {
  from: 'alerts@contoso.com',
  to: ['soc@contoso.com'],
  cc: [],
  bcc: [],
  subject: 'Alert',
  html: '<p>Alert</p>',
  importance: 'Normal',
  attachments: [],
  messageId: '<0123456789abcdef@contoso.com>',
};

const settings = (port: number, extra: Partial<SmtpSettings> = {}): SmtpSettings => ({ host: 'mail.riposte.test', port, secure: false, ...extra });
const signal = () => new AbortController().signal;

describe('createNodemailerMailSender', () => {
  it('connects to the address resolveHost returns for the host name', async () => {
    const server = await sink();
    const asked: string[] = [];
    const sender = createNodemailerMailSender({ resolveHost: (host) => (asked.push(host), Promise.resolve('127.0.0.1')) });
    // mail.riposte.test does not resolve in DNS: the send works only through resolveHost's answer.
    const sent = await sender.send(settings(server.port), message, signal());
    assert.deepEqual(sent, { messageId: message.messageId, accepted: ['soc@contoso.com'], rejected: [] });
    await sender.verify(settings(server.port), signal());
    assert.deepEqual(asked, ['mail.riposte.test', 'mail.riposte.test']);
    assert.equal(server.messages[0]?.headers['message-id'], message.messageId);
  });

  it('lets the outbound guard refuse, unchanged and before connecting', async () => {
    const server = await sink();
    const blocked = new OutboundBlockedError('mail.riposte.test is not allowed by the outbound policy.');
    const sender = createNodemailerMailSender({ resolveHost: () => Promise.reject(blocked) });
    await assert.rejects(sender.send(settings(server.port), message, signal()), (error) => error === blocked);
    await assert.rejects(sender.verify(settings(server.port), signal()), (error) => error === blocked);
    assert.equal(server.messages.length, 0);
  });

  it('reports a host name that does not resolve as unreachable', async () => {
    const notFound = Object.assign(new Error('getaddrinfo ENOTFOUND mail.riposte.test'), { code: 'ENOTFOUND' });
    const sender = createNodemailerMailSender({ resolveHost: () => Promise.reject(notFound) });
    await assert.rejects(sender.send(settings(2525), message, signal()), {
      name: 'HttpConnectionError',
      message: 'Could not reach the SMTP server mail.riposte.test:2525: the host name could not be resolved (ENOTFOUND).',
    });
  });

  it('asks TLS for the host name, not the address it connects to', async () => {
    const tls = await sniRecorder();
    const sender = createNodemailerMailSender({ resolveHost: () => Promise.resolve('127.0.0.1') });
    await assert.rejects(sender.verify(settings(tls.port, { secure: true }), signal()));
    await assert.rejects(sender.verify({ ...settings(tls.port, { secure: true }), host: '127.0.0.1' }, signal()));
    // The second handshake failed without asking for a name: an IP address is not a valid SNI name.
    assert.deepEqual(tls.names, ['mail.riposte.test']);
  });

  it('stops a send or a check when the signal aborts, with the signal reason', async () => {
    const silent = await silentServer();
    const sender = createNodemailerMailSender();
    for (const attempt of [
      (s: AbortSignal) => sender.send({ ...settings(silent.port), host: '127.0.0.1' }, message, s),
      (s: AbortSignal) => sender.verify({ ...settings(silent.port), host: '127.0.0.1' }, s),
    ]) {
      const controller = new AbortController();
      const pending = attempt(controller.signal);
      setTimeout(() => controller.abort(new Error('run cancelled')), 100);
      await assert.rejects(pending, /run cancelled/);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(silent.sockets.length, 2);
    assert.ok(silent.sockets.every((socket) => socket.closed || socket.readableEnded), 'the connections were closed');
  });

  it('reports a server that never greets as unreachable, after the greeting timeout', async () => {
    const silent = await silentServer();
    const sender = createNodemailerMailSender({ timeouts: { greeting: 200 } });
    await assert.rejects(sender.send({ ...settings(silent.port), host: '127.0.0.1' }, message, signal()), (error: unknown) => {
      assert.ok(error instanceof HttpConnectionError);
      assert.equal(error.message, `Could not reach the SMTP server 127.0.0.1:${silent.port}: connected, but the server sent no SMTP greeting in time.`);
      return true;
    });
  });

  it('with a login, upgrades with STARTTLS and checks the certificate, or refuses to log in at all', async () => {
    const auth = { user: 'alerts', password: 'pa55-word' };
    const login = { user: auth.user, password: auth.password };
    const secured = await sink({ auth, tls: 'starttls' });
    await createNodemailerMailSender({ ca: secured.ca }).verify({ host: '127.0.0.1', port: secured.port, secure: false, ...login }, signal());
    const sent = await createNodemailerMailSender({ ca: [secured.ca!] }).send({ host: '127.0.0.1', port: secured.port, secure: false, ...login }, message, signal());
    assert.deepEqual(sent.accepted, ['soc@contoso.com']);
    assert.equal(secured.messages[0]?.secure, true);
    // Without trust in the certificate there is no TLS, and so no login.
    await assert.rejects(createNodemailerMailSender().verify({ host: '127.0.0.1', port: secured.port, secure: false, ...login }, signal()), /certificate/);
    assert.deepEqual(secured.logins.map((l) => l.accepted), [true, true]);

    const plaintext = await sink({ auth });
    for (const attempt of [
      () => createNodemailerMailSender().verify({ host: '127.0.0.1', port: plaintext.port, secure: false, ...login }, signal()),
      () => createNodemailerMailSender().send({ host: '127.0.0.1', port: plaintext.port, secure: false, ...login }, message, signal()),
    ]) {
      await assert.rejects(attempt(), (error: unknown) => {
        assert.ok(error instanceof MailError);
        assert.equal(error.responseCode, undefined);
        assert.match(error.message, /^The SMTP server at 127\.0\.0\.1:\d+ does not offer STARTTLS, so the password would travel in clear/);
        return true;
      });
    }
    assert.deepEqual(plaintext.logins, []);
    assert.equal(plaintext.messages.length, 0);
    // Without a login, mail may still go in clear to a relay that offers no TLS.
    await createNodemailerMailSender().send({ host: '127.0.0.1', port: (await sink()).port, secure: false }, message, signal());
  });

  it('says to turn enableSSL off when the port does not start with TLS', async () => {
    const server = await sink();
    const sender = createNodemailerMailSender();
    await assert.rejects(sender.verify({ host: '127.0.0.1', port: server.port, secure: true }, signal()), (error: unknown) => {
      assert.ok(error instanceof MailError);
      assert.equal(error.responseCode, undefined);
      assert.match(error.message, /^TLS with the SMTP server 127\.0\.0\.1:\d+ failed: wrong version number\. .*set enableSSL to false/);
      return true;
    });
  });
});
