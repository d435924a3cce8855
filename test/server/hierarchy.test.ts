/**
 * The management group hierarchy through the API: groups, subscriptions placed in them, resource groups, and role
 * assignments at a group reaching everything below it in the tree (and nothing once a subscription moves out).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { assignRole, createPrincipal } from '../support/principals.js';
import { type TestServer, startTestServer } from '../support/riposte-server.js';

const MG = (name: string) => `/providers/Microsoft.Management/managementGroups/${name}`;
const ROOT = MG('root');
const definition = { triggers: { manual: { type: 'Request', kind: 'Http' } }, actions: {} };
const workflowPath = (sub: string, rg = 'soc', name = 'wf') => `/api/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Logic/workflows/${name}`;

let server: TestServer;
let placed: string[][];
let removed: string[];
before(async () => {
  server = await startTestServer();
  placed = [];
  removed = [];
  server.server.context.hierarchy.onSubscriptionPlaced((ids) => {
    placed.push([...ids]);
  });
  server.server.context.hierarchy.onSubscriptionRemoved((id) => {
    removed.push(id);
  });
});
after(() => server.stop());

/** A short unique prefix, so each test builds its own part of the one tree. */
const unique = () => randomUUID().slice(0, 8);

async function put(path: string, body: unknown, status: number) {
  const response = await server.call('PUT', path, body);
  assert.equal(response.status, status, `PUT ${path}: ${JSON.stringify(response.body)}`);
  return response.body;
}

const group = (name: string, parent?: string, displayName?: string) =>
  put(`/api${MG(name)}`, { properties: { ...(displayName ? { displayName } : {}), ...(parent ? { details: { parent: { id: MG(parent) } } } : {}) } }, 201);
const subscription = (id: string, managementGroupId?: string, status = 201) => put(`/api/subscriptions/${id}`, { properties: managementGroupId ? { managementGroupId } : {} }, status);

