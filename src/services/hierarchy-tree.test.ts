import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Access } from '../auth/access.js';
import { builtInRoles } from '../auth/built-in-roles.js';
import { scopeChain } from '../auth/scope.js';
import { HierarchyTree } from './hierarchy-tree.js';

const group = (name: string, parent: string | null) => ({ name, displayName: name, parentKey: parent, changedAt: '2025-01-01T00:00:00Z' });
const mg = (name: string) => `/providers/Microsoft.Management/managementGroups/${name}`;

/** root ⊃ Corp ⊃ {apps ⊃ s-apps, s-corp}; root ⊃ s-loose. */
function sample(): HierarchyTree {
  const tree = new HierarchyTree();
  tree.setGroup(group('root', null));
  tree.setGroup(group('Corp', 'root'));
  tree.setGroup(group('apps', 'corp'));
  tree.setSubscription({ id: 'S-Apps', displayName: null, groupKey: 'apps' });
  tree.setSubscription({ id: 's-corp', displayName: null, groupKey: 'corp' });
  tree.setSubscription({ id: 's-loose', displayName: null, groupKey: 'root' });
  return tree;
}

describe('the hierarchy tree', () => {
  test('places subscriptions under their groups, root included; unknown ones under root', () => {
    const tree = sample();
    assert.deepEqual(tree.managementGroupsOf('s-apps'), ['root', 'Corp', 'apps']);
    assert.deepEqual(tree.managementGroupsOf('never-seen'), ['root']);
    assert.deepEqual(tree.parentsOfManagementGroup('APPS'), ['root', 'Corp']);
    assert.deepEqual(tree.parentsOfManagementGroup('root'), []);
    assert.deepEqual(tree.parentsOfManagementGroup('unknown'), ['root']);
    assert.deepEqual(scopeChain('/subscriptions/s-apps/resourceGroups/rg', tree), [
      '/',
      mg('root').toLowerCase(),
      mg('corp').toLowerCase(),
      mg('apps').toLowerCase(),
      '/subscriptions/s-apps',
      '/subscriptions/s-apps/resourcegroups/rg',
    ]);
  });

  test('walks descendants breadth first and finds subscriptions under a scope', () => {
    const tree = sample();
    assert.deepEqual(
      tree.descendantsOf('root').map((entry) => (entry.kind === 'group' ? entry.node.name : entry.node.id)),
      ['Corp', 's-loose', 'apps', 's-corp', 'S-Apps'],
    );
    assert.deepEqual(tree.subscriptionsUnder(mg('corp')), ['s-corp', 'S-Apps']);
    assert.deepEqual(tree.subscriptionsUnder('/').sort(), ['S-Apps', 's-corp', 's-loose']);
    assert.deepEqual(tree.subscriptionsUnder('/subscriptions/S-APPS'), ['S-Apps']);
    assert.deepEqual(tree.subscriptionsUnder('/subscriptions/s-apps/resourceGroups/rg'), []);
    assert.ok(tree.isWithin('/subscriptions/s-apps/resourceGroups/rg', mg('Corp')));
    assert.ok(!tree.isWithin('/subscriptions/s-loose', mg('corp')));
  });

  test('moves keep the child indexes right', () => {
    const tree = sample();
    tree.setGroup(group('apps', 'root'));
    tree.setSubscription({ id: 's-corp', displayName: 'Corp', groupKey: 'apps' });
    assert.deepEqual(tree.subscriptionsUnder(mg('corp')), []);
    assert.deepEqual(tree.subscriptionsUnder(mg('apps')).sort(), ['S-Apps', 's-corp']);
    tree.removeSubscription('S-APPS');
    assert.deepEqual(tree.subscriptionsUnder(mg('apps')), ['s-corp']);
  });

  test('lets a list at a group find assignments below it in the tree', () => {
    const tree = sample();
    const reader = builtInRoles.find((role) => role.roleName === 'Reader');
    assert.ok(reader);
    const access = new Access('p', [{ scope: '/subscriptions/s-apps/resourceGroups/rg', role: reader }], tree);
    assert.ok(access.mayHaveBelow('Microsoft.Logic/workflows/read', mg('corp')));
    assert.ok(access.mayHaveBelow('Microsoft.Logic/workflows/read', mg('root')));
    assert.ok(!access.mayHaveBelow('Microsoft.Logic/workflows/read', mg('other')));
    assert.ok(!access.allows('Microsoft.Logic/workflows/read', mg('corp')));
  });
});
