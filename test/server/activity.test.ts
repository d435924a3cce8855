/**
 * The activity log over HTTP: what the API records (writes, deletes, failures and denials, never reads), the diff of
 * an update, correlation ids, Azure's `$filter`, who sees which entries, secrets kept out, and entries that never
 * change once written.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config/config.js';
import { hashToken } from '../../src/services/auth-service.js';
import { instantText } from '../../src/workflows/executor/instant-text.js';
import { api, newSubscription, workflowId } from '../support/defender.js';
import { type ApiClient, type TestServer, apiClient, startTestServer } from '../support/riposte-server.js';

const WRITE = 'Microsoft.Logic/workflows/write';
const READER = '/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7';
const SECRET = 'xoxb-9999-activity-log-must-never-hold-this';

let server: TestServer;
let adminId: string;

before(async () => {
  server = await startTestServer();
  const admin = await server.server.context.db.selectFrom('principals').select('id').where('name', '=', 'admin').executeTakeFirstOrThrow();
  adminId = admin.id;
});
after(async () => {
  await server.stop();
});

const definition = (text: string) => ({
  triggers: { manual: { type: 'Request', kind: 'Http' } },
  actions: { Say: { type: 'Compose', inputs: text } },
});

const workflowBody = (text: string, state = 'Enabled') => ({ location: 'westeurope', properties: { state, definition: definition(text) } });

const values = (sub?: string) => (sub === undefined ? '/api/providers/Microsoft.Insights/eventtypes/management/values' : `/api/subscriptions/${sub}/providers/Microsoft.Insights/eventtypes/management/values`);

async function activity(sub: string, filter?: string, client: ApiClient = server): Promise<any[]> {
  const response = await client.call('GET', `${values(sub)}${filter === undefined ? '' : `?$filter=${encodeURIComponent(filter)}`}`);
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return response.body.value;
}

/** A service principal with a token, holding `role` at each scope given (inserted directly, as an operator's script would). */
async function principalWith(assignments: readonly { scope: string; role: string }[]): Promise<{ id: string; client: ApiClient }> {
  const { db, access } = server.server.context;
  const id = randomUUID();
  const token = `rpt_${randomUUID()}`;
  const now = instantText(Date.now());
  await db.insertInto('principals').values({ id, name: `p-${id}`, role: 'None', type: 'ServicePrincipal', password_hash: null, created_at: now }).execute();
  await db.insertInto('tokens').values({ token_hash: hashToken(token), id: randomUUID(), principal_id: id, created_at: now, expires_at: null }).execute();
  for (const { scope, role } of assignments) {
    const name = randomUUID();
    const assignment = `${scope === '/' ? '' : scope}/providers/Microsoft.Authorization/roleAssignments/${name}`;
    await db
      .insertInto('role_assignments')
      .values({ id_key: assignment.toLowerCase(), id: assignment, name, scope, scope_key: scope.toLowerCase(), principal_id: id, role_definition_id: role, created_by: null, created_at: now })
      .execute();
  }
  access.invalidate();
  return { id, client: apiClient(server.url, token) };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('recording writes', () => {
  const sub = newSubscription();
  const id = workflowId(sub, 'soc', 'notify');

  it('records a create and an update as Succeeded writes by the caller, the update with what changed', async () => {
    assert.equal((await server.call('PUT', api(id), workflowBody('hello'))).status, 201);
    assert.equal((await server.call('PUT', api(id), workflowBody('hello again', 'Disabled'))).status, 200);
    const entries = (await activity(sub)).filter((entry) => entry.resourceId === id);
    assert.equal(entries.length, 2, JSON.stringify(entries));
    const [update, create] = entries;
    for (const entry of entries) {
      assert.equal(entry.operationName, WRITE);
      assert.equal(entry.status, 'Succeeded');
      assert.equal(entry.caller, adminId);
      assert.equal(entry.level, 'Informational');
      assert.deepEqual(entry.category, { value: 'Administrative', localizedValue: 'Administrative' });
      assert.equal(entry.resourceGroupName, 'soc');
      assert.equal(entry.subscriptionId, sub);
      assert.match(entry.eventTimestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);
      assert.equal(entry.submissionTimestamp, entry.eventTimestamp);
      assert.match(entry.id, new RegExp(`^${id}/events/${entry.eventDataId}/ticks/\\d+$`));
      assert.equal(entry.properties.method, 'PUT');
      assert.equal(entry.properties.path, api(id));
    }
    assert.equal(create.properties.statusCode, 201);
    assert.equal(create.properties.diff, undefined, 'a create has no diff');
    assert.equal(update.properties.statusCode, 200);
    assert.ok(update.eventTimestamp >= create.eventTimestamp);
    const changes = new Map(update.properties.diff.map((change: any) => [change.path, change]));
    assert.deepEqual(changes.get('/properties/state'), { path: '/properties/state', before: 'Enabled', after: 'Disabled' });
    assert.deepEqual(changes.get('/properties/definition/actions/Say/inputs'), { path: '/properties/definition/actions/Say/inputs', before: 'hello', after: 'hello again' });
  });

  it('records what an update to a custom role changed', async () => {
    const role = `/api/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/${randomUUID()}`;
    const body = (roleName: string, actions: string[]) => ({ properties: { roleName, description: 'runs', permissions: [{ actions, notActions: [] }], assignableScopes: [`/subscriptions/${sub}`] } });
    assert.equal((await server.call('PUT', role, body(`Runner ${sub}`, ['Microsoft.Logic/workflows/read']))).status, 201);
    // Renamed as well: an update keeping the name is refused by the role service at present (it conflicts with itself).
    const updated = await server.call('PUT', role, body(`Runner ${sub} 2`, ['Microsoft.Logic/workflows/read', 'Microsoft.Logic/workflows/write']));
    assert.equal(updated.status, 200, JSON.stringify(updated.body));
    const [update] = await activity(sub, "operationName eq 'Microsoft.Authorization/roleDefinitions/write'");
    assert.equal(update.status, 'Succeeded');
    const changes = new Map(update.properties.diff.map((change: any) => [change.path, change]));
    assert.deepEqual(changes.get('/properties/permissions/0/actions/1'), { path: '/properties/permissions/0/actions/1', after: 'Microsoft.Logic/workflows/write' });
    assert.deepEqual(changes.get('/properties/roleName'), { path: '/properties/roleName', before: `Runner ${sub}`, after: `Runner ${sub} 2` });
  });

  it('records a delete', async () => {
    const victim = workflowId(sub, 'soc', 'gone');
    assert.equal((await server.call('PUT', api(victim), workflowBody('bye'))).status, 201);
    assert.equal((await server.call('DELETE', api(victim))).status, 200);
    const [latest] = (await activity(sub)).filter((entry) => entry.resourceId === victim);
    assert.equal(latest.operationName, 'Microsoft.Logic/workflows/delete');
    assert.equal(latest.status, 'Succeeded');
    assert.equal(latest.properties.method, 'DELETE');
  });

  it('records a refused body as Failed, with the reason', async () => {
    const broken = workflowId(sub, 'soc', 'broken');
    const response = await server.call('PUT', api(broken), { properties: { definition: 'not an object' } });
    assert.equal(response.status, 400);
    const [entry] = (await activity(sub)).filter((item) => item.resourceId === broken);
    assert.equal(entry.status, 'Failed');
    assert.equal(entry.level, 'Error');
    assert.equal(entry.operationName, WRITE);
    assert.equal(entry.properties.statusCode, 400);
    assert.equal(entry.properties.message, response.body.error.message);
  });

  it('does not record reads', async () => {
    const before = await activity(sub);
    assert.equal((await server.call('GET', api(id))).status, 200);
    assert.equal((await server.call('GET', `/api/subscriptions/${sub}/resourceGroups/soc/providers/Microsoft.Logic/workflows`)).status, 200);
    const after = await activity(sub);
    assert.deepEqual(after, before);
    assert.ok(after.every((entry) => entry.properties.method !== 'GET'));
  });

  it('records denials: 403 with the caller, 401 as anonymous', async () => {
    const reader = await principalWith([{ scope: `/subscriptions/${sub}/resourceGroups/soc`, role: READER }]);
    const denied = workflowId(sub, 'soc', 'not-yours');
    assert.equal((await reader.client.call('PUT', api(denied), workflowBody('x'))).status, 403);
    assert.equal((await apiClient(server.url, null).call('DELETE', api(denied))).status, 401);
    const entries = (await activity(sub)).filter((entry) => entry.resourceId === denied);
    assert.deepEqual(
      entries.map((entry) => [entry.caller, entry.operationName, entry.status, entry.properties.statusCode]),
      [
        ['anonymous', 'Microsoft.Logic/workflows/delete', 'Failed', 401],
        [reader.id, WRITE, 'Failed', 403],
      ],
    );
    assert.match(entries[1].properties.message, /does not have authorization/);
  });
});

describe('correlation ids', () => {
  const sub = newSubscription();

  it("repeats the client's x-ms-correlation-request-id in the response and the entry", async () => {
    const id = workflowId(sub, 'soc', 'corr');
    const correlation = randomUUID();
    const response = await server.call('PUT', api(id), workflowBody('x'), { 'x-ms-correlation-request-id': correlation });
    assert.equal(response.status, 201);
    assert.equal(response.headers['x-ms-correlation-request-id'], correlation);
    const [entry] = await activity(sub, `correlationId eq '${correlation}'`);
    assert.equal(entry.resourceId, id);
    assert.equal(entry.correlationId, correlation);
  });

  it('makes up a unique one when the client sends none, and answers it', async () => {
    const first = await server.call('DELETE', api(workflowId(sub, 'soc', 'nothing-1')));
    const second = await server.call('DELETE', api(workflowId(sub, 'soc', 'nothing-2')));
    const ids = [first, second].map((response) => response.headers['x-ms-correlation-request-id'] as string);
    for (const correlation of ids) assert.match(correlation, /^[0-9a-f-]{36}$/);
    assert.notEqual(ids[0], ids[1]);
    const entries = await activity(sub);
    for (const correlation of ids) assert.ok(entries.some((entry) => entry.correlationId === correlation));
    // Reads get one too.
    assert.match((await server.call('GET', values(sub))).headers['x-ms-correlation-request-id'] as string, /^[0-9a-f-]{36}$/);
  });
});

describe('$filter, scope and paging', () => {
  const sub = newSubscription();
  let middle: string;

  before(async () => {
    assert.equal((await server.call('PUT', api(workflowId(sub, 'early', 'one')), workflowBody('1'))).status, 201);
    await pause(5);
    middle = new Date().toISOString();
    await pause(5);
    assert.equal((await server.call('PUT', api(workflowId(sub, 'late', 'two')), workflowBody('2'))).status, 201);
    assert.equal((await server.call('PUT', api(workflowId(sub, 'late', 'three')), workflowBody('3'))).status, 201);
  });

  it('filters by time', async () => {
    const since = await activity(sub, `eventTimestamp ge '${middle}'`);
    assert.deepEqual(since.map((entry) => entry.resourceId), [workflowId(sub, 'late', 'three'), workflowId(sub, 'late', 'two')]);
    const until = await activity(sub, `eventTimestamp ge '2000-01-01T00:00:00Z' and eventTimestamp le '${middle}'`);
    assert.deepEqual(until.map((entry) => entry.resourceId), [workflowId(sub, 'early', 'one')]);
    const viaParameters = await server.call('GET', `${values(sub)}?from=${encodeURIComponent(middle)}`);
    assert.equal(viaParameters.body.value.length, 2);
    assert.deepEqual(await activity(sub, "eventTimestamp le '2000-01-01T00:00:00Z'"), []);
  });

  it('filters by resource group, resource, caller and operation', async () => {
    assert.deepEqual((await activity(sub, "resourceGroupName eq 'EARLY'")).map((entry) => entry.resourceId), [workflowId(sub, 'early', 'one')]);
    const late = await activity(sub, `eventTimestamp ge '2000-01-01' and resourceGroupName eq 'late'`);
    assert.equal(late.length, 2);
    assert.deepEqual((await activity(sub, `resourceUri eq '${workflowId(sub, 'late', 'two')}'`)).map((entry) => entry.resourceId), [workflowId(sub, 'late', 'two')]);
    assert.equal((await activity(sub, `caller eq '${adminId}' and operationName eq '${WRITE}'`)).length, 3);
    assert.equal((await activity(sub, `caller eq 'someone-else'`)).length, 0);
    const scoped = await server.call('GET', `${values(sub)}?scope=${encodeURIComponent(`/subscriptions/${sub}/resourceGroups/late`)}`);
    assert.equal(scoped.body.value.length, 2);
    // At the tenant root, the resource group filter still applies (across subscriptions).
    const tenant = await server.call('GET', `${values()}?$filter=${encodeURIComponent(`resourceUri eq '/subscriptions/${sub}' and resourceGroupName eq 'early'`)}`);
    assert.deepEqual(tenant.body.value.map((entry: any) => entry.resourceId), [workflowId(sub, 'early', 'one')]);
  });

  it('answers a malformed $filter with a 400 naming it', async () => {
    for (const filter of ["eventTimestamp gt '2024-01-01'", "resourceGroupName eq 'a' or caller eq 'b'", "eventTimestamp ge 'last tuesday'", "color eq 'red'", "caller eq 'open"]) {
      const response = await server.call('GET', `${values(sub)}?$filter=${encodeURIComponent(filter)}`);
      assert.equal(response.status, 400, filter);
      assert.equal(response.body.error.target, '$filter', filter);
      assert.match(response.body.error.message, /\$filter/, filter);
    }
    const badFrom = await server.call('GET', `${values(sub)}?from=soon`);
    assert.equal(badFrom.status, 400);
    assert.equal(badFrom.body.error.target, 'from');
  });

  it('pages with $top and nextLink', async () => {
    const first = await server.call('GET', `${values(sub)}?$top=2`);
    assert.equal(first.body.value.length, 2);
    assert.ok(first.body.nextLink.startsWith(server.url));
    const second = await server.call('GET', first.body.nextLink.slice(server.url.length));
    assert.equal(second.status, 200);
    assert.deepEqual(second.body.value.map((entry: any) => entry.resourceId), [workflowId(sub, 'early', 'one')]);
    assert.equal(second.body.nextLink, undefined);
  });
});

describe('who sees what', () => {
  const sub = newSubscription();
  const mine = workflowId(sub, 'mine', 'wf');
  const theirs = workflowId(sub, 'theirs', 'wf');

  before(async () => {
    assert.equal((await server.call('PUT', api(mine), workflowBody('a'))).status, 201);
    assert.equal((await server.call('PUT', api(theirs), workflowBody('b'))).status, 201);
  });

  it('shows a caller only the entries of resources it may read', async () => {
    const reader = await principalWith([{ scope: `/subscriptions/${sub}/resourceGroups/mine`, role: READER }]);
    const seen = await activity(sub, undefined, reader.client);
    assert.deepEqual(seen.map((entry) => entry.resourceId), [mine]);
    const atRoot = await reader.client.call('GET', `${values()}?scope=${encodeURIComponent(`/subscriptions/${sub}`)}`);
    assert.equal(atRoot.status, 200);
    assert.deepEqual(atRoot.body.value.map((entry: any) => entry.resourceId), [mine]);
    assert.deepEqual(await activity(sub, "resourceGroupName eq 'theirs'", reader.client), []);
  });

  it('refuses a caller that may read nothing there', async () => {
    const nobody = await principalWith([]);
    const response = await nobody.client.call('GET', values(sub));
    assert.equal(response.status, 403);
    assert.match(response.body.error.message, /Microsoft\.Insights\/eventtypes\/values\/read/);
  });
});

describe('what the log never holds or changes', () => {
  const sub = newSubscription();
  const connection = `/subscriptions/${sub}/resourceGroups/soc/providers/Microsoft.Web/connections/slack`;
  const slackBody = (token: unknown, baseUrl = 'https://slack.example.com/api') => ({ properties: { api: { name: 'slack' }, displayName: 'SOC', parameterValues: { token, baseUrl } } });

  it('keeps connection secrets out of every entry, failures and diffs included', async () => {
    assert.equal((await server.call('PUT', api(connection), slackBody(SECRET))).status, 201);
    assert.equal((await server.call('PUT', api(connection), slackBody(`${SECRET}-rotated`, 'https://slack2.example.com/api'))).status, 200);
    const refused = await server.call('PUT', api(connection), { ...slackBody(`${SECRET}-bad`), properties: { ...slackBody(`${SECRET}-bad`).properties, api: { name: 'no-such-api' } } });
    assert.equal(refused.status, 400);
    const entries = await activity(sub);
    assert.equal(entries.length, 3);
    assert.ok(entries.some((entry) => entry.properties.diff?.some((change: any) => change.path === '/properties/parameterValues/baseUrl')), JSON.stringify(entries));
    assert.ok(!JSON.stringify(entries).includes('activity-log-must-never-hold-this'));
    const rows = await server.server.context.db.selectFrom('activity_log').selectAll().execute();
    assert.ok(!JSON.stringify(rows).includes('activity-log-must-never-hold-this'));
  });

  it('never changes an entry once written, and offers no way to', async () => {
    const id = workflowId(sub, 'soc', 'stable');
    assert.equal((await server.call('PUT', api(id), workflowBody('v1'))).status, 201);
    const before = await activity(sub);
    assert.equal((await server.call('PUT', api(id), workflowBody('v2'))).status, 200);
    assert.equal((await server.call('DELETE', api(id))).status, 200);
    const after = await activity(sub);
    assert.equal(after.length, before.length + 2);
    assert.deepEqual(after.slice(2), before);
    // No route changes or removes entries (an unmatched route is refused or not found).
    for (const method of ['PUT', 'DELETE', 'POST', 'PATCH']) {
      const response = await server.call(method, values(sub), method === 'DELETE' ? undefined : {});
      assert.ok([403, 404, 405].includes(response.status), `${method}: ${response.status}`);
    }
    // Attempts are themselves recorded (as failures), after what was there, which is unchanged.
    const again = await activity(sub);
    assert.deepEqual(again.slice(again.length - after.length), after);
    assert.ok(again.slice(0, again.length - after.length).every((entry) => entry.status === 'Failed'));
  });

  it('purges only what is older than the retention', async () => {
    const { activity: log } = server.server.context;
    const kept = await activity(sub);
    assert.equal(await log.purgeOlderThan('2000-01-01T00:00:00.0000000Z'), 0);
    assert.deepEqual(await activity(sub), kept);
  });
});

describe('configuration', () => {
  it('takes the retention in days, 90 by default, refusing what is out of range', () => {
    assert.equal(loadConfig({}, {}).activityRetentionDays, 90);
    assert.equal(loadConfig({}, { RIPOSTE_ACTIVITY_RETENTION_DAYS: '7' }).activityRetentionDays, 7);
    for (const bad of ['0', '3651', 'week', '1.5']) {
      assert.throws(() => loadConfig({}, { RIPOSTE_ACTIVITY_RETENTION_DAYS: bad }), (error: unknown) => error instanceof ConfigError && error.field === 'RIPOSTE_ACTIVITY_RETENTION_DAYS', bad);
    }
  });
});
