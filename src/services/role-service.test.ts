import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assignmentId, roleGuidOf } from './role-service.js';

const guid = '515c2055-d9d4-4321-b1b9-bd0c9a0f79fe';

describe('role references', () => {
  test('are a GUID, the listed id, or an id under a scope', () => {
    assert.equal(roleGuidOf(guid.toUpperCase()), guid);
    assert.equal(roleGuidOf(`/providers/Microsoft.Authorization/roleDefinitions/${guid}`), guid);
    assert.equal(roleGuidOf(`/subscriptions/s1/providers/microsoft.authorization/roledefinitions/${guid}`), guid);
    assert.equal(roleGuidOf(`/providers/Microsoft.Management/managementGroups/corp/providers/Microsoft.Authorization/roleDefinitions/${guid}`), guid);
  });

  test('are nothing else', () => {
    for (const text of ['Logic App Operator', `/providers/Microsoft.Authorization/roleDefinitions/operator`, `/nonsense/providers/Microsoft.Authorization/roleDefinitions/${guid}`, `${guid}/x`]) {
      assert.equal(roleGuidOf(text), undefined, text);
    }
  });
});

describe('assignment ids', () => {
  test('sit under their scope, or directly under /providers at the root', () => {
    assert.equal(assignmentId('/', 'a'), '/providers/Microsoft.Authorization/roleAssignments/a');
    assert.equal(assignmentId('/subscriptions/s1', 'a'), '/subscriptions/s1/providers/Microsoft.Authorization/roleAssignments/a');
  });
});
