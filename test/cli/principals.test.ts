/** `riposte principals create|list|delete`, through the real binary against a running server, as an operator would. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestServer, TEST_TOKEN, apiClient, startTestServer } from '../support/riposte-server.js';
import { runRiposte } from '../support/riposte-cli.js';

let server: TestServer;

before(async () => {
  server = await startTestServer();
});
after(async () => {
  await server.stop();
});


const connect = () => ['--url', server.url, '--token', TEST_TOKEN];

describe('riposte principals', () => {
  it('creates a service principal and prints its token once', async () => {
    const { code, stdout, stderr } = await runRiposte(['principals', 'create', '--name', 'cli-bot', '--type', 'ServicePrincipal', '--expires-in-days', '30', ...connect()]);
    assert.equal(code, 0, stderr);
    const created = JSON.parse(stdout);
    assert.equal(created.name, 'cli-bot');
    assert.equal(created.type, 'ServicePrincipal');
    assert.match(created.token, /^rpt_/);
    assert.ok(created.expiresTime);
    assert.equal((await apiClient(server.url, created.token).call('GET', '/api/me')).body.principal.name, 'cli-bot');
  });

  it('creates a user with the password read from stdin, who can then sign in', async () => {
    const { code, stdout, stderr } = await runRiposte(['principals', 'create', '--name', 'cli-user', '--type', 'User', '--password-stdin', ...connect()], {
      stdin: 'a password from a pipe\n',
    });
    assert.equal(code, 0, stderr);
    assert.equal(JSON.parse(stdout).type, 'User');
    const login = await apiClient(server.url, null).call('POST', '/api/login', { name: 'cli-user', password: 'a password from a pipe' });
    assert.equal(login.status, 200);
  });

  it('takes the URL and token from RIPOSTE_URL and RIPOSTE_TOKEN, and lists principals as JSON', async () => {
    const { code, stdout, stderr } = await runRiposte(['principals', 'list'], { env: { RIPOSTE_URL: server.url, RIPOSTE_TOKEN: TEST_TOKEN } });
    assert.equal(code, 0, stderr);
    const names = JSON.parse(stdout).value.map((item: { name: string }) => item.name);
    assert.ok(names.includes('admin') && names.includes('cli-bot'), stdout);
  });

  it('deletes a principal by id, and exits 1 when there is none', async () => {
    const created = await server.call('POST', '/api/principals', { name: 'doomed', type: 'ServicePrincipal' });
    const deleted = await runRiposte(['principals', 'delete', created.body.id, ...connect()]);
    assert.equal(deleted.code, 0, deleted.stderr);
    assert.deepEqual(JSON.parse(deleted.stdout), { id: created.body.id, deleted: true });
    assert.equal((await apiClient(server.url, created.body.token).call('GET', '/api/me')).status, 401);

    const again = await runRiposte(['principals', 'delete', created.body.id, ...connect()]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /no principal/);
  });

  it('exits 1 with the API error on stderr when the API refuses', async () => {
    const duplicate = await runRiposte(['principals', 'create', '--name', 'cli-bot', '--type', 'ServicePrincipal', ...connect()]);
    assert.equal(duplicate.code, 1);
    assert.match(duplicate.stderr, /PrincipalExists: A principal named 'cli-bot' already exists\./);
    assert.equal(duplicate.stdout, '');

    const badToken = await runRiposte(['principals', 'list', '--url', server.url, '--token', 'not-a-token']);
    assert.equal(badToken.code, 1);
    assert.match(badToken.stderr, /AuthenticationFailed/);

    const shortPassword = await runRiposte(['principals', 'create', '--name', 'shorty', '--type', 'User', '--password-stdin', ...connect()], { stdin: 'short' });
    assert.equal(shortPassword.code, 1);
    assert.match(shortPassword.stderr, /password/);
  });

  it('exits 1 when the server cannot be reached', async () => {
    const { code, stderr } = await runRiposte(['principals', 'list', '--url', 'http://127.0.0.1:9', '--token', TEST_TOKEN]);
    assert.equal(code, 1);
    assert.match(stderr, /Cannot reach the Riposte server/);
  });

  it('exits 2 on bad usage', async () => {
    const cases: string[][] = [
      ['principals', 'create', '--type', 'ServicePrincipal', ...connect()],
      ['principals', 'create', '--name', 'x', '--type', 'Group', ...connect()],
      ['principals', 'create', '--name', 'x', '--type', 'User', ...connect()],
      ['principals', 'create', '--name', 'x', '--type', 'ServicePrincipal', '--expires-in-days', 'soon', ...connect()],
      ['principals', 'create', '--name', 'x', '--type', 'ServicePrincipal', '--url', server.url],
      ['principals', 'delete', ...connect()],
      ['principals', 'frobnicate'],
    ];
    for (const args of cases) {
      const { code, stderr } = await runRiposte(args);
      assert.equal(code, 2, `${args.join(' ')}: ${stderr}`);
      assert.notEqual(stderr, '');
    }
    const list = await server.call('GET', '/api/principals');
    assert.ok(!list.body.value.some((item: { name: string }) => item.name === 'x'));
  });
});
