/**
 * Workflow automation at scale, through the public API only: a management group tree with 50 subscriptions, the
 * alerts DeployIfNotExists policy assigned at its top, compliance, a remediation task, automatic deployment into a
 * new subscription, drift after a deletion, and an alert travelling through a deployed automation to a workflow.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type HttpSink, startHttpSink } from '../support/http-sink.js';
import { assignRole, createPrincipal } from '../support/principals.js';
import { type TestServer, startTestServer } from '../support/riposte-server.js';
import { alertDefinition, eventually, flatAlert, httpPost, newSubscription, workflowId } from '../support/defender.js';

const ALERTS_POLICY = '/providers/Microsoft.Authorization/policyDefinitions/f1525828-9a90-4fcf-be48-268cdd02361e';
const DEFENDER_ALERT_TRIGGER = 'When an Azure Security Center Alert is created or triggered';
const mg = (name: string) => `/providers/Microsoft.Management/managementGroups/${name}`;
const states = (scope: string, filter?: string) =>
  `/api${scope}/providers/Microsoft.PolicyInsights/policyStates/latest/queryResults${filter === undefined ? '' : `?$filter=${encodeURIComponent(filter)}`}`;

let server: TestServer;
let sink: HttpSink;
let workflow: string;
const SOC = newSubscription();

async function put(path: string, body: unknown, expected = [200, 201]): Promise<any> {
  const answer = await server.call('PUT', path, body);
  assert.ok(expected.includes(answer.status), `PUT ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

async function tree(top: string, counts: { nested: number; middle: number; other: number }): Promise<{ subscriptions: string[]; nested: string }> {
  await put(`/api${mg(top)}`, { properties: { displayName: `Top ${top}` } });
  await put(`/api${mg(`${top}-eu`)}`, { properties: { displayName: 'Europe', details: { parent: { id: mg(top) } } } });
  await put(`/api${mg(`${top}-us`)}`, { properties: { displayName: 'Americas', details: { parent: { id: mg(top) } } } });
  await put(`/api${mg(`${top}-eu-prod`)}`, { properties: { displayName: 'Europe production', details: { parent: { id: mg(`${top}-eu`) } } } });
  const subscriptions: string[] = [];
  const place = async (group: string, count: number) => {
    for (let index = 0; index < count; index++) {
      const id = newSubscription();
      await put(`/api/subscriptions/${id}`, { properties: { displayName: `${group} ${index}`, managementGroupId: mg(group) } });
      subscriptions.push(id);
    }
  };
  await place(`${top}-eu-prod`, counts.nested);
  await place(`${top}-eu`, counts.middle);
  await place(`${top}-us`, counts.other);
  return { subscriptions, nested: `${top}-eu-prod` };
}

function alertsAssignment(overrides: Record<string, unknown> = {}, properties: Record<string, unknown> = {}) {
  const parameters: Record<string, unknown> = {
    automationName: 'alerts-to-soc',
    resourceGroupName: 'security-automation',
    resourceGroupLocation: 'westeurope',
    logicAppResourceId: workflow,
    logicAppTrigger: DEFENDER_ALERT_TRIGGER,
    alertSeverities: ['High'],
    ...overrides,
  };
  return { properties: { policyDefinitionId: ALERTS_POLICY, displayName: 'Alerts to the SOC', parameters: Object.fromEntries(Object.entries(parameters).map(([name, value]) => [name, { value }])), ...properties } };
}

async function remediate(scope: string, name: string, assignmentId: string): Promise<any> {
  const created = await put(`/api${scope}/providers/Microsoft.PolicyInsights/remediations/${name}`, { properties: { policyAssignmentId: assignmentId } }, [200, 201]);
  assert.ok(['Accepted', 'Running', 'Succeeded', 'Failed'].includes(created.properties.provisioningState));
  return eventually(
    `remediation ${name} finished`,
    async () => {
      const { body } = await server.call('GET', `/api${scope}/providers/Microsoft.PolicyInsights/remediations/${name}`);
      return ['Succeeded', 'Failed', 'Canceled'].includes(body.properties.provisioningState) ? body : undefined;
    },
    20_000,
  );
}

async function complianceOf(scope: string): Promise<Map<string, string>> {
  const answer = await server.call('GET', states(scope));
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  return new Map(answer.body.value.map((record: any) => [record.subscriptionId, record.complianceState]));
}

before(async () => {
  server = await startTestServer();
  sink = await startHttpSink();
  workflow = workflowId(SOC, 'soc', 'alert-to-sink');
  await put(`/api${workflow}`, { properties: { state: 'Enabled', definition: alertDefinition({ Forward: httpPost(`${sink.url}/alerts`, '@triggerBody()') }) } });
});
after(async () => {
  await server.stop();
  await sink.close();
});

describe('the alerts DeployIfNotExists policy across a management group tree', () => {
  let subscriptions: string[];
  let nested: string;
  const assignment = `${mg('contoso')}/providers/Microsoft.Authorization/policyAssignments/alerts-to-soc`;

  before(async () => {
    ({ subscriptions, nested } = await tree('contoso', { nested: 20, middle: 15, other: 15 }));
  });

  it('lists the three built-in definitions with their parameters', async () => {
    const { body } = await server.call('GET', '/api/providers/Microsoft.Authorization/policyDefinitions');
    assert.deepEqual(
      body.value.map((definition: any) => definition.name),
      ['f1525828-9a90-4fcf-be48-268cdd02361e', '73d6ab6c-2475-4850-afd6-43795f3492ef', '509122b9-ddd9-47ba-a5f1-d0dac20be63c'],
    );
    const alerts = body.value[0];
    assert.equal(alerts.properties.displayName, 'Deploy Workflow Automation for Microsoft Defender for Cloud alerts');
    assert.deepEqual(alerts.properties.parameters.alertSeverities.allowedValues, ['High', 'Medium', 'Low']);
    assert.equal((await server.call('GET', '/api/providers/Microsoft.Authorization/policyDefinitions/F1525828-9A90-4FCF-BE48-268CDD02361E')).body.id, ALERTS_POLICY);
  });

  it('refuses parameters the definition does not allow, naming the parameter, and stores nothing', async () => {
    const path = `/api${assignment}-bad`;
    const severity = await server.call('PUT', path, alertsAssignment({ alertSeverities: ['High', 'Critical'] }));
    assert.equal(severity.status, 400);
    assert.match(severity.body.error.target, /^properties\.parameters\.alertSeverities/);
    assert.match(severity.body.error.message, /Critical/);
    const missing = await server.call('PUT', path, alertsAssignment({ automationName: undefined }));
    assert.equal(missing.status, 400);
    assert.match(missing.body.error.target, /automationName/);
    const definition = await server.call('PUT', path, { properties: { policyDefinitionId: '/providers/Microsoft.Authorization/policyDefinitions/nope' } });
    assert.equal(definition.status, 400);
    assert.equal(definition.body.error.target, 'properties.policyDefinitionId');
    const trigger = await server.call('PUT', path, alertsAssignment({ logicAppTrigger: 'Manual (Incoming HTTP request)' }));
    assert.equal(trigger.status, 400, 'a Defender-triggered workflow cannot be chosen as a manual one');
    assert.equal(trigger.body.error.target, 'properties.parameters.logicAppTrigger');
    assert.equal((await server.call('GET', path)).status, 404);
    // Names a list would show alike (control and bidirectional formatting characters), or ARM refuses.
    for (const name of ['p%01a', '%E2%80%AEx', 'ends-in-a-dot.', 'a%3Fb']) {
      const refused = await server.call('PUT', `/api${mg('contoso')}/providers/Microsoft.Authorization/policyAssignments/${name}`, alertsAssignment({}));
      assert.equal(refused.status, 400, name);
      assert.equal(refused.body.error.code, 'InvalidPolicyAssignmentName', name);
      assert.equal(refused.body.error.target, 'name');
    }
  });

  it('makes every subscription under the group NonCompliant when assigned at the top', async () => {
    const created = await server.call('PUT', `/api${assignment}`, alertsAssignment());
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.properties.scope, mg('contoso'));
    assert.equal(created.body.identity.type, 'SystemAssigned');
    const compliance = await complianceOf(mg('contoso'));
    assert.equal(compliance.size, 50);
    for (const subscription of subscriptions) assert.equal(compliance.get(subscription), 'NonCompliant', subscription);
    const record = (await server.call('GET', states(`/subscriptions/${subscriptions[0]}`))).body.value[0];
    assert.equal(record.resourceId, `/subscriptions/${subscriptions[0]}`);
    assert.equal(record.policyAssignmentId, assignment);
    assert.equal(record.policyDefinitionId, ALERTS_POLICY);
    assert.match(record.complianceReason, /alerts-to-soc/);
    const summary = (await server.call('POST', `/api${mg('contoso')}/providers/Microsoft.PolicyInsights/policyStates/latest/summarize`)).body;
    assert.equal(summary.value[0].results.nonCompliantResources, 50);
  });

  it('deploys 50 automations with a remediation task and makes them all Compliant', async () => {
    const task = await remediate(mg('contoso'), 'remediate-alerts', assignment);
    assert.equal(task.properties.provisioningState, 'Succeeded', JSON.stringify(task));
    assert.deepEqual(task.properties.deploymentStatus, { totalDeployments: 50, successfulDeployments: 50, failedDeployments: 0 });
    const deployments = (await server.call('GET', `/api${mg('contoso')}/providers/Microsoft.PolicyInsights/remediations/remediate-alerts/listDeployments`)).body.value;
    assert.equal(deployments.length, 50);
    assert.ok(deployments.every((deployment: any) => deployment.status === 'Succeeded'));
    const compliance = await complianceOf(mg('contoso'));
    for (const subscription of subscriptions) assert.equal(compliance.get(subscription), 'Compliant', subscription);
    const automation = (await server.call('GET', `/api/subscriptions/${subscriptions[7]}/resourceGroups/security-automation/providers/Microsoft.Security/automations/alerts-to-soc`)).body;
    assert.equal(automation.properties.isEnabled, true);
    assert.deepEqual(automation.properties.scopes, [{ description: `scope for subscription ${subscriptions[7]}`, scopePath: `/subscriptions/${subscriptions[7]}` }]);
    assert.deepEqual(automation.properties.sources[0].ruleSets, [
      {
        rules: [
          { propertyJPath: 'Version', propertyType: 'String', expectedValue: '3.', operator: 'Contains' },
          { propertyJPath: 'Severity', propertyType: 'String', expectedValue: 'high', operator: 'Equals' },
        ],
      },
    ]);
    assert.equal(automation.properties.actions[0].logicAppResourceId, workflow);
  });

  it('deploys into a new subscription under a nested group automatically', async () => {
    const fresh = newSubscription();
    await put(`/api/subscriptions/${fresh}`, { properties: { displayName: 'arrived later', managementGroupId: mg(nested) } }, [201]);
    await eventually('automation deployed', async () => {
      const state = (await complianceOf(`/subscriptions/${fresh}`)).get(fresh);
      return state === 'Compliant' ? state : undefined;
    }, 5_000);
    const automation = await server.call('GET', `/api/subscriptions/${fresh}/resourceGroups/security-automation/providers/Microsoft.Security/automations/alerts-to-soc`);
    assert.equal(automation.status, 200);
    subscriptions.push(fresh);
  });

  it('flips a subscription to NonCompliant when its automation is deleted, and says why', async () => {
    const target = subscriptions[3] as string;
    const deleted = await server.call('DELETE', `/api/subscriptions/${target}/resourceGroups/security-automation/providers/Microsoft.Security/automations/alerts-to-soc`);
    assert.equal(deleted.status, 200);
    const records = (await server.call('GET', states(mg('contoso'), "complianceState eq 'NonCompliant'"))).body.value;
    assert.deepEqual(records.map((record: any) => record.subscriptionId), [target]);
    assert.match(records[0].complianceReason, /alerts-to-soc/);
  });

  it('carries an alert in any covered subscription to the workflow through the deployed automation', async () => {
    const target = subscriptions[42] as string;
    const before = sink.requestsTo('/alerts').length;
    const posted = await server.call('POST', '/api/events', {
      value: [flatAlert({ sub: target, severity: 'High', displayName: 'Suspicious login' }), flatAlert({ sub: target, severity: 'Medium', displayName: 'Quiet one' })],
    });
    assert.equal(posted.status, 202, JSON.stringify(posted.body));
    const delivered = await eventually('alert forwarded', () => sink.requestsTo('/alerts')[before], 10_000);
    assert.match(delivered.body, /Suspicious login/);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(sink.requestsTo('/alerts').length, before + 1, 'the Medium alert matches no deployed rule');
  });

  it('drops a subscription moved out of the scope from the results and deploys into one moved in', async () => {
    const moved = subscriptions[0] as string;
    await put(`/api/subscriptions/${moved}`, { properties: { managementGroupId: mg('root') } }, [200]);
    assert.equal((await complianceOf(mg('contoso'))).has(moved), false);
    const outsider = newSubscription();
    await put(`/api/subscriptions/${outsider}`, { properties: { managementGroupId: mg('root') } }, [201]);
    assert.equal((await complianceOf(`/subscriptions/${outsider}`)).size, 0);
    await put(`/api/subscriptions/${outsider}`, { properties: { managementGroupId: mg('contoso-us') } }, [200]);
    assert.equal((await complianceOf(`/subscriptions/${outsider}`)).get(outsider), 'Compliant');
  });
});

describe('remediation failures, re-runs and cancellation', () => {
  let subscriptions: string[];
  const scope = mg('fabrikam');
  const assignment = `${scope}/providers/Microsoft.Authorization/policyAssignments/alerts-existing-groups`;

  before(async () => {
    ({ subscriptions } = await tree('fabrikam', { nested: 4, middle: 3, other: 3 }));
    // Only half of them already have the resource group the assignment names.
    for (const subscription of subscriptions.slice(0, 5)) await put(`/api/subscriptions/${subscription}/resourceGroups/soc-automation`, { location: 'westeurope' });
    await put(`/api${assignment}`, alertsAssignment({ resourceGroupName: 'soc-automation', createResourceGroup: false }));
  });

  it('records each subscription that failed with its error and carries on with the others', async () => {
    const task = await remediate(scope, 'first-pass', assignment);
    assert.equal(task.properties.provisioningState, 'Failed');
    assert.deepEqual(task.properties.deploymentStatus, { totalDeployments: 10, successfulDeployments: 5, failedDeployments: 5 });
    const deployments = (await server.call('POST', `/api${scope}/providers/Microsoft.PolicyInsights/remediations/first-pass/listDeployments`)).body.value;
    const failed = deployments.filter((deployment: any) => deployment.status === 'Failed');
    assert.equal(failed.length, 5);
    assert.equal(failed[0].error.code, 'ResourceGroupNotFound');
    assert.match(failed[0].error.message, /soc-automation/);
  });

  it('finishes the job when run again after the cause is fixed', async () => {
    for (const subscription of subscriptions.slice(5)) await put(`/api/subscriptions/${subscription}/resourceGroups/soc-automation`, { location: 'westeurope' });
    const task = await remediate(scope, 'first-pass', assignment);
    assert.equal(task.properties.provisioningState, 'Succeeded', JSON.stringify(task));
    assert.deepEqual(task.properties.deploymentStatus, { totalDeployments: 5, successfulDeployments: 5, failedDeployments: 0 });
    const compliance = await complianceOf(scope);
    assert.ok([...compliance.values()].every((state) => state === 'Compliant'));
  });

  it('stops at a cancel and leaves the rest undone', async () => {
    const other = `${scope}/providers/Microsoft.Authorization/policyAssignments/alerts-low`;
    await put(`/api${other}`, alertsAssignment({ automationName: 'alerts-low', alertSeverities: ['Low'] }));
    await put(`/api${scope}/providers/Microsoft.PolicyInsights/remediations/slow`, { properties: { policyAssignmentId: other, parallelDeployments: 1 } }, [201]);
    const canceled = await server.call('POST', `/api${scope}/providers/Microsoft.PolicyInsights/remediations/slow/cancel`);
    assert.equal(canceled.status, 200, JSON.stringify(canceled.body));
    assert.equal(canceled.body.properties.provisioningState, 'Canceled');
    const deployments = (await server.call('GET', `/api${scope}/providers/Microsoft.PolicyInsights/remediations/slow/listDeployments`)).body.value;
    assert.ok(deployments.some((deployment: any) => deployment.status === 'Canceled'), JSON.stringify(deployments));
    const again = await server.call('POST', `/api${scope}/providers/Microsoft.PolicyInsights/remediations/slow/cancel`);
    assert.equal(again.status, 409);
  });
});

describe('who may assign and remediate', () => {
  const scope = mg('northwind');
  const assignment = `${scope}/providers/Microsoft.Authorization/policyAssignments/alerts`;
  let subscriptions: string[];

  before(async () => {
    ({ subscriptions } = await tree('northwind', { nested: 1, middle: 1, other: 1 }));
  });

  it('lets an Owner who may start the workflow assign, a Security Admin evaluate and remediate, and a Reader only read', async () => {
    const admin = await createPrincipal(server, `secadmin-${Date.now()}`);
    await assignRole(server, admin.id, 'Security Admin', scope);
    const listed = (await admin.client.call('GET', '/api/subscriptions')).body.value.map((subscription: any) => subscription.subscriptionId);
    assert.deepEqual([...listed].sort(), [...subscriptions].sort(), 'a role at the group lists the subscriptions in it, and only those');
    await assignRole(server, admin.id, 'Logic App Operator', workflow);
    const refused = await admin.client.call('PUT', `/api${assignment}`, alertsAssignment());
    assert.equal(refused.status, 403, 'the identity is made Contributor at the scope: granting that needs roleAssignments/write');
    assert.match(refused.body.error.message, /roleAssignments\/write/);

    const owner = await createPrincipal(server, `owner-${Date.now()}`);
    await assignRole(server, owner.id, 'Owner', scope);
    const withoutWorkflow = await owner.client.call('PUT', `/api${assignment}`, alertsAssignment());
    assert.equal(withoutWorkflow.status, 403, 'starting the workflow is needed too');
    assert.match(withoutWorkflow.body.error.message, /triggers\/run/);
    await assignRole(server, owner.id, 'Logic App Operator', workflow);
    const assigned = await owner.client.call('PUT', `/api${assignment}`, alertsAssignment());
    assert.equal(assigned.status, 201, JSON.stringify(assigned.body));

    const evaluated = await admin.client.call('POST', `/api${scope}/providers/Microsoft.PolicyInsights/policyStates/latest/triggerEvaluation`);
    assert.equal(evaluated.status, 200, JSON.stringify(evaluated.body));
    const task = await admin.client.call('PUT', `/api${scope}/providers/Microsoft.PolicyInsights/remediations/by-admin`, { properties: { policyAssignmentId: assignment } });
    assert.equal(task.status, 201, JSON.stringify(task.body));

    const reader = await createPrincipal(server, `reader-${Date.now()}`);
    await assignRole(server, reader.id, 'Reader', scope);
    assert.equal((await reader.client.call('GET', states(scope))).status, 200);
    assert.equal((await reader.client.call('GET', `/api${assignment}`)).status, 200);
    assert.equal((await reader.client.call('PUT', `/api${assignment}`, alertsAssignment())).status, 403);
    assert.equal((await reader.client.call('PUT', `/api${scope}/providers/Microsoft.PolicyInsights/remediations/by-reader`, { properties: { policyAssignmentId: assignment } })).status, 403);
    assert.equal((await reader.client.call('GET', states(mg('contoso')))).status, 403);
  });

  it('never lets a move or a new subscription carry access away from those who own it', async () => {
    const mover = await createPrincipal(server, `mover-${Date.now()}`);
    await put(`/api${mg('mover-own')}`, { properties: { displayName: 'Owned by the mover' } });
    await assignRole(server, mover.id, 'Owner', mg('mover-own'));
    await assignRole(server, mover.id, 'Contributor', scope);
    // A Contributor may change a group or a subscription, but not hand it to a group where they hold more rights.
    const groupMove = await mover.client.call('PUT', `/api${mg('northwind-eu')}`, { properties: { details: { parent: { id: mg('mover-own') } } } });
    assert.equal(groupMove.status, 403, JSON.stringify(groupMove.body));
    assert.match(groupMove.body.error.message, /roleAssignments\/write/);
    const subscriptionMove = await mover.client.call('PUT', `/api/subscriptions/${subscriptions[0]}`, { properties: { managementGroupId: mg('mover-own') } });
    assert.equal(subscriptionMove.status, 403, JSON.stringify(subscriptionMove.body));
    // A subscription known only from its events sits under the root group: it cannot be created afresh elsewhere.
    const eventsOnly = newSubscription();
    assert.equal((await server.call('POST', '/api/events', { value: [flatAlert({ sub: eventsOnly })] })).status, 202);
    const claim = await mover.client.call('PUT', `/api/subscriptions/${eventsOnly}`, { properties: { managementGroupId: mg('mover-own') } });
    assert.equal(claim.status, 403, JSON.stringify(claim.body));
    assert.equal((await mover.client.call('GET', `/api/subscriptions/${eventsOnly}/providers/Microsoft.Security/alerts`)).status, 403);
    // Nor deleted and created again while its events (or role and policy assignments) would pass to the new owner.
    const deleted = await server.call('DELETE', `/api/subscriptions/${eventsOnly}`);
    assert.equal(deleted.status, 409, JSON.stringify(deleted.body));
    assert.match(deleted.body.error.message, /1 security event/);
  });
});