describe('management groups', () => {
  it('form a tree: get, expand children (nested with $recurse), descendants breadth first', async () => {
    const p = unique();
    const top = await group(`${p}-top`);
    assert.deepEqual(top, {
      id: MG(`${p}-top`),
      type: 'Microsoft.Management/managementGroups',
      name: `${p}-top`,
      properties: { displayName: `${p}-top`, details: { parent: { id: ROOT, name: 'root', displayName: 'Tenant Root Group' }, updatedTime: top.properties.details.updatedTime } },
    });
    // The parent id compares case-insensitively.
    await put(`/api${MG(`${p}-mid`)}`, { properties: { displayName: 'Middle', details: { parent: { id: MG(`${p}-TOP`).toLowerCase() } } } }, 201);
    await group(`${p}-leaf`, `${p}-mid`);
    await group(`${p}-side`, `${p}-top`);
    await subscription(`${p}-s1`, MG(`${p}-mid`));
    await subscription(`${p}-s2`, `${p}-top`);
    const renamed = await put(`/api${MG(`${p}-top`)}`, { properties: { displayName: 'Top' } }, 200);
    assert.equal(renamed.properties.displayName, 'Top');
    assert.equal(renamed.properties.details.parent.name, 'root', 'a PUT without a parent keeps it where it is');

    const root = await server.call('GET', `/api${ROOT}`);
    assert.equal(root.status, 200);
    assert.equal(root.body.properties.details.parent, null);

    const expanded = await server.call('GET', `/api${MG(`${p}-top`)}?$expand=children`);
    assert.deepEqual(expanded.body.properties.children, [
      { id: MG(`${p}-mid`), type: 'Microsoft.Management/managementGroups', name: `${p}-mid`, displayName: 'Middle' },
      { id: MG(`${p}-side`), type: 'Microsoft.Management/managementGroups', name: `${p}-side`, displayName: `${p}-side` },
      { id: `/subscriptions/${p}-s2`, type: '/subscriptions', name: `${p}-s2`, displayName: `${p}-s2` },
    ]);
    const recursive = await server.call('GET', `/api${MG(`${p}-top`)}?$expand=children&$recurse=true`);
    assert.deepEqual(
      recursive.body.properties.children[0].children.map((child: { name: string }) => child.name),
      [`${p}-leaf`, `${p}-s1`],
    );
    assert.equal((await server.call('GET', `/api${MG(`${p}-top`)}?$recurse=true`)).status, 400);

    const descendants = await server.call('GET', `/api${MG(`${p}-top`)}/descendants`);
    assert.equal(descendants.status, 200);
    assert.deepEqual(
      descendants.body.value.map((item: { name: string; type: string; properties: { parent: { id: string } } }) => [item.name, item.type, item.properties.parent.id]),
      [
        [`${p}-mid`, 'Microsoft.Management/managementGroups', MG(`${p}-top`)],
        [`${p}-side`, 'Microsoft.Management/managementGroups', MG(`${p}-top`)],
        [`${p}-s2`, '/subscriptions', MG(`${p}-top`)],
        [`${p}-leaf`, 'Microsoft.Management/managementGroups', MG(`${p}-mid`)],
        [`${p}-s1`, '/subscriptions', MG(`${p}-mid`)],
      ],
    );
    const direct = await server.call('GET', `/api${MG(`${p}-top`)}/subscriptions`);
    assert.deepEqual(direct.body.value.map((item: { name: string }) => item.name), [`${p}-s2`]);
    const all = await server.call('GET', '/api/providers/Microsoft.Management/managementGroups');
    assert.ok(all.body.value.some((item: { name: string }) => item.name === `${p}-leaf`));
    assert.equal((await server.call('GET', `/api${MG(`${p}-nothing`)}`)).status, 404);
  });

  it('refuse bad names, unknown parents, cycles, and a parent for the root', async () => {
    const p = unique();
    await group(`${p}-a`);
    await group(`${p}-b`, `${p}-a`);
    await group(`${p}-c`, `${p}-b`);
    const refused = async (path: string, body: unknown, target: string, code?: string) => {
      const response = await server.call('PUT', path, body);
      assert.equal(response.status, 400, JSON.stringify(response.body));
      assert.equal(response.body.error.target, target);
      if (code) assert.equal(response.body.error.code, code);
      return response.body.error;
    };
    await refused(`/api${MG(`${p}-ends-with-dot.`)}`, {}, 'groupId');
    await refused(`/api${MG(`${p}%24x`)}`, {}, 'groupId');
    await refused(`/api${MG(`${p}-x`)}`, { properties: { details: { parent: { id: `${p}-a` } } } }, 'properties.details.parent.id');
    await refused(`/api${MG(`${p}-x`)}`, { properties: { details: { parent: { id: MG(`${p}-missing`) } } } }, 'properties.details.parent.id', 'ParentManagementGroupNotFound');
    await refused(`/api${MG(`${p}-x`)}`, { properties: { displayName: 5 } }, 'properties.displayName');
    const cycle = await refused(`/api${MG(`${p}-a`)}`, { properties: { details: { parent: { id: MG(`${p}-c`) } } } }, 'properties.details.parent.id', 'ManagementGroupCycle');
    assert.match(cycle.message, new RegExp(`${p}-a → ${p}-b → ${p}-c → ${p}-a`));
    await refused(`/api${MG(`${p}-b`)}`, { properties: { details: { parent: { id: MG(`${p}-b`) } } } }, 'properties.details.parent.id', 'ManagementGroupCycle');
    await refused(`/api${ROOT}`, { properties: { details: { parent: { id: MG(`${p}-a`) } } } }, 'properties.details.parent.id');
    assert.equal((await server.call('DELETE', `/api${ROOT}`)).status, 400);
    assert.equal((await server.call('GET', `/api${MG(`${p}-x`)}`)).status, 404, 'nothing refused was stored');
  });

  it('move with every subscription below them, and tell the listeners', async () => {
    const p = unique();
    await group(`${p}-from`);
    await group(`${p}-to`);
    await group(`${p}-moving`, `${p}-from`);
    await group(`${p}-inner`, `${p}-moving`);
    placed.length = 0;
    await subscription(`${p}-s1`, MG(`${p}-inner`));
    await subscription(`${p}-s2`, MG(`${p}-moving`));
    assert.deepEqual(placed, [[`${p}-s1`], [`${p}-s2`]]);
    placed.length = 0;
    const moved = await put(`/api${MG(`${p}-moving`)}`, { properties: { details: { parent: { id: MG(`${p}-to`) } } } }, 200);
    assert.equal(moved.properties.details.parent.name, `${p}-to`);
    assert.deepEqual(placed.map((ids) => [...ids].sort()), [[`${p}-s1`, `${p}-s2`].sort()]);
    const descendants = await server.call('GET', `/api${MG(`${p}-to`)}/descendants`);
    assert.equal(descendants.body.value.length, 4);
    assert.equal((await server.call('GET', `/api${MG(`${p}-from`)}/descendants`)).body.value.length, 0);
  });

  it('are deleted only when empty and without assignments', async () => {
    const p = unique();
    await group(`${p}-parent`);
    await group(`${p}-child`, `${p}-parent`);
    const notEmpty = await server.call('DELETE', `/api${MG(`${p}-parent`)}`);
    assert.equal(notEmpty.status, 400);
    assert.equal(notEmpty.body.error.code, 'ManagementGroupNotEmpty');
    assert.match(notEmpty.body.error.message, /1 management group and 0 subscriptions/);
    const principal = await createPrincipal(server, `${p}-reader`);
    const assignment = await assignRole(server, principal.id, 'Reader', MG(`${p}-child`));
    const assigned = await server.call('DELETE', `/api${MG(`${p}-child`)}`);
    assert.equal(assigned.status, 400);
    assert.match(assigned.body.error.message, /1 role assignment/);
    assert.equal((await server.call('DELETE', `/api${assignment.id}`)).status, 200);
    assert.equal((await server.call('DELETE', `/api${MG(`${p}-child`)}`)).status, 200);
    assert.equal((await server.call('DELETE', `/api${MG(`${p}-child`)}`)).status, 204);
    assert.equal((await server.call('DELETE', `/api${MG(`${p}-parent`)}`)).status, 200);
  });
});

