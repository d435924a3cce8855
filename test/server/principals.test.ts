/**
 * Principals and tokens over HTTP: creating, listing and deleting principals (whose credentials stop working at
 * once), token expiry as stored, revocation and rotation, tokens never answered after they are issued, a principal
 * managing its own tokens without any role, and the permissions that guard the rest.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { hashToken } from '../../src/services/auth-service.js';
import { instantText } from '../../src/workflows/executor/instant-text.js';
import { type ApiClient, type TestServer, TEST_TOKEN, apiClient, startTestServer } from '../support/riposte-server.js';

const READER = '/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7';
const CONTRIBUTOR = '/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c';

let server: TestServer;
let adminId: string;

before(async () => {
  server = await startTestServer();
  adminId = (await server.call('GET', '/api/me')).body.principal.id;
});
after(async () => {
  await server.stop();
});

const as = (token: string): ApiClient => apiClient(server.url, token);

async function servicePrincipal(name = `sp-${randomUUID().slice(0, 8)}`, body: Record<string, unknown> = {}): Promise<{ id: string; token: string; tokenId: string }> {
  const created = await server.call('POST', '/api/principals', { name, type: 'ServicePrincipal', ...body });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return created.body;
}

/** Role assignment APIs are tested on their own; here a role is written as they would store it. */
async function assign(principalId: string, roleDefinitionId: string, scope = '/'): Promise<void> {
  const name = randomUUID();
  const id = `${scope === '/' ? '' : scope}/providers/Microsoft.Authorization/roleAssignments/${name}`;
  await server.server.context.db
    .insertInto('role_assignments')
    .values({ id_key: id.toLowerCase(), id, name, scope, scope_key: scope.toLowerCase(), principal_id: principalId, role_definition_id: roleDefinitionId, created_by: adminId, created_at: instantText(Date.now()) })
    .execute();
  server.server.context.access.invalidate();
}

