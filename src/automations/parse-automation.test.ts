import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Value } from '@sinclair/typebox/value';
import { AutomationResourceSchema } from './automation-schema.js';
import type { AutomationBody } from './automation-types.js';
import { parseAutomationBody } from './parse-automation.js';
import { toAutomationResource } from './automation-resource.js';

const SUB = 'a5caac9c-5c04-49af-b3d0-e204f40345d5';
const LOGIC_APP = `/subscriptions/${SUB}/resourceGroups/sample-rg/providers/Microsoft.Logic/workflows/MyTest1`;
const CALLBACK = 'https://exampleTriggerUri1.com/workflows/x/triggers/manual/paths/invoke?sig=secret';

/** Shaped like the spec's PutAutomationHighSeverityAssessments / GetAutomationResourceGroup examples. */
function example(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    location: 'Central US',
    etag: 'etag value (must be supplied for update)',
    tags: {},
    properties: {
      description: 'An example of a security automation that triggers one LogicApp resource (myTest1) on any high severity security assessment',
      isEnabled: true,
      scopes: [{ description: `A description that helps to identify this scope - for example: security assessments that relate to the resource group myResourceGroup within the subscription ${SUB}`, scopePath: `/subscriptions/${SUB}/resourceGroups/myResourceGroup` }],
      sources: [
        {
          eventSource: 'Assessments',
          ruleSets: [{ rules: [{ propertyJPath: 'properties.metadata.severity', propertyType: 'String', expectedValue: 'High', operator: 'Equals' }] }],
        },
      ],
      actions: [{ actionType: 'LogicApp', logicAppResourceId: LOGIC_APP, uri: CALLBACK }],
      ...overrides,
    },
  };
}

function parsed(raw: unknown): AutomationBody {
  const result = parseAutomationBody(raw);
  assert.ok(result.ok, JSON.stringify(result.ok ? '' : result.errors, null, 2));
  return result.value;
}

function errorsOf(raw: unknown, options = {}): Record<string, string> {
  const result = parseAutomationBody(raw, options);
  assert.ok(!result.ok, 'expected validation errors');
  return Object.fromEntries(result.errors.map((e) => [e.target, e.message]));
}

