/** The email connectors end to end: real nodemailer against a real SMTP server on 127.0.0.1, no mocks. */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { type SmtpSink, type SmtpSinkOptions, refusedSmtpPort, startSmtpSink } from '../../../test/support/smtp-sink.js';
import type { Value } from '../../expressions/index.js';
import { HttpConnectionError, OutboundBlockedError } from '../../workflows/ports.js';
import type { ConnectionParameters, ConnectorCall, ConnectorPorts, MailSender } from '../connector.js';
import { createNodemailerMailSender } from './nodemailer-mail-sender.js';
import { office365Connector, smtpConnector } from './smtp-connector.js';

const sinks: SmtpSink[] = [];
after(() => Promise.all(sinks.map((sink) => sink.close())));

async function sink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const started = await startSmtpSink(options);
  sinks.push(started);
  return started;
}

const PASSWORD = 's3cret-Pa55';

function ports(mail: MailSender = createNodemailerMailSender()): ConnectorPorts {
  return { http: { send: () => Promise.reject(new Error('no HTTP here')) }, mail, now: () => Date.now() };
}

/** Ports whose mailer trusts the sink's throwaway certificate (the sink must have TLS). */
function trusting(server: SmtpSink): ConnectorPorts {
  assert.ok(server.ca !== undefined, 'the sink has TLS');
  return ports(createNodemailerMailSender({ ca: server.ca }));
}

/** A server that requires a login, offered after STARTTLS, as a submission server on port 587 does. */
const loginSink = () => sink({ auth: { user: 'alerts', password: PASSWORD }, tls: 'starttls' });

function connection(target: { host: string; port: number }, extra: Record<string, string | number | boolean> = {}): ConnectionParameters {
  return { serverAddress: target.host, port: target.port, enableSSL: false, from: 'Alerts <alerts@contoso.com>', ...extra };
}

function call(parameters: ConnectionParameters, body: Value, options: { key?: string; signal?: AbortSignal; operation?: number } = {}): ConnectorCall {
  return {
    operation: office365Connector.operations[options.operation ?? 0]!,
    pathParameters: {},
    queries: {},
    body,
    connection: { name: 'alerts-mail', parameters },
    idempotencyKey: options.key ?? 'run-1:Send_an_email',
    signal: options.signal ?? new AbortController().signal,
  };
}

const email = { To: 'soc@contoso.com', Subject: 'Defender alert', Body: '<p>Suspicious sign-in</p>' };

/** A MailSender that fails the test if called: for inputs that must be refused before any connection. */
const unusedMail: MailSender = {
  send: () => Promise.reject(new Error('the connector should not have sent')),
  verify: () => Promise.reject(new Error('the connector should not have connected')),
};

describe('email connectors: declaration', () => {
  it('declares office365 and smtp with the same parameters and operations', () => {
    for (const connector of [office365Connector, smtpConnector]) {
      assert.deepEqual(
        connector.parameters.map((p) => [p.name, p.type, p.required, p.secret, p.default]),
        [
          ['serverAddress', 'string', true, false, undefined],
          ['port', 'int', false, false, 587],
          ['enableSSL', 'bool', false, false, false],
          ['userName', 'string', false, false, undefined],
          ['password', 'securestring', false, true, undefined],
          ['from', 'string', true, false, undefined],
        ],
      );
      assert.deepEqual(
        connector.operations.map((o) => [o.id, o.method, o.path]),
        [
          ['SendEmailV2', 'POST', '/v2/Mail'],
          ['SendEmail', 'POST', '/Mail'],
        ],
      );
    }
    assert.deepEqual([office365Connector.name, smtpConnector.name], ['office365', 'smtp']);
  });
});

