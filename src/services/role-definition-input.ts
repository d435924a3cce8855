/**
 * A custom role definition as PUT: `{properties: {roleName, description, permissions: [{actions, notActions}],
 * assignableScopes}}`. Every mistake is a 400 naming the field; nothing is stored until all of it is valid.
 */
import { isValidActionPattern } from '../auth/action-pattern.js';
import type { Permission } from '../auth/role-definition.js';
import { badRequest } from '../server/api-error.js';
import { parseScope } from './role-scope.js';

export interface CustomRoleInput {
  readonly roleName: string;
  readonly description: string;
  readonly permissions: readonly Permission[];
  readonly assignableScopes: readonly string[];
}

const MAX_NAME = 512;
const MAX_DESCRIPTION = 2048;
const MAX_ACTIONS = 1000;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function invalid(target: string, message: string): never {
  throw badRequest('InvalidRoleDefinition', `${target} ${message}`, target);
}

function actionList(value: unknown, target: string, required: boolean): string[] {
  if (value === undefined && !required) return [];
  if (!Array.isArray(value)) invalid(target, 'must be an array of action strings.');
  if (value.length > MAX_ACTIONS) invalid(target, `must hold at most ${MAX_ACTIONS} actions.`);
  return value.map((action, index) => {
    if (typeof action !== 'string' || !isValidActionPattern(action)) {
      invalid(`${target}[${index}]`, `must be an action such as 'Microsoft.Logic/workflows/read' or 'Microsoft.Logic/*' (got ${JSON.stringify(action)}).`);
    }
    return action;
  });
}

function permission(value: unknown, target: string): Permission {
  if (!isObject(value)) invalid(target, 'must be an object {actions, notActions}.');
  for (const field of ['dataActions', 'notDataActions']) {
    const data = value[field];
    if (data !== undefined && !(Array.isArray(data) && data.length === 0)) invalid(`${target}.${field}`, 'is not supported: Riposte has no data actions.');
  }
  return { actions: actionList(value['actions'], `${target}.actions`, true), notActions: actionList(value['notActions'], `${target}.notActions`, false) };
}

/** `pathScope` stands in for `assignableScopes` when the body leaves them out. */
export function parseCustomRole(body: unknown, pathScope: string): CustomRoleInput {
  if (!isObject(body) || !isObject(body['properties'])) invalid('properties', 'must be an object {roleName, description, permissions, assignableScopes}.');
  const properties = body['properties'];

  const roleName = properties['roleName'];
  if (typeof roleName !== 'string' || roleName.trim() === '') invalid('properties.roleName', 'must be a non-empty string.');
  if (roleName.length > MAX_NAME) invalid('properties.roleName', `must be at most ${MAX_NAME} characters.`);

  const description = properties['description'] ?? '';
  if (typeof description !== 'string') invalid('properties.description', 'must be a string.');
  if (description.length > MAX_DESCRIPTION) invalid('properties.description', `must be at most ${MAX_DESCRIPTION} characters.`);

  const type = properties['type'] ?? properties['roleType'];
  if (type !== undefined && type !== 'CustomRole') invalid('properties.type', "must be 'CustomRole' (built-in roles cannot be created).");

  const permissions = properties['permissions'];
  if (!Array.isArray(permissions) || permissions.length === 0) invalid('properties.permissions', 'must be a non-empty array of {actions, notActions}.');
  const parsed = permissions.map((item, index) => permission(item, `properties.permissions[${index}]`));

  const scopes = properties['assignableScopes'] ?? [pathScope];
  if (!Array.isArray(scopes) || scopes.length === 0) invalid('properties.assignableScopes', 'must be a non-empty array of scopes.');
  const assignableScopes = scopes.map((scope, index) => {
    const found = typeof scope === 'string' ? parseScope(scope) : undefined;
    if (found === undefined || found.kind === 'resource') {
      invalid(
        `properties.assignableScopes[${index}]`,
        `must be '/', a management group, a subscription or a resource group scope such as '/subscriptions/{id}/resourceGroups/{name}' (got ${JSON.stringify(scope)}).`,
      );
    }
    return found.scope;
  });
  const unique = assignableScopes.filter((scope, index) => assignableScopes.findIndex((other) => other.toLowerCase() === scope.toLowerCase()) === index);

  return { roleName: roleName.trim(), description, permissions: parsed, assignableScopes: unique };
}