describe('subscriptions', () => {
  it('are created under the root, moved, listed and deleted once empty', async () => {
    const p = unique();
    await group(`${p}-g`);
    const sub = `${p}-sub`;
    removed.length = 0;
    const created = await put(`/api/subscriptions/${sub}`, { properties: { displayName: 'Production' } }, 201);
    assert.deepEqual(created, {
      id: `/subscriptions/${sub}`,
      type: 'Microsoft.Resources/subscriptions',
      name: sub,
      subscriptionId: sub,
      displayName: 'Production',
      state: 'Enabled',
      properties: { displayName: 'Production', managementGroupId: ROOT, state: 'Enabled' },
    });
    const moved = await subscription(sub, `${p}-g`, 200);
    assert.equal(moved.properties.managementGroupId, MG(`${p}-g`));
    assert.equal(moved.displayName, 'Production', 'a PUT without a display name keeps it');
    const kept = await put(`/api/subscriptions/${sub}`, { properties: { displayName: 'Prod' } }, 200);
    assert.equal(kept.properties.managementGroupId, MG(`${p}-g`), 'a PUT without a group keeps it where it is');
    const missing = await server.call('PUT', `/api/subscriptions/${sub}`, { properties: { managementGroupId: MG(`${p}-none`) } });
    assert.equal(missing.status, 400);
    assert.equal(missing.body.error.target, 'properties.managementGroupId');
    const read = await server.call('GET', `/api/subscriptions/${sub}`);
    assert.equal(read.status, 200);
    assert.equal(read.body.type, 'Microsoft.Resources/subscriptions', 'the subscription route, not the catch-all event route');
    const listed = await server.call('GET', '/api/subscriptions');
    assert.ok(listed.body.value.some((item: { subscriptionId: string }) => item.subscriptionId === sub));

    assert.equal((await server.call('PUT', workflowPath(sub), { properties: { definition } })).status, 201);
    const busy = await server.call('DELETE', `/api/subscriptions/${sub}`);
    assert.equal(busy.status, 409);
    assert.equal(busy.body.error.code, 'SubscriptionNotEmpty');
    assert.match(busy.body.error.message, /1 workflow, 0 automations and 0 connections/);
    assert.equal((await server.call('DELETE', workflowPath(sub))).status, 200);
    assert.equal((await server.call('DELETE', `/api/subscriptions/${sub}`)).status, 200);
    assert.deepEqual(removed, [sub]);
    assert.equal((await server.call('GET', `/api/subscriptions/${sub}`)).status, 404);
    assert.equal((await server.call('GET', `/api/subscriptions/${sub}/resourceGroups/soc`)).status, 404, 'its resource groups went with it');
    assert.equal((await server.call('DELETE', `/api/subscriptions/${sub}`)).status, 204);
    // Used again by a resource, it comes back under the root.
    assert.equal((await server.call('PUT', workflowPath(sub), { properties: { definition } })).status, 201);
    assert.equal((await server.call('GET', `/api/subscriptions/${sub}`)).body.properties.managementGroupId, ROOT);
  });

  it('first seen through a resource sit under the root; event ids still reach the event routes', async () => {
    const sub = `${unique()}-implicit`;
    assert.equal((await server.call('PUT', workflowPath(sub), { properties: { definition } })).status, 201);
    const read = await server.call('GET', `/api/subscriptions/${sub}`);
    assert.equal(read.body.properties.managementGroupId, ROOT);
    assert.ok(server.server.context.hierarchy.subscriptionsUnder(ROOT).includes(sub));
    const event = await server.call('GET', `/api/subscriptions/${sub}/resourceGroups/soc/providers/Microsoft.Security/locations/centralus/alerts/none`);
    assert.equal(event.status, 404);
    assert.equal(event.body.error.code, 'ResourceNotFound');
  });
});

