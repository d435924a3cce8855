import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { connectionReferenceId, declaredConnectionIds } from './connection-references.js';

const WORKFLOW = '/subscriptions/S1/resourceGroups/rgA/providers/Microsoft.Logic/workflows/wf';
const inA = (name: string) => `/subscriptions/s1/resourcegroups/rga/providers/microsoft.web/connections/${name}`;
const inB = (name: string) => `/subscriptions/s1/resourcegroups/rgb/providers/microsoft.web/connections/${name}`;
const B_SLACK = '/subscriptions/S1/resourceGroups/rgB/providers/Microsoft.Web/connections/Slack';

const action = (name: string, type = 'ApiConnection') => ({ type, inputs: { host: { connection: { name } }, method: 'post', path: '/x' }, runAfter: {} });

describe('connectionReferenceId', () => {
  it('lower-cases a full id and places a bare name beside the workflow', () => {
    assert.equal(connectionReferenceId(B_SLACK, WORKFLOW), inB('slack'));
    assert.equal(connectionReferenceId('Slack', WORKFLOW), inA('slack'));
  });

  it('names nothing for an empty reference, a path that is not a connection id, or a workflow outside a group', () => {
    assert.equal(connectionReferenceId('', WORKFLOW), undefined);
    assert.equal(connectionReferenceId('rgB/slack', WORKFLOW), undefined);
    assert.equal(connectionReferenceId(`${B_SLACK}/extra`, WORKFLOW), undefined);
    assert.equal(connectionReferenceId('slack', '/subscriptions/S1'), undefined);
  });
});

describe('declaredConnectionIds', () => {
  it('reads $connections from the given values, matching its name case-insensitively, connectionId before connectionName', () => {
    const given = { $CONNECTIONS: { slack: { connectionId: B_SLACK, connectionName: 'other' }, mail: { connectionName: 'mail' }, odd: 'x', none: {} } };
    assert.deepEqual(declaredConnectionIds({ parameters: { $connections: { type: 'Object', defaultValue: { d: { connectionId: 'dflt' } } } } }, given, WORKFLOW).sort(), [
      inA('mail'),
      inB('slack'),
    ]);
  });

  it("falls back to the definition's defaultValue (any spelling) when no value is given", () => {
    const definition = { parameters: { $Connections: { type: 'Object', defaultValue: { slack: { connectionId: B_SLACK } } } } };
    assert.deepEqual(declaredConnectionIds(definition, {}, WORKFLOW), [inB('slack')]);
    assert.deepEqual(declaredConnectionIds(definition, { $connections: {} }, WORKFLOW), [], 'a given value replaces the default');
  });

  it('adds the literal connection names of connection actions at any depth and of triggers, but not expressions', () => {
    const definition = {
      triggers: { hook: action('trigger-conn', 'ApiConnectionWebhook') },
      actions: {
        top: action(B_SLACK),
        computed: action("@parameters('$connections')['slack']['connectionId']"),
        interpolated: action('@{concat(\'a\', \'b\')}'),
        http: { type: 'Http', inputs: { host: { connection: { name: 'not-a-connection-action' } } } },
        scope: {
          type: 'Scope',
          actions: {
            loop: { type: 'Foreach', foreach: '@createArray(1)', actions: { inLoop: action('loop-conn', 'apiconnection') } },
            branch: {
              type: 'If',
              expression: { equals: [1, 1] },
              actions: { yes: action('if-conn') },
              else: { actions: { no: action('else-conn') } },
            },
            pick: {
              type: 'Switch',
              expression: '@1',
              cases: { one: { case: 1, actions: { c: action('case-conn') } } },
              default: { actions: { d: action('default-conn') } },
            },
          },
        },
      },
    };
    assert.deepEqual(
      declaredConnectionIds(definition, {}, WORKFLOW).sort(),
      [inA('case-conn'), inA('default-conn'), inA('else-conn'), inA('if-conn'), inA('loop-conn'), inA('trigger-conn'), inB('slack')].sort(),
    );
  });

  it('names each connection once and tolerates any shape', () => {
    const definition = { actions: { a: action('slack'), b: action(inA('SLACK')) } };
    assert.deepEqual(declaredConnectionIds(definition, { $connections: { s: { connectionId: 'Slack' } } }, WORKFLOW), [inA('slack')]);
    for (const odd of [null, 42, 'text', [], { actions: [1, 2] }, { actions: { a: null, b: { type: 'ApiConnection' } } }, { parameters: { $connections: null } }]) {
      assert.deepEqual(declaredConnectionIds(odd, { $connections: null }, WORKFLOW), []);
    }
  });

  it('does not exhaust the stack on a hostile nesting', () => {
    let actions: Record<string, unknown> = { leaf: action('deep') };
    for (let depth = 0; depth < 100_000; depth++) actions = { scope: { type: 'Scope', actions } };
    assert.doesNotThrow(() => declaredConnectionIds({ actions }, {}, WORKFLOW));
  });
});
