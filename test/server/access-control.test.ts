/**
 * The access-control table, walked: every `/api` route that declares an action is called by a principal holding
 * each built-in role at the route's own scope, at its parent scope and at an unrelated scope, and must be allowed
 * exactly when the role permits the action there (denials are 403 naming the action and the scope). The same route
 * table renders docs/access-control.md, which must be current; routes that declare no permission must not exist.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import type { FastifyRequest } from 'fastify';
import { builtInRoles } from '../../src/auth/built-in-roles.js';
import { type RoleDefinition, rolePermits } from '../../src/auth/role-definition.js';
import { flatHierarchy, normalizeScope, scopeChain } from '../../src/auth/scope.js';
import { renderRouteTable } from '../../src/server/route-table.js';
import type { RouteEntry } from '../../src/server/request-context.js';
import { hashToken } from '../../src/services/auth-service.js';
import { instantText } from '../../src/workflows/executor/instant-text.js';
import { alertDefinition, automationBody, eventually, flatAlert } from '../support/defender.js';
import { type ApiClient, TEST_TOKEN, type TestServer, apiClient, startTestServer } from '../support/riposte-server.js';

const SUB = '11111111-1111-1111-1111-111111111111';
const UNRELATED = '/subscriptions/99999999-9999-9999-9999-999999999999';
const WORKFLOW = `/subscriptions/${SUB}/resourceGroups/soc/providers/Microsoft.Logic/workflows/wf1`;
const ALERT = `/subscriptions/${SUB}/resourceGroups/soc/providers/Microsoft.Security/locations/centralus/alerts/a1`;
const PARAMS: Record<string, string> = {
  sub: SUB,
  rg: 'soc',
  name: 'wf1',
  run: 'r1',
  trigger: 'manual',
  id: 'send-email-alert',
  file: 'Alert.json',
  guid: '22222222-2222-2222-2222-222222222222',
  tokenId: '33333333-3333-3333-3333-333333333333',
  mg: 'corp',
  ns: 'Microsoft.Logic',
  type: 'workflows',
  childType: 'runs',
  childName: 'r1',
};

/** Requests for routes whose scope is not all in the path: a wildcard URL or a body. Keyed by `METHOD url`. */
const SAMPLES: Record<string, { path: string; body?: unknown }> = {
  'POST /api/subscriptions/*': { path: `/api${ALERT}/triggerWorkflow`, body: { workflowId: WORKFLOW } },
  'GET /api/subscriptions/*': { path: `/api${ALERT}` },
  'POST /api/templates/:id/deploy': { path: '/api/templates/send-email-alert/deploy', body: { subscriptionId: SUB, resourceGroup: 'soc', workflowName: 'wf1' } },
};

let server: TestServer;
let routes: RouteEntry[];
before(async () => {
  server = await startTestServer();
  routes = server.server.app.routeTable;
  // The sample group and subscription exist, so a PUT of either names the same scope all through the walk (a new
  // one is checked where it will be: at its parent group).
  assert.equal((await server.call('PUT', `/api/providers/Microsoft.Management/managementGroups/${PARAMS['mg']}`, {})).status, 201);
  assert.equal((await server.call('PUT', `/api/subscriptions/${SUB}`, {})).status, 201);
});
after(() => server.stop());

type Placement = 'own scope' | 'parent scope' | 'unrelated scope';

function sampleRequest(route: RouteEntry): { path: string; body?: unknown } {
  const sample = SAMPLES[`${route.method} ${route.url}`];
  if (sample) return sample;
  assert.ok(!route.url.includes('*'), `${route.method} ${route.url}: add a sample request to SAMPLES`);
  const path = route.url.replace(/:(\w+)/g, (_, name: string) => {
    const value = PARAMS[name];
    assert.ok(value !== undefined, `${route.method} ${route.url}: no sample value for :${name}`);
    return value;
  });
  return { path, ...(['POST', 'PUT', 'PATCH'].includes(route.method) ? { body: {} } : {}) };
}

/** The sample request as the permission's functions see it: its path parameters, body and URL. */
function requestOf(route: RouteEntry, sample: { path: string; body?: unknown }): FastifyRequest {
  const params: Record<string, string> = {};
  const names = [...route.url.matchAll(/:(\w+)/g)].map((match) => match[1] as string);
  for (const name of names) params[name] = PARAMS[name] as string;
  return { params, body: sample.body, url: sample.path } as unknown as FastifyRequest;
}