describe('resource groups', () => {
  it('need a location to be created, keep it, and are deleted once empty', async () => {
    const sub = `${unique()}-rg`;
    const base = `/api/subscriptions/${sub}/resourceGroups`;
    const noLocation = await server.call('PUT', `${base}/app`, {});
    assert.equal(noLocation.status, 400);
    assert.equal(noLocation.body.error.target, 'location');
    assert.deepEqual(await put(`${base}/app`, { location: 'westeurope' }, 201), {
      id: `/subscriptions/${sub}/resourceGroups/app`,
      name: 'app',
      type: 'Microsoft.Resources/resourceGroups',
      location: 'westeurope',
      properties: { provisioningState: 'Succeeded' },
    });
    await put(`${base}/APP`, { location: 'westeurope' }, 200);
    const moved = await server.call('PUT', `${base}/app`, { location: 'eastus' });
    assert.equal(moved.status, 400);
    assert.equal(moved.body.error.target, 'location');
    // One first seen through a workflow has no location until a PUT gives it one.
    assert.equal((await server.call('PUT', workflowPath(sub, 'soc'), { properties: { definition } })).status, 201);
    assert.equal((await server.call('GET', `${base}/soc`)).body.location, null);
    assert.equal((await put(`${base}/soc`, { location: 'northeurope' }, 200)).location, 'northeurope');
    const list = await server.call('GET', base);
    assert.deepEqual(list.body.value.map((item: { name: string }) => item.name), ['app', 'soc']);
    const busy = await server.call('DELETE', `${base}/soc`);
    assert.equal(busy.status, 409);
    assert.equal(busy.body.error.code, 'ResourceGroupNotEmpty');
    assert.equal((await server.call('DELETE', `${base}/app`)).status, 200);
    assert.equal((await server.call('DELETE', `${base}/app`)).status, 204);
    assert.equal((await server.call('GET', `${base}/app`)).status, 404);
    // Other services make sure of one (policy remediation): created once, an existing location kept.
    const { hierarchy } = server.server.context;
    assert.equal((await hierarchy.ensureResourceGroup(sub, 'made', 'westus')).created, true);
    const again = await hierarchy.ensureResourceGroup(sub, 'made', 'eastus');
    assert.deepEqual([again.created, again.resource.location], [false, 'westus']);
  });
});

