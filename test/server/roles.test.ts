/** Role definitions and role assignments over HTTP against the real server: Azure's shapes, ids and refusals. */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { api as path, newSubscription, workflowId } from '../support/defender.js';
import { createPrincipal } from '../support/principals.js';
import { type TestServer, startTestServer } from '../support/riposte-server.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(async () => {
  await server.stop();
});

const DEFINITIONS = '/providers/Microsoft.Authorization/roleDefinitions';
const ASSIGNMENTS = '/providers/Microsoft.Authorization/roleAssignments';
const prefix = (scope: string) => (scope === '/' ? '' : scope);
const definitionsAt = (scope: string) => `/api${prefix(scope)}${DEFINITIONS}`;
const assignmentsAt = (scope: string) => `/api${prefix(scope)}${ASSIGNMENTS}`;
const filter = (text: string) => `$filter=${encodeURIComponent(text)}`;

const BUILT_IN: Record<string, string> = {
  Owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
  Contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
  Reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
  'Security Admin': 'fb1c8493-542b-48eb-b624-b4c8fea62acd',
  'Security Reader': '39bc4728-0917-49c7-9d2c-d95423bc2eb4',
  'Logic App Contributor': '87a39d53-fc1b-424a-814c-f7e04687dc9e',
  'Logic App Operator': '515c2055-d9d4-4321-b1b9-bd0c9a0f79fe',
};
const roleId = (name: string) => `/providers/Microsoft.Authorization/roleDefinitions/${BUILT_IN[name]}`;

function assign(client: { call: TestServer['call'] }, scope: string, principalId: string, roleDefinitionId: string, id = randomUUID()) {
  return client.call('PUT', `${assignmentsAt(scope)}/${id}`, { properties: { principalId, roleDefinitionId } });
}

const echo = { triggers: { manual: { type: 'Request', kind: 'Http' } }, actions: { Done: { type: 'Compose', inputs: 'done' } } };

function customRole(roleName: string, actions: string[], assignableScopes: string[], notActions: string[] = []) {
  return { properties: { roleName, description: `${roleName} (test)`, permissions: [{ actions, notActions }], assignableScopes } };
}