/** A custom role assignable at the root, stored as the role definition APIs would store it. */
async function customRole(guid: string, roleName: string, actions: string[]): Promise<string> {
  const id = `/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
  await server.server.context.db
    .insertInto('role_definitions')
    .values({
      id,
      role_name: roleName,
      description: `${roleName} (test)`,
      permissions: JSON.stringify([{ actions, notActions: [] }]),
      assignable_scopes: JSON.stringify(['/']),
      created_at: instantText(Date.now()),
      changed_at: instantText(Date.now()),
    })
    .execute();
  return id;
}

describe('principals', () => {
  it('creates a service principal with a token shown once, which authenticates it', async () => {
    const created = await server.call('POST', '/api/principals', { name: 'ingest-bot', type: 'ServicePrincipal' });
    assert.equal(created.status, 201);
    assert.equal(created.body.name, 'ingest-bot');
    assert.equal(created.body.type, 'ServicePrincipal');
    assert.match(created.body.id, /^[0-9a-f-]{36}$/);
    assert.match(created.body.token, /^rpt_[A-Za-z0-9_-]{43}$/);
    assert.equal(created.body.expiresTime, undefined);

    const me = await as(created.body.token).call('GET', '/api/me');
    assert.equal(me.status, 200);
    assert.deepEqual(me.body.principal, { id: created.body.id, name: 'ingest-bot', type: 'ServicePrincipal' });
    assert.deepEqual(me.body.roleAssignments, []);
    assert.equal(me.body.csrfToken, undefined, 'bearer callers need no CSRF token');

    // Only a hash is stored.
    const rows = await server.server.context.db.selectFrom('tokens').selectAll().where('principal_id', '=', created.body.id).execute();
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.token_hash, hashToken(created.body.token));
    assert.ok(!JSON.stringify(rows).includes(created.body.token));
  });

  it('creates a user with a password (hashed with argon2id) and no token', async () => {
    const created = await server.call('POST', '/api/principals', { name: 'alice@example.com', type: 'User', password: 'a long enough password' });
    assert.equal(created.status, 201);
    assert.deepEqual(Object.keys(created.body).sort(), ['id', 'name', 'type']);
    assert.equal(created.body.type, 'User');
    const row = await server.server.context.db.selectFrom('principals').selectAll().where('id', '=', created.body.id).executeTakeFirstOrThrow();
    assert.match(row.password_hash ?? '', /^\$argon2id\$/);
    assert.equal(await server.server.context.db.selectFrom('tokens').select('id').where('principal_id', '=', created.body.id).executeTakeFirst(), undefined);
  });

  it('refuses bad requests naming the field, and changes nothing', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ name: 'bob', type: 'User' }, 'password'],
      [{ name: 'bob', type: 'User', password: 'too short' }, 'password'],
      [{ name: 'bob', type: 'User', password: 'a long enough password', expiresInDays: 3 }, 'expiresInDays'],
      [{ name: 'bob', type: 'ServicePrincipal', password: 'a long enough password' }, 'password'],
      [{ name: 'bob', type: 'Group' }, 'type'],
      [{ name: 'bob', type: 'ServicePrincipal', expiresInDays: 0 }, 'expiresInDays'],
      [{ name: 'bob', type: 'ServicePrincipal', expiresInDays: -1 }, 'expiresInDays'],
      [{ name: 'bob', type: 'ServicePrincipal', expiresInDays: 1.5 }, 'expiresInDays'],
      [{ name: 'has space', type: 'ServicePrincipal' }, 'name'],
      [{ name: '', type: 'ServicePrincipal' }, 'name'],
      [{ type: 'ServicePrincipal' }, 'name'],
      [{ name: 'bob', type: 'ServicePrincipal', role: 'Owner' }, ''],
    ];
    for (const [body, field] of cases) {
      const answer = await server.call('POST', '/api/principals', body);
      assert.equal(answer.status, 400, JSON.stringify(body));
      if (field !== '') assert.equal(answer.body.error.target, field, JSON.stringify(answer.body));
    }
    const list = await server.call('GET', '/api/principals');
    assert.ok(!list.body.value.some((item: any) => item.name === 'bob'));
  });

  it('keeps names unique, case-insensitively', async () => {
    await servicePrincipal('unique-name');
    const again = await server.call('POST', '/api/principals', { name: 'Unique-Name', type: 'User', password: 'a long enough password' });
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'PrincipalExists');
    const admin = await server.call('POST', '/api/principals', { name: 'ADMIN', type: 'ServicePrincipal' });
    assert.equal(admin.status, 409);
  });

  it('lists and reads principals without any credential in them', async () => {
    const sp = await servicePrincipal('listed-bot');
    const list = await server.call('GET', '/api/principals');
    assert.equal(list.status, 200);
    const item = list.body.value.find((entry: any) => entry.id === sp.id);
    assert.deepEqual(Object.keys(item).sort(), ['createdTime', 'id', 'name', 'type']);
    assert.match(item.createdTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);
    assert.ok(list.body.value.some((entry: any) => entry.id === adminId && entry.name === 'admin'));
    assert.ok(!JSON.stringify(list.body).includes(sp.token));
    assert.ok(!JSON.stringify(list.body).includes(hashToken(sp.token)));

    const one = await server.call('GET', `/api/principals/${sp.id}`);
    assert.equal(one.status, 200);
    assert.deepEqual(one.body, item);
    const missing = await server.call('GET', `/api/principals/${randomUUID()}`);
    assert.equal(missing.status, 404);
  });

  it('pages the list with $top and nextLink', async () => {
    const first = await server.call('GET', '/api/principals?$top=1');
    assert.equal(first.body.value.length, 1);
    const next = new URL(first.body.nextLink);
    const second = await server.call('GET', `${next.pathname}${next.search}`);
    assert.equal(second.status, 200);
    assert.notEqual(second.body.value[0].id, first.body.value[0].id);
  });

  it('deletes a principal with its tokens, sessions and role assignments: its token is refused at once', async () => {
    const sp = await servicePrincipal();
    await assign(sp.id, READER);
    const client = as(sp.token);
    // Used (and so cached) just before the deletion.
    assert.equal((await client.call('GET', '/api/principals')).status, 200);

    const deleted = await server.call('DELETE', `/api/principals/${sp.id}`);
    assert.equal(deleted.status, 200);
    const refused = await client.call('GET', '/api/principals');
    assert.equal(refused.status, 401);
    assert.equal(refused.body.error.code, 'AuthenticationFailed');

    const { db } = server.server.context;
    assert.equal((await db.selectFrom('tokens').select('id').where('principal_id', '=', sp.id).execute()).length, 0);
    assert.equal((await db.selectFrom('role_assignments').select('id').where('principal_id', '=', sp.id).execute()).length, 0);
    assert.equal((await server.call('GET', `/api/principals/${sp.id}`)).status, 404);
    assert.equal((await server.call('DELETE', `/api/principals/${sp.id}`)).status, 204, 'deleting again: nothing to delete');
  });

  it('refuses to let a principal delete itself, or the last Owner of the root be deleted', async () => {
    const self = await server.call('DELETE', `/api/principals/${adminId}`);
    assert.equal(self.status, 409);
    assert.equal(self.body.error.code, 'CannotDeleteSelf');

    // A principal allowed to delete principals (which takes the right to assign roles too), but not an Owner: the
    // admin is the only Owner at '/'.
    const deleter = await servicePrincipal();
    await customRole('11111111-2222-3333-4444-555555555555', 'Principal Deleter', ['Microsoft.Authorization/principals/delete', 'Microsoft.Authorization/roleAssignments/write']);
    await assign(deleter.id, '/providers/Microsoft.Authorization/roleDefinitions/11111111-2222-3333-4444-555555555555');
    const lastOwner = await as(deleter.token).call('DELETE', `/api/principals/${adminId}`);
    assert.equal(lastOwner.status, 409);
    assert.equal(lastOwner.body.error.code, 'LastOwner');
    assert.equal((await server.call('GET', '/api/me')).status, 200);
    const roles = (await as(deleter.token).call('GET', '/api/me')).body.roleAssignments;
    assert.deepEqual(roles, [{ scope: '/', roleDefinitionId: '/providers/Microsoft.Authorization/roleDefinitions/11111111-2222-3333-4444-555555555555', roleName: 'Principal Deleter' }]);
  });

  it("a principal manager who may not assign roles cannot take over, or remove, another principal", async () => {
    // Every principals/* action at the root, but not roleAssignments/write.
    const managerRole = await customRole(randomUUID(), 'Principal Manager', ['Microsoft.Authorization/principals/*', 'Microsoft.Authorization/roleDefinitions/read']);
    const manager = await servicePrincipal();
    await assign(manager.id, managerRole);
    const client = as(manager.token);

    // What it is for: creating principals, reading them and their token lists, rotating its own token.
    const created = await client.call('POST', '/api/principals', { name: `managed-${randomUUID().slice(0, 8)}`, type: 'ServicePrincipal' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal((await client.call('GET', `/api/principals/${adminId}/tokens`)).status, 200);
    const own = await client.call('POST', `/api/principals/${manager.id}/tokens`);
    assert.equal(own.status, 201);
    assert.equal((await client.call('DELETE', `/api/principals/${manager.id}/tokens/${own.body.id}`)).status, 200);

    // A token for the root Owner would be the root Owner's access.
    const stolen = await client.call('POST', `/api/principals/${adminId}/tokens`, { expiresInDays: 1 });
    assert.equal(stolen.status, 403, JSON.stringify(stolen.body));
    assert.equal(stolen.body.error.code, 'AuthorizationFailed');
    assert.match(stolen.body.error.message, /Microsoft\.Authorization\/roleAssignments\/write/);
    assert.equal(stolen.body.error.details[0].message, 'Microsoft.Authorization/roleAssignments/write');
    assert.equal(stolen.body.error.details[0].target, '/');
    assert.equal((await client.call('POST', `/api/principals/${created.body.id}/tokens`)).status, 403, 'nor a token for a principal it created');
    const adminTokens = (await server.call('GET', `/api/principals/${adminId}/tokens`)).body.value;
    assert.equal(adminTokens.length, 1, 'no token was issued');
    assert.equal((await client.call('POST', `/api/principals/${adminId}/tokens`, { revokeOthers: true })).status, 403);
    const revoked = await client.call('DELETE', `/api/principals/${adminId}/tokens/${adminTokens[0].id}`);
    assert.equal(revoked.status, 403);
    assert.match(revoked.body.error.message, /roleAssignments\/write/);
    assert.equal((await server.call('GET', '/api/me')).status, 200, "the admin's token still works");

    // Nor may it assign itself a role.
    const owner = await client.call('PUT', `/api/providers/Microsoft.Authorization/roleAssignments/${randomUUID()}`, {
      properties: { principalId: manager.id, roleDefinitionId: '/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635' },
    });
    assert.equal(owner.status, 403);

    // Deleting a principal could remove every Owner but one of its choosing: an Owner, or the one it just created.
    const secondOwner = await servicePrincipal();
    await assign(secondOwner.id, '/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635');
    for (const id of [secondOwner.id, created.body.id]) {
      const deleted = await client.call('DELETE', `/api/principals/${id}`);
      assert.equal(deleted.status, 403, JSON.stringify(deleted.body));
      assert.match(deleted.body.error.message, /Microsoft\.Authorization\/roleAssignments\/write/);
      assert.equal((await server.call('GET', `/api/principals/${id}`)).status, 200, 'still there');
    }
    assert.equal((await as(secondOwner.token).call('GET', '/api/me')).status, 200);

    // With roleAssignments/write at the root as well (as an Owner has), it may.
    assert.equal((await as(secondOwner.token).call('POST', `/api/principals/${created.body.id}/tokens`)).status, 201);
    assert.equal((await as(secondOwner.token).call('DELETE', `/api/principals/${created.body.id}`)).status, 200);
  });

  it('needs principals/write to create, principals/read to list: a principal without rights gets 403', async () => {
    const nobody = as((await servicePrincipal()).token);
    const create = await nobody.call('POST', '/api/principals', { name: 'sneaky', type: 'ServicePrincipal' });
    assert.equal(create.status, 403);
    assert.equal(create.body.error.code, 'AuthorizationFailed');
    assert.match(create.body.error.message, /Microsoft\.Authorization\/principals\/write/);
    assert.equal((await nobody.call('GET', '/api/principals')).status, 403);
    assert.equal((await nobody.call('DELETE', `/api/principals/${adminId}`)).status, 403);

    const reader = await servicePrincipal();
    await assign(reader.id, READER);
    const readerClient = as(reader.token);
    assert.equal((await readerClient.call('GET', '/api/principals')).status, 200);
    assert.equal((await readerClient.call('GET', `/api/principals/${adminId}`)).status, 200);
    const denied = await readerClient.call('POST', '/api/principals', { name: 'sneaky', type: 'ServicePrincipal' });
    assert.equal(denied.status, 403);
    assert.equal(denied.body.error.details[0].message, 'Microsoft.Authorization/principals/write');

    // Contributor excludes Microsoft.Authorization/*/Write and */Delete.
    const contributor = await servicePrincipal();
    await assign(contributor.id, CONTRIBUTOR);
    assert.equal((await as(contributor.token).call('POST', '/api/principals', { name: 'sneaky', type: 'ServicePrincipal' })).status, 403);
    assert.equal((await as(contributor.token).call('GET', '/api/principals')).status, 200);
  });
});

describe('tokens', () => {
  it('honours the stored expiry: an expired token is refused as expired', async () => {
    const sp = await servicePrincipal(undefined, { expiresInDays: 30 });
    const expires = Date.parse((sp as any).expiresTime);
    assert.ok(Math.abs(expires - (Date.now() + 30 * 86_400_000)) < 60_000, (sp as any).expiresTime);
    const listed = await server.call('GET', `/api/principals/${sp.id}/tokens`);
    assert.equal(listed.body.value[0].expiresTime, (sp as any).expiresTime);

    // Time passes: the stored expiry is now in the past.
    await server.server.context.db.updateTable('tokens').set({ expires_at: instantText(Date.now() - 1000) }).where('principal_id', '=', sp.id).execute();
    const refused = await as(sp.token).call('GET', '/api/me');
    assert.equal(refused.status, 401);
    assert.equal(refused.body.error.code, 'AuthenticationFailed');
    assert.equal(refused.body.error.message, 'The bearer token has expired.');

    const later = await server.server.context.db.selectFrom('tokens').select('id').where('principal_id', '=', sp.id).execute();
    assert.equal(later.length, 1, 'an expired token stays listed until it is revoked');
  });

  it('an unexpired token with an expiry works', async () => {
    const sp = await servicePrincipal(undefined, { expiresInDays: 1 });
    assert.equal((await as(sp.token).call('GET', '/api/me')).status, 200);
  });

  it('issues more tokens, lists them without their values, and revokes one at once', async () => {
    const sp = await servicePrincipal();
    const second = await server.call('POST', `/api/principals/${sp.id}/tokens`, { expiresInDays: 7 });
    assert.equal(second.status, 201);
    assert.deepEqual(Object.keys(second.body).sort(), ['createdTime', 'expiresTime', 'id', 'token']);
    assert.notEqual(second.body.token, sp.token);
    assert.equal((await as(sp.token).call('GET', '/api/me')).status, 200);
    assert.equal((await as(second.body.token).call('GET', '/api/me')).status, 200);

    const list = await server.call('GET', `/api/principals/${sp.id}/tokens`);
    assert.equal(list.status, 200);
    assert.deepEqual(
      list.body.value.map((token: any) => token.id).sort(),
      [sp.tokenId, second.body.id].sort(),
    );
    for (const token of list.body.value) assert.deepEqual(Object.keys(token).filter((key) => !['id', 'createdTime', 'expiresTime'].includes(key)), []);
    const text = JSON.stringify(list.body);
    assert.ok(!text.includes(sp.token) && !text.includes(second.body.token) && !text.includes(hashToken(sp.token)));

    const revoked = await server.call('DELETE', `/api/principals/${sp.id}/tokens/${sp.tokenId}`);
    assert.equal(revoked.status, 200);
    const refused = await as(sp.token).call('GET', '/api/me');
    assert.equal(refused.status, 401);
    assert.equal(refused.body.error.message, 'The bearer token is not valid.');
    assert.equal((await as(second.body.token).call('GET', '/api/me')).status, 200);
    assert.equal((await server.call('DELETE', `/api/principals/${sp.id}/tokens/${sp.tokenId}`)).status, 204);
  });

  it('rotates: a new token with revokeOthers leaves only the new one working', async () => {
    const sp = await servicePrincipal();
    const extra = await server.call('POST', `/api/principals/${sp.id}/tokens`);
    assert.equal(extra.status, 201);
    const rotated = await server.call('POST', `/api/principals/${sp.id}/tokens`, { revokeOthers: true });
    assert.equal(rotated.status, 201);
    assert.equal((await as(sp.token).call('GET', '/api/me')).status, 401);
    assert.equal((await as(extra.body.token).call('GET', '/api/me')).status, 401);
    assert.equal((await as(rotated.body.token).call('GET', '/api/me')).status, 200);
    const list = await server.call('GET', `/api/principals/${sp.id}/tokens`);
    assert.deepEqual(list.body.value.map((token: any) => token.id), [rotated.body.id]);
  });

  it('lets a principal without any role manage its own tokens, and only its own', async () => {
    const sp = await servicePrincipal();
    const self = as(sp.token);
    assert.equal((await self.call('GET', `/api/principals/${sp.id}/tokens`)).status, 200);
    const rotated = await self.call('POST', `/api/principals/${sp.id}/tokens`, { revokeOthers: true, expiresInDays: 90 });
    assert.equal(rotated.status, 201);
    assert.equal((await self.call('GET', '/api/me')).status, 401, 'the rotation revoked the token that asked for it');
    const next = as(rotated.body.token);
    const spare = await next.call('POST', `/api/principals/${sp.id}/tokens`);
    assert.equal((await next.call('DELETE', `/api/principals/${sp.id}/tokens/${spare.body.id}`)).status, 200);

    const others = await next.call('GET', `/api/principals/${adminId}/tokens`);
    assert.equal(others.status, 403);
    assert.match(others.body.error.message, /principals\/read/);
    const steal = await next.call('POST', `/api/principals/${adminId}/tokens`);
    assert.equal(steal.status, 403);
    assert.match(steal.body.error.message, /principals\/write/);
    const revokeAdmin = await next.call('DELETE', `/api/principals/${adminId}/tokens/whatever`);
    assert.equal(revokeAdmin.status, 403);
    assert.equal((await server.call('GET', '/api/me')).status, 200);
  });

  it("caps a principal's token for itself at the expiry of the token it asks with", async () => {
    const sp = await servicePrincipal(undefined, { expiresInDays: 1 });
    const ownExpiry = Date.parse((sp as any).expiresTime);
    const self = as(sp.token);
    for (const body of [{}, { expiresInDays: 30 }, { expiresInDays: 1 }, { revokeOthers: false }]) {
      const issued = await self.call('POST', `/api/principals/${sp.id}/tokens`, body);
      assert.equal(issued.status, 201, JSON.stringify(issued.body));
      assert.ok(Date.parse(issued.body.expiresTime) <= ownExpiry, `${JSON.stringify(body)}: ${issued.body.expiresTime} is after ${(sp as any).expiresTime}`);
    }
    // As stored, and so as enforced.
    const listed = (await server.call('GET', `/api/principals/${sp.id}/tokens`)).body.value;
    assert.equal(listed.length, 5);
    for (const token of listed) assert.ok(Date.parse(token.expiresTime) <= ownExpiry, JSON.stringify(token));

    // The token issued by a rotation is capped too.
    const rotated = await self.call('POST', `/api/principals/${sp.id}/tokens`, { revokeOthers: true });
    assert.equal(rotated.status, 201);
    assert.ok(Date.parse(rotated.body.expiresTime) <= ownExpiry, rotated.body.expiresTime);

    // Asked for less than is left, it gets what it asked for.
    await server.server.context.db.updateTable('tokens').set({ expires_at: instantText(Date.now() + 30 * 86_400_000) }).where('principal_id', '=', sp.id).execute();
    server.server.context.auth.forgetTokens();
    const shorter = await as(rotated.body.token).call('POST', `/api/principals/${sp.id}/tokens`, { expiresInDays: 2 });
    assert.equal(shorter.status, 201);
    assert.ok(Math.abs(Date.parse(shorter.body.expiresTime) - (Date.now() + 2 * 86_400_000)) < 60_000, shorter.body.expiresTime);
  });

  it("caps a signed-in user's token for itself at the end of the session", async () => {
    const password = 'a long enough password';
    const created = await server.call('POST', '/api/principals', { name: `user-${randomUUID().slice(0, 8)}`, type: 'User', password });
    assert.equal(created.status, 201);
    const anonymous = apiClient(server.url, null);
    const signedIn = await anonymous.call('POST', '/api/login', { name: created.body.name, password });
    assert.equal(signedIn.status, 200, JSON.stringify(signedIn.body));
    const cookie = (/^riposte_session=[^;]+/.exec(signedIn.headers['set-cookie'] as string) as RegExpExecArray)[0];
    const session = await server.server.context.db.selectFrom('sessions').select('expires_at').where('principal_id', '=', created.body.id).executeTakeFirstOrThrow();
    const sessionEnds = Date.parse(session.expires_at);
    assert.ok(sessionEnds <= Date.now() + 8 * 3_600_000);

    for (const body of [{}, { expiresInDays: 3650 }]) {
      const issued = await anonymous.call('POST', `/api/principals/${created.body.id}/tokens`, body, { cookie, 'x-csrf-token': signedIn.body.csrfToken });
      assert.equal(issued.status, 201, JSON.stringify(issued.body));
      assert.equal(Date.parse(issued.body.expiresTime), sessionEnds, `${JSON.stringify(body)}: ${issued.body.expiresTime}`);
      assert.equal((await as(issued.body.token).call('GET', '/api/me')).status, 200);
    }
  });

  it('leaves a token for another principal, and the root token for itself, as asked', async () => {
    const sp = await servicePrincipal(undefined, { expiresInDays: 1 });
    const forever = await server.call('POST', `/api/principals/${sp.id}/tokens`, {});
    assert.equal(forever.status, 201);
    assert.equal(forever.body.expiresTime, undefined, 'an Owner may still give another principal a token that does not expire');
    const long = await server.call('POST', `/api/principals/${sp.id}/tokens`, { expiresInDays: 90 });
    assert.ok(Math.abs(Date.parse(long.body.expiresTime) - (Date.now() + 90 * 86_400_000)) < 60_000, long.body.expiresTime);

    // The root token does not expire: neither need one it issues for itself.
    const own = await server.call('POST', `/api/principals/${adminId}/tokens`, {});
    assert.equal(own.status, 201);
    assert.equal(own.body.expiresTime, undefined);
    assert.equal((await server.call('DELETE', `/api/principals/${adminId}/tokens/${own.body.id}`)).status, 200);
  });

  it('answers 404 for tokens of a principal that does not exist', async () => {
    const missing = randomUUID();
    assert.equal((await server.call('GET', `/api/principals/${missing}/tokens`)).status, 404);
    assert.equal((await server.call('POST', `/api/principals/${missing}/tokens`)).status, 404);
    assert.equal((await server.call('DELETE', `/api/principals/${missing}/tokens/x`)).status, 404);
  });

  it('refuses a bad token request naming the field', async () => {
    const sp = await servicePrincipal();
    for (const [body, field] of [
      [{ expiresInDays: 0 }, 'expiresInDays'],
      [{ revokeOthers: 'yes' }, 'revokeOthers'],
    ] as const) {
      const answer = await server.call('POST', `/api/principals/${sp.id}/tokens`, body);
      assert.equal(answer.status, 400, JSON.stringify(answer.body));
      assert.match(answer.body.error.target, new RegExp(field));
    }
    assert.equal((await server.call('GET', `/api/principals/${sp.id}/tokens`)).body.value.length, 1);
  });

  it('keeps the root token working', async () => {
    assert.equal((await apiClient(server.url, TEST_TOKEN).call('GET', '/api/me')).body.principal.name, 'admin');
    assert.deepEqual((await server.call('GET', '/api/me')).body.roleAssignments, [
      { scope: '/', roleDefinitionId: '/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635', roleName: 'Owner' },
    ]);
  });
});
