/**
 * Users signing in to the web UI over HTTP: the session cookie (HttpOnly, SameSite=Strict, Secure over https, only
 * its hash stored), CSRF tokens on every cookie request that changes something, logout, session expiry, login
 * throttling per name from one address and per address, and sign-ins recorded in the activity log. Every request
 * here comes from one address (the server trusts no X-Forwarded-For): how failures from one address leave the same
 * name free from another is tested on the throttle itself (src/auth/login-throttle.test.ts).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { hashToken } from '../../src/services/auth-service.js';
import { instantText } from '../../src/workflows/executor/instant-text.js';
import { api, newSubscription, workflowId } from '../support/defender.js';
import { type ApiClient, type ApiResponse, TEST_TOKEN, type TestServer, apiClient, startTestServer } from '../support/riposte-server.js';

const CONTRIBUTOR = '/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c';
const LOGIN = 'Microsoft.Authorization/login/action';
const PASSWORD = 'correct horse battery staple';

let server: TestServer;
let anonymous: ApiClient;

before(async () => {
  server = await startTestServer();
  anonymous = apiClient(server.url, null);
});
after(async () => {
  await server.stop();
});

async function user(name: string, password = PASSWORD): Promise<string> {
  const created = await server.call('POST', '/api/principals', { name, type: 'User', password });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return created.body.id;
}

async function assign(principalId: string, roleDefinitionId: string): Promise<void> {
  const name = randomUUID();
  const id = `/providers/Microsoft.Authorization/roleAssignments/${name}`;
  await server.server.context.db
    .insertInto('role_assignments')
    .values({ id_key: id.toLowerCase(), id, name, scope: '/', scope_key: '/', principal_id: principalId, role_definition_id: roleDefinitionId, created_by: null, created_at: instantText(Date.now()) })
    .execute();
  server.server.context.access.invalidate();
}

const login = (name: string, password: string, client: ApiClient = anonymous) => client.call('POST', '/api/login', { name, password });

function setCookie(response: ApiResponse): string {
  const header = response.headers['set-cookie'];
  assert.equal(typeof header, 'string', 'one Set-Cookie header');
  return header as string;
}

/** A browser: the session cookie on every request, the CSRF token only when the page adds it. */
async function signIn(name: string): Promise<{ cookie: string; csrfToken: string; call: (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<ApiResponse> }> {
  const answer = await login(name, PASSWORD);
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  const cookie = (/^riposte_session=([^;]+)/.exec(setCookie(answer)) as RegExpExecArray)[0];
  return {
    cookie,
    csrfToken: answer.body.csrfToken,
    call: (method, path, body, headers = {}) => anonymous.call(method, path, body, { cookie, ...headers }),
  };
}

async function activity(caller: string): Promise<Array<{ status: string; caller: string; properties: Record<string, unknown> }>> {
  const rows = await server.server.context.db.selectFrom('activity_log').selectAll().where('operation_name', '=', LOGIN).where('caller', '=', caller).orderBy('seq').execute();
  return rows.map((row) => ({ status: row.status, caller: row.caller, properties: JSON.parse(row.properties) as Record<string, unknown> }));
}

const definition = { triggers: { manual: { type: 'Request', kind: 'Http' } }, actions: { Say: { type: 'Compose', inputs: 'hi' } } };

describe('password login', () => {
  it('opens a session in an HttpOnly SameSite=Strict cookie, storing only its hash', async () => {
    const id = await user('alice');
    const answer = await login('alice', PASSWORD);
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.body.principal, { id, name: 'alice', type: 'User' });
    assert.match(answer.body.csrfToken, /^[A-Za-z0-9_-]{43}$/);
    const cookie = setCookie(answer);
    assert.match(cookie, /^riposte_session=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Strict; Path=\/; Max-Age=28800$/);
    assert.ok(!cookie.includes('Secure'), 'the server is reached over http');

    const value = (/^riposte_session=([^;]+)/.exec(cookie) as RegExpExecArray)[1] as string;
    const rows = await server.server.context.db.selectFrom('sessions').selectAll().where('principal_id', '=', id).execute();
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.session_hash, hashToken(value));
    assert.ok(!JSON.stringify(rows).includes(value));
    const lifetime = Date.parse(rows[0]?.expires_at ?? '') - Date.parse(rows[0]?.created_at ?? '');
    assert.equal(lifetime, 8 * 3_600_000);
  });

  it('answers a wrong password and an unknown name alike, and records both', async () => {
    const id = await user('bob');
    const wrong = await login('bob', 'not the password at all');
    const unknown = await login('nobody-here', 'not the password at all');
    assert.equal(wrong.status, 401);
    assert.equal(unknown.status, 401);
    assert.deepEqual(wrong.body, unknown.body);
    assert.equal(wrong.body.error.message, 'The name or password is not correct.');
    assert.equal(wrong.headers['set-cookie'], undefined);

    assert.equal((await login('BOB', PASSWORD)).status, 200, 'names compare case-insensitively');
    const entries = await activity(id);
    assert.deepEqual(entries.map((entry) => entry.status), ['Failed', 'Succeeded']);
    assert.equal(entries[0]?.properties['name'], 'bob');
    const anonymousEntries = await activity('anonymous:nobody-here');
    assert.deepEqual(anonymousEntries.map((entry) => entry.status), ['Failed']);
  });

  it('does not sign in a service principal, which has no password', async () => {
    await server.call('POST', '/api/principals', { name: 'robot', type: 'ServicePrincipal' });
    assert.equal((await login('robot', 'anything at all, really')).status, 401);
  });

  it('requires a name and a password', async () => {
    assert.equal((await anonymous.call('POST', '/api/login', { name: 'alice' })).body.error.target, 'password');
    assert.equal((await anonymous.call('POST', '/api/login', { password: PASSWORD })).body.error.target, 'name');
  });
});

