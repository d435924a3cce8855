import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AutomationProperties, AutomationSource } from './automation-types.js';
import { compileAutomation, matchesEvent, matchesPayload } from './compile-automation.js';
import { eventResourceKey } from './scope.js';

const ID = '/subscriptions/S1/resourceGroups/automation-rg/providers/Microsoft.Security/automations/high-alerts';
const highAlerts: AutomationSource = {
  eventSource: 'Alerts',
  ruleSets: [{ rules: [{ propertyJPath: 'Severity', propertyType: 'String', expectedValue: 'high', operator: 'Equals' }] }],
};
const props = (overrides: Partial<AutomationProperties> = {}): AutomationProperties => ({
  isEnabled: true,
  scopes: [],
  sources: [highAlerts],
  actions: [],
  ...overrides,
});
const event = (resourceId: string, payload = { Severity: 'High' }, eventSource = 'Alerts', subscriptionId = 's1') => ({
  eventSource,
  subscriptionId,
  resourceId,
  payload,
});
const VM = '/subscriptions/s1/resourceGroups/app-rg/providers/Microsoft.Compute/virtualMachines/vm1';

describe('compileAutomation', () => {
  it('without scopes covers the automation subscription only', () => {
    const compiled = compileAutomation(ID, props());
    assert.deepEqual(compiled.scopePaths, ['/subscriptions/s1']);
    assert.deepEqual(compiled.scopeSubscriptions, ['s1']);
    assert.equal(compiled.subscriptionId, 'S1');
    assert.ok(matchesEvent(compiled, event(VM)));
    assert.ok(matchesEvent(compiled, event(VM.toUpperCase())));
    assert.ok(!matchesEvent(compiled, event('/subscriptions/s2/resourceGroups/app-rg/providers/x/y/z', undefined, 'Alerts', 's2')));
    assert.ok(!matchesEvent(compiled, event('/subscriptions/s10/resourceGroups/app-rg')));
  });

  it('with scopes covers exactly those subscriptions and resource groups, on segment boundaries', () => {
    const compiled = compileAutomation(ID, props({ scopes: [{ scopePath: '/subscriptions/S1/resourceGroups/App-RG' }, { scopePath: '/subscriptions/s3' }] }));
    assert.deepEqual(compiled.scopeSubscriptions, ['s1', 's3']);
    assert.ok(matchesEvent(compiled, event(VM)));
    assert.ok(matchesEvent(compiled, event('/subscriptions/S3/resourceGroups/x/providers/a/b/c', undefined, 'Alerts', 's3')));
    assert.ok(!matchesEvent(compiled, event('/subscriptions/s1/resourceGroups/app-rg2/providers/Microsoft.Compute/virtualMachines/vm1')));
    assert.ok(!matchesEvent(compiled, event('/subscriptions/s1/resourceGroups/other/providers/a/b/c')));
  });

  it('checks source and rules; disabled automations never match', () => {
    const compiled = compileAutomation(ID, props());
    assert.ok(!matchesEvent(compiled, event(VM, { Severity: 'Low' })));
    assert.ok(!matchesEvent(compiled, event(VM, { Severity: 'High' }, 'Assessments')));
    assert.ok(matchesEvent(compiled, event(VM, { Severity: 'High' }, 'ALERTS')));
    assert.ok(matchesPayload(compiled, 'alerts', { severity: 'HIGH' }));
    assert.ok(!matchesEvent(compileAutomation(ID, props({ isEnabled: false })), event(VM)));
  });

  it('ORs several sources of the same kind; one without ruleSets matches every event of it', () => {
    const lowAlerts: AutomationSource = { eventSource: 'Alerts', ruleSets: [{ rules: [{ propertyJPath: 'Severity', propertyType: 'String', expectedValue: 'low', operator: 'Equals' }] }] };
    const both = compileAutomation(ID, props({ sources: [highAlerts, lowAlerts] }));
    assert.ok(matchesPayload(both, 'Alerts', { Severity: 'Low' }));
    assert.ok(matchesPayload(both, 'Alerts', { Severity: 'High' }));
    assert.ok(!matchesPayload(both, 'Alerts', { Severity: 'Medium' }));
    const all = compileAutomation(ID, props({ sources: [highAlerts, { eventSource: 'Alerts', ruleSets: [] }] }));
    assert.ok(matchesPayload(all, 'Alerts', { Severity: 'Medium' }));
  });

  it('treats an event without a resource id as about its subscription', () => {
    assert.equal(eventResourceKey({ resourceId: '', subscriptionId: 'S1' }), '/subscriptions/s1');
    assert.equal(eventResourceKey({ resourceId: '', subscriptionId: '' }), '');
    assert.ok(matchesEvent(compileAutomation(ID, props()), event('', undefined, 'Alerts', 'S1')));
  });

  it('refuses an id that is not an automation id', () => {
    assert.throws(() => compileAutomation('/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Logic/workflows/wf', props()), TypeError);
  });
});