/** The scope the route's permission names for the sample request, worked out as the server does. */
function scopeOf(route: RouteEntry, sample: { path: string; body?: unknown }): string {
  const permission = route.permission as Extract<RouteEntry['permission'], object>;
  return permission.scope(requestOf(route, sample));
}

const isBelow = (scope: string, container: string) => {
  const inner = normalizeScope(container);
  return normalizeScope(scope).startsWith(inner === '/' ? '/' : `${inner}/`);
};

const principals = new Map<string, ApiClient>();

/** A principal holding `role` at `scope` only (created once per pair, straight into the store). */
async function holder(role: RoleDefinition, scope: string): Promise<ApiClient> {
  const key = `${role.id} ${normalizeScope(scope)}`;
  const known = principals.get(key);
  if (known) return known;
  const db = server.server.context.db;
  const id = randomUUID();
  const token = `rpt_test_${randomUUID()}`;
  const now = instantText(Date.now());
  await db.insertInto('principals').values({ id, name: `holder-${id}`, role: '', type: 'ServicePrincipal', password_hash: null, created_at: now }).execute();
  await db.insertInto('tokens').values({ token_hash: hashToken(token), id: randomUUID(), principal_id: id, created_at: now, expires_at: null }).execute();
  const assignment = `${scope === '/' ? '' : scope}/providers/Microsoft.Authorization/roleAssignments/${randomUUID()}`;
  await db
    .insertInto('role_assignments')
    .values({ id_key: assignment.toLowerCase(), id: assignment, name: id, scope, scope_key: normalizeScope(scope), principal_id: id, role_definition_id: role.id, created_by: null, created_at: now })
    .execute();
  const client = apiClient(server.url, token);
  principals.set(key, client);
  return client;
}

describe('lists', () => {
  it('show only what the caller may read', async () => {
    const sub = randomUUID();
    const workflow = (rg: string, name: string) => `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Logic/workflows/${name}`;
    const definition = { triggers: { manual: { type: 'Request', kind: 'Http' } }, actions: {} };
    for (const id of [workflow('red', 'one'), workflow('red', 'two'), workflow('blue', 'three')]) {
      assert.equal((await server.call('PUT', `/api${id}`, { properties: { definition } })).status, 201);
    }
    const reader = builtInRoles.find((role) => role.roleName === 'Reader') as RoleDefinition;
    const redReader = await holder(reader, `/subscriptions/${sub}/resourceGroups/red`);
    const seen = await redReader.call('GET', `/api/subscriptions/${sub}/providers/Microsoft.Logic/workflows`);
    assert.equal(seen.status, 200);
    assert.deepEqual(seen.body.value.map((item: { name: string }) => item.name).sort(), ['one', 'two']);
    assert.equal((await redReader.call('GET', `/api/subscriptions/${sub}/resourceGroups/blue/providers/Microsoft.Logic/workflows`)).status, 403);
    assert.equal((await redReader.call('GET', `/api${workflow('blue', 'three')}`)).status, 403);
    const admin = await server.call('GET', `/api/subscriptions/${sub}/providers/Microsoft.Logic/workflows`);
    assert.equal(admin.body.value.length, 3);
  });
});

