/**
 * Access to security events over HTTP, and to the automations and workflow runs that hand them on: the holes a
 * security review found, each closed. Every test plays a principal holding a few roles against events and
 * workflows the admin set up, and checks both the answer and that nothing changed where it must not.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { fixture } from '../fixtures/events/fixtures.js';
import { assignRole, createPrincipal } from '../support/principals.js';
import {
  alertDefinition,
  api,
  assessment,
  assessmentDefinition,
  automationBody,
  automationId,
  expectRuns,
  flatAlert,
  listAll,
  newSubscription,
  subAssessment,
  vmId,
  workflowId,
} from '../support/defender.js';
import { type ApiClient, type TestServer, startTestServer } from '../support/riposte-server.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(async () => {
  await server.stop();
});

const RUN = 'Microsoft.Logic/workflows/triggers/run/action';
const group = (sub: string, rg: string) => `/subscriptions/${sub}/resourceGroups/${rg}`;
const alertsOf = (sub: string) => `/api/subscriptions/${sub}/providers/Microsoft.Security/alerts`;

/** A new service principal holding each `[roleName, scope]` (built-in or custom role names). */
async function principal(...roles: readonly (readonly [string, string])[]): Promise<ApiClient> {
  const created = await createPrincipal(server, `event-access-${randomUUID()}`);
  for (const [roleName, scope] of roles) await assignRole(server, created.id, roleName, scope);
  return created.client;
}

/** A custom role permitting exactly `actions`, assignable anywhere; returns its name. */
async function customRole(actions: readonly string[]): Promise<string> {
  const roleName = `event-access ${randomUUID()}`;
  const response = await server.call('PUT', `/api/providers/Microsoft.Authorization/roleDefinitions/${randomUUID()}`, {
    properties: { roleName, description: 'test role', permissions: [{ actions, notActions: [] }], assignableScopes: ['/'] },
  });
  assert.equal(response.status, 201, JSON.stringify(response.body));
  return roleName;
}

async function putWorkflow(id: string, definition: unknown = alertDefinition({})): Promise<void> {
  const response = await server.call('PUT', api(id), { properties: { definition } });
  assert.equal(response.status, 201, JSON.stringify(response.body));
}

async function post(client: ApiClient, value: unknown[]): Promise<{ accepted: number; rejected: { index: number; error: { code: string; message: string; target: string } }[] }> {
  const response = await client.call('POST', '/api/events', { value });
  assert.equal(response.status, 202, JSON.stringify(response.body));
  return response.body;
}

/** The stored alert with this SystemAlertId in `sub`, as the admin sees it. */
async function storedAlert(sub: string, systemAlertId: string): Promise<any> {
  return (await listAll(server, alertsOf(sub))).find((alert) => alert.properties.SystemAlertId === systemAlertId);
}

const runsOf = async (workflow: string) => listAll(server, `${api(workflow)}/runs`);

/** The message of a 403 names the action and the scope it was missing. */
function assertDenied(response: { status: number; body: any }, action: string, scope: string): void {
  assert.equal(response.status, 403, JSON.stringify(response.body));
  assert.equal(response.body.error.code, 'AuthorizationFailed');
  assert.ok(response.body.error.message.includes(`'${action}'`), response.body.error.message);
  assert.ok(response.body.error.message.toLowerCase().includes(scope.toLowerCase()), response.body.error.message);
}