describe('role definitions', () => {
  it('lists every built-in role with Azure ids, names and shape', async () => {
    const listed = await server.call('GET', definitionsAt('/'));
    assert.equal(listed.status, 200, JSON.stringify(listed.body));
    for (const [roleName, guid] of Object.entries(BUILT_IN)) {
      const role = listed.body.value.find((item: any) => item.properties.roleName === roleName);
      assert.ok(role, roleName);
      assert.equal(role.id, `/providers/Microsoft.Authorization/roleDefinitions/${guid}`);
      assert.equal(role.name, guid);
      assert.equal(role.type, 'Microsoft.Authorization/roleDefinitions');
      assert.equal(role.properties.type, 'BuiltInRole');
      assert.deepEqual(role.properties.assignableScopes, ['/']);
      assert.ok(Array.isArray(role.properties.permissions[0].actions) && Array.isArray(role.properties.permissions[0].notActions), 'permissions');
    }
    const contributor = listed.body.value.find((item: any) => item.properties.roleName === 'Contributor');
    assert.deepEqual(contributor.properties.permissions[0].notActions, ['Microsoft.Authorization/*/Delete', 'Microsoft.Authorization/*/Write', 'Microsoft.Authorization/elevateAccess/Action']);
  });

  it("filters by roleName, reads one by GUID at any scope, and names a bad filter or id", async () => {
    const owner = await server.call('GET', `${definitionsAt('/')}?${filter("roleName eq 'Logic App Operator'")}`);
    assert.equal(owner.status, 200);
    assert.deepEqual(owner.body.value.map((role: any) => role.name), [BUILT_IN['Logic App Operator']]);
    const one = await server.call('GET', `${definitionsAt('/')}/${BUILT_IN['Reader']}`);
    assert.equal(one.status, 200);
    assert.equal(one.body.properties.roleName, 'Reader');
    const atGroup = await server.call('GET', `${definitionsAt(`/subscriptions/${newSubscription()}/resourceGroups/soc`)}/${BUILT_IN['Owner']}`);
    assert.equal(atGroup.body.id, roleId('Owner'));
    const atWorkflow = await server.call('GET', definitionsAt(workflowId(newSubscription(), 'soc', 'notify')));
    assert.equal(atWorkflow.status, 200);
    assert.ok(atWorkflow.body.value.length >= 7, 'built-in roles at a workflow');

    const missing = await server.call('GET', `${definitionsAt('/')}/${randomUUID()}`);
    assert.equal(missing.status, 404);
    const notGuid = await server.call('GET', `${definitionsAt('/')}/owner`);
    assert.equal(notGuid.status, 400);
    assert.equal(notGuid.body.error.target, 'roleDefinitionId');
    const badFilter = await server.call('GET', `${definitionsAt('/')}?${filter('roleName gt 1')}`);
    assert.equal(badFilter.status, 400);
    assert.equal(badFilter.body.error.target, '$filter');
  });

  it('creates, updates, lists where assignable and deletes a custom role', async () => {
    const sub = `/subscriptions/${newSubscription()}`;
    const guid = randomUUID();
    const body = customRole(`Workflow runner ${guid}`, ['Microsoft.Logic/workflows/read', 'Microsoft.Logic/workflows/triggers/*'], [sub]);
    const created = await server.call('PUT', `${definitionsAt(sub)}/${guid}`, body);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.id, `/providers/Microsoft.Authorization/roleDefinitions/${guid}`);
    assert.equal(created.body.name, guid);
    assert.equal(created.body.properties.type, 'CustomRole');
    assert.deepEqual(created.body.properties.assignableScopes, [sub]);
    assert.deepEqual(created.body.properties.permissions, [{ actions: ['Microsoft.Logic/workflows/read', 'Microsoft.Logic/workflows/triggers/*'], notActions: [] }]);

    const updated = await server.call('PUT', `${definitionsAt(sub)}/${guid}`, { properties: { ...body.properties, description: 'changed' } });
    assert.equal(updated.status, 200);
    assert.equal(updated.body.properties.description, 'changed');

    const names = async (scope: string, query = '') => (await server.call('GET', `${definitionsAt(scope)}${query}`)).body.value.map((role: any) => role.name);
    assert.ok((await names(sub)).includes(guid), 'listed at its scope');
    assert.ok((await names(`${sub}/resourceGroups/soc`)).includes(guid), 'assignable below its scope');
    assert.ok(!(await names(`/subscriptions/${newSubscription()}`)).includes(guid), 'not listed where it cannot be assigned');
    assert.ok(!(await names('/')).includes(guid), 'nor at the root, above its scope');
    assert.ok((await names('/', `?${filter('atScopeAndBelow()')}`)).includes(guid), 'but at the root with atScopeAndBelow()');
    assert.ok((await names(sub, `?${filter(`atScopeAndBelow() and roleName eq 'Workflow runner ${guid}'`)}`)).includes(guid));
    assert.ok(!(await names(`${sub}/resourceGroups/soc`, `?${filter("atScopeAndBelow() and type eq 'BuiltInRole'")}`)).includes(guid));
    assert.equal((await server.call('GET', `${definitionsAt(sub)}/${guid}`)).status, 200);
    assert.equal((await server.call('GET', `${definitionsAt(`${sub}/resourceGroups/soc`)}/${guid}`)).status, 200);

    const deleted = await server.call('DELETE', `${definitionsAt(sub)}/${guid}`);
    assert.equal(deleted.status, 200);
    assert.equal(deleted.body.name, guid);
    assert.equal((await server.call('GET', `${definitionsAt(sub)}/${guid}`)).status, 404);
    assert.equal((await server.call('DELETE', `${definitionsAt(sub)}/${guid}`)).status, 204);
  });

  it('refuses invalid custom roles with 400 naming the field, and stores nothing', async () => {
    const sub = `/subscriptions/${newSubscription()}`;
    const put = (guid: string, body: unknown) => server.call('PUT', `${definitionsAt(sub)}/${guid}`, body);
    const cases: [unknown, string][] = [
      [{}, 'properties'],
      [customRole('', ['*/read'], [sub]), 'properties.roleName'],
      [{ properties: { roleName: 'x', permissions: [] } }, 'properties.permissions'],
      [customRole('x', ['Microsoft.Logic/workflows/read', 'Microsoft.Logic//write'], [sub]), 'properties.permissions[0].actions[1]'],
      [customRole('x', ['*/read'], [sub], ['not an action']), 'properties.permissions[0].notActions[0]'],
      [customRole('x', ['*/read'], [sub, '/subscriptions']), 'properties.assignableScopes[1]'],
      [customRole('x', ['*/read'], [`${sub}/resourceGroups/soc/providers/Microsoft.Logic/workflows/w`]), 'properties.assignableScopes[0]'],
      [customRole('x', ['*/read'], []), 'properties.assignableScopes'],
    ];
    for (const [body, target] of cases) {
      const guid = randomUUID();
      const response = await put(guid, body);
      assert.equal(response.status, 400, `${target}: ${JSON.stringify(response.body)}`);
      assert.equal(response.body.error.target, target);
      assert.equal((await server.call('GET', `${definitionsAt(sub)}/${guid}`)).status, 404);
    }
    const notGuid = await put('my-role', customRole('x', ['*/read'], [sub]));
    assert.equal(notGuid.status, 400);
    assert.equal(notGuid.body.error.target, 'roleDefinitionId');
    const taken = await put(randomUUID(), customRole('reader', ['*/read'], [sub]));
    assert.equal(taken.status, 409);
    assert.equal(taken.body.error.code, 'RoleDefinitionWithSameNameExists');
    assert.equal(taken.body.error.target, 'properties.roleName');
  });

  it('never changes or deletes a built-in role', async () => {
    const put = await server.call('PUT', `${definitionsAt('/')}/${BUILT_IN['Owner']}`, customRole('Owner', ['*'], ['/']));
    assert.equal(put.status, 409);
    assert.match(put.body.error.message, /built-in/);
    const deleted = await server.call('DELETE', `${definitionsAt('/')}/${BUILT_IN['Reader']}`);
    assert.equal(deleted.status, 409);
    assert.match(deleted.body.error.message, /built-in/);
    assert.equal((await server.call('GET', `${definitionsAt('/')}/${BUILT_IN['Reader']}`)).status, 200);
  });

  it('keeps a custom role while it is assigned, and keeps its scopes covering its assignments', async () => {
    const sub = `/subscriptions/${newSubscription()}`;
    const guid = randomUUID();
    const role = customRole(`Assigned ${guid}`, ['*/read'], [sub]);
    assert.equal((await server.call('PUT', `${definitionsAt(sub)}/${guid}`, role)).status, 201);
    const principal = await createPrincipal(server, 'custom-holder');
    const assignment = await assign(server, `${sub}/resourceGroups/soc`, principal.id, guid);
    assert.equal(assignment.status, 201, JSON.stringify(assignment.body));
    assert.equal(assignment.body.properties.roleName, `Assigned ${guid}`);

    const inUse = await server.call('DELETE', `${definitionsAt(sub)}/${guid}`);
    assert.equal(inUse.status, 409);
    assert.equal(inUse.body.error.code, 'RoleDefinitionHasAssignments');
    assert.ok(!JSON.stringify(inUse.body).includes(assignment.body.name), 'the assignment is not named');
    const narrowed = await server.call('PUT', `${definitionsAt(sub)}/${guid}`, customRole(`Assigned ${guid}`, ['*/read'], [`${sub}/resourceGroups/other`]));
    assert.equal(narrowed.status, 409);
    assert.equal(narrowed.body.error.target, 'properties.assignableScopes');
    assert.ok(!JSON.stringify(narrowed.body).includes(assignment.body.name), 'the assignment is not named');

    assert.equal((await server.call('DELETE', path(assignment.body.id))).status, 200);
    assert.equal((await server.call('DELETE', `${definitionsAt(sub)}/${guid}`)).status, 200);
  });
});