describe('the roles the article names', () => {
  const role = (name: string) => builtInRoles.find((item) => item.roleName === name) as RoleDefinition;

  it('a Logic App Operator runs and resubmits a workflow but cannot edit or delete it', async () => {
    const sub = randomUUID();
    const workflow = `/subscriptions/${sub}/resourceGroups/soc/providers/Microsoft.Logic/workflows/respond`;
    const definition = { triggers: { manual: { type: 'Request', kind: 'Http' } }, actions: { Echo: { type: 'Compose', inputs: "@triggerBody()" } } };
    assert.equal((await server.call('PUT', `/api${workflow}`, { properties: { definition } })).status, 201);
    const operator = await holder(role('Logic App Operator'), workflow);
    const started = await operator.call('POST', `/api${workflow}/triggers/manual/run`, { alert: 'a1' });
    assert.ok(started.status === 200 || started.status === 202, JSON.stringify(started.body));
    const runs = await eventually('the run to finish', async () => {
      const list = await operator.call('GET', `/api${workflow}/runs`);
      return list.body.value.length === 1 && list.body.value[0].properties.status === 'Succeeded' ? list.body.value : undefined;
    });
    const resubmitted = await operator.call('POST', `/api${workflow}/runs/${runs[0].name}/resubmit`);
    assert.equal(resubmitted.status, 202, JSON.stringify(resubmitted.body));
    const edited = await operator.call('PUT', `/api${workflow}`, { properties: { definition, state: 'Enabled' } });
    assert.equal(edited.status, 403);
    assert.match(edited.body.error.message, /Microsoft\.Logic\/workflows\/write/);
    assert.equal((await operator.call('DELETE', `/api${workflow}`)).status, 403);
    assert.equal((await server.call('GET', `/api${workflow}`)).body.properties.version, 1, 'the workflow is unchanged');
  });

  it('a Security Admin without rights on a workflow cannot point an automation at it', async () => {
    const sub = randomUUID();
    const group = `/subscriptions/${sub}/resourceGroups/soc`;
    const workflow = `${group}/providers/Microsoft.Logic/workflows/notify`;
    assert.equal((await server.call('PUT', `/api${workflow}`, { properties: { definition: alertDefinition({}) } })).status, 201);
    const admin = await holder(role('Security Admin'), group);
    const body = automationBody({ eventSource: 'Alerts', workflowIds: [workflow], scopes: [group] });
    const refused = await admin.call('PUT', `/api${group}/providers/Microsoft.Security/automations/high`, body);
    assert.equal(refused.status, 403);
    assert.match(refused.body.error.message, /Microsoft\.Logic\/workflows\/triggers\/run\/action/);
    assert.match(refused.body.error.message, /notify/);
    assert.equal((await server.call('GET', `/api${group}/providers/Microsoft.Security/automations/high`)).status, 404, 'nothing was stored');
    // The same person, once allowed to run the workflow (Logic App Operator on it), may point the automation at it.
    const db = server.server.context.db;
    const holderId = (
      await db
        .selectFrom('role_assignments')
        .select('principal_id')
        .where('scope_key', '=', normalizeScope(group))
        .where('role_definition_id', '=', role('Security Admin').id)
        .executeTakeFirstOrThrow()
    ).principal_id;
    const assignment = `${workflow}/providers/Microsoft.Authorization/roleAssignments/${randomUUID()}`;
    await db
      .insertInto('role_assignments')
      .values({ id_key: assignment.toLowerCase(), id: assignment, name: randomUUID(), scope: workflow, scope_key: normalizeScope(workflow), principal_id: holderId, role_definition_id: role('Logic App Operator').id, created_by: null, created_at: instantText(Date.now()) })
      .execute();
    server.server.context.access.invalidate();
    const allowed = await admin.call('PUT', `/api${group}/providers/Microsoft.Security/automations/high`, body);
    assert.equal(allowed.status, 201, JSON.stringify(allowed.body));
  });

  it('posting events needs write on them; events the caller may not post are rejected one by one', async () => {
    const sub = randomUUID();
    const poster = await holder(role('Security Admin'), `/subscriptions/${sub}/resourceGroups/rg1`);
    const response = await poster.call('POST', '/api/events', { value: [flatAlert({ sub, id: 'mine', rg: 'rg1' }), flatAlert({ sub, id: 'theirs', rg: 'rg2' })] });
    assert.equal(response.status, 202);
    assert.equal(response.body.accepted, 1);
    assert.equal(response.body.rejected.length, 1);
    assert.equal(response.body.rejected[0].index, 1);
    assert.equal(response.body.rejected[0].error.code, 'AuthorizationFailed');
    assert.match(response.body.rejected[0].error.message, /Microsoft\.Security\/alerts\/write/);
    const reader = await holder(role('Reader'), `/subscriptions/${sub}`);
    const denied = await reader.call('POST', '/api/events', { value: [flatAlert({ sub, id: 'read-only', rg: 'rg1' })] });
    assert.equal(denied.body.accepted, 0);
  });
});