describe('"Trigger logic app" (POST /api{eventId}/triggerWorkflow)', () => {
  it('checks the run permission at the workflow the body names, whatever the case of its id', async () => {
    const sub = newSubscription();
    const mine = workflowId(sub, 'rgA', 'mine');
    const victim = workflowId(sub, 'rgB', 'victim');
    await putWorkflow(mine);
    await putWorkflow(victim);
    const systemAlertId = `click-${randomUUID()}`;
    await post(server, [flatAlert({ sub, rg: 'rgA', id: systemAlertId })]);
    const alert = await storedAlert(sub, systemAlertId);
    const operator = await principal(['Logic App Operator', group(sub, 'rgA')], ['Security Reader', group(sub, 'rgA')]);

    for (const spelling of [victim.replace('/subscriptions/', '/Subscriptions/'), victim.toUpperCase(), victim]) {
      const refused = await operator.call('POST', `/api${alert.id}/triggerWorkflow`, { workflowId: spelling });
      assertDenied(refused, RUN, victim);
    }
    assert.deepEqual(await runsOf(victim), [], 'the victim workflow never ran');

    // The same spellings of a workflow the caller may run are fine (ids compare case-insensitively).
    const started = await operator.call('POST', `/api${alert.id}/triggerWorkflow`, { workflowId: mine.replace('/subscriptions/', '/SUBSCRIPTIONS/') });
    assert.equal(started.status, 202, JSON.stringify(started.body));
    assert.equal(started.body.workflowId, mine);
  });

  it('answers 400 naming workflowId unless it is a workflow id, before any permission is checked', async () => {
    const sub = newSubscription();
    const mine = workflowId(sub, 'rgA', 'mine');
    await putWorkflow(mine);
    const systemAlertId = `bad-${randomUUID()}`;
    await post(server, [flatAlert({ sub, rg: 'rgA', id: systemAlertId })]);
    const alert = await storedAlert(sub, systemAlertId);
    const operator = await principal(['Logic App Operator', group(sub, 'rgA')], ['Security Reader', group(sub, 'rgA')]);
    const malformed: unknown[] = [
      `${mine}/extra`,
      `${mine}/`,
      mine.slice(1),
      mine.replace('/resourceGroups/rgA', '/resourceGroups/'),
      mine.replace('/resourceGroups/rgA', '/resourceGroups//rgA'),
      `/subscriptions/${sub}/resourceGroups/rgA/providers/Microsoft.Web/sites/mine`,
      `/subscriptions/${sub}/resourceGroups/rgA/providers/Microsoft.Logic/workflows`,
      alert.id,
      '',
      42,
      null,
    ];
    for (const client of [operator, server]) {
      for (const workflowIdValue of malformed) {
        const response = await client.call('POST', `/api${alert.id}/triggerWorkflow`, { workflowId: workflowIdValue });
        assert.equal(response.status, 400, `${JSON.stringify(workflowIdValue)}: ${JSON.stringify(response.body)}`);
        assert.equal(response.body.error.target, 'workflowId');
      }
      const noWorkflowId = await client.call('POST', `/api${alert.id}/triggerWorkflow`, { workflow: mine });
      assert.equal(noWorkflowId.status, 400);
      assert.equal(noWorkflowId.body.error.target, 'workflowId');
    }
    assert.deepEqual(await runsOf(mine), []);
    // Any other POST under a subscription is a path no route serves.
    const elsewhere = await operator.call('POST', `/api${group(sub, 'rgA')}/providers/Microsoft.Security/whatever`, { workflowId: mine });
    assert.equal(elsewhere.status, 404, JSON.stringify(elsewhere.body));
  });
});