describe('email connectors: sending', () => {
  it('delivers To, Cc and Bcc with subject, HTML, importance and an attachment', async () => {
    const server = await sink();
    const result = await smtpConnector.invoke(
      call(connection(server), {
        To: 'soc@contoso.com; Lead <lead@contoso.com>',
        Cc: 'cc@contoso.com',
        Bcc: 'audit@contoso.com',
        Subject: 'Alert: Suspicious sign-in ✓\r\nBcc: injected@evil.example',
        Body: '<h1>High</h1><p>Résumé of the alert</p>',
        Importance: 'High',
        ReplyTo: 'noc@contoso.com',
        Attachments: [{ Name: 'alert.json', ContentBytes: Buffer.from('{"Severity":"High"}').toString('base64'), ContentType: 'application/json' }],
      }),
      ports(),
    );
    assert.equal(result.statusCode, 200);
    const body = result.body as { messageId: string; accepted: string[]; rejected: string[] };
    assert.deepEqual(body.accepted, ['soc@contoso.com', 'lead@contoso.com', 'cc@contoso.com', 'audit@contoso.com']);
    assert.deepEqual(body.rejected, []);

    assert.equal(server.messages.length, 1);
    const message = server.messages[0]!;
    assert.equal(message.envelopeFrom, 'alerts@contoso.com');
    assert.deepEqual(message.envelopeTo, ['soc@contoso.com', 'lead@contoso.com', 'cc@contoso.com', 'audit@contoso.com']);
    // A line break in the subject stays inside the subject: no header injection.
    assert.equal(message.subject.replace(/\s+/g, ' '), 'Alert: Suspicious sign-in ✓ Bcc: injected@evil.example');
    assert.equal(message.html, '<h1>High</h1><p>Résumé of the alert</p>');
    assert.equal(message.headers['importance'], 'High');
    assert.match(message.headers['x-priority'] ?? '', /^1\b/);
    assert.equal(message.headers['from'], 'Alerts <alerts@contoso.com>');
    assert.equal(message.headers['reply-to'], 'noc@contoso.com');
    assert.equal(message.headers['bcc'], undefined, 'Bcc stays out of the headers');
    assert.equal(message.headers['message-id'], body.messageId);
    assert.deepEqual(
      message.attachments.map((a) => [a.filename, a.contentType, a.content.toString()]),
      [['alert.json', 'application/json', '{"Severity":"High"}']],
    );
  });

  it('gives a retried send the same Message-ID, and another action a different one', async () => {
    const server = await sink();
    const send = (key: string) => office365Connector.invoke(call(connection(server), email, { key }), ports());
    const first = await send('run-7:Notify');
    const retried = await send('run-7:Notify');
    const other = await send('run-7:Notify_again');
    const ids = [first, retried, other].map((result) => (result.body as { messageId: string }).messageId);
    assert.equal(ids[0], ids[1]);
    assert.notEqual(ids[0], ids[2]);
    assert.match(ids[0]!, /^<[0-9a-f]{32}@contoso\.com>$/);
    assert.deepEqual(server.messages.map((m) => m.headers['message-id']), ids);
  });

  it('adds no importance headers for Normal, and takes the older /Mail operation', async () => {
    const server = await sink();
    const result = await smtpConnector.invoke(call(connection(server), email, { operation: 1 }), ports());
    assert.equal(result.statusCode, 200);
    assert.equal(server.messages[0]?.headers['importance'], undefined);
    assert.equal(server.messages[0]?.headers['x-priority'], undefined);
  });

  it('honours a From that restates the connection address, and refuses any other', async () => {
    const server = await sink();
    const same = await smtpConnector.invoke(call(connection(server), { ...email, From: 'SOC Bot <ALERTS@contoso.com>' }), ports());
    assert.equal(same.statusCode, 200);
    assert.equal(server.messages[0]?.headers['from'], 'SOC Bot <ALERTS@contoso.com>');

    const other = await smtpConnector.invoke(call(connection(server), { ...email, From: 'ceo@contoso.com' }), ports(unusedMail));
    assert.equal(other.statusCode, 400);
    assert.match(other.message ?? '', /^The input 'body.From' must be the connection's from address 'alerts@contoso.com', not 'ceo@contoso.com'/);
  });

  it('logs in after STARTTLS when the connection has a user name', async () => {
    const server = await loginSink();
    const result = await smtpConnector.invoke(call(connection(server, { userName: 'alerts', password: PASSWORD }), email), trusting(server));
    assert.equal(result.statusCode, 200);
    assert.equal(server.messages[0]?.user, 'alerts');
    assert.equal(server.messages[0]?.secure, true);
  });

  it('never sends the password in clear: without STARTTLS on offer it does not log in, and says why', async () => {
    // The server accepts a plaintext login, as one whose STARTTLS offer an attacker stripped would.
    const server = await sink({ auth: { user: 'alerts', password: PASSWORD } });
    const result = await smtpConnector.invoke(call(connection(server, { userName: 'alerts', password: PASSWORD }), email), ports());
    assert.equal(result.statusCode, 400);
    assert.match(
      result.message ?? '',
      /^The SMTP server at 127\.0\.0\.1:\d+ does not offer STARTTLS, so the password would travel in clear \(it answered STARTTLS with: .*\); enable TLS on the server or set enableSSL for a TLS port\.$/,
    );
    assert.deepEqual(server.logins, []);
    assert.equal(server.messages.length, 0);
  });

  it('answers 401 with what to check when the password is wrong, never showing it', async () => {
    const server = await loginSink();
    const wrong = 'wrong-' + PASSWORD;
    const result = await smtpConnector.invoke(call(connection(server, { userName: 'alerts', password: wrong }), email), trusting(server));
    assert.equal(result.statusCode, 401);
    assert.match(result.message ?? '', /^The SMTP server rejected the credentials for user 'alerts' \(535\)\. Check the connection's userName and password\./);
    assert.ok(!JSON.stringify(result).includes(wrong));
    assert.ok(!JSON.stringify(result).includes(Buffer.from(wrong).toString('base64')));
    assert.deepEqual(server.logins.map((l) => l.accepted), [false]);
    assert.equal(server.messages.length, 0);
  });

  it('maps a transient refusal (4xx) to 503, which the retry policy retries', async () => {
    const server = await sink({ rcptReply: () => ({ code: 451, message: '4.7.1 Greylisted, try again later' }) });
    const result = await smtpConnector.invoke(call(connection(server), email), ports());
    assert.equal(result.statusCode, 503);
    assert.match(result.message ?? '', /deferred the message \(451\).*Greylisted/);
    assert.deepEqual(result.body, { error: { code: 'SmtpTransientFailure', message: result.message ?? '', smtpReplyCode: 451 } });
  });

  it('maps a permanent refusal (5xx) of the recipient or of the data to 400', async () => {
    const rcpt = await sink({ rcptReply: () => ({ code: 550, message: '5.1.1 No such user' }) });
    const refused = await smtpConnector.invoke(call(connection(rcpt), email), ports());
    assert.equal(refused.statusCode, 400);
    assert.match(refused.message ?? '', /refused the message \(550\)\. Check the recipient addresses.*No such user/);

    const data = await sink({ dataReply: () => ({ code: 554, message: '5.7.1 Message rejected as spam' }) });
    const spam = await smtpConnector.invoke(call(connection(data), email), ports());
    assert.equal(spam.statusCode, 400);
    assert.match(spam.message ?? '', /\(554\).*rejected as spam/);

    const full = await sink({ dataReply: () => ({ code: 452, message: '4.3.1 Insufficient system storage' }) });
    assert.equal((await smtpConnector.invoke(call(connection(full), email), ports())).statusCode, 503);
  });

  it('maps a TLS failure, which retrying cannot fix, to 400', async () => {
    const server = await sink();
    const result = await smtpConnector.invoke(call(connection(server, { enableSSL: true }), email), ports());
    assert.equal(result.statusCode, 400);
    assert.match(result.message ?? '', /^TLS with the SMTP server 127\.0\.0\.1:\d+ failed: wrong version number\. .*set enableSSL to false/);
  });

  it('succeeds when only some recipients are refused, and lists them', async () => {
    const server = await sink({ rcptReply: (address) => (address.startsWith('gone') ? { code: 550, message: 'No such user' } : undefined) });
    const result = await smtpConnector.invoke(call(connection(server), { ...email, Cc: 'gone@contoso.com' }), ports());
    assert.equal(result.statusCode, 200);
    assert.deepEqual(result.body, { messageId: (result.body as { messageId: string }).messageId, accepted: ['soc@contoso.com'], rejected: ['gone@contoso.com'] });
  });

  it('lets an unreachable server surface as HttpConnectionError, so the executor retries', async () => {
    const port = await refusedSmtpPort();
    await assert.rejects(
      smtpConnector.invoke(call(connection({ host: '127.0.0.1', port }), email), ports()),
      (error: unknown) =>
        error instanceof HttpConnectionError && error.message === `Could not reach the SMTP server 127.0.0.1:${port}: connection refused.`,
    );
  });

  it('refuses bad inputs with 400 naming the field, before connecting', async () => {
    const target = { host: '127.0.0.1', port: 25 };
    const cases: [Value, RegExp][] = [
      [{ Subject: 's', Body: 'b' }, /^The input 'body\.To' is required\.$/],
      [{ ...email, Cc: 'ok@contoso.com; bob@' }, /^The input 'body\.Cc' has an invalid address: 'bob@' is not a valid email address/],
      [{ ...email, Importance: 'Urgent' }, /^The input 'body\.Importance' must be one of Low, Normal, High, ''\.$/],
    ];
    for (const [body, expected] of cases) {
      const result = await smtpConnector.invoke(call(connection(target), body), ports(unusedMail));
      assert.equal(result.statusCode, 400);
      assert.match(result.message ?? '', expected);
      const error = (result.body as { error: { code: string; field: string } }).error;
      assert.equal(error.code, 'InvalidInput');
      assert.match(error.field, /^body\.(To|Cc|Importance)$/);
    }
  });

  it('refuses a connection without a from address, naming the connection', async () => {
    const result = await smtpConnector.invoke(call({ serverAddress: 'mail.contoso.com', port: 587, enableSSL: false }, email), ports(unusedMail));
    assert.equal(result.statusCode, 400);
    assert.match(result.message ?? '', /^The connection 'alerts-mail' has no 'from' address/);
  });

  it('does nothing once the action is cancelled', async () => {
    const controller = new AbortController();
    controller.abort(new Error('run cancelled'));
    await assert.rejects(
      smtpConnector.invoke(call(connection({ host: '127.0.0.1', port: 25 }), email, { signal: controller.signal }), ports(unusedMail)),
      /run cancelled/,
    );
  });
});

describe('email connectors: connection test', () => {
  const signal = () => new AbortController().signal;

  it('reports Connected after handshake, STARTTLS and login', async () => {
    const server = await loginSink();
    const result = await office365Connector.test(connection(server, { userName: 'alerts', password: PASSWORD }), trusting(server), signal());
    assert.deepEqual(result, { status: 'Connected', message: `SMTP handshake and login to 127.0.0.1:${server.port} succeeded.` });
    assert.deepEqual(server.logins, [{ user: 'alerts', method: 'PLAIN', accepted: true }]);
  });

  it('reports Connected without login for a relay', async () => {
    const server = await sink();
    const result = await office365Connector.test(connection(server), ports(), signal());
    assert.equal(result.status, 'Connected');
    assert.match(result.message, /no login was tried/);
  });

  it('reports a refused login, a missing STARTTLS or AUTH, an unreachable server and a TLS failure as Error', async () => {
    const secured = await loginSink();
    const badLogin = await office365Connector.test(connection(secured, { userName: 'alerts', password: 'nope-nope' }), trusting(secured), signal());
    assert.equal(badLogin.status, 'Error');
    assert.match(badLogin.message, /rejected the credentials for user 'alerts' \(535\)/);
    assert.ok(!badLogin.message.includes('nope-nope'));

    const plaintext = await sink({ auth: { user: 'alerts', password: PASSWORD } });
    const noTls = await office365Connector.test(connection(plaintext, { userName: 'alerts', password: PASSWORD }), ports(), signal());
    assert.equal(noTls.status, 'Error');
    assert.match(noTls.message, /^The SMTP server at 127\.0\.0\.1:\d+ does not offer STARTTLS, so the password would travel in clear/);
    assert.deepEqual(plaintext.logins, []);

    const relay = await sink({ tls: 'starttls' });
    const noAuth = await office365Connector.test(connection(relay, { userName: 'alerts', password: PASSWORD }), trusting(relay), signal());
    assert.equal(noAuth.status, 'Error');
    assert.match(noAuth.message, /does not offer login \(AUTH\)/);

    const port = await refusedSmtpPort();
    const unreachable = await office365Connector.test(connection({ host: '127.0.0.1', port }), ports(), signal());
    assert.deepEqual(unreachable, { status: 'Error', message: `Could not reach the SMTP server 127.0.0.1:${port}: connection refused.` });

    // STARTTLS is offered with a self-signed certificate, which the client rightly does not trust unless told to.
    const tls = await sink({ tls: 'starttls' });
    const untrusted = await office365Connector.test(connection(tls), ports(), signal());
    assert.equal(untrusted.status, 'Error');
    assert.match(untrusted.message, /^TLS with the SMTP server 127\.0\.0\.1:\d+ failed: .*certificate/);
  });

  it('reports a server the outbound policy refuses as Error', async () => {
    const blocked = new OutboundBlockedError('The outbound policy does not allow mail.contoso.com (10.0.0.5).');
    const mail = createNodemailerMailSender({ resolveHost: () => Promise.reject(blocked) });
    const result = await smtpConnector.test(connection({ host: 'mail.contoso.com', port: 587 }), ports(mail), signal());
    assert.deepEqual(result, { status: 'Error', message: blocked.message });
  });

  it('reports a connection that cannot work without connecting', async () => {
    const result = await smtpConnector.test({ serverAddress: 'mail.contoso.com', userName: 'alerts', from: 'a@contoso.com' }, ports(unusedMail), signal());
    assert.deepEqual(result, { status: 'Error', message: "The connection has userName 'alerts' but no password. Set the password." });
  });
});
