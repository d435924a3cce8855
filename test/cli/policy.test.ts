/** `riposte policy assign|list|compliance|remediate`, through the real binary against a running server, as an operator would. */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { alertDefinition, newSubscription, workflowId } from '../support/defender.js';
import { type TestServer, TEST_TOKEN, startTestServer } from '../support/riposte-server.js';
import { runRiposte } from '../support/riposte-cli.js';

const ALERTS_POLICY = '/providers/Microsoft.Authorization/policyDefinitions/f1525828-9a90-4fcf-be48-268cdd02361e';
const GROUP = 'cli-policy';
const GROUP_ID = `/providers/Microsoft.Management/managementGroups/${GROUP}`;
const ASSIGNMENT_ID = `${GROUP_ID}/providers/Microsoft.Authorization/policyAssignments/alerts-to-soc`;
const subscriptions = [newSubscription(), newSubscription(), newSubscription()];
const workflow = workflowId(newSubscription(), 'soc', 'alerts');
let server: TestServer;
let dir: string;
let parametersFile: string;

async function put(path: string, body: unknown): Promise<void> {
  const answer = await server.call('PUT', path, body);
  assert.ok([200, 201].includes(answer.status), `PUT ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
}

before(async () => {
  server = await startTestServer();
  dir = await mkdtemp(join(tmpdir(), 'riposte-cli-policy-'));
  await put(`/api${GROUP_ID}`, { properties: { displayName: 'CLI policy' } });
  for (const [index, id] of subscriptions.entries()) {
    await put(`/api/subscriptions/${id}`, { properties: { displayName: `cli ${index}`, managementGroupId: GROUP_ID } });
  }
  await put(`/api${workflow}`, { properties: { state: 'Enabled', definition: alertDefinition({}) } });
  // The parameters every assignment repeats come from a file; the ones a test varies from --param.
  parametersFile = join(dir, 'parameters.json');
  await writeFile(
    parametersFile,
    JSON.stringify({
      automationName: { value: 'alerts-to-soc' },
      resourceGroupName: { value: 'security-automation' },
      resourceGroupLocation: { value: 'westeurope' },
      logicAppResourceId: { value: workflow },
    }),
  );
});
after(async () => {
  await server.stop();
  await rm(dir, { recursive: true, force: true });
});

const riposte = (args: readonly string[]) => runRiposte([...args, '--url', server.url, '--token', TEST_TOKEN]);

const assign = (name: string, ...params: string[]) => [
  'policy', 'assign', name, '--scope', `mg:${GROUP}`, '--definition', 'alerts', '--parameters', parametersFile,
  '--param', 'logicAppTrigger=When an Azure Security Center Alert is created or triggered', ...params.flatMap((param) => ['--param', param]),
];

describe('riposte policy', () => {
  it('assigns the alerts policy at a group, coercing --param values to the declared types', async () => {
    const { code, stdout, stderr } = await riposte([...assign('alerts-to-soc', 'alertSeverities=High, Medium', 'createResourceGroup=TRUE'), '--display-name', 'Alerts to the SOC']);
    assert.equal(code, 0, stderr);
    const assignment = JSON.parse(stdout);
    assert.equal(assignment.id, ASSIGNMENT_ID);
    assert.equal(assignment.properties.policyDefinitionId, ALERTS_POLICY);
    assert.equal(assignment.properties.displayName, 'Alerts to the SOC');
    assert.deepEqual(assignment.properties.parameters.alertSeverities, { value: ['High', 'Medium'] });
    assert.deepEqual(assignment.properties.parameters.createResourceGroup, { value: true });
    assert.equal(assignment.properties.parameters.logicAppResourceId.value, workflow);
  });

  it('lists the assignment from the root group by default, and the three definitions', async () => {
    const [listed, definitions] = await Promise.all([riposte(['policy', 'list']), riposte(['policy', 'list', '--definitions'])]);
    assert.equal(listed.code, 0, listed.stderr);
    assert.ok(JSON.parse(listed.stdout).value.some((item: any) => item.id === ASSIGNMENT_ID));
    assert.equal(definitions.code, 0, definitions.stderr);
    assert.equal(JSON.parse(definitions.stdout).value.length, 3);
  });

  it('shows every subscription NonCompliant before remediation, as a table and as JSON', async () => {
    const [table, json] = await Promise.all([
      riposte(['policy', 'compliance', '--scope', GROUP_ID]),
      riposte(['policy', 'compliance', '--scope', `mg:${GROUP}`, '--assignment', 'alerts-to-soc', '--json']),
    ]);
    assert.equal(table.code, 0, table.stderr);
    for (const id of subscriptions) assert.match(table.stdout, new RegExp(`^${id}\\s+alerts-to-soc\\s+NonCompliant\\s+\\S`, 'm'));
    assert.match(table.stdout, /^0 of 3 compliant/m);
    assert.equal(json.code, 0, json.stderr);
    const records = JSON.parse(json.stdout).value;
    assert.deepEqual(records.map((record: any) => record.subscriptionId).sort(), [...subscriptions].sort());
    assert.ok(records.every((record: any) => record.complianceState === 'NonCompliant' && record.policyAssignmentId === ASSIGNMENT_ID));
  });

  it('remediates, reporting progress on stderr and the finished task on stdout, then everything is Compliant', async () => {
    const { code, stdout, stderr } = await riposte(['policy', 'remediate', 'alerts-to-soc', '--scope', `mg:${GROUP}`]);
    assert.equal(code, 0, stderr);
    const task = JSON.parse(stdout);
    assert.match(task.name, /^remediate-alerts-to-soc-\d{4}-/);
    assert.equal(task.properties.provisioningState, 'Succeeded');
    assert.equal(task.properties.policyAssignmentId, ASSIGNMENT_ID);
    assert.deepEqual(task.properties.deploymentStatus, { totalDeployments: 3, successfulDeployments: 3, failedDeployments: 0 });
    assert.match(stderr, /^Succeeded: 3\/3 deployed, 0 failed$/m);

    const [one, all] = await Promise.all([
      riposte(['policy', 'compliance', '--scope', `sub:${subscriptions[1]}`]),
      riposte(['policy', 'compliance', '--scope', `mg:${GROUP}`, '--assignment', ASSIGNMENT_ID]),
    ]);
    assert.equal(one.code, 0, one.stderr);
    assert.match(one.stdout, /^1 of 1 compliant/m);
    assert.equal(all.code, 0, all.stderr);
    assert.match(all.stdout, /^3 of 3 compliant/m);
    assert.doesNotMatch(all.stdout, /NonCompliant/);
  });

  it('exits 1 with the API message, naming the parameter, when a value is not allowed', async () => {
    const { code, stdout, stderr } = await riposte(assign('alerts-critical', 'alertSeverities=Critical'));
    assert.equal(code, 1);
    assert.equal(stdout, '');
    assert.match(stderr, /alertSeverities/);
    assert.match(stderr, /Critical/);
    assert.equal((await server.call('GET', `/api${GROUP_ID}/providers/Microsoft.Authorization/policyAssignments/alerts-critical`)).status, 404);
  });

  it('exits 2 on bad usage', async () => {
    const [noScope, badScope, badBoolean, noEquals, nameWithoutScope] = await Promise.all([
      riposte(['policy', 'assign', 'x', '--definition', 'alerts']),
      riposte(['policy', 'compliance', '--scope', '/subscriptions/x/resourceGroups/y']),
      riposte(assign('x', 'createResourceGroup=maybe')),
      riposte(['policy', 'assign', 'x', '--scope', `mg:${GROUP}`, '--definition', 'alerts', '--param', 'alertSeverities']),
      riposte(['policy', 'compliance', '--assignment', 'alerts-to-soc']),
    ]);
    assert.equal(noScope.code, 2);
    assert.match(noScope.stderr, /--scope/);
    assert.equal(badScope.code, 2);
    assert.match(badScope.stderr, /--scope/);
    assert.equal(badBoolean.code, 2);
    assert.match(badBoolean.stderr, /createResourceGroup/);
    assert.equal(noEquals.code, 2);
    assert.match(noEquals.stderr, /name=value/);
    assert.equal(nameWithoutScope.code, 2);
    assert.match(nameWithoutScope.stderr, /--scope/);
  });
});