describe('posting events', () => {
  it('needs write at the event id as well as at its resource, and both in one subscription', async () => {
    const s1 = newSubscription();
    const s2 = newSubscription();
    const poster = await principal(['Security Admin', group(s1, 'rgA')]);
    const key = randomUUID();
    const theirs = assessment({ sub: s2, rg: 'rgX', key, code: 'Healthy' }) as { id: string };
    const sameSub = assessment({ sub: s1, rg: 'rgB', key, code: 'Healthy' }) as { id: string };
    assert.equal((await post(server, [theirs, sameSub])).accepted, 2);

    const forged = (target: { id: string }) => {
      const event = assessment({ sub: s1, rg: 'rgA', key, code: 'Unhealthy' }) as any;
      return { ...event, id: target.id, properties: { ...event.properties, resourceDetails: { source: 'Azure', id: vmId(s1, 'rgA', 'vm1') } } };
    };
    const answer = await post(poster, [forged(theirs), forged(sameSub)]);
    assert.equal(answer.accepted, 0);
    const [acrossSubscriptions, withinSubscription] = answer.rejected;
    assert.equal(acrossSubscriptions?.index, 0);
    assert.equal(acrossSubscriptions?.error.code, 'InvalidEvent');
    assert.equal(acrossSubscriptions?.error.target, 'value[0].id');
    assert.match(acrossSubscriptions?.error.message ?? '', /subscription/);
    assert.equal(withinSubscription?.index, 1);
    assert.equal(withinSubscription?.error.code, 'AuthorizationFailed');
    assert.ok(withinSubscription?.error.message.includes('Microsoft.Security/assessments/write'), withinSubscription?.error.message);
    assert.ok(withinSubscription?.error.message.includes(sameSub.id), withinSubscription?.error.message);

    for (const stored of [theirs, sameSub]) {
      const got = await server.call('GET', api(stored.id));
      assert.equal(got.status, 200);
      assert.equal(got.body.properties.status.code, 'Healthy', `${stored.id} is unchanged`);
      assert.equal(got.body.properties.resourceDetails.id.toLowerCase(), stored.id.slice(0, stored.id.indexOf('/providers/Microsoft.Security')).toLowerCase());
    }
    assert.equal((await listAll(server, `/api/subscriptions/${s2}/providers/Microsoft.Security/assessments`)).length, 1, 'still listed in its subscription');

    // An ARM alert whose id lies in another subscription than its resource is refused too.
    const armAlertId = `arm-${randomUUID()}`;
    const armAlert = fixture('armAlert') as any;
    armAlert.id = `${group(s2, 'rgA')}/providers/Microsoft.Security/locations/westeurope/alerts/${armAlertId}`;
    armAlert.name = armAlertId;
    armAlert.properties.systemAlertId = armAlertId;
    armAlert.properties.resourceIdentifiers = [{ azureResourceId: vmId(s1, 'rgA', 'vm1'), type: 'AzureResource' }];
    const arm = await post(poster, [armAlert]);
    assert.equal(arm.accepted, 0);
    assert.equal(arm.rejected[0]?.error.target, 'value[0].id');
    // The same posted in its own subscription and resource group is fine.
    armAlert.id = `${group(s1, 'rgA')}/providers/Microsoft.Security/locations/westeurope/alerts/${armAlertId}`;
    assert.equal((await post(poster, [armAlert])).accepted, 1);
  });

  it('an alert reusing the SystemAlertId of another subscription is another alert; it never moves the first', async () => {
    const s1 = newSubscription();
    const s2 = newSubscription();
    const systemAlertId = randomUUID();
    assert.equal((await post(server, [flatAlert({ sub: s2, rg: 'rgX', id: systemAlertId, displayName: 'Original' })])).accepted, 1);
    const original = await storedAlert(s2, systemAlertId);
    const poster = await principal(['Security Admin', group(s1, 'rgA')]);
    assert.equal((await post(poster, [flatAlert({ sub: s1, rg: 'rgA', id: systemAlertId, displayName: 'Forged' })])).accepted, 1);

    const after = await storedAlert(s2, systemAlertId);
    assert.ok(after, 'the alert is still listed in its own subscription');
    assert.equal(after.id, original.id);
    assert.equal(after.properties.AlertDisplayName, 'Original');
    assert.equal((await server.call('GET', api(original.id))).body.properties.AlertDisplayName, 'Original');
    const own = await storedAlert(s1, systemAlertId);
    assert.equal(own.properties.AlertDisplayName, 'Forged');
    assert.notEqual(own.id.toLowerCase(), original.id.toLowerCase());
  });

  it('an event never moves to another resource group or id: such an upsert is refused, the stored one kept', async () => {
    const sub = newSubscription();
    const systemAlertId = randomUUID();
    assert.equal((await post(server, [flatAlert({ sub, rg: 'rgB', id: systemAlertId, displayName: 'Theirs' })])).accepted, 1);
    const original = await storedAlert(sub, systemAlertId);
    const poster = await principal(['Security Admin', group(sub, 'rgA')]);
    const fresh = flatAlert({ sub, rg: 'rgA', id: randomUUID() });
    const answer = await post(poster, [fresh, flatAlert({ sub, rg: 'rgA', id: systemAlertId, displayName: 'Forged' })]);
    assert.equal(answer.accepted, 1);
    assert.equal(answer.rejected.length, 1);
    assert.equal(answer.rejected[0]?.index, 1);
    assert.equal(answer.rejected[0]?.error.code, 'InvalidEvent');
    assert.equal(answer.rejected[0]?.error.target, 'value[1].SystemAlertId');
    const kept = await storedAlert(sub, systemAlertId);
    assert.equal(kept.id, original.id);
    assert.equal(kept.properties.AlertDisplayName, 'Theirs');
    assert.equal(kept.riposte.version, 1);

    // Not even the admin moves it: the same alert about a resource in another group is refused, as is another id.
    const moved = await post(server, [flatAlert({ sub, rg: 'rgC', id: systemAlertId })]);
    assert.equal(moved.accepted, 0);
    const elsewhere = { ...flatAlert({ sub, rg: 'rgB', id: systemAlertId }), AlertUri: `https://portal.azure.com/#blade/x/location/eastus` };
    assert.equal((await post(server, [elsewhere])).accepted, 0);
    // The same alert again, where it is, is an update as before.
    const resolved = await post(server, [flatAlert({ sub, rg: 'rgB', id: systemAlertId, displayName: 'Theirs', status: 'Resolved' })]);
    assert.equal(resolved.accepted, 1, JSON.stringify(resolved));
    assert.equal((await storedAlert(sub, systemAlertId)).riposte.version, 2);
  });
});

