import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  isWithinScope,
  normalizeResourceId,
  parseResourceGroupResource,
  parseResourceId,
  resourceGroupResource,
  resourceIdsEqual,
  subscriptionIdOf,
} from './resource-id.js';

const SUB = '8b1f2c3d-0000-4000-8000-000000000001';

describe('parseResourceId', () => {
  it('parses a resource-group resource', () => {
    assert.deepEqual(parseResourceId(`/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.Security/automations/a1`), {
      id: `/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.Security/automations/a1`,
      subscriptionId: SUB,
      resourceGroup: 'rg1',
      namespace: 'Microsoft.Security',
      resourceType: 'Microsoft.Security/automations',
      name: 'a1',
      providerGroups: 1,
    });
  });

  it('matches keywords case-insensitively and drops a trailing slash', () => {
    const parsed = parseResourceId('/SUBSCRIPTIONS/s1/resourcegroups/RG/PROVIDERS/microsoft.logic/workflows/wf/');
    assert.equal(parsed?.id, '/SUBSCRIPTIONS/s1/resourcegroups/RG/PROVIDERS/microsoft.logic/workflows/wf');
    assert.equal(parsed?.subscriptionId, 's1');
    assert.equal(parsed?.resourceGroup, 'RG');
    assert.equal(parsed?.resourceType, 'microsoft.logic/workflows');
    assert.equal(parsed?.name, 'wf');
  });

  it('parses subscriptions, resource groups, collections, nested and extension resources', () => {
    assert.deepEqual(parseResourceId('/subscriptions/s1'), { id: '/subscriptions/s1', subscriptionId: 's1', providerGroups: 0 });
    assert.deepEqual(parseResourceId('/subscriptions/s1/resourceGroups/rg'), {
      id: '/subscriptions/s1/resourceGroups/rg',
      subscriptionId: 's1',
      resourceGroup: 'rg',
      providerGroups: 0,
    });
    const collection = parseResourceId('/subscriptions/s1/providers/Microsoft.Security/automations');
    assert.equal(collection?.resourceType, 'Microsoft.Security/automations');
    assert.equal(collection?.name, undefined);
    const nested = parseResourceId('/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Logic/workflows/wf/triggers/manual');
    assert.equal(nested?.resourceType, 'Microsoft.Logic/workflows/triggers');
    assert.equal(nested?.name, 'manual');
    const extension = parseResourceId(
      '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm/providers/Microsoft.Security/assessments/k1',
    );
    assert.equal(extension?.resourceType, 'Microsoft.Security/assessments');
    assert.equal(extension?.name, 'k1');
    assert.equal(extension?.providerGroups, 2);
    const tenant = parseResourceId('/providers/Microsoft.Management/managementGroups/mg1');
    assert.equal(tenant?.subscriptionId, undefined);
    assert.equal(tenant?.resourceType, 'Microsoft.Management/managementGroups');
  });

  it('rejects what is not an ARM id', () => {
    for (const bad of ['', '/', 'subscriptions/s1', '/subscriptions', '/subscriptions//resourceGroups/rg', '/foo/bar',
      '/subscriptions/s1/resourceGroups', '/subscriptions/s1/bogus/x', '/subscriptions/s1/providers']) {
      assert.equal(parseResourceId(bad), undefined, bad);
    }
  });

  it('never throws', () => {
    fc.assert(fc.property(fc.string(), (text) => void parseResourceId(text)));
    fc.assert(fc.property(fc.array(fc.constantFrom('subscriptions', 'resourceGroups', 'providers', 'x', '', 'a/b')), (parts) => void parseResourceId(`/${parts.join('/')}`)));
  });
});

describe('parseResourceGroupResource', () => {
  it('accepts exactly a top-level resource of the type', () => {
    const id = resourceGroupResource('s1', 'rg', 'Microsoft.Logic', 'workflows', 'wf');
    assert.deepEqual(parseResourceGroupResource(id, 'Microsoft.Logic/workflows'), { subscriptionId: 's1', resourceGroup: 'rg', name: 'wf' });
    assert.deepEqual(parseResourceGroupResource(id.toLowerCase(), 'Microsoft.Logic/workflows')?.name, 'wf');
    assert.equal(parseResourceGroupResource(id, 'Microsoft.Security/automations'), undefined);
    assert.equal(parseResourceGroupResource(`${id}/triggers/manual`, 'Microsoft.Logic/workflows'), undefined);
    assert.equal(parseResourceGroupResource('/subscriptions/s1/providers/Microsoft.Logic/workflows/wf', 'Microsoft.Logic/workflows'), undefined);
    assert.equal(parseResourceGroupResource(`/subscriptions/s1/resourceGroups/rg/providers/X.Y/z/n/providers/Microsoft.Logic/workflows/wf`, 'Microsoft.Logic/workflows'), undefined);
  });
});

describe('comparisons', () => {
  it('compares case-insensitively, ignoring a trailing slash', () => {
    assert.equal(normalizeResourceId('/Subscriptions/ABC/'), '/subscriptions/abc');
    assert.ok(resourceIdsEqual('/subscriptions/ABC/resourceGroups/Rg', '/SUBSCRIPTIONS/abc/resourcegroups/rg/'));
    assert.ok(!resourceIdsEqual('/subscriptions/abc', '/subscriptions/abcd'));
  });

  it('tests scope containment on a segment boundary', () => {
    const rg = '/subscriptions/S1/resourceGroups/RG';
    assert.ok(isWithinScope('/subscriptions/s1/resourcegroups/rg', rg));
    assert.ok(isWithinScope('/subscriptions/s1/resourcegroups/rg/providers/Microsoft.Compute/virtualMachines/vm', rg));
    assert.ok(isWithinScope('/subscriptions/s1/resourceGroups/rg/providers/x/y/z', `${rg}/`));
    assert.ok(!isWithinScope('/subscriptions/s1/resourceGroups/rg2/providers/x/y/z', rg));
    assert.ok(!isWithinScope('/subscriptions/s1', rg));
    assert.ok(isWithinScope('/subscriptions/s1/resourceGroups/rg', '/subscriptions/s1'));
    assert.ok(!isWithinScope('/subscriptions/s10/resourceGroups/rg', '/subscriptions/s1'));
    assert.ok(isWithinScope('/subscriptions/s1', '/'));
  });

  it('reads the subscription of any id', () => {
    assert.equal(subscriptionIdOf('/SUBSCRIPTIONS/s1/resourceGroups/rg'), 's1');
    assert.equal(subscriptionIdOf('/subscriptions/s1'), 's1');
    assert.equal(subscriptionIdOf('/providers/Microsoft.Management/managementGroups/mg'), undefined);
    assert.equal(subscriptionIdOf('subscriptions/s1'), undefined);
  });
});