describe('cookie sessions', () => {
  let carol: Awaited<ReturnType<typeof signIn>>;
  let carolId: string;
  before(async () => {
    carolId = await user('carol');
    await assign(carolId, CONTRIBUTOR);
    carol = await signIn('carol');
  });

  it('authenticates reads without a CSRF token, and /api/me hands the page its CSRF token and roles', async () => {
    const me = await carol.call('GET', '/api/me');
    assert.equal(me.status, 200);
    assert.deepEqual(me.body.principal, { id: carolId, name: 'carol', type: 'User' });
    assert.equal(me.body.csrfToken, carol.csrfToken);
    assert.deepEqual(me.body.roleAssignments, [{ scope: '/', roleDefinitionId: CONTRIBUTOR, roleName: 'Contributor' }]);
    const sub = newSubscription();
    assert.equal((await carol.call('GET', api(`/subscriptions/${sub}/resourceGroups/soc/providers/Microsoft.Logic/workflows`))).status, 200);
  });

  it('refuses POST, PUT and DELETE without the CSRF token or with a wrong one, and allows them with it', async () => {
    const workflow = api(workflowId(newSubscription(), 'soc', 'csrf'));
    const body = { location: 'westeurope', properties: { definition } };
    const attempts: Array<[string, string, unknown]> = [
      ['PUT', workflow, body],
      ['POST', `/api/principals/${carolId}/tokens`, {}],
      ['DELETE', workflow, undefined],
    ];
    for (const [method, path, payload] of attempts) {
      for (const headers of [{} as Record<string, string>, { 'x-csrf-token': 'wrong' }, { 'x-csrf-token': '' }, { 'x-csrf-token': `${carol.csrfToken}x` }]) {
        const refused = await carol.call(method, path, payload, headers);
        assert.equal(refused.status, 403, `${method} ${path} ${JSON.stringify(headers)}`);
        assert.equal(refused.body.error.code, 'CsrfTokenInvalid');
        assert.equal(refused.body.error.target, 'X-CSRF-Token');
        assert.match(refused.body.error.message, /X-CSRF-Token/);
      }
    }
    assert.equal((await server.call('GET', workflow)).status, 404, 'nothing was created');

    const headers = { 'x-csrf-token': carol.csrfToken };
    assert.equal((await carol.call('PUT', workflow, body, headers)).status, 201);
    const token = await carol.call('POST', `/api/principals/${carolId}/tokens`, {}, headers);
    assert.equal(token.status, 201);
    assert.equal((await carol.call('DELETE', workflow, undefined, headers)).status, 200);
    assert.equal((await carol.call('DELETE', `/api/principals/${carolId}/tokens/${token.body.id}`, undefined, headers)).status, 200);
  });

  it('needs no CSRF token from a bearer caller, even with a cookie alongside', async () => {
    const workflow = api(workflowId(newSubscription(), 'soc', 'bearer'));
    const answer = await server.call('PUT', workflow, { location: 'westeurope', properties: { definition } }, { cookie: carol.cookie });
    assert.equal(answer.status, 201);
  });

  it('a session that is not ours, or has expired, is refused', async () => {
    const forged = await anonymous.call('GET', '/api/me', undefined, { cookie: 'riposte_session=forged-value' });
    assert.equal(forged.status, 401);

    await user('erin');
    const erin = await signIn('erin');
    assert.equal((await erin.call('GET', '/api/me')).status, 200);
    const value = erin.cookie.slice('riposte_session='.length);
    await server.server.context.db.updateTable('sessions').set({ expires_at: instantText(Date.now() - 1000) }).where('session_hash', '=', hashToken(value)).execute();
    const expired = await erin.call('GET', '/api/me');
    assert.equal(expired.status, 401);
    assert.match(expired.body.error.message, /sign in again/);
  });

  it('logout needs the CSRF token, ends the session and clears the cookie', async () => {
    await user('frank');
    const frank = await signIn('frank');
    const refused = await frank.call('POST', '/api/logout');
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error.code, 'CsrfTokenInvalid');
    assert.equal((await frank.call('GET', '/api/me')).status, 200, 'still signed in');

    const out = await frank.call('POST', '/api/logout', undefined, { 'x-csrf-token': frank.csrfToken });
    assert.equal(out.status, 204);
    assert.equal(setCookie(out), 'riposte_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0');
    assert.equal((await frank.call('GET', '/api/me')).status, 401);
    assert.equal((await frank.call('POST', '/api/logout')).status, 204, 'an ended session only clears the cookie');
  });

  it('signing in again from the same browser replaces the session', async () => {
    await user('grace');
    const first = await signIn('grace');
    const again = await login('grace', PASSWORD, { url: server.url, call: (method, path, body, headers) => anonymous.call(method, path, body, { ...headers, cookie: first.cookie }) });
    assert.equal(again.status, 200);
    assert.equal((await first.call('GET', '/api/me')).status, 401);
  });

  it("deleting a user ends its sessions at once", async () => {
    const id = await user('heidi');
    const heidi = await signIn('heidi');
    assert.equal((await heidi.call('GET', '/api/me')).status, 200);
    assert.equal((await server.call('DELETE', `/api/principals/${id}`)).status, 200);
    assert.equal((await heidi.call('GET', '/api/me')).status, 401);
    assert.equal((await server.server.context.db.selectFrom('sessions').select('principal_id').where('principal_id', '=', id).execute()).length, 0);
  });
});

