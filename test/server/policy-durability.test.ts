/**
 * A remediation task survives its process: the server is SIGKILLed while the task deploys, and the next start
 * carries it on from the deployments already recorded, so every subscription ends with exactly one automation
 * and the task with one deployment record per subscription.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { alertDefinition, eventually, newSubscription, workflowId } from '../support/defender.js';
import { type ApiClient, apiClient, freePort, removeTestData, spawnServer } from '../support/riposte-server.js';

const SUBSCRIPTIONS = 800;
const GROUP = '/providers/Microsoft.Management/managementGroups/durable';
const TASK = `/api${GROUP}/providers/Microsoft.PolicyInsights/remediations/resumable`;
const children = new Set<ChildProcess>();
let dataDir: string | undefined;

after(async () => {
  for (const child of children) child.kill('SIGKILL');
  if (dataDir !== undefined) await removeTestData(dataDir);
});

async function start(dir: string, port: number): Promise<{ child: ChildProcess; client: ApiClient }> {
  const { child, url } = await spawnServer(dir, port);
  children.add(child);
  child.once('exit', () => children.delete(child));
  return { child, client: apiClient(url) };
}

async function ok(client: ApiClient, method: string, path: string, body?: unknown): Promise<any> {
  const answer = await client.call(method, path, body);
  assert.ok(answer.status < 300, `${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

it('resumes a remediation task interrupted by SIGKILL and deploys each subscription once', { timeout: 120_000 }, async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'riposte-policy-crash-'));
  const port = await freePort();
  let { child, client } = await start(dataDir, port);
  await ok(client, 'PUT', `/api${GROUP}`, { properties: { displayName: 'Durable' } });
  for (let index = 0; index < SUBSCRIPTIONS; index++) await ok(client, 'PUT', `/api/subscriptions/${newSubscription()}`, { properties: { managementGroupId: GROUP } });
  const workflow = workflowId(newSubscription(), 'soc', 'target');
  await ok(client, 'PUT', `/api${workflow}`, { properties: { definition: alertDefinition({}) } });
  const assignment = `${GROUP}/providers/Microsoft.Authorization/policyAssignments/alerts`;
  const parameters = {
    automationName: 'alerts',
    resourceGroupName: 'security',
    resourceGroupLocation: 'westeurope',
    logicAppResourceId: workflow,
    logicAppTrigger: 'When an Azure Security Center Alert is created or triggered',
  };
  await ok(client, 'PUT', `/api${assignment}`, {
    properties: { policyDefinitionId: 'f1525828-9a90-4fcf-be48-268cdd02361e', parameters: Object.fromEntries(Object.entries(parameters).map(([name, value]) => [name, { value }])) },
  });

  await ok(client, 'PUT', TASK, { properties: { policyAssignmentId: assignment, parallelDeployments: 1 } });
  const midway = await eventually('some deployments done', async () => {
    const task = await ok(client, 'GET', TASK);
    return task.properties.deploymentStatus.successfulDeployments > 0 ? task : undefined;
  });
  child.kill('SIGKILL');
  await new Promise((resolve) => child.once('exit', resolve));
  assert.equal(midway.properties.provisioningState, 'Running', 'the task was interrupted while running');
  assert.ok(midway.properties.deploymentStatus.successfulDeployments < SUBSCRIPTIONS);

  ({ child, client } = await start(dataDir, port));
  const finished = await eventually(
    'the task finished after the restart',
    async () => {
      const task = await ok(client, 'GET', TASK);
      return task.properties.provisioningState === 'Running' ? undefined : task;
    },
    60_000,
    100,
  );
  assert.equal(finished.properties.provisioningState, 'Succeeded', JSON.stringify(finished.properties));
  assert.deepEqual(finished.properties.deploymentStatus, { totalDeployments: SUBSCRIPTIONS, successfulDeployments: SUBSCRIPTIONS, failedDeployments: 0 });
  const deployments = (await ok(client, 'GET', `${TASK}/listDeployments`)).value;
  assert.equal(deployments.length, SUBSCRIPTIONS);
  assert.equal(new Set(deployments.map((deployment: any) => deployment.remediatedResourceId)).size, SUBSCRIPTIONS);
  const states = (await ok(client, 'GET', `/api${GROUP}/providers/Microsoft.PolicyInsights/policyStates/latest/queryResults?$filter=${encodeURIComponent("complianceState eq 'NonCompliant'")}`)).value;
  assert.equal(states.length, 0);
});
