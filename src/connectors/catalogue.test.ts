import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtInConnectors } from './built-in.js';
import { ConnectorCatalogue } from './catalogue.js';
import type { Connector } from './connector.js';
import { testPorts } from './connector-test-support.js';

const catalogue = new ConnectorCatalogue(builtInConnectors);
const connector = (name: string): Connector => catalogue.get(name) ?? assert.fail(`no connector ${name}`);

const SMTP = { serverAddress: 'mail.example.com', from: 'a@b.c' };
const SERVICE_NOW = { instance: 'acme.service-now.com', username: 'u', password: 'p' };
const ROUTING_KEY = 'R0UT1NGKEY0123456789012345678901';

// Each refused value, with the connection otherwise complete so the refusal can only be about it.
const refused: readonly [api: string, values: Record<string, unknown>, parameter: string][] = [
  ['webhook', { url: 'not a url', secret: 'abcdefghij' }, 'url'],
  ['webhook', { url: 'ftp://x', secret: 'abcdefghij' }, 'url'],
  ['webhook', { url: 'https://h.example/hook', secret: '   ' }, 'secret'],
  ['smtp', { ...SMTP, port: 99999 }, 'port'],
  ['smtp', { ...SMTP, port: -5 }, 'port'],
  ['office365', { ...SMTP, from: 'not-an-email' }, 'from'],
  ['smtp', { ...SMTP, serverAddress: '  ' }, 'serverAddress'],
  ['service-now', { ...SERVICE_NOW, instance: 'ftp://x' }, 'instance'],
  ['jira', { jiraInstance: 'http://', apiToken: 't' }, 'jiraInstance'],
  ['slack', { token: 'xoxb-1', baseUrl: 'ftp://slack.com/api' }, 'baseUrl'],
  ['slack', { webhookUrl: 'hooks.slack.com/services/x' }, 'webhookUrl'],
  ['teams', { webhookUrl: 'not a url' }, 'webhookUrl'],
  ['pagerduty', { routingKey: 'short' }, 'routingKey'],
  ['pagerduty', { routingKey: ROUTING_KEY, baseUrl: 'ftp://events' }, 'baseUrl'],
];

describe('connection parameter checks', () => {
  for (const [api, values, parameter] of refused) {
    it(`refuses ${api} ${parameter} ${JSON.stringify(values[parameter])} with the connection test's words`, async () => {
      const checked = catalogue.checkParameters(connector(api), values);
      assert.ok(!checked.ok, 'refused');
      assert.equal(checked.problems.length, 1, JSON.stringify(checked.problems));
      const [problem] = checked.problems;
      assert.equal(problem?.parameter, parameter);
      const tested = await connector(api).test(values as Record<string, string | number | boolean>, testPorts(), AbortSignal.timeout(5000));
      assert.equal(tested.status, 'Error', 'the connection test refuses it too');
      if (!/required/.test(problem.message)) assert.equal(problem.message, tested.message);
    });
  }

  it('accepts what the connectors read, bare hosts and display-name senders included', () => {
    const accepted: [string, Record<string, unknown>][] = [
      ['webhook', { url: 'http://127.0.0.1:8080/hook', secret: 's' }],
      ['smtp', { ...SMTP, port: '465', from: 'SOC <soc@contoso.com>' }],
      ['service-now', SERVICE_NOW],
      ['jira', { jiraInstance: 'https://acme.atlassian.net/', apiToken: 't' }],
      ['slack', { token: 'xoxb-1', baseUrl: '  ' }],
      ['pagerduty', { routingKey: ROUTING_KEY }],
    ];
    for (const [api, values] of accepted) assert.ok(catalogue.checkParameters(connector(api), values).ok, `${api} ${JSON.stringify(values)}`);
  });

  it('never repeats a secret value in a refusal', () => {
    const checked = catalogue.checkParameters(connector('teams'), { webhookUrl: 'not a url secret-123' });
    assert.ok(!checked.ok);
    assert.ok(!JSON.stringify(checked.problems).includes('secret-123'));
  });

  it('does not check again a value kept from the stored connection', () => {
    const kept = catalogue.checkParameters(connector('slack'), { webhookUrl: 'not a url' }, new Set(['webhookUrl']));
    assert.deepEqual(kept, { ok: true, values: { baseUrl: 'https://slack.com/api', webhookUrl: 'not a url' }, secretNames: ['webhookUrl'] });
    const sent = catalogue.checkParameters(connector('slack'), { webhookUrl: 'not a url' }, new Set(['token']));
    assert.ok(!sent.ok);
  });
});