describe('login throttling', () => {
  it('after 5 wrong passwords, the 6th attempt is refused with Retry-After, even with the right password', async () => {
    const id = await user('ivan');
    for (let attempt = 1; attempt <= 5; attempt++) {
      const wrong = await login('ivan', `wrong password number ${attempt}`);
      assert.equal(wrong.status, 401, `attempt ${attempt}`);
    }
    const sixth = await login('ivan', PASSWORD);
    assert.equal(sixth.status, 429);
    assert.equal(sixth.body.error.code, 'TooManyLoginAttempts');
    const retryAfter = Number(sixth.headers['retry-after']);
    assert.ok(Number.isInteger(retryAfter) && retryAfter > 800 && retryAfter <= 900, String(sixth.headers['retry-after']));
    assert.equal(sixth.headers['set-cookie'], undefined);
    assert.equal((await login('Ivan', PASSWORD)).status, 429, 'whatever the case of the name');
    const spoofed = await anonymous.call('POST', '/api/login', { name: 'ivan', password: PASSWORD }, { 'x-forwarded-for': '198.51.100.7' });
    assert.equal(spoofed.status, 429, 'a forwarded-for header the server does not trust changes no address');
    const entries = await activity(id);
    assert.equal(entries.length, 8);
    assert.deepEqual(entries.at(-1)?.properties['reason'], 'TooManyLoginAttempts');

    // Other users are not affected.
    await user('judy');
    assert.equal((await login('judy', PASSWORD)).status, 200);
  });

  it('a success resets the count for the name', async () => {
    await user('mallory');
    for (let attempt = 1; attempt <= 4; attempt++) assert.equal((await login('mallory', 'wrong password here')).status, 401);
    assert.equal((await login('mallory', PASSWORD)).status, 200);
    for (let attempt = 1; attempt <= 4; attempt++) assert.equal((await login('mallory', 'wrong password here')).status, 401);
    assert.equal((await login('mallory', PASSWORD)).status, 200);
  });
});