describe('custom roles and assignments of another scope', () => {
  it('are not seen, named or changed from a scope where the role cannot be assigned', async () => {
    // Theirs: a custom role assignable in subscription A only, and an assignment of it there.
    const subA = `/subscriptions/${newSubscription()}`;
    const guid = randomUUID();
    const roleName = `Secret responder ${guid.slice(0, 8)}`;
    assert.equal((await server.call('PUT', `${definitionsAt(subA)}/${guid}`, customRole(roleName, ['Microsoft.Logic/*'], [subA]))).status, 201);
    const holder = await createPrincipal(server, 'secret-holder');
    const theirs = await assign(server, subA, holder.id, guid);
    assert.equal(theirs.status, 201, JSON.stringify(theirs.body));

    // Ours: the Owner of subscription B.
    const subB = `/subscriptions/${newSubscription()}`;
    const owner = await createPrincipal(server, 'owner-of-b');
    assert.equal((await assign(server, subB, owner.id, roleId('Owner'))).status, 201);
    const b = owner.client;
    /** Nothing of subscription A, the role or the assignment beyond what was sent. */
    const revealsNothing = (response: { body: unknown }, sent: string[] = []) => {
      const text = JSON.stringify(response.body);
      for (const secret of [subA.split('/')[2] as string, roleName, theirs.body.id, holder.id, guid].filter((item) => !sent.includes(item))) {
        assert.ok(!text.toLowerCase().includes(secret.toLowerCase()), `${text} names ${secret}`);
      }
    };

    const read = await b.call('GET', `${definitionsAt(subB)}/${guid}`);
    assert.equal(read.status, 404, JSON.stringify(read.body));
    assert.equal(read.body.error.code, 'RoleDefinitionDoesNotExist');
    revealsNothing(read, [guid]);
    for (const query of ['', `?${filter('atScopeAndBelow()')}`]) {
      const listed = await b.call('GET', `${definitionsAt(subB)}${query}`);
      assert.equal(listed.status, 200);
      revealsNothing(listed);
    }
    assert.equal((await b.call('GET', `${definitionsAt(workflowId(subB.split('/')[2] as string, 'soc', 'w'))}/${guid}`)).status, 404);

    const assigned = await assign(b, subB, owner.id, guid);
    assert.equal(assigned.status, 400);
    assert.equal(assigned.body.error.code, 'RoleDefinitionDoesNotExist');
    assert.equal(assigned.body.error.target, 'properties.roleDefinitionId');
    revealsNothing(assigned, [guid, owner.id]);

    const sameName = await assign(b, subB, owner.id, roleId('Reader'), theirs.body.name);
    assert.equal(sameName.status, 409);
    assert.equal(sameName.body.error.code, 'RoleAssignmentUpdateNotPermitted');
    revealsNothing(sameName);
    assert.ok(!JSON.stringify(sameName.body).includes(subA), 'no other scope');

    const sameRoleName = await b.call('PUT', `${definitionsAt(subB)}/${randomUUID()}`, customRole(roleName, ['*/read'], [subB]));
    assert.equal(sameRoleName.status, 409);
    assert.equal(sameRoleName.body.error.code, 'RoleDefinitionWithSameNameExists');
    revealsNothing(sameRoleName, [roleName]);

    const overwrite = await b.call('PUT', `${definitionsAt(subB)}/${guid}`, customRole(`Mine ${guid}`, ['*'], [subB]));
    assert.equal(overwrite.status, 409, JSON.stringify(overwrite.body));
    assert.equal(overwrite.body.error.code, 'RoleDefinitionIdInUse');
    revealsNothing(overwrite, [guid]);
    const removed = await b.call('DELETE', `${definitionsAt(subB)}/${guid}`);
    assert.equal(removed.status, 204, 'nothing of that id here');

    // Theirs is untouched, and seen where it can be assigned; the root Owner may still change it from anywhere.
    const still = await server.call('GET', `${definitionsAt(subA)}/${guid}`);
    assert.equal(still.status, 200);
    assert.equal(still.body.properties.roleName, roleName);
    assert.deepEqual(still.body.properties.assignableScopes, [subA]);
    assert.equal((await server.call('GET', `${definitionsAt('/')}/${guid}`)).status, 404, 'not assignable at the root');
    assert.equal((await server.call('GET', path(theirs.body.id))).status, 200);
    const renamed = await server.call('PUT', `${definitionsAt('/')}/${guid}`, customRole(`${roleName} v2`, ['Microsoft.Logic/*'], [subA]));
    assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
  });

  it('a duplicate assignment is refused without naming the existing one', async () => {
    const sub = `/subscriptions/${newSubscription()}`;
    const principal = await createPrincipal(server, 'twice');
    const first = await assign(server, sub, principal.id, roleId('Reader'));
    assert.equal(first.status, 201);
    const twin = await assign(server, sub, principal.id, roleId('Reader'));
    assert.equal(twin.status, 409);
    assert.equal(twin.body.error.code, 'RoleAssignmentExists');
    assert.ok(!JSON.stringify(twin.body).includes(first.body.name));
  });
});

