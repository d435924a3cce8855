import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Value } from '../expressions/index.js';
import { compileWorkflow, resolveParameters } from '../workflows/index.js';
import { DeployRequestError } from './deploy-request-error.js';
import { type ConnectionLookup, type DeployRequest, buildDeployment } from './deploy-template.js';
import { findTemplate } from './gallery.js';

const SUB = '00000000-0000-0000-0000-000000000001';
const connectionId = (rg: string, name: string) => `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.Web/connections/${name}`;

/** Connections as the connection service would find them: by name in the group, or by full id (any case). */
const known = [
  { id: connectionId('soc', 'mail'), name: 'mail', apiName: 'office365' },
  { id: connectionId('soc', 'chat'), name: 'chat', apiName: 'slack' },
  { id: connectionId('shared', 'mail-shared'), name: 'mail-shared', apiName: 'office365' },
];
const lookup: ConnectionLookup = {
  async find(subscriptionId, resourceGroup, nameOrId) {
    const id = nameOrId.startsWith('/') ? nameOrId : `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Web/connections/${nameOrId}`;
    return known.find((connection) => connection.id.toLowerCase() === id.toLowerCase());
  },
};

const emailAlert = findTemplate('send-email-alert') ?? assert.fail('no template');
const blockIps = findTemplate('block-attacker-ips-alert') ?? assert.fail('no template');
const pagerDuty = findTemplate('trigger-pagerduty-incident-high-alert') ?? assert.fail('no template');
const base = { subscriptionId: SUB, resourceGroup: 'soc' };

/** The problems a request is refused with, as `target: code`. */
async function refused(request: DeployRequest, template = emailAlert): Promise<string[]> {
  try {
    await buildDeployment(template, request, lookup);
  } catch (error) {
    if (!(error instanceof DeployRequestError)) throw error;
    return error.problems.map((problem) => `${problem.target}: ${problem.code}`);
  }
  return assert.fail('expected the request to be refused');
}

