/** `riposte roles assign|list`, through the real binary against a running server, as an operator would. */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { newSubscription, workflowId } from '../support/defender.js';
import { createPrincipal } from '../support/principals.js';
import { type TestServer, TEST_TOKEN, freePort, startTestServer } from '../support/riposte-server.js';
import { runRiposte } from '../support/riposte-cli.js';

const OPERATOR = '/providers/Microsoft.Authorization/roleDefinitions/515c2055-d9d4-4321-b1b9-bd0c9a0f79fe';
const READER = '/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7';
let server: TestServer;

before(async () => {
  server = await startTestServer();
});
after(async () => {
  await server.stop();
});

const riposte = (args: readonly string[], env: Record<string, string> = {}) => runRiposte(args, { env });

const connect = () => ['--url', server.url, '--token', TEST_TOKEN];

describe('riposte roles', () => {
  it('assigns a role by name at a workflow, with a generated assignment GUID', async () => {
    const principal = await createPrincipal(server, 'cli-operator');
    const workflow = workflowId(newSubscription(), 'soc', 'notify');
    const { code, stdout, stderr } = await riposte(['roles', 'assign', '--principal', principal.id, '--role', 'Logic App Operator', '--scope', workflow, ...connect()]);
    assert.equal(code, 0, stderr);
    const assignment = JSON.parse(stdout);
    assert.match(assignment.name, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.equal(assignment.id, `${workflow}/providers/Microsoft.Authorization/roleAssignments/${assignment.name}`);
    assert.equal(assignment.properties.roleDefinitionId, OPERATOR);
    assert.equal(assignment.properties.principalId, principal.id);
    assert.equal((await server.call('GET', `/api${assignment.id}`)).status, 200);
  });

  it('takes an assignment id and a role id, and RIPOSTE_URL / RIPOSTE_TOKEN from the environment', async () => {
    const principal = await createPrincipal(server, 'cli-reader');
    const sub = `/subscriptions/${newSubscription()}`;
    const id = randomUUID();
    const env = { RIPOSTE_URL: server.url, RIPOSTE_TOKEN: TEST_TOKEN };
    const assigned = await riposte(['roles', 'assign', '--principal', principal.id, '--role', READER, '--scope', sub, '--id', id], env);
    assert.equal(assigned.code, 0, assigned.stderr);
    assert.equal(JSON.parse(assigned.stdout).name, id);

    const listed = await riposte(['roles', 'list', '--scope', `${sub}/resourceGroups/soc`, '--principal', principal.id], env);
    assert.equal(listed.code, 0, listed.stderr);
    assert.deepEqual(
      JSON.parse(listed.stdout).value.map((item: any) => [item.name, item.properties.roleName, item.properties.scope]),
      [[id, 'Reader', sub]],
    );
    const root = await riposte(['roles', 'list'], env);
    assert.equal(root.code, 0, root.stderr);
    assert.ok(JSON.parse(root.stdout).value.some((item: any) => item.name === id), 'the root list shows assignments below it');
  });

  it('exits 1 with the API error on stderr when the API refuses or the role is unknown', async () => {
    const principal = await createPrincipal(server, 'cli-refused');
    const unknownRole = await riposte(['roles', 'assign', '--principal', principal.id, '--role', 'Janitor', '--scope', '/', ...connect()]);
    assert.equal(unknownRole.code, 1);
    assert.match(unknownRole.stderr, /no role named 'Janitor'/);
    const unknownPrincipal = await riposte(['roles', 'assign', '--principal', randomUUID(), '--role', 'Reader', '--scope', '/', ...connect()]);
    assert.equal(unknownPrincipal.code, 1);
    assert.match(unknownPrincipal.stderr, /PrincipalNotFound/);
    const forbidden = await riposte(['roles', 'assign', '--principal', principal.id, '--role', READER, '--scope', '/', '--url', server.url, '--token', principal.token]);
    assert.equal(forbidden.code, 1);
    assert.match(forbidden.stderr, /Microsoft\.Authorization\/roleAssignments\/write/);
    const unreachable = await riposte(['roles', 'list', '--url', `http://127.0.0.1:${await freePort()}`, '--token', TEST_TOKEN]);
    assert.equal(unreachable.code, 1);
    assert.match(unreachable.stderr, /Cannot reach/);
  });

  it('exits 2 on bad usage', async () => {
    const missing = await riposte(['roles', 'assign', '--role', 'Reader', '--scope', '/', ...connect()]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--principal/);
    const badScope = await riposte(['roles', 'assign', '--principal', 'p', '--role', 'Reader', '--scope', 'subscriptions/x', ...connect()]);
    assert.equal(badScope.code, 2);
    assert.match(badScope.stderr, /--scope/);
    const badId = await riposte(['roles', 'assign', '--principal', 'p', '--role', 'Reader', '--scope', '/', '--id', '42', ...connect()]);
    assert.equal(badId.code, 2);
    const noToken = await riposte(['roles', 'list', '--url', server.url]);
    assert.equal(noToken.code, 2);
    assert.match(noToken.stderr, /RIPOSTE_TOKEN/);
  });
});