describe('role assignments', () => {
  it('are created at the root, a subscription, a resource group and a workflow, in Azure shape', async () => {
    const sub = newSubscription();
    const principal = await createPrincipal(server, 'assignee');
    const admin = await server.call('GET', `${assignmentsAt('/')}?${filter('atScope()')}`);
    const adminId = admin.body.value.find((item: any) => item.properties.roleDefinitionId === roleId('Owner')).properties.principalId;
    const scopes: [string, string][] = [
      ['/', 'Reader'],
      [`/subscriptions/${sub}`, 'Security Reader'],
      [`/subscriptions/${sub}/resourceGroups/soc`, 'Logic App Contributor'],
      [workflowId(sub, 'soc', 'notify'), 'Logic App Operator'],
    ];
    for (const [scope, roleName] of scopes) {
      const id = randomUUID();
      const created = await assign(server, scope, principal.id, roleId(roleName), id);
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const expected = {
        id: `${prefix(scope)}/providers/Microsoft.Authorization/roleAssignments/${id}`,
        name: id,
        type: 'Microsoft.Authorization/roleAssignments',
        properties: { scope, principalId: principal.id, principalType: 'ServicePrincipal', roleDefinitionId: roleId(roleName), roleName, createdOn: created.body.properties.createdOn, createdBy: adminId },
      };
      assert.deepEqual(created.body, expected);
      assert.match(created.body.properties.createdOn, /^\d{4}-\d\d-\d\dT/);
      const got = await server.call('GET', `${assignmentsAt(scope)}/${id}`);
      assert.equal(got.status, 200);
      assert.deepEqual(got.body, expected);
      const again = await assign(server, scope, principal.id, roleId(roleName), id);
      assert.equal(again.status, 200, 'the same assignment PUT again');
      assert.deepEqual(again.body, expected);
    }

    const group = `/subscriptions/${sub}/resourceGroups/soc`;
    const mine = await server.call('GET', `${assignmentsAt(group)}?${filter(`principalId eq '${principal.id}'`)}`);
    assert.equal(mine.status, 200);
    assert.deepEqual(mine.body.value.map((item: any) => item.properties.roleName).sort(), ['Logic App Contributor', 'Logic App Operator', 'Reader', 'Security Reader']);
    const atScope = await server.call('GET', `${assignmentsAt(group)}?${filter(`atScope() and principalId eq '${principal.id}'`)}`);
    assert.deepEqual(atScope.body.value.map((item: any) => item.properties.roleName).sort(), ['Logic App Contributor', 'Reader', 'Security Reader']);
    const all = await server.call('GET', assignmentsAt(group));
    assert.ok(all.body.value.some((item: any) => item.properties.principalId === adminId), 'inherited from the root');
    const elsewhere = await server.call('GET', `${assignmentsAt(`/subscriptions/${newSubscription()}`)}?${filter(`principalId eq '${principal.id}'`)}`);
    assert.deepEqual(elsewhere.body.value.map((item: any) => item.properties.scope), ['/'], 'another subscription sees only what the root passes down');

    const workflowAssignments = await server.call('GET', `${assignmentsAt(workflowId(sub, 'soc', 'notify'))}?${filter(`assignedTo('${principal.id}')`)}`);
    assert.equal(workflowAssignments.body.value.length, 4);
  });

  it('accept the role as a bare GUID or under a subscription, refuse updates and duplicates with 409', async () => {
    const sub = `/subscriptions/${newSubscription()}`;
    const principal = await createPrincipal(server, 'duplicates');
    const id = randomUUID();
    const bare = await assign(server, sub, principal.id, BUILT_IN['Reader'] as string, id);
    assert.equal(bare.status, 201, JSON.stringify(bare.body));
    assert.equal(bare.body.properties.roleDefinitionId, roleId('Reader'));
    const prefixed = await assign(server, `${sub}/resourceGroups/soc`, principal.id, `${sub}/providers/Microsoft.Authorization/roleDefinitions/${BUILT_IN['Contributor']}`);
    assert.equal(prefixed.status, 201);
    assert.equal(prefixed.body.properties.roleName, 'Contributor');

    const changed = await assign(server, sub, principal.id, roleId('Contributor'), id);
    assert.equal(changed.status, 409);
    assert.equal(changed.body.error.code, 'RoleAssignmentUpdateNotPermitted');
    const moved = await assign(server, `${sub}/resourceGroups/soc`, principal.id, roleId('Reader'), id);
    assert.equal(moved.status, 409);
    assert.equal(moved.body.error.code, 'RoleAssignmentUpdateNotPermitted');
    const twin = await assign(server, sub, principal.id, roleId('Reader'));
    assert.equal(twin.status, 409);
    assert.equal(twin.body.error.code, 'RoleAssignmentExists');

    const deleted = await server.call('DELETE', `${assignmentsAt(sub)}/${id}`);
    assert.equal(deleted.status, 200);
    assert.equal(deleted.body.name, id);
    assert.equal((await server.call('GET', `${assignmentsAt(sub)}/${id}`)).status, 404);
    assert.equal((await server.call('DELETE', `${assignmentsAt(sub)}/${id}`)).status, 204);
  });

  it('refuse bad input with 400 naming the field, and store nothing', async () => {
    const sub = `/subscriptions/${newSubscription()}`;
    const principal = await createPrincipal(server, 'bad-input');
    const customGuid = randomUUID();
    const other = `/subscriptions/${newSubscription()}`;
    assert.equal((await server.call('PUT', `${definitionsAt(other)}/${customGuid}`, customRole(`Elsewhere ${customGuid}`, ['*/read'], [other]))).status, 201);
    const put = (body: unknown, id: string = randomUUID()) => server.call('PUT', `${assignmentsAt(sub)}/${id}`, body);
    const cases: [unknown, string][] = [
      [undefined, 'properties'],
      [{ properties: { roleDefinitionId: roleId('Reader') } }, 'properties.principalId'],
      [{ properties: { principalId: randomUUID(), roleDefinitionId: roleId('Reader') } }, 'properties.principalId'],
      [{ properties: { principalId: principal.id } }, 'properties.roleDefinitionId'],
      [{ properties: { principalId: principal.id, roleDefinitionId: 'Reader' } }, 'properties.roleDefinitionId'],
      [{ properties: { principalId: principal.id, roleDefinitionId: roleId('Reader').replace(/.{12}$/, '000000000000') } }, 'properties.roleDefinitionId'],
      [{ properties: { principalId: principal.id, roleDefinitionId: customGuid } }, 'properties.roleDefinitionId'],
      [{ properties: { principalId: principal.id, roleDefinitionId: roleId('Reader'), scope: other } }, 'properties.scope'],
    ];
    for (const [body, target] of cases) {
      const response = await put(body);
      assert.equal(response.status, 400, `${target}: ${JSON.stringify(response.body)}`);
      assert.equal(response.body.error.target, target, JSON.stringify(response.body));
    }
    const notGuid = await put({ properties: { principalId: principal.id, roleDefinitionId: roleId('Reader') } }, 'not-a-guid');
    assert.equal(notGuid.status, 400);
    assert.equal(notGuid.body.error.target, 'roleAssignmentName');
    assert.equal((await server.call('GET', `${assignmentsAt(sub)}/not-a-guid`)).status, 400);
    const badFilter = await server.call('GET', `${assignmentsAt(sub)}?${filter("principalName eq 'x'")}`);
    assert.equal(badFilter.status, 400);
    assert.equal(badFilter.body.error.target, '$filter');
    const stored = await server.call('GET', `${assignmentsAt('/')}?${filter(`principalId eq '${principal.id}'`)}`);
    assert.deepEqual(stored.body.value, []);
  });

  it('never remove the last Owner at the root', async () => {
    const owners = async () =>
      (await server.call('GET', `${assignmentsAt('/')}?${filter('atScope()')}`)).body.value.filter((item: any) => item.properties.roleDefinitionId === roleId('Owner') && item.properties.scope === '/');
    const [only] = await owners();
    assert.equal((await owners()).length, 1);
    const refused = await server.call('DELETE', path(only.id));
    assert.equal(refused.status, 409);
    assert.equal(refused.body.error.code, 'LastOwner');

    const second = await createPrincipal(server, 'second-owner');
    const granted = await assign(server, '/', second.id, roleId('Owner'));
    assert.equal(granted.status, 201);
    // With two Owners, either may go; the remaining one may not.
    assert.equal((await second.client.call('DELETE', path(granted.body.id))).status, 200);
    assert.equal((await server.call('DELETE', path(only.id))).status, 409);
  });
});

