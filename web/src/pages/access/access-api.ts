/** Role definitions and assignments at any scope, principals and their tokens, over the public API. */
import { apiPath } from '../../api/arm-id';
import { api, get, getAll } from '../../api/client';

export interface RoleAssignment {
  readonly id: string;
  readonly name: string;
  readonly properties: {
    readonly scope: string;
    readonly principalId: string;
    readonly principalType: string;
    readonly roleDefinitionId: string;
    readonly roleName: string;
    readonly createdOn: string;
    readonly createdBy: string | null;
  };
}

export interface RoleDefinition {
  readonly id: string;
  readonly name: string;
  readonly properties: {
    readonly roleName: string;
    readonly description: string;
    readonly type: 'BuiltInRole' | 'CustomRole';
    readonly assignableScopes: readonly string[];
  };
}

export type PrincipalType = 'User' | 'ServicePrincipal';

export interface PrincipalInfo {
  readonly id: string;
  readonly name: string;
  readonly type: PrincipalType;
  readonly createdTime?: string;
}

export interface TokenInfo {
  readonly id: string;
  readonly createdTime: string;
  readonly expiresTime?: string;
}

export interface IssuedToken extends TokenInfo {
  readonly token: string;
}

export interface CreatedPrincipal {
  readonly id: string;
  readonly name: string;
  readonly type: PrincipalType;
  readonly token?: string;
  readonly tokenId?: string;
  readonly expiresTime?: string;
}

const ASSIGNMENTS = '/providers/Microsoft.Authorization/roleAssignments';
const DEFINITIONS = '/providers/Microsoft.Authorization/roleDefinitions';

/** Assignments at the scope, above it (they apply there) and below it. */
export function listRoleAssignments(scope: string): Promise<RoleAssignment[]> {
  return getAll<RoleAssignment>(apiPath(scope, ASSIGNMENTS));
}

/** One principal's assignments anywhere the caller may read them. */
export function listAssignmentsOf(principalId: string): Promise<RoleAssignment[]> {
  return getAll<RoleAssignment>(`/api${ASSIGNMENTS}?$filter=${encodeURIComponent(`assignedTo('${principalId.replaceAll("'", "''")}')`)}`);
}

/** The roles that can be assigned at the scope. */
export function listRoleDefinitions(scope: string): Promise<RoleDefinition[]> {
  return getAll<RoleDefinition>(apiPath(scope, DEFINITIONS));
}

export function putRoleAssignment(scope: string, principalId: string, roleDefinitionId: string): Promise<RoleAssignment> {
  return api<RoleAssignment>('PUT', apiPath(scope, `${ASSIGNMENTS}/${newGuid()}`), { properties: { principalId, roleDefinitionId } });
}

export function deleteRoleAssignment(id: string): Promise<unknown> {
  return api('DELETE', `/api${id}`);
}

export function listPrincipals(): Promise<PrincipalInfo[]> {
  return getAll<PrincipalInfo>('/api/principals');
}

export function createPrincipal(body: { name: string; type: PrincipalType; password?: string; expiresInDays?: number }): Promise<CreatedPrincipal> {
  return api<CreatedPrincipal>('POST', '/api/principals', body);
}

export function deletePrincipal(id: string): Promise<unknown> {
  return api('DELETE', `/api/principals/${encodeURIComponent(id)}`);
}

export async function listTokens(principalId: string): Promise<TokenInfo[]> {
  return (await get<{ value: TokenInfo[] }>(`/api/principals/${encodeURIComponent(principalId)}/tokens`)).value;
}

export function issueToken(principalId: string, options: { expiresInDays?: number; revokeOthers?: boolean }): Promise<IssuedToken> {
  return api<IssuedToken>('POST', `/api/principals/${encodeURIComponent(principalId)}/tokens`, options);
}

export function revokeToken(principalId: string, tokenId: string): Promise<unknown> {
  return api('DELETE', `/api/principals/${encodeURIComponent(principalId)}/tokens/${encodeURIComponent(tokenId)}`);
}

/** A random (v4) GUID; `crypto.randomUUID` exists only on secure origins, `getRandomValues` everywhere. */
export function newGuid(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Where an assignment sits relative to the scope being looked at: at it, above it (inherited) or below it. */
export function relation(assignmentScope: string, scope: string, ancestors: readonly string[]): 'here' | 'inherited' | 'below' {
  const a = normal(assignmentScope);
  if (a === normal(scope)) return 'here';
  return ancestors.some((ancestor) => normal(ancestor) === a) ? 'inherited' : 'below';
}

export function normal(scope: string): string {
  const trimmed = scope.trim().replace(/\/+$/, '').toLowerCase();
  return trimmed === '' ? '/' : trimmed;
}
