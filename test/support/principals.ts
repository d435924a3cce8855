/**
 * Test principals: a service principal with its own token and a client that calls the API as it. Created through
 * `POST /api/principals`; while a build does not serve that route yet (404), inserted directly.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { hashToken } from '../../src/services/auth-service.js';
import { type ApiClient, type TestServer, apiClient } from './riposte-server.js';

export interface TestPrincipal {
  readonly id: string;
  readonly token: string;
  readonly client: ApiClient;
}

export async function createPrincipal(server: TestServer, name: string): Promise<TestPrincipal> {
  const created = await server.call('POST', '/api/principals', { name, type: 'ServicePrincipal' });
  if (created.status === 201) {
    const { id, token } = created.body as { id: string; token: string };
    return { id, token, client: apiClient(server.url, token) };
  }
  if (created.status !== 404) throw new Error(`POST /api/principals answered ${created.status}: ${JSON.stringify(created.body)}`);
  const id = randomUUID();
  const token = `rpt_${randomBytes(32).toString('base64url')}`;
  const now = new Date().toISOString();
  const { db } = server.server.context;
  await db.insertInto('principals').values({ id, name, role: '', type: 'ServicePrincipal', password_hash: null, created_at: now }).execute();
  await db.insertInto('tokens').values({ token_hash: hashToken(token), id: randomUUID(), principal_id: id, created_at: now, expires_at: null }).execute();
  return { id, token, client: apiClient(server.url, token) };
}

/** Assigns `roleName` (a built-in or custom role's name) to a principal at `scope` as the admin; returns the assignment. */
export async function assignRole(server: TestServer, principalId: string, roleName: string, scope: string): Promise<any> {
  const prefix = scope === '/' ? '' : scope;
  const roles = await server.call('GET', `/api/providers/Microsoft.Authorization/roleDefinitions?$filter=${encodeURIComponent(`roleName eq '${roleName.replaceAll("'", "''")}'`)}`);
  const role = roles.body?.value?.[0];
  if (role === undefined) throw new Error(`no role named ${roleName}: ${JSON.stringify(roles.body)}`);
  const assigned = await server.call('PUT', `/api${prefix}/providers/Microsoft.Authorization/roleAssignments/${randomUUID()}`, {
    properties: { principalId, roleDefinitionId: role.id },
  });
  if (assigned.status !== 201) throw new Error(`assigning ${roleName} at ${scope} answered ${assigned.status}: ${JSON.stringify(assigned.body)}`);
  return assigned.body;
}
