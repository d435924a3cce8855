/**
 * Policy at scale, against the server as a separate process: 1,000 subscriptions in a management group with the
 * alerts DeployIfNotExists policy assigned at it; how long an on-demand compliance evaluation of all of them takes,
 * and how long a remediation task takes to deploy 1,000 automations (from its PUT to Succeeded).
 */
import type { Measurement } from './measure.js';
import { call, defineWorkflow, startServer, stopServer, subscription } from './server-bench.js';

const COUNT = 1000;
const GROUP = '/providers/Microsoft.Management/managementGroups/bench';

export const COMPLIANCE_BENCH = 'policy: s to evaluate compliance of 1,000 subscriptions';
export const REMEDIATION_BENCH = 'policy: s to remediate 1,000 subscriptions';

const seconds = (name: string, started: number): Measurement => {
  const elapsed = (performance.now() - started) / 1000;
  return { name, operations: 1, seconds: elapsed, perSecond: elapsed };
};

async function expect(answer: Promise<{ status: number; body: unknown }>, what: string): Promise<unknown> {
  const { status, body } = await answer;
  if (status >= 300) throw new Error(`${what}: ${status} ${JSON.stringify(body)}`);
  return body;
}

export async function policyBenchmarks(): Promise<Measurement[]> {
  const server = await startServer();
  try {
    await expect(call(server, 'PUT', `/api${GROUP}`, { properties: { displayName: 'Benchmark' } }), 'management group');
    for (let index = 1; index <= COUNT; index++) {
      await expect(call(server, 'PUT', `/api/subscriptions/${subscription(index)}`, { properties: { managementGroupId: GROUP } }), 'subscription');
    }
    const workflow = await defineWorkflow(server, subscription(COUNT + 1), 'policy-target', {});
    const assignment = `${GROUP}/providers/Microsoft.Authorization/policyAssignments/bench-alerts`;
    const parameters = {
      automationName: 'alerts',
      resourceGroupName: 'security',
      resourceGroupLocation: 'westeurope',
      logicAppResourceId: workflow,
      logicAppTrigger: 'When an Azure Security Center Alert is created or triggered',
    };
    await expect(
      call(server, 'PUT', `/api${assignment}`, {
        properties: { policyDefinitionId: '/providers/Microsoft.Authorization/policyDefinitions/f1525828-9a90-4fcf-be48-268cdd02361e', parameters: Object.fromEntries(Object.entries(parameters).map(([k, value]) => [k, { value }])) },
      }),
      'assignment',
    );

    const evaluationStarted = performance.now();
    const evaluated = (await expect(call(server, 'POST', `/api${GROUP}/providers/Microsoft.PolicyInsights/policyStates/latest/triggerEvaluation`), 'evaluation')) as { states: number };
    const evaluation = seconds(COMPLIANCE_BENCH, evaluationStarted);
    if (evaluated.states !== COUNT) throw new Error(`evaluated ${evaluated.states} subscriptions, not ${COUNT}`);

    const task = `/api${GROUP}/providers/Microsoft.PolicyInsights/remediations/bench`;
    const remediationStarted = performance.now();
    await expect(call(server, 'PUT', task, { properties: { policyAssignmentId: assignment } }), 'remediation');
    for (;;) {
      const body = (await expect(call(server, 'GET', task), 'remediation state')) as { properties: { provisioningState: string; deploymentStatus: { successfulDeployments: number } } };
      if (body.properties.provisioningState === 'Succeeded') {
        if (body.properties.deploymentStatus.successfulDeployments !== COUNT) throw new Error(`remediation deployed ${JSON.stringify(body.properties.deploymentStatus)}`);
        break;
      }
      if (['Failed', 'Canceled'].includes(body.properties.provisioningState)) throw new Error(`remediation ended ${JSON.stringify(body.properties)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const remediation = seconds(REMEDIATION_BENCH, remediationStarted);
    return [evaluation, remediation];
  } finally {
    await stopServer(server);
  }
}
