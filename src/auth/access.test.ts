import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Access } from './access.js';
import { actionMatches } from './action-pattern.js';
import { builtInRoles } from './built-in-roles.js';
import { type ScopeHierarchy, flatHierarchy, scopeChain } from './scope.js';

const role = (name: string) => {
  const found = builtInRoles.find((item) => item.roleName === name);
  if (!found) throw new Error(name);
  return found;
};
const rg = '/subscriptions/s1/resourceGroups/soc';
const workflow = `${rg}/providers/Microsoft.Logic/workflows/notify`;

describe('action patterns', () => {
  test('match with * over any characters, case-insensitively', () => {
    assert.ok(actionMatches('*', 'Microsoft.Logic/workflows/write'));
    assert.ok(actionMatches('*/read', 'Microsoft.Logic/workflows/runs/read'));
    assert.ok(actionMatches('Microsoft.Logic/*', 'microsoft.logic/workflows/write'));
    assert.ok(actionMatches('Microsoft.Authorization/*/Write', 'Microsoft.Authorization/roleAssignments/write'));
    assert.ok(!actionMatches('*/read', 'Microsoft.Logic/workflows/write'));
    assert.ok(!actionMatches('Microsoft.Logic/*', 'Microsoft.LogicX/workflows/write'));
  });
});

describe('scope chains', () => {
  test('run from the root down through the resource and its children', () => {
    assert.deepEqual(scopeChain(`${workflow}/runs/r1`, flatHierarchy), [
      '/',
      '/subscriptions/s1',
      '/subscriptions/s1/resourcegroups/soc',
      '/subscriptions/s1/resourcegroups/soc/providers/microsoft.logic/workflows/notify',
      '/subscriptions/s1/resourcegroups/soc/providers/microsoft.logic/workflows/notify/runs/r1',
    ]);
    assert.deepEqual(scopeChain('/', flatHierarchy), ['/']);
    assert.deepEqual(scopeChain('/subscriptions/s1/providers/Microsoft.Security/alerts/a1', flatHierarchy), [
      '/',
      '/subscriptions/s1',
      '/subscriptions/s1/providers/microsoft.security/alerts/a1',
    ]);
  });

  test('pass through the management groups a subscription sits in', () => {
    const hierarchy: ScopeHierarchy = { managementGroupsOf: () => ['root', 'corp'], parentsOfManagementGroup: (name) => (name === 'corp' ? ['root'] : []) };
    assert.deepEqual(scopeChain(rg, hierarchy), [
      '/',
      '/providers/microsoft.management/managementgroups/root',
      '/providers/microsoft.management/managementgroups/corp',
      '/subscriptions/s1',
      '/subscriptions/s1/resourcegroups/soc',
    ]);
    assert.deepEqual(scopeChain('/providers/Microsoft.Management/managementGroups/corp', hierarchy), [
      '/',
      '/providers/microsoft.management/managementgroups/root',
      '/providers/microsoft.management/managementgroups/corp',
    ]);
  });
});

describe('access', () => {
  test('is inherited downward and never upward or sideways', () => {
    const access = new Access('p', [{ scope: rg, role: role('Logic App Contributor') }], flatHierarchy);
    assert.ok(access.allows('Microsoft.Logic/workflows/write', workflow));
    assert.ok(access.allows('Microsoft.Logic/workflows/write', rg));
    assert.ok(!access.allows('Microsoft.Logic/workflows/write', '/subscriptions/s1'));
    assert.ok(!access.allows('Microsoft.Logic/workflows/write', '/subscriptions/s1/resourceGroups/other/providers/Microsoft.Logic/workflows/x'));
    assert.ok(!access.allows('Microsoft.Logic/workflows/write', '/subscriptions/s1/resourceGroups/soc2/providers/Microsoft.Logic/workflows/x'));
  });

  test('follows the built-in roles', () => {
    const at = (name: string) => new Access('p', [{ scope: '/', role: role(name) }], flatHierarchy);
    assert.ok(at('Owner').allows('Microsoft.Authorization/roleAssignments/write', '/'));
    assert.ok(!at('Contributor').allows('Microsoft.Authorization/roleAssignments/write', '/'));
    assert.ok(at('Contributor').allows('Microsoft.Logic/workflows/write', workflow));
    assert.ok(at('Reader').allows('Microsoft.Logic/workflows/read', workflow));
    assert.ok(!at('Reader').allows('Microsoft.Logic/workflows/write', workflow));
    assert.ok(at('Security Admin').allows('Microsoft.Security/automations/write', rg));
    assert.ok(!at('Security Admin').allows('Microsoft.Logic/workflows/triggers/run/action', workflow));
    assert.ok(!at('Security Reader').allows('Microsoft.Security/automations/write', rg));
    assert.ok(at('Logic App Operator').allows('Microsoft.Logic/workflows/triggers/run/action', workflow));
    assert.ok(at('Logic App Operator').allows('Microsoft.Logic/workflows/runs/resubmit/action', workflow));
    assert.ok(!at('Logic App Operator').allows('Microsoft.Logic/workflows/write', workflow));
    assert.ok(!new Access('p', [], flatHierarchy).allows('Microsoft.Logic/workflows/read', workflow), 'deny by default');
  });

  test('tells whether a list below a scope may show something', () => {
    const access = new Access('p', [{ scope: rg, role: role('Reader') }], flatHierarchy);
    assert.ok(access.mayHaveBelow('Microsoft.Logic/workflows/read', '/subscriptions/s1'));
    assert.ok(access.mayHaveBelow('Microsoft.Logic/workflows/read', `${rg}`));
    assert.ok(!access.mayHaveBelow('Microsoft.Logic/workflows/read', '/subscriptions/s2'));
  });
});

describe('scope chains read the shape of ids', () => {
  test('a resource group named providers, and extension resources', () => {
    assert.deepEqual(scopeChain('/subscriptions/s1/resourceGroups/providers/providers/Microsoft.Logic/workflows/w1', flatHierarchy), [
      '/',
      '/subscriptions/s1',
      '/subscriptions/s1/resourcegroups/providers',
      '/subscriptions/s1/resourcegroups/providers/providers/microsoft.logic/workflows/w1',
    ]);
    assert.deepEqual(scopeChain('/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm/providers/Microsoft.Security/assessments/k', flatHierarchy), [
      '/',
      '/subscriptions/s1',
      '/subscriptions/s1/resourcegroups/rg',
      '/subscriptions/s1/resourcegroups/rg/providers/microsoft.compute/virtualmachines/vm',
      '/subscriptions/s1/resourcegroups/rg/providers/microsoft.compute/virtualmachines/vm/providers/microsoft.security/assessments/k',
    ]);
    assert.deepEqual(scopeChain('/providers/Microsoft.Authorization/roleAssignments/a1', flatHierarchy), ['/', '/providers/microsoft.authorization/roleassignments/a1']);
  });
});
