import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ApiError } from '../server/api-error.js';
import { parseCustomRole } from './role-definition-input.js';

const sub = '/subscriptions/s1';
const valid = { roleName: ' Runner ', description: 'runs', permissions: [{ actions: ['Microsoft.Logic/workflows/read', 'Microsoft.Logic/*/run/action'] }], assignableScopes: [sub, '/subscriptions/S1/'] };

function target(properties: unknown): string | undefined {
  try {
    parseCustomRole({ properties }, sub);
  } catch (error) {
    assert.ok(error instanceof ApiError && error.statusCode === 400, String(error));
    return error.target;
  }
  return undefined;
}

describe('custom role input', () => {
  test('is trimmed, defaulted and deduplicated', () => {
    assert.deepEqual(parseCustomRole({ properties: valid }, sub), {
      roleName: 'Runner',
      description: 'runs',
      permissions: [{ actions: ['Microsoft.Logic/workflows/read', 'Microsoft.Logic/*/run/action'], notActions: [] }],
      assignableScopes: [sub],
    });
    const { assignableScopes, description } = parseCustomRole({ properties: { roleName: 'x', permissions: [{ actions: ['*/read'] }] } }, '/subscriptions/s2/resourceGroups/g');
    assert.deepEqual(assignableScopes, ['/subscriptions/s2/resourceGroups/g']);
    assert.equal(description, '');
  });

  test('names the field of each mistake', () => {
    assert.equal(target(undefined), 'properties');
    assert.equal(target({ ...valid, roleName: 3 }), 'properties.roleName');
    assert.equal(target({ ...valid, description: [] }), 'properties.description');
    assert.equal(target({ ...valid, type: 'BuiltInRole' }), 'properties.type');
    assert.equal(target({ ...valid, permissions: {} }), 'properties.permissions');
    assert.equal(target({ ...valid, permissions: [{ actions: ['*'] }, 'x'] }), 'properties.permissions[1]');
    assert.equal(target({ ...valid, permissions: [{ notActions: [] }] }), 'properties.permissions[0].actions');
    assert.equal(target({ ...valid, permissions: [{ actions: ['Microsoft.Logic/ workflows'] }] }), 'properties.permissions[0].actions[0]');
    assert.equal(target({ ...valid, permissions: [{ actions: ['*'], notActions: ['a//b'] }] }), 'properties.permissions[0].notActions[0]');
    assert.equal(target({ ...valid, permissions: [{ actions: ['*'], dataActions: ['x/y'] }] }), 'properties.permissions[0].dataActions');
    assert.equal(target({ ...valid, assignableScopes: 'x' }), 'properties.assignableScopes');
    assert.equal(target({ ...valid, assignableScopes: [sub, 42] }), 'properties.assignableScopes[1]');
    assert.equal(target({ ...valid, assignableScopes: [`${sub}/resourceGroups/g/providers/Microsoft.Logic/workflows/w`] }), 'properties.assignableScopes[0]');
  });
});