describe('access through the tree', () => {
  it('an Owner at a group manages what is placed under it and nothing outside, until it moves out', async () => {
    const p = unique();
    await group(`${p}-g`);
    const inside = `${p}-inside`;
    const outside = `${p}-outside`;
    await subscription(outside);
    const owner = await createPrincipal(server, `${p}-owner`);
    await assignRole(server, owner.id, 'Owner', MG(`${p}-g`));

    const created = await owner.client.call('PUT', `/api/subscriptions/${inside}`, { properties: { managementGroupId: MG(`${p}-g`) } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const underRoot = await owner.client.call('PUT', `/api/subscriptions/${p}-elsewhere`, {});
    assert.equal(underRoot.status, 403);
    assert.match(underRoot.body.error.message, /managementGroups\/root/);
    assert.equal((await owner.client.call('GET', `/api/subscriptions/${outside}`)).status, 403);
    assert.equal((await owner.client.call('PUT', `/api/subscriptions/${outside}`, { properties: { managementGroupId: MG(`${p}-g`) } })).status, 403, 'cannot pull one in');
    const workflow = await owner.client.call('PUT', workflowPath(inside), { properties: { definition } });
    assert.equal(workflow.status, 201, JSON.stringify(workflow.body));
    assert.equal((await owner.client.call('PUT', `/api${MG(`${p}-g-child`)}`, { properties: { details: { parent: { id: MG(`${p}-g`) } } } })).status, 201);
    assert.equal((await owner.client.call('PUT', `/api${MG(`${p}-beside`)}`, {})).status, 403, 'creating under the root needs write there');
    const listed = await owner.client.call('GET', '/api/subscriptions');
    assert.deepEqual(listed.body.value.map((item: { name: string }) => item.name), [inside]);
    const groups = await owner.client.call('GET', '/api/providers/Microsoft.Management/managementGroups');
    assert.deepEqual(groups.body.value.map((item: { name: string }) => item.name).sort(), [`${p}-g`, `${p}-g-child`]);
    const below = await owner.client.call('GET', `/api/subscriptions/${inside}/providers/Microsoft.Logic/workflows`);
    assert.equal(below.body.value.length, 1);

    // Moved out by the admin: the group's assignment no longer reaches it.
    await subscription(inside, ROOT, 200);
    assert.equal((await owner.client.call('GET', `/api/subscriptions/${inside}`)).status, 403);
    assert.equal((await owner.client.call('PUT', workflowPath(inside, 'soc', 'another'), { properties: { definition } })).status, 403);
    assert.equal((await owner.client.call('GET', '/api/subscriptions')).body.value.length, 0);
  });

  it('a Reader at a group reads below it but changes nothing', async () => {
    const p = unique();
    await group(`${p}-g`);
    const sub = `${p}-sub`;
    await subscription(sub, `${p}-g`);
    assert.equal((await server.call('PUT', workflowPath(sub), { properties: { definition } })).status, 201);
    const reader = await createPrincipal(server, `${p}-reader`);
    await assignRole(server, reader.id, 'Reader', MG(`${p}-g`));
    for (const path of [`/api${MG(`${p}-g`)}?$expand=children`, `/api${MG(`${p}-g`)}/descendants`, `/api/subscriptions/${sub}`, workflowPath(sub)]) {
      assert.equal((await reader.client.call('GET', path)).status, 200, path);
    }
    assert.equal((await reader.client.call('PUT', workflowPath(sub), { properties: { definition } })).status, 403);
    assert.equal((await reader.client.call('PUT', `/api/subscriptions/${sub}`, { properties: { displayName: 'x' } })).status, 403);
    assert.equal((await reader.client.call('PUT', `/api${MG(`${p}-g`)}`, { properties: { displayName: 'x' } })).status, 403);
    assert.equal((await reader.client.call('DELETE', `/api${MG(`${p}-g`)}`)).status, 403);
    assert.equal((await reader.client.call('GET', `/api${ROOT}`)).status, 403);
  });
});