describe('what requests cannot smuggle', () => {
  it('a manual run never records the caller\'s credentials in its trigger outputs', async () => {
    const sub = randomUUID();
    const workflow = `/subscriptions/${sub}/resourceGroups/soc/providers/Microsoft.Logic/workflows/echo`;
    const definition = { triggers: { manual: { type: 'Request', kind: 'Http' } }, actions: {} };
    assert.equal((await server.call('PUT', `/api${workflow}`, { properties: { definition } })).status, 201);
    const secrets = { cookie: 'riposte_session=cookie-canary-value', 'x-csrf-token': 'csrf-canary-value', 'x-api-key': 'api-key-canary' };
    const started = await server.call('POST', `/api${workflow}/triggers/manual/run`, { hello: 'world' }, { ...secrets, 'x-correlation': 'kept' });
    assert.ok(started.status < 300);
    const run = await eventually('the run', async () => {
      const list = await server.call('GET', `/api${workflow}/runs`);
      return list.body.value[0]?.properties.status === 'Succeeded' ? list.body.value[0] : undefined;
    });
    const recorded = JSON.stringify((await server.call('GET', `/api${workflow}/runs/${run.name}`)).body);
    assert.match(recorded, /x-correlation/);
    for (const value of ['cookie-canary-value', 'csrf-canary-value', 'api-key-canary', TEST_TOKEN]) assert.ok(!recorded.includes(value), value);
  });

  it('a name holding an encoded slash cannot move a request into another scope', async () => {
    const sub = randomUUID();
    const contributor = await holder(builtInRoles.find((role) => role.roleName === 'Logic App Contributor') as RoleDefinition, `/subscriptions/${sub}/resourceGroups/rga/providers/Microsoft.Logic/workflows/x`);
    const definition = { triggers: { manual: { type: 'Request', kind: 'Http' } }, actions: {} };
    const smuggled = await contributor.call('PUT', `/api/subscriptions/${sub}/resourceGroups/rga%2Fproviders%2FMicrosoft.Logic%2Fworkflows%2Fx/providers/Microsoft.Logic/workflows/spawned`, { properties: { definition } });
    assert.equal(smuggled.status, 400);
    assert.equal(smuggled.body.error.code, 'InvalidResourceName');
  });
});

describe('access control', () => {
  it('every /api route declares a permission', () => {
    const undeclared = routes.filter((route) => route.permission === undefined).map((route) => `${route.method} ${route.url}`);
    assert.deepEqual(undeclared, []);
  });

  it('docs/access-control.md lists every route with the action it needs', async () => {
    const doc = await readFile(new URL('../../docs/access-control.md', import.meta.url), 'utf8');
    const table = renderRouteTable(routes);
    assert.ok(doc.includes(table), 'docs/access-control.md is out of date: run `npm run docs:routes` and commit the result');
  });

  it('allows each built-in role exactly where its actions reach, and denies naming the action and scope', async () => {
    const guarded = routes.filter((route) => typeof route.permission === 'object');
    assert.ok(guarded.length >= 25, `only ${guarded.length} guarded routes`);
    const failures: string[] = [];
    for (const route of guarded) {
      const permission = route.permission as Extract<RouteEntry['permission'], object>;
      const sample = sampleRequest(route);
      const scope = scopeOf(route, sample);
      const chain = scopeChain(scope, flatHierarchy);
      const placements: [Placement, string | undefined][] = [
        ['own scope', scope],
        ['parent scope', chain.length > 1 ? chain[chain.length - 2] : undefined],
        ['unrelated scope', UNRELATED],
      ];
      for (const role of builtInRoles) {
        for (const [placement, assignedAt] of placements) {
          if (assignedAt === undefined) continue;
          const action = permission.actionOf?.(requestOf(route, sample)) ?? permission.action;
          const needs = [{ action, scope }, ...(permission.also ?? []).flatMap((requirement) => requirement(requestOf(route, sample)) ?? [])];
          // Allowed when every requirement's scope lies at or below the assignment and the role permits its action.
          // A list is also allowed to a holder of the action anywhere below its scope (it then shows only that part).
          const reaches = (need: { scope: string }) =>
            scopeChain(need.scope, flatHierarchy).includes(normalizeScope(assignedAt)) ||
            (permission.list === true && isBelow(assignedAt, need.scope));
          const expected = needs.every((need) => reaches(need) && rolePermits(role, need.action));
          const client = await holder(role, assignedAt);
          const response = await client.call(route.method, sample.path, sample.body);
          const what = `${route.method} ${route.url} as ${role.roleName} at its ${placement}: ${response.status}`;
          if (expected && (response.status === 403 || response.status === 401)) failures.push(`${what}, expected allowed (${JSON.stringify(response.body)})`);
          if (!expected) {
            if (response.status !== 403) failures.push(`${what}, expected 403`);
            else if (!needs.some((need) => response.body.error.message.includes(need.action) && response.body.error.message.toLowerCase().includes(need.scope.toLowerCase()))) {
              failures.push(`${what}: the denial names no missing action and scope: ${response.body.error.message}`);
            }
          }
        }
      }
    }
    assert.deepEqual(failures, []);
  });
});
