import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type HttpSink, type SinkReply, startHttpSink } from '../../../test/support/http-sink.js';
import { assertNoSecrets, connectorCall, testPorts } from '../connector-test-support.js';
import { teamsConnector } from './teams-connector.js';

const HOOK_PATH = '/webhookb2/7f3a-team@tenant/IncomingWebhook/0123456789abcdef/secret-part-9876';
const CHANNEL_PATH = `/v3/beta/teams/${encodeURIComponent('19:team')}/channels/${encodeURIComponent('19:abc@thread.tacv2')}/messages`;

describe('teams connector', () => {
  let sink: HttpSink;
  let reply: SinkReply | undefined;
  before(async () => {
    sink = await startHttpSink(() => reply ?? { body: '1' });
  });
  after(() => sink.close());
  const webhookUrl = () => `${sink.url}${HOOK_PATH}?sig=abc123signature`;
  const secrets = () => [webhookUrl(), HOOK_PATH, 'abc123signature'];
  const invoke = (path: string, body: unknown, parameters: Record<string, string> = { webhookUrl: webhookUrl() }) =>
    teamsConnector.invoke(connectorCall(teamsConnector, 'POST', path, { body: body as never, parameters }), testPorts());

  it("posts the public Post-TeamsMessage template's message as an Adaptive Card", async () => {
    reply = undefined;
    const result = await invoke(CHANNEL_PATH, {
      body: {
        content:
          '<p>Alert Type: VM_SuspiciousLogin<br>Resource: vm1<br>Direct Link: <a href="https://portal.azure.com/#blade/x?a=1&amp;b=2">Open in Defender</a></p>',
        contentType: 'html',
      },
      subject: 'High - Suspicious login to vm1',
    });
    assert.equal(result.statusCode, 200);
    assert.equal(result.body, null);
    assert.equal(result.message, undefined);
    const request = sink.requests.at(-1)!;
    assert.equal(request.method, 'POST');
    assert.equal(request.url, `${HOOK_PATH}?sig=abc123signature`);
    assert.equal(request.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(request.body), {
      type: 'message',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          contentUrl: null,
          content: {
            type: 'AdaptiveCard',
            $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
            version: '1.4',
            body: [
              { type: 'TextBlock', text: 'High - Suspicious login to vm1', weight: 'Bolder', size: 'Medium', wrap: true },
              {
                type: 'TextBlock',
                text: 'Alert Type: VM_SuspiciousLogin\n\nResource: vm1\n\nDirect Link: [Open in Defender](https://portal.azure.com/#blade/x?a=1&b=2)',
                wrap: true,
              },
            ],
            msteams: { width: 'Full' },
          },
        },
      ],
    });
    assertNoSecrets(result, secrets());
  });

  it('accepts 202 with no body from a Workflows webhook, and plain text content', async () => {
    reply = { status: 202 };
    const result = await invoke(CHANNEL_PATH, { body: { content: 'line 1\nline <2>', contentType: 'text' } });
    assert.equal(result.statusCode, 202);
    const card = (JSON.parse(sink.requests.at(-1)!.body) as { attachments: { content: { body: unknown[] } }[] }).attachments[0]!.content;
    assert.deepEqual(card.body, [{ type: 'TextBlock', text: 'line 1\n\nline <2>', wrap: true }]);
  });

  it('treats a 200 carrying an error text as the failure it reports', async () => {
    reply = { status: 200, body: 'Microsoft Teams endpoint returned HTTP error 413 with ContextId tcid=0,server=msgapi' };
    const tooLarge = await invoke(CHANNEL_PATH, { body: { content: 'x' } });
    assert.equal(tooLarge.statusCode, 413);
    assert.match(tooLarge.message ?? '', /Teams did not deliver the message \(it answered: Microsoft Teams endpoint returned HTTP error 413/);
    assertNoSecrets(tooLarge, secrets());

    reply = { status: 200, body: 'Webhook Bad Request - Null or empty event' };
    assert.equal((await invoke(CHANNEL_PATH, { body: { content: 'x' } })).statusCode, 400);
    reply = { status: 200, body: 'Microsoft Teams endpoint returned HTTP error 429 with ContextId x' };
    assert.equal((await invoke(CHANNEL_PATH, { body: { content: 'x' } })).statusCode, 429);
  });

  it('declares the Flow bot operations at the paths Logic Apps writes, each with its own id', () => {
    const flowBot = teamsConnector.operations.filter((operation) => operation.path.includes('/conversation/'));
    assert.deepEqual(
      flowBot.map((operation) => [operation.id, operation.path]),
      [
        ['PostMessageToConversation', '/beta/teams/conversation/message/poster/{poster}/location/{location}'],
        ['PostMessageToConversationV1', '/v1.0/teams/conversation/message/poster/{poster}/location/{location}'],
        ['PostCardToConversation', '/v1.0/teams/conversation/adaptivecard/poster/{poster}/location/{location}'],
      ],
    );
    const ids = teamsConnector.operations.map((operation) => operation.id);
    assert.equal(new Set(ids).size, ids.length);
  });

  it('posts Flow bot messages (at /beta, and at /v1.0 as an alias) and cards', async () => {
    reply = undefined;
    let sent: { attachments: { content: { body: { text: string }[] } }[] };
    for (const version of ['beta', 'v1.0']) {
      const location = `/${version}/teams/conversation/message/poster/Flow%20bot/location/Channel`;
      const message = await invoke(location, { recipient: { groupId: 'g', channelId: 'c' }, messageBody: '<b>Alert</b> on vm1' });
      assert.equal(message.statusCode, 200);
      sent = JSON.parse(sink.requests.at(-1)!.body) as typeof sent;
      assert.equal(sent.attachments[0]!.content.body[0]!.text, '**Alert** on vm1');
    }

    const card = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'Custom' }] };
    const cardPath = '/v1.0/teams/conversation/adaptivecard/poster/Flow%20bot/location/Channel';
    for (const messageBody of [card, JSON.stringify(card)]) {
      const result = await invoke(cardPath, { recipient: 'c', messageBody });
      assert.equal(result.statusCode, 200);
      sent = JSON.parse(sink.requests.at(-1)!.body);
      assert.deepEqual(sent.attachments[0]!.content, card);
    }
    const count = sink.requests.length;
    const notCard = await invoke(cardPath, { messageBody: '{not json' });
    assert.equal(notCard.statusCode, 400);
    assert.match(notCard.message ?? '', /'body.messageBody' must be an Adaptive Card/);
    assert.equal((await invoke(cardPath, { messageBody: { type: 'MessageCard' } })).statusCode, 400);
    assert.equal(sink.requests.length, count);
  });

  it('passes throttling and server errors through, and explains a removed webhook without its URL', async () => {
    reply = { status: 429, headers: { 'retry-after': '2' }, body: 'Too many requests' };
    const limited = await invoke(CHANNEL_PATH, { body: { content: 'x' } });
    assert.equal(limited.statusCode, 429);
    assert.equal(limited.retryAfterMs, 2000);
    reply = { status: 500, body: 'boom' };
    assert.equal((await invoke(CHANNEL_PATH, { body: { content: 'x' } })).statusCode, 500);
    reply = { status: 404, body: 'Webhook not found' };
    const gone = await invoke(CHANNEL_PATH, { body: { content: 'x' } });
    assert.equal(gone.statusCode, 404);
    assert.match(gone.message ?? '', /check the connection's 'webhookUrl'/);
    assertNoSecrets(gone, secrets());
  });

  it('names invalid inputs and connections without repeating the URL', async () => {
    const content = await invoke(CHANNEL_PATH, { body: { content: 'x', contentType: 'markdown' } });
    assert.equal(content.message, "The input 'body.body.contentType' must be one of html, text.");
    const missing = await invoke(CHANNEL_PATH, { body: { content: 'x' } }, {});
    assert.equal(missing.message, "The connection has no 'webhookUrl'; set it on the connection.");
    const invalid = await invoke(CHANNEL_PATH, { body: { content: 'x' } }, { webhookUrl: 'ftp://secret-host/hook-secret' });
    assert.equal(invalid.message, "The connection's 'webhookUrl' must be an http or https URL.");
  });

  it('cannot test a webhook without posting', async () => {
    const signal = AbortSignal.timeout(1000);
    assert.equal((await teamsConnector.test({ webhookUrl: webhookUrl() }, testPorts(), signal)).status, 'Unverified');
    assert.equal((await teamsConnector.test({}, testPorts(), signal)).status, 'Error');
  });
});