describe('reading an event by its id', () => {
  it('takes the kind from the resource type after the last /providers/Microsoft.Security/, not from a substring', async () => {
    const sub = newSubscription();
    const systemAlertId = randomUUID();
    // A flat alert about a resource in a group called "assessments": its id holds `/resourceGroups/assessments/`.
    assert.equal((await post(server, [flatAlert({ sub, rg: 'assessments', id: systemAlertId })])).accepted, 1);
    const alert = await storedAlert(sub, systemAlertId);
    assert.match(alert.id, /\/resourceGroups\/assessments\/providers\/Microsoft\.Security\/locations\/[^/]+\/alerts\//);
    const parent = assessment({ sub, rg: 'subAssessments' }) as { id: string };
    const finding = subAssessment(parent.id, 'f1') as { id: string };
    const inAlertsGroup = assessment({ sub, rg: 'alerts' }) as { id: string };
    assert.equal((await post(server, [parent, finding, inAlertsGroup])).accepted, 3);

    const assessmentReader = await principal([await customRole(['Microsoft.Security/assessments/read']), `/subscriptions/${sub}`]);
    assertDenied(await assessmentReader.call('GET', api(alert.id)), 'Microsoft.Security/alerts/read', alert.id);
    for (const id of [parent.id, inAlertsGroup.id]) {
      const got = await assessmentReader.call('GET', api(id));
      assert.equal(got.status, 200, `${id}: ${JSON.stringify(got.body)}`);
      assert.equal(got.body.id, id);
    }
    assertDenied(await assessmentReader.call('GET', api(finding.id)), 'Microsoft.Security/assessments/subAssessments/read', finding.id);

    const alertReader = await principal([await customRole(['Microsoft.Security/alerts/read']), `/subscriptions/${sub}`]);
    const got = await alertReader.call('GET', api(alert.id));
    assert.equal(got.status, 200, JSON.stringify(got.body));
    assert.equal(got.body.properties.SystemAlertId, systemAlertId);
    assertDenied(await alertReader.call('GET', api(parent.id)), 'Microsoft.Security/assessments/read', parent.id);

    // "Trigger logic app" hands the event on, so it needs the same read.
    const workflow = workflowId(sub, 'rgA', 'on-demand');
    await putWorkflow(workflow);
    const runner = await principal([await customRole(['Microsoft.Security/assessments/read', RUN]), `/subscriptions/${sub}`]);
    assertDenied(await runner.call('POST', `${api(alert.id)}/triggerWorkflow`, { workflowId: workflow }), 'Microsoft.Security/alerts/read', alert.id);
    assert.deepEqual(await runsOf(workflow), []);

    // Ids that name no event kind are no route, even for the admin.
    for (const path of [`${alert.id}/extra`, `/subscriptions/${sub}/providers/Microsoft.Security/locations/centralus`, `/subscriptions/${sub}/resourceGroups/alerts/providers/Microsoft.Compute/virtualMachines/vm1`]) {
      assert.equal((await server.call('GET', api(path))).status, 404, path);
    }
  });
});

describe('automations and the events they deliver', () => {
  it('need read of each event source at every scope they cover (their subscription when they list none)', async () => {
    const sub = newSubscription();
    const workflow = workflowId(sub, 'rgA', 'mine');
    await putWorkflow(workflow);
    const author = await principal(['Security Admin', group(sub, 'rgA')], ['Logic App Operator', group(sub, 'rgA')]);
    const at = api(automationId(sub, 'rgA', 'alerts'));

    const everything = automationBody({ eventSource: 'Alerts', workflowIds: [workflow] });
    assertDenied(await author.call('PUT', at, everything), 'Microsoft.Security/alerts/read', `/subscriptions/${sub}`);
    assertDenied(await author.call('POST', `${at}/validate`, everything), 'Microsoft.Security/alerts/read', `/subscriptions/${sub}`);
    const another = automationBody({ eventSource: 'Alerts', workflowIds: [workflow], scopes: [group(sub, 'rgA'), group(sub, 'rgB')] });
    assertDenied(await author.call('PUT', at, another), 'Microsoft.Security/alerts/read', group(sub, 'rgB'));
    assert.equal((await server.call('GET', at)).status, 404, 'nothing was stored');

    const own = automationBody({ eventSource: 'Alerts', workflowIds: [workflow], scopes: [group(sub, 'rgA')] });
    const validated = await author.call('POST', `${at}/validate`, own);
    assert.deepEqual(validated.body, { isValid: true, message: 'Validation Successful' });
    const created = await author.call('PUT', at, own);
    assert.equal(created.status, 201, JSON.stringify(created.body));

    // Delivered: the alert in the author's group; not the one in another group.
    const inOther = `other-${randomUUID()}`;
    const inOwn = `own-${randomUUID()}`;
    await post(server, [flatAlert({ sub, rg: 'rgB', id: inOther }), flatAlert({ sub, rg: 'rgA', id: inOwn })]);
    const runs = await expectRuns(server, workflow, 1);
    const run = await server.call('GET', `${api(workflow)}/runs/${runs[0].name}`);
    assert.equal(run.body.properties.trigger.outputs.body.SystemAlertId, inOwn);

    // Each source needs its own read action: alerts/read alone does not let an automation deliver assessments.
    const alertsOnly = await principal(
      ['Logic App Operator', group(sub, 'rgA')],
      ['Security Admin', automationId(sub, 'rgA', 'by-source')],
      [await customRole(['Microsoft.Security/alerts/read']), `/subscriptions/${sub}`],
    );
    const bySource = api(automationId(sub, 'rgA', 'by-source'));
    const alertsEverywhere = await alertsOnly.call('PUT', bySource, automationBody({ eventSource: 'Alerts', workflowIds: [workflow] }));
    assert.equal(alertsEverywhere.status, 201, JSON.stringify(alertsEverywhere.body));
    const recommendations = await putWorkflowFor(sub, 'recommendations');
    for (const [eventSource, action] of [
      ['Assessments', 'Microsoft.Security/assessments/read'],
      ['SubAssessments', 'Microsoft.Security/assessments/read'],
    ] as const) {
      const response = await alertsOnly.call('PUT', bySource, automationBody({ eventSource, workflowIds: [recommendations] }));
      assertDenied(response, action, `/subscriptions/${sub}`);
    }
  });

  it('authorise every target workflow before telling whether it exists or what its trigger is', async () => {
    const sub = newSubscription();
    const elsewhere = workflowId(sub, 'rgB', 'theirs');
    await putWorkflow(elsewhere, assessmentDefinition({}));
    const missing = workflowId(sub, 'rgB', 'missing');
    const author = await principal(['Security Admin', group(sub, 'rgA')]);
    const at = api(automationId(sub, 'rgA', 'probe'));
    for (const target of [missing, elsewhere]) {
      const body = automationBody({ eventSource: 'Alerts', workflowIds: [target], scopes: [group(sub, 'rgA')] });
      const put = await author.call('PUT', at, body);
      assertDenied(put, RUN, target);
      assert.doesNotMatch(put.body.error.message, /does not exist|has trigger|cannot receive/i);
      assertDenied(await author.call('POST', `${at}/validate`, body), RUN, target);
    }

    // Scope reads are checked before the workflows too: a caller who may run workflows in its group learns nothing
    // about one there from an automation over a group it may not read.
    const runner = await principal(['Security Admin', group(sub, 'rgA')], ['Logic App Operator', group(sub, 'rgA')]);
    const absent = workflowId(sub, 'rgA', 'absent');
    const wide = automationBody({ eventSource: 'Alerts', workflowIds: [absent], scopes: [group(sub, 'rgB')] });
    assertDenied(await runner.call('PUT', at, wide), 'Microsoft.Security/alerts/read', group(sub, 'rgB'));
    assertDenied(await runner.call('POST', `${at}/validate`, wide), 'Microsoft.Security/alerts/read', group(sub, 'rgB'));

    // Once authorised, the existence check answers as before.
    const narrow = automationBody({ eventSource: 'Alerts', workflowIds: [absent], scopes: [group(sub, 'rgA')] });
    const notFound = await runner.call('PUT', at, narrow);
    assert.equal(notFound.status, 400);
    assert.equal(notFound.body.error.code, 'LogicAppNotFound');
    const invalid = await runner.call('POST', `${at}/validate`, narrow);
    assert.equal(invalid.status, 200);
    assert.equal(invalid.body.isValid, false);
    // And a body that does not parse is a 400 before anything else.
    const unparsable = await author.call('PUT', at, { properties: { sources: [{ eventSource: 'Bogus' }], actions: [{ actionType: 'LogicApp', logicAppResourceId: missing }] } });
    assert.equal(unparsable.status, 400, JSON.stringify(unparsable.body));
    assert.equal((await server.call('GET', at)).status, 404, 'nothing was stored');
  });
});

/** A recommendation workflow in `sub`/rgA. */
async function putWorkflowFor(sub: string, name: string): Promise<string> {
  const id = workflowId(sub, 'rgA', name);
  await putWorkflow(id, assessmentDefinition({}));
  return id;
}
