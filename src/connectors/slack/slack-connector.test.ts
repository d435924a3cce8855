import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type HttpSink, type SinkReply, startHttpSink } from '../../../test/support/http-sink.js';
import { assertNoSecrets, connectorCall, testPorts } from '../connector-test-support.js';
import { slackConnector } from './slack-connector.js';

const TOKEN = 'xoxb-1111-2222-abcdefghijklmnop';
const WEBHOOK_PATH = '/services/T000/B000/XXXXsecretXXXX';

describe('slack connector', () => {
  let sink: HttpSink;
  let reply: SinkReply | undefined;
  before(async () => {
    sink = await startHttpSink((request) => {
      if (reply !== undefined) return reply;
      if (request.url === WEBHOOK_PATH) return { body: 'ok' };
      if (request.url === '/api/auth.test') {
        return request.headers['authorization'] === `Bearer ${TOKEN}`
          ? { body: { ok: true, team: 'Contoso', user: 'riposte-bot', team_id: 'T1' } }
          : { body: { ok: false, error: 'invalid_auth' } };
      }
      const message = JSON.parse(request.body) as { channel: string; text: string };
      return { body: { ok: true, channel: message.channel, ts: '1714564800.000100', message: { text: message.text } } };
    });
  });
  after(() => sink.close());
  const tokenConnection = () => ({ token: TOKEN, baseUrl: `${sink.url}/api` });
  const webhookConnection = () => ({ webhookUrl: `${sink.url}${WEBHOOK_PATH}` });
  const post = (options: { body?: unknown; queries?: Record<string, string>; parameters?: Record<string, string> }) =>
    slackConnector.invoke(
      connectorCall(slackConnector, 'POST', '/chat.postMessage', {
        body: (options.body ?? null) as never,
        queries: options.queries ?? {},
        parameters: options.parameters ?? tokenConnection(),
        idempotencyKey: 'run-9:Post_message',
      }),
      testPorts(),
    );

  it('posts chat.postMessage with the bot token as Bearer and a JSON body', async () => {
    reply = undefined;
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*High* alert' } }];
    const result = await post({ body: { channel: 'C011HT11FMH', text: 'High - Suspicious login', blocks, icon_emoji: ':rotating_light:' } });
    assert.equal(result.statusCode, 200);
    assert.deepEqual(result.body, { ok: true, channel: 'C011HT11FMH', ts: '1714564800.000100', message: { text: 'High - Suspicious login' } });
    const request = sink.requests.at(-1)!;
    assert.equal(request.method, 'POST');
    assert.equal(request.url, '/api/chat.postMessage');
    assert.equal(request.headers['authorization'], `Bearer ${TOKEN}`);
    assert.equal(request.headers['content-type'], 'application/json; charset=utf-8');
    assert.equal(request.headers['idempotency-key'], 'run-9:Post_message');
    assert.deepEqual(JSON.parse(request.body), { channel: 'C011HT11FMH', text: 'High - Suspicious login', blocks, icon_emoji: ':rotating_light:' });
    assertNoSecrets(result, [TOKEN]);
  });

  it("accepts the public template's shape: channel and text as queries, no body", async () => {
    reply = undefined;
    const text = 'High - Suspicious login\nAlert Type: VM_Login\nResource: vm1';
    const result = await post({ queries: { channel: 'C011HT11FMH', text } });
    assert.equal(result.statusCode, 200);
    assert.deepEqual(JSON.parse(sink.requests.at(-1)!.body), { channel: 'C011HT11FMH', text });
  });

  it('turns ok:false answers into failing statuses that name Slack\'s error code', async () => {
    const cases: [string, number, RegExp][] = [
      ['invalid_auth', 401, /rejected the credentials \(invalid_auth\); check the connection's 'token'/],
      ['token_revoked', 401, /token_revoked/],
      ['channel_not_found', 404, /channel 'C0NOPE' \(channel_not_found\); check the channel ID/],
      ['not_in_channel', 404, /not a member of channel 'C0NOPE' \(not_in_channel\); invite it/],
      ['ratelimited', 429, /limiting requests \(ratelimited\)/],
      ['msg_blocks_too_long', 400, /\(msg_blocks_too_long\)/],
    ];
    for (const [error, status, message] of cases) {
      reply = { body: { ok: false, error } };
      const result = await post({ body: { channel: 'C0NOPE', text: 'x' } });
      assert.equal(result.statusCode, status, error);
      assert.match(result.message ?? '', message);
      assert.deepEqual(result.body, { ok: false, error });
      assertNoSecrets(result, [TOKEN]);
    }
  });

  it('keeps HTTP 429 and its Retry-After, and passes 5xx through', async () => {
    reply = { status: 429, headers: { 'retry-after': '7' }, body: { ok: false, error: 'ratelimited' } };
    const limited = await post({ body: { channel: 'C1', text: 'x' } });
    assert.equal(limited.statusCode, 429);
    assert.equal(limited.retryAfterMs, 7000);
    reply = { status: 502, body: 'Bad Gateway' };
    const broken = await post({ body: { channel: 'C1', text: 'x' } });
    assert.equal(broken.statusCode, 502);
    assert.match(broken.message ?? '', /^Slack failed with HTTP 502/);
  });

  it('posts through an incoming webhook without a token', async () => {
    reply = undefined;
    const result = await post({ body: { channel: 'ignored', text: 'Alert', blocks: [{ type: 'divider' }] }, parameters: webhookConnection() });
    assert.equal(result.statusCode, 200);
    assert.deepEqual(result.body, { ok: true });
    const request = sink.requests.at(-1)!;
    assert.equal(request.url, WEBHOOK_PATH);
    assert.equal(request.headers['authorization'], undefined);
    assert.deepEqual(JSON.parse(request.body), { text: 'Alert', blocks: [{ type: 'divider' }] });
    assertNoSecrets(result, [webhookConnection().webhookUrl, WEBHOOK_PATH]);
  });

  it('explains a removed webhook without showing its URL', async () => {
    reply = { status: 404, body: 'no_service' };
    const result = await post({ body: { text: 'Alert' }, parameters: webhookConnection() });
    assert.equal(result.statusCode, 404);
    assert.match(result.message ?? '', /check the connection's 'webhookUrl'.*Slack said: no_service/);
    assertNoSecrets(result, [webhookConnection().webhookUrl, WEBHOOK_PATH]);
  });

  it('names what is missing before calling Slack', async () => {
    reply = undefined;
    const count = sink.requests.length;
    assert.equal((await post({ body: { text: 'x' } })).message, "The input 'body.channel' is required when the connection uses a token.");
    assert.equal((await post({ body: { channel: 'C1' } })).message, "The input 'body.text' is required (or 'body.blocks').");
    assert.equal((await post({ body: { channel: 'C1', text: 5 } })).message, "The input 'body.text' must be a string.");
    const none = await post({ body: { channel: 'C1', text: 'x' }, parameters: {} });
    assert.equal(none.statusCode, 400);
    assert.match(none.message ?? '', /neither a 'token' nor a 'webhookUrl'/);
    assert.equal(sink.requests.length, count);
  });

  it('tests a token with auth.test, and cannot check a webhook without posting', async () => {
    reply = undefined;
    const signal = AbortSignal.timeout(5000);
    const connected = await slackConnector.test(tokenConnection(), testPorts(), signal);
    assert.deepEqual(connected, { status: 'Connected', message: "Connected to the Slack workspace 'Contoso' as 'riposte-bot'." });
    assert.equal(sink.requests.at(-1)!.url, '/api/auth.test');
    const refused = await slackConnector.test({ ...tokenConnection(), token: 'xoxb-wrong-token' }, testPorts(), signal);
    assert.equal(refused.status, 'Error');
    assert.match(refused.message, /invalid_auth/);
    assertNoSecrets(refused, ['xoxb-wrong-token']);
    assert.equal((await slackConnector.test(webhookConnection(), testPorts(), signal)).status, 'Unverified');
  });
});