describe('buildDeployment', () => {
  it('builds the workflow body: the definition, the parameters and $connections as ARM templates write them', async () => {
    const deployment = await buildDeployment(
      emailAlert,
      { ...base, location: 'westeurope', parameters: { recipients: 'soc@example.com' }, connections: { office365: 'mail' } },
      lookup,
    );
    assert.equal(deployment.workflowName, 'Send-EmailAlert');
    assert.equal(deployment.body.location, 'westeurope');
    assert.equal(deployment.body.properties.state, 'Enabled');
    assert.deepEqual(deployment.body.tags, { LogicAppsCategory: 'security', 'riposte-template': 'send-email-alert' });
    assert.deepEqual(deployment.body.properties.parameters, {
      $connections: {
        value: { office365: { connectionId: connectionId('soc', 'mail'), connectionName: 'mail', id: '/providers/Microsoft.Web/managedApis/office365' } },
      },
      recipients: { value: 'soc@example.com' },
    });
    const compiled = compileWorkflow(deployment.body.properties.definition);
    assert.ok(compiled.ok);
    const unwrapped = Object.fromEntries(Object.entries(deployment.body.properties.parameters).map(([name, { value }]) => [name, value as Value]));
    assert.ok(resolveParameters(compiled.workflow, unwrapped).ok, 'the workflow service accepts the parameters');
  });

  it('fills in defaults, keeps the declared spelling of a parameter name, and accepts a full connection id from another group', async () => {
    const deployment = await buildDeployment(
      blockIps,
      {
        ...base,
        workflowName: 'block-ips',
        state: 'disabled',
        parameters: { FIREWALLAPIURL: 'https://fw.example.com/block', firewallAuthorization: 'Bearer x', socRecipients: 'soc@example.com' },
        connections: { Office365: connectionId('shared', 'mail-shared').toUpperCase() },
      },
      lookup,
    );
    assert.equal(deployment.workflowName, 'block-ips');
    assert.equal(deployment.body.properties.state, 'Disabled');
    const parameters = deployment.body.properties.parameters;
    assert.deepEqual(parameters['firewallApiUrl'], { value: 'https://fw.example.com/block' });
    assert.deepEqual(parameters['blockDurationMinutes'], { value: 1440 });
    assert.deepEqual(parameters['$connections'], {
      value: {
        office365: { connectionId: connectionId('shared', 'mail-shared'), connectionName: 'mail-shared', id: '/providers/Microsoft.Web/managedApis/office365' },
      },
    });
  });

  it('names the field of each problem with the parameters', async () => {
    assert.deepEqual(await refused({ ...base, connections: { office365: 'mail' } }), ['parameters.recipients: MissingTemplateParameter']);
    assert.deepEqual(await refused({ ...base, parameters: { recipients: 'a@b.c', cc: 'x' }, connections: { office365: 'mail' } }), [
      'parameters.cc: UnknownTemplateParameter',
    ]);
    assert.deepEqual(await refused({ ...base, parameters: { recipients: ['a@b.c'] }, connections: { office365: 'mail' } }), [
      'parameters.recipients: InvalidTemplateParameterType',
    ]);
    const blockParameters = { firewallApiUrl: 'https://fw', firewallAuthorization: 'x', socRecipients: 'a@b.c' };
    assert.deepEqual(await refused({ ...base, parameters: { ...blockParameters, blockDurationMinutes: 1.5 }, connections: { office365: 'mail' } }, blockIps), [
      'parameters.blockDurationMinutes: InvalidTemplateParameterType',
    ]);
    assert.deepEqual(await refused({ ...base, parameters: { pagerDutySeverity: 'panic' }, connections: { pagerduty: 'pd' } }, pagerDuty), [
      'parameters.pagerDutySeverity: TemplateParameterValueNotAllowed',
      'connections.pagerduty: ConnectionNotFound',
    ]);
    assert.deepEqual(await refused({ ...base, parameters: { recipients: 'a@b.c', $connections: {} }, connections: { office365: 'mail' } }), [
      'parameters.$connections: UnknownTemplateParameter',
    ]);
  });

  it('names the field of each problem with the connections', async () => {
    const parameters = { recipients: 'soc@example.com' };
    assert.deepEqual(await refused({ ...base, parameters }), ['connections.office365: MissingConnection']);
    assert.deepEqual(await refused({ ...base, parameters, connections: { office365: 'nope' } }), ['connections.office365: ConnectionNotFound']);
    assert.deepEqual(await refused({ ...base, parameters, connections: { office365: 'chat' } }), ['connections.office365: ConnectionApiMismatch']);
    // A name resolves in the deployment's own resource group only.
    assert.deepEqual(await refused({ ...base, parameters, connections: { office365: 'mail-shared' } }), ['connections.office365: ConnectionNotFound']);
    assert.deepEqual(await refused({ ...base, parameters, connections: { office365: 'mail', slack: 'chat' } }), ['connections.slack: UnknownTemplateConnection']);
    // The Defender triggers need no connection.
    assert.deepEqual(await refused({ ...base, parameters, connections: { office365: 'mail', ascalert: 'x' } }), ['connections.ascalert: UnknownTemplateConnection']);
  });

  it('names the field of each problem with the request itself', async () => {
    const valid = { ...base, parameters: { recipients: 'a@b.c' }, connections: { office365: 'mail' } };
    assert.deepEqual(await refused({ ...valid, workflowName: 'no spaces allowed' }), ['workflowName: InvalidResourceName']);
    assert.deepEqual(await refused({ ...valid, state: 'Paused' }), ['state: InvalidWorkflowState']);
    assert.deepEqual(await refused({ ...valid, resourceGroup: 'a/b' }), ['resourceGroup: InvalidRequestContent']);
    assert.deepEqual(await refused({ ...valid, connection: {} } as DeployRequest), ['connection: UnknownField']);
  });
});
