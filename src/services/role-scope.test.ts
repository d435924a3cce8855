import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseScope, scopePrefix } from './role-scope.js';

describe('scopes', () => {
  test('are the root, a management group, a subscription, a resource group or a resource', () => {
    assert.deepEqual(parseScope(''), { scope: '/', kind: 'root' });
    assert.deepEqual(parseScope('/'), { scope: '/', kind: 'root' });
    assert.equal(parseScope('/providers/Microsoft.Management/managementGroups/corp')?.kind, 'managementGroup');
    assert.deepEqual(parseScope('/subscriptions/s1/'), { scope: '/subscriptions/s1', kind: 'subscription' });
    assert.equal(parseScope('/SUBSCRIPTIONS/s1/resourcegroups/soc')?.kind, 'resourceGroup');
    assert.equal(parseScope('/subscriptions/s1/resourceGroups/soc/providers/Microsoft.Logic/workflows/notify')?.kind, 'resource');
    assert.equal(parseScope('/subscriptions/s1/resourceGroups/soc/providers/Microsoft.Logic/workflows/notify/runs/r1')?.kind, 'resource');
    assert.equal(parseScope('/subscriptions/s1/providers/Microsoft.Security/locations/westeurope/alerts/a1')?.kind, 'resource');
  });

  test('refuse anything else', () => {
    for (const text of [
      'subscriptions/s1',
      '/subscriptions',
      '/subscriptions/s1/resourceGroups',
      '/subscriptions/s1/resourceGroups/soc/providers/Microsoft.Logic/workflows',
      '/subscriptions/s1/resourceGroups/soc/providers/Microsoft.Logic',
      '/subscriptions//resourceGroups/soc',
      '/subscriptions/../resourceGroups/soc',
      '/subscriptions/s 1',
      '/providers/Microsoft.Management/managementGroups',
      '/tenants/t1',
    ]) {
      assert.equal(parseScope(text), undefined, text);
    }
  });

  test('put nothing before /providers/… for the root', () => {
    assert.equal(scopePrefix('/'), '');
    assert.equal(scopePrefix('/subscriptions/s1'), '/subscriptions/s1');
  });
});