describe('parseAutomationBody: accepted bodies', () => {
  it('accepts the spec example and keeps every field', () => {
    const value = parsed(example());
    assert.equal(value.location, 'Central US');
    assert.equal(value.etag, 'etag value (must be supplied for update)');
    assert.deepEqual(value.tags, {});
    assert.equal(value.isEnabled, true);
    assert.equal(value.scopes[0]?.scopePath, `/subscriptions/${SUB}/resourceGroups/myResourceGroup`);
    assert.deepEqual(value.sources, [
      { eventSource: 'Assessments', ruleSets: [{ rules: [{ propertyJPath: 'properties.metadata.severity', propertyType: 'String', expectedValue: 'High', operator: 'Equals' }] }] },
    ]);
    assert.deepEqual(value.actions, [{ actionType: 'LogicApp', logicAppResourceId: LOGIC_APP, uri: CALLBACK }]);
  });

  it('canonicalises enums given in any case (policies write "string")', () => {
    const value = parsed(
      example({
        sources: [
          { eventSource: 'ALERTS', ruleSets: [{ rules: [
            { propertyJPath: 'Version', propertyType: 'string', expectedValue: '3.', operator: 'contains' },
            { propertyJPath: 'Severity', propertyType: 'STRING', expectedValue: 'high', operator: 'equals' },
          ] }] },
          { eventSource: 'regulatorycomplianceassessment' },
          { eventSource: 'attackpathssnapshot', ruleSets: [{ rules: [{ propertyJPath: 'x', propertyType: 'integer', expectedValue: 3, operator: 'lesserthanorequalto' }] }] },
        ],
        actions: [{ actionType: 'logicapp', logicAppResourceId: LOGIC_APP }, { actionType: 'WORKSPACE', workspaceResourceId: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/ws` }],
      }),
    );
    assert.deepEqual(value.sources.map((s) => s.eventSource), ['Alerts', 'RegulatoryComplianceAssessment', 'AttackPathsSnapshot']);
    assert.deepEqual(value.sources[0]?.ruleSets[0]?.rules.map((r) => [r.propertyType, r.operator]), [['String', 'Contains'], ['String', 'Equals']]);
    assert.deepEqual(value.sources[1]?.ruleSets, []);
    assert.deepEqual(value.sources[2]?.ruleSets[0]?.rules[0], { propertyJPath: 'x', propertyType: 'Integer', expectedValue: '3', operator: 'LesserThanOrEqualTo' });
    assert.deepEqual(value.actions.map((a) => a.actionType), ['LogicApp', 'Workspace']);
  });

  it('fills defaults: isEnabled true, empty lists; null means absent; read-only fields are dropped', () => {
    const value = parsed({ id: '/x', name: 'n', type: 'Microsoft.Security/automations', location: null, properties: { description: null, sources: [{ eventSource: 'Alerts', ruleSets: [{}] }] } });
    assert.deepEqual(value, { isEnabled: true, scopes: [], sources: [{ eventSource: 'Alerts', ruleSets: [{ rules: [] }] }], actions: [] });
    assert.equal(parsed({ properties: { isEnabled: false } }).isEnabled, false);
  });

  it('accepts subscription scopes, numeric and boolean rules, and EventHub actions', () => {
    const value = parsed(
      example({
        scopes: [{ scopePath: `/subscriptions/${SUB}/` }, { scopePath: '/SUBSCRIPTIONS/sub-1/RESOURCEGROUPS/My.Group(1)' }],
        sources: [{ eventSource: 'SecureScores', ruleSets: [{ rules: [
          { propertyJPath: 'properties.score.percentage', propertyType: 'Number', expectedValue: '0.5', operator: 'LesserThan' },
          { propertyJPath: 'IsIncident', propertyType: 'Boolean', expectedValue: true, operator: 'NotEquals' },
          { propertyJPath: 'n', propertyType: 'Integer', expectedValue: '-12', operator: 'GreaterThanOrEqualTo' },
        ] }] }],
        actions: [{ actionType: 'EventHub', eventHubResourceId: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.EventHub/namespaces/ns/eventhubs/hub`, connectionString: 'Endpoint=sb://x', sasPolicyName: 'ignored', isTrustedServiceEnabled: true }],
      }),
    );
    assert.equal(value.scopes[0]?.scopePath, `/subscriptions/${SUB}`);
    assert.equal(value.sources[0]?.ruleSets[0]?.rules[1]?.expectedValue, 'true');
    assert.deepEqual(value.actions[0], {
      actionType: 'EventHub',
      eventHubResourceId: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.EventHub/namespaces/ns/eventhubs/hub`,
      connectionString: 'Endpoint=sb://x',
      isTrustedServiceEnabled: true,
    });
  });

  it('produces a resource that satisfies the response schema and hides write-only fields', () => {
    const id = `/subscriptions/${SUB}/resourceGroups/exampleResourceGroup/providers/Microsoft.Security/automations/exampleAutomation`;
    const resource = toAutomationResource(id, parsed(example()), 'W/"1"');
    assert.ok(Value.Check(AutomationResourceSchema, resource), JSON.stringify([...Value.Errors(AutomationResourceSchema, resource)]));
    assert.equal(resource.name, 'exampleAutomation');
    assert.equal(resource.etag, 'W/"1"');
    assert.equal(JSON.stringify(resource).includes('sig=secret'), false);
    assert.deepEqual(resource.properties.actions, [{ actionType: 'LogicApp', logicAppResourceId: LOGIC_APP }]);
  });
});

describe('parseAutomationBody: rejected bodies', () => {
  it('rejects a body that is not an object', () => {
    for (const raw of [null, 'x', [], 3]) assert.deepEqual(Object.keys(errorsOf(raw)), ['(body)']);
    assert.match(errorsOf({})['properties'] ?? '', /required/);
  });

  it('reports unknown properties, with a hint for a wrong case', () => {
    const errors = errorsOf({ ...example({ Scopes: [], foo: 1 }), bar: 2 });
    assert.match(errors['properties.Scopes'] ?? '', /Did you mean 'scopes'\?/);
    assert.match(errors['properties.foo'] ?? '', /not a property of the automation properties; allowed: description, isEnabled, scopes, sources, actions/);
    assert.match(errors['bar'] ?? '', /not a property of an automation/);
    const nested = errorsOf(example({ sources: [{ eventSource: 'Alerts', rules: [] }] }));
    assert.match(nested['properties.sources[0].rules'] ?? '', /allowed: eventSource, ruleSets/);
  });

  it('reports wrong types and missing rule fields at their path', () => {
    const errors = errorsOf(
      example({
        isEnabled: 'yes',
        scopes: {},
        sources: [{ eventSource: 'Alerts', ruleSets: [{ rules: [{ propertyJPath: 'Severity' }] }] }],
      }),
    );
    assert.equal(errors['properties.isEnabled'], 'Must be true or false.');
    assert.equal(errors['properties.scopes'], 'Must be an array.');
    assert.equal(errors['properties.sources[0].ruleSets[0].rules[0].operator'], "'operator' is required.");
    assert.equal(errors['properties.sources[0].ruleSets[0].rules[0].propertyType'], "'propertyType' is required.");
    assert.equal(errors['properties.sources[0].ruleSets[0].rules[0].expectedValue'], "'expectedValue' is required.");
  });

  it('reports bad enum values with what is allowed', () => {
    const errors = errorsOf(
      example({
        sources: [
          { eventSource: 'Alert', ruleSets: [] },
          { eventSource: 'Alerts', ruleSets: [{}, { rules: [{ propertyJPath: 'x', propertyType: 'Text', expectedValue: 'a', operator: 'LessThan' }] }] },
        ],
        actions: [{ actionType: 'Email' }],
      }),
    );
    assert.match(errors['properties.sources[0].eventSource'] ?? '', /'Alert' is not an event source; use one of Assessments, .*Alerts/);
    assert.match(errors['properties.sources[1].ruleSets[1].rules[0].propertyType'] ?? '', /use one of String, Integer, Number, Boolean/);
    assert.match(errors['properties.sources[1].ruleSets[1].rules[0].operator'] ?? '', /spells it 'LesserThan'/);
    assert.match(errors['properties.actions[0].actionType'] ?? '', /use one of LogicApp, EventHub, Workspace/);
  });

  it('checks operators against the property type and expected values against it', () => {
    const r = (propertyType: string, operator: string, expectedValue: unknown) => ({ propertyJPath: 'x', propertyType, operator, expectedValue });
    const errors = errorsOf(
      example({
        sources: [{ eventSource: 'Alerts', ruleSets: [{ rules: [
          r('String', 'GreaterThan', 'a'),
          r('Integer', 'Contains', '1'),
          r('Boolean', 'LesserThan', 'true'),
          r('Integer', 'Equals', '1.5'),
          r('Number', 'Equals', 'abc'),
          r('Boolean', 'Equals', 'yes'),
          r('Integer', 'Equals', '99999999999999999999'),
          r('String', 'Equals', { a: 1 }),
          r('Number', 'GreaterThan', '1e3'),
          r('Integer', 'Equals', ' 42 '),
        ] }] }],
      }),
    );
    const at = (i: number, field: string) => errors[`properties.sources[0].ruleSets[0].rules[${i}].${field}`];
    assert.match(at(0, 'operator') ?? '', /'GreaterThan' does not apply to a String property; use one of Equals, NotEquals, Contains, StartsWith, EndsWith/);
    assert.match(at(1, 'operator') ?? '', /'Contains' does not apply to an Integer property/);
    assert.match(at(2, 'operator') ?? '', /does not apply to a Boolean property; use one of Equals, NotEquals/);
    assert.match(at(3, 'expectedValue') ?? '', /Must be an integer/);
    assert.match(at(4, 'expectedValue') ?? '', /Must be a number/);
    assert.match(at(5, 'expectedValue') ?? '', /'true' or 'false'/);
    assert.match(at(6, 'expectedValue') ?? '', /between/);
    assert.match(at(7, 'expectedValue') ?? '', /Must be a string/);
    assert.equal(at(8, 'expectedValue'), undefined);
    assert.equal(at(9, 'expectedValue'), undefined);
  });

  it('checks property paths', () => {
    const errors = errorsOf(example({ sources: [{ eventSource: 'Alerts', ruleSets: [{ rules: [{ propertyJPath: '$..Severity', propertyType: 'String', expectedValue: 'a', operator: 'Equals' }] }] }] }));
    assert.match(errors['properties.sources[0].ruleSets[0].rules[0].propertyJPath'] ?? '', /no wildcards, recursive descent/);
  });

  it('checks scope paths, and that scopes lie in the automation subscription when told it', () => {
    const bad = ['subscriptions/x', '/subscriptions', '/subscriptions/x/resourceGroups', '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm', '/providers/Microsoft.Management/managementGroups/mg', '/subscriptions/x y', '/subscriptions/x/resourceGroups/rg.'];
    const errors = errorsOf(example({ scopes: bad.map((scopePath) => ({ scopePath })) }));
    bad.forEach((path, i) => assert.match(errors[`properties.scopes[${i}].scopePath`] ?? '', /Must be a subscription/, path));
    const other = errorsOf(example({ scopes: [{ scopePath: '/subscriptions/other' }] }), { subscriptionId: SUB });
    assert.match(other['properties.scopes[0].scopePath'] ?? '', /within the automation's subscription/);
    assert.ok(parseAutomationBody(example(), { subscriptionId: SUB.toUpperCase() }).ok);
  });

  it('checks action target ids, the callback URL and fields of other action types', () => {
    const errors = errorsOf(
      example({
        actions: [
          { actionType: 'LogicApp', logicAppResourceId: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Web/sites/x` },
          { actionType: 'LogicApp', logicAppResourceId: LOGIC_APP, uri: 'not a url' },
          { actionType: 'LogicApp' },
          { actionType: 'Workspace', workspaceResourceId: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/ws`, uri: CALLBACK },
          { actionType: 'LogicApp', logicAppResourceId: `${LOGIC_APP}/triggers/manual` },
        ],
      }),
    );
    assert.match(errors['properties.actions[0].logicAppResourceId'] ?? '', /Microsoft.Logic\/workflows resource id/);
    assert.match(errors['properties.actions[1].uri'] ?? '', /absolute http\(s\) URL/);
    assert.match(errors['properties.actions[2].logicAppResourceId'] ?? '', /needs 'logicAppResourceId'/);
    assert.match(errors['properties.actions[3].uri'] ?? '', /does not belong to a Workspace action/);
    assert.ok(errors['properties.actions[4].logicAppResourceId']);
  });

  it('enforces size limits and tag shapes', () => {
    const many = Array.from({ length: 101 }, () => ({ scopePath: `/subscriptions/${SUB}` }));
    assert.match(errorsOf(example({ scopes: many }))['properties.scopes'] ?? '', /at most 100 items/);
    assert.match(errorsOf({ ...example(), tags: { a: 1 } })['tags.a'] ?? '', /string/);
    assert.match(errorsOf({ ...example(), tags: { 'a.b': 'x'.repeat(300) } })["tags['a.b']"] ?? '', /at most 256/);
  });

  it('never throws, whatever the body', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (raw) => {
        const result = parseAutomationBody(raw);
        assert.equal(typeof result.ok, 'boolean');
      }),
    );
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), fc.jsonValue({ maxDepth: 3 }), fc.jsonValue({ maxDepth: 3 }), (a, b, c) => {
        parseAutomationBody(example({ sources: [{ eventSource: 'Alerts', ruleSets: [{ rules: [a, { propertyJPath: b, propertyType: 'String', operator: 'Equals', expectedValue: c }] }] }], actions: [a, { actionType: 'LogicApp', logicAppResourceId: b, uri: c }], scopes: [b, { scopePath: c }] }));
      }),
    );
    // Nothing is dropped silently: an accepted body keeps every item it was given.
    const itemOf = (...valid: unknown[]) => fc.array(fc.oneof({ arbitrary: fc.constantFrom(...valid), weight: 6 }, { arbitrary: fc.jsonValue({ maxDepth: 2 }), weight: 1 }), { maxLength: 3 });
    let accepted = 0;
    fc.assert(
      fc.property(
        itemOf({ scopePath: `/subscriptions/${SUB}` }, { scopePath: `/subscriptions/${SUB}/resourcegroups/rg/`, description: 'd' }),
        itemOf({ eventSource: 'alerts' }, { eventSource: 'Assessments', ruleSets: [{}, { rules: [] }] }),
        itemOf({ actionType: 'logicapp', logicAppResourceId: LOGIC_APP }, { actionType: 'Workspace', workspaceResourceId: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/ws` }),
        itemOf({ propertyJPath: 'a', propertyType: 'string', operator: 'equals', expectedValue: 1 }, { propertyJPath: 'b[0]', propertyType: 'Boolean', operator: 'NotEquals', expectedValue: false }),
        (scopes, sources, actions, rules) => {
          const result = parseAutomationBody({ properties: { scopes, sources: [...sources, { eventSource: 'Alerts', ruleSets: [{ rules }] }], actions } });
          if (!result.ok) return;
          accepted++;
          assert.equal(result.value.scopes.length, scopes.length);
          assert.equal(result.value.sources.length, sources.length + 1);
          assert.equal(result.value.sources.at(-1)?.ruleSets[0]?.rules.length, rules.length);
          assert.equal(result.value.actions.length, actions.length);
        },
      ),
      { numRuns: 300 },
    );
    assert.ok(accepted > 30, `the property should see accepted bodies (saw ${accepted})`);
    let deep: unknown = 1;
    for (let i = 0; i < 20000; i++) deep = [deep];
    assert.equal(parseAutomationBody({ systemData: deep, properties: { description: deep } }).ok, false);
  });
});