describe('access through role assignments', () => {
  it('is inherited from a resource group by its workflows, and by no other group', async () => {
    const sub = newSubscription();
    for (const rg of ['soc', 'other']) {
      const created = await server.call('PUT', path(workflowId(sub, rg, 'notify')), { location: 'westeurope', properties: { definition: echo } });
      assert.equal(created.status, 201, JSON.stringify(created.body));
    }
    const reader = await createPrincipal(server, 'group-reader');
    assert.equal((await assign(server, `/subscriptions/${sub}/resourceGroups/soc`, reader.id, roleId('Reader'))).status, 201);

    const inside = await reader.client.call('GET', path(workflowId(sub, 'soc', 'notify')));
    assert.equal(inside.status, 200, JSON.stringify(inside.body));
    const outside = await reader.client.call('GET', path(workflowId(sub, 'other', 'notify')));
    assert.equal(outside.status, 403, JSON.stringify(outside.body));
    assert.doesNotMatch(outside.body.error.message, /declares no permission/);
    assert.match(outside.body.error.message, /Microsoft\.Logic\/workflows\/read/);

    // Its list shows the assignments it may read: its group's, not the root's.
    const listed = await reader.client.call('GET', assignmentsAt(`/subscriptions/${sub}/resourceGroups/soc`));
    assert.equal(listed.status, 200);
    assert.ok(listed.body.value.length >= 1, 'its own assignment');
    assert.ok(listed.body.value.every((item: any) => item.properties.scope !== '/'), 'no root assignments');
    assert.equal((await reader.client.call('GET', assignmentsAt(`/subscriptions/${sub}/resourceGroups/other`))).status, 403);
  });

  it('lets only an Owner, or a role with roleAssignments/write, assign roles', async () => {
    const sub = `/subscriptions/${newSubscription()}`;
    const target = await createPrincipal(server, 'target');
    const contributor = await createPrincipal(server, 'contributor');
    assert.equal((await assign(server, '/', contributor.id, roleId('Contributor'))).status, 201);
    const refused = await assign(contributor.client, sub, target.id, roleId('Reader'));
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error.code, 'AuthorizationFailed');
    assert.match(refused.body.error.message, /Microsoft\.Authorization\/roleAssignments\/write/);
    assert.match(refused.body.error.message, new RegExp(sub));
    assert.equal((await contributor.client.call('PUT', `${definitionsAt(sub)}/${randomUUID()}`, customRole('by contributor', ['*/read'], [sub]))).status, 403);

    const guid = randomUUID();
    const granting = customRole(`Access granter ${guid}`, ['Microsoft.Authorization/roleAssignments/*', 'Microsoft.Authorization/roleDefinitions/read'], [sub]);
    assert.equal((await server.call('PUT', `${definitionsAt(sub)}/${guid}`, granting)).status, 201);
    const granter = await createPrincipal(server, 'granter');
    assert.equal((await assign(server, sub, granter.id, guid)).status, 201);
    const allowed = await assign(granter.client, `${sub}/resourceGroups/soc`, target.id, roleId('Logic App Operator'));
    assert.equal(allowed.status, 201, JSON.stringify(allowed.body));
    assert.equal(allowed.body.properties.createdBy, granter.id);
    assert.equal((await assign(granter.client, `/subscriptions/${newSubscription()}`, target.id, roleId('Reader'))).status, 403);
    assert.equal((await assign(granter.client, '/', target.id, roleId('Reader'))).status, 403);

    const owner = await createPrincipal(server, 'group-owner');
    assert.equal((await assign(server, `${sub}/resourceGroups/soc`, owner.id, roleId('Owner'))).status, 201);
    assert.equal((await assign(owner.client, workflowId(sub.split('/')[2] as string, 'soc', 'w'), target.id, roleId('Reader'))).status, 201);
    assert.equal((await assign(owner.client, sub, target.id, roleId('Security Reader'))).status, 403);
  });

  it('leaves the other routes under a subscription to their modules, and appears in the OpenAPI document', async () => {
    const sub = newSubscription();
    for (const id of [`/subscriptions/${sub}/providers/Microsoft.Security/alerts/a1`, `/subscriptions/${sub}/resourceGroups/soc/providers/Microsoft.Security/locations/westeurope/alerts/a1`]) {
      const response = await server.call('GET', path(id));
      assert.equal(response.status, 404, JSON.stringify(response.body));
      assert.doesNotMatch(response.body.error.code, /Role|Scope/);
    }
    const workflow = await server.call('GET', path(workflowId(sub, 'soc', 'absent')));
    assert.equal(workflow.status, 404);
    const openapi = await server.call('GET', '/api/openapi.json');
    assert.equal(openapi.status, 200);
    assert.ok('/api/providers/Microsoft.Authorization/roleAssignments/{id}' in openapi.body.paths, Object.keys(openapi.body.paths).join('\n'));
    assert.ok('/api/subscriptions/{sub}/resourceGroups/{rg}/providers/{ns}/{type}/{name}/providers/Microsoft.Authorization/roleAssignments' in openapi.body.paths, 'resource scopes');
  });
});
