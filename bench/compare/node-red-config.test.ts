import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nodeRedFlow, nodeRedSettings, settingsModule } from './node-red-config.js';

type FlowNode = Record<string, unknown> & { id: string; type: string; wires?: string[][] };

describe('the Node-RED flow', () => {
  const flow = nodeRedFlow('http://127.0.0.1:4000') as FlowNode[];
  const byId = new Map(flow.map((node) => [node.id, node]));

  it('gives every flow node a position (Node-RED starts a node without x/y as a configuration node)', () => {
    for (const node of flow.filter((node) => node.type !== 'tab')) {
      assert.equal(typeof node.x, 'number', node.id);
      assert.equal(typeof node.y, 'number', node.id);
      assert.equal(node.z, 'bench-tab', node.id);
    }
  });

  it('wires POST /alerts → High? → POST to the sink → response, and not-High straight to the response', () => {
    const follow = (id: string, output = 0) => (byId.get(id)?.wires?.[output] ?? []).map((next) => byId.get(next)?.type);
    const entry = flow.find((node) => node.type === 'http in' && node.url === '/alerts');
    assert.equal(entry?.method, 'post');
    assert.deepEqual(follow(entry?.id as string), ['switch']);
    const check = byId.get('is-high');
    assert.equal(check?.property, 'payload.Severity');
    assert.deepEqual(check?.rules, [{ t: 'eq', v: 'High', vt: 'str' }, { t: 'else' }]);
    assert.deepEqual(follow('is-high', 0), ['http request']);
    assert.deepEqual(follow('is-high', 1), ['http response']);
    const post = byId.get('post-to-sink');
    assert.equal(post?.method, 'POST');
    assert.equal(post?.url, 'http://127.0.0.1:4000/alerts');
    assert.equal(post?.persist, true);
    assert.deepEqual(follow('post-to-sink'), ['http response']);
  });

  it('wires only to nodes that exist', () => {
    for (const node of flow) for (const output of node.wires ?? []) for (const next of output) assert.ok(byId.has(next), `${node.id} → ${next}`);
  });
});

describe('the Node-RED settings', () => {
  it('disable the editor and telemetry and need no credential secret, as a CommonJS module', () => {
    const settings = nodeRedSettings(1880, '/tmp/x');
    assert.equal(settings.httpAdminRoot, false);
    assert.equal(settings.credentialSecret, false);
    assert.deepEqual(settings.telemetry, { enabled: false, updateNotification: false });
    // After the assignment the module is JSON: parse it rather than run it.
    const text = settingsModule(settings);
    assert.match(text, /^module\.exports = /);
    assert.deepEqual(JSON.parse(text.replace(/^module\.exports = /, '').replace(/;\n$/, '')), settings);
  });
});