describe('per-address throttling and https', () => {
  it('after 20 failures from one address over any names, logins from it are refused', async () => {
    const other = await startTestServer();
    try {
      await other.call('POST', '/api/principals', { name: 'victor', type: 'User', password: PASSWORD });
      const client = apiClient(other.url, null);
      for (let attempt = 0; attempt < 20; attempt++) {
        assert.equal((await client.call('POST', '/api/login', { name: `guess-${attempt}`, password: 'not it at all' })).status, 401);
      }
      const blocked = await client.call('POST', '/api/login', { name: 'victor', password: PASSWORD });
      assert.equal(blocked.status, 429);
      assert.ok(Number(blocked.headers['retry-after']) > 0);
    } finally {
      await other.stop();
    }
  });

  it('marks the cookie Secure when users reach the server over https', async () => {
    const other = await startTestServer({ RIPOSTE_PUBLIC_URL: 'https://riposte.example.com' });
    try {
      const { port } = other.server.app.server.address() as AddressInfo;
      const direct = apiClient(`http://127.0.0.1:${port}`);
      assert.equal((await direct.call('POST', '/api/principals', { name: 'wendy', type: 'User', password: PASSWORD })).status, 201);
      const answer = await apiClient(`http://127.0.0.1:${port}`, null).call('POST', '/api/login', { name: 'wendy', password: PASSWORD });
      assert.equal(answer.status, 200);
      assert.match(setCookie(answer), /; HttpOnly; SameSite=Strict; Path=\/; Max-Age=28800; Secure$/);
    } finally {
      await other.stop();
    }
  });
});

describe('signing in with an access token', () => {
  it('opens a session for the token holder that ends when the token is revoked', async () => {
    const created = await server.call('POST', '/api/principals', { name: `token-user-${randomUUID().slice(0, 8)}`, type: 'ServicePrincipal' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const { id, token } = created.body as { id: string; token: string };
    assert.equal((await anonymous.call('POST', '/api/login/token', { token: `${token}x` })).status, 401);
    const answer = await anonymous.call('POST', '/api/login/token', { token });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.body.principal.id, id);
    const cookie = (/^riposte_session=([^;]+)/.exec(setCookie(answer)) as RegExpExecArray)[0];
    const me = await anonymous.call('GET', '/api/me', undefined, { cookie });
    assert.equal(me.status, 200);
    assert.equal(me.body.principal.id, id);
    // Changes still need the page's CSRF token.
    const withoutCsrf = await anonymous.call('PUT', `/api/providers/Microsoft.Management/managementGroups/t-${randomUUID().slice(0, 8)}`, {}, { cookie });
    assert.equal(withoutCsrf.body.error.code, 'CsrfTokenInvalid');
    const tokens = await server.call('GET', `/api/principals/${id}/tokens`);
    for (const issued of tokens.body.value as { id: string }[]) assert.equal((await server.call('DELETE', `/api/principals/${id}/tokens/${issued.id}`)).status, 200);
    assert.equal((await anonymous.call('GET', '/api/me', undefined, { cookie })).status, 401, 'the session ended with its token');
  });

  it('lets the first admin open the web UI with the token printed at start', async () => {
    const answer = await anonymous.call('POST', '/api/login/token', { token: TEST_TOKEN });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.body.principal.name, 'admin');
  });
});
