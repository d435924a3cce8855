/**
 * `riposte roles assign|list`: role assignments on a running server, through its HTTP API. Prints the API's JSON;
 * exit 0 on success, 1 when the API refuses (its message on stderr) or cannot be reached, 2 on bad usage.
 */
import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import { GUID, parseScope, scopePrefix } from '../services/role-scope.js';
import { type ApiOptions, ApiClientError, type Output, apiActionRunner, call, connection, withApiOptions } from './api-client.js';
import { CliInputError } from './json-file.js';
import { ExitCode } from './run-command.js';

/** `--scope` as a path prefix (percent-encoded segments; empty for the root); bad usage when it is no scope. */
function scopeOption(text: string): { scope: string; path: string } {
  const parsed = parseScope(text);
  if (parsed === undefined) {
    throw new CliInputError(`--scope '${text}' is not a scope: use '/', '/providers/Microsoft.Management/managementGroups/{name}', '/subscriptions/{id}', '/subscriptions/{id}/resourceGroups/{name}' or a resource id.`);
  }
  return { scope: parsed.scope, path: scopePrefix(parsed.scope).split('/').map(encodeURIComponent).join('/') };
}

const quoted = (value: string) => `'${value.replaceAll("'", "''")}'`;

/** A role id or GUID is sent as it is; a role name is looked up among the roles assignable at the scope. */
async function roleDefinitionId(role: string, scopePath: string, scope: string, options: ApiOptions, env: NodeJS.ProcessEnv): Promise<string> {
  if (GUID.test(role) || /\/roleDefinitions\//i.test(role)) return role;
  const filter = encodeURIComponent(`roleName eq ${quoted(role)}`);
  const answer = (await call(options, env, 'GET', `/api${scopePath}/providers/Microsoft.Authorization/roleDefinitions?$filter=${filter}`)).body as { value?: { id: string }[] };
  const found = answer.value?.[0];
  if (found === undefined) throw new ApiClientError(`There is no role named '${role}' that can be assigned at '${scope}'.`);
  return found.id;
}

export interface AssignOptions extends ApiOptions {
  readonly principal: string;
  readonly role: string;
  readonly scope: string;
  readonly id?: string;
}

export async function assignRole(options: AssignOptions, output: Output, env: NodeJS.ProcessEnv): Promise<number> {
  const { scope, path } = scopeOption(options.scope);
  if (options.id !== undefined && !GUID.test(options.id)) throw new CliInputError(`--id '${options.id}' must be a GUID.`);
  connection(options, env);
  const id = (options.id ?? randomUUID()).toLowerCase();
  const role = await roleDefinitionId(options.role, path, scope, options, env);
  const answer = (await call(options, env, 'PUT', `/api${path}/providers/Microsoft.Authorization/roleAssignments/${id}`, {
    properties: { principalId: options.principal, roleDefinitionId: role },
  })).body;
  output.out(JSON.stringify(answer, null, 2));
  return ExitCode.Succeeded;
}

export interface ListOptions extends ApiOptions {
  readonly scope?: string;
  readonly principal?: string;
}

export async function listRoleAssignments(options: ListOptions, output: Output, env: NodeJS.ProcessEnv): Promise<number> {
  const { path: scopePath } = scopeOption(options.scope ?? '/');
  connection(options, env);
  const filter = options.principal === undefined ? '' : `?$filter=${encodeURIComponent(`principalId eq ${quoted(options.principal)}`)}`;
  const assignments: unknown[] = [];
  let path: string | undefined = `/api${scopePath}/providers/Microsoft.Authorization/roleAssignments${filter}`;
  while (path !== undefined) {
    const page = (await call(options, env, 'GET', path)).body as { value: unknown[]; nextLink?: string };
    assignments.push(...page.value);
    path = page.nextLink === undefined ? undefined : `${new URL(page.nextLink).pathname}${new URL(page.nextLink).search}`;
  }
  output.out(JSON.stringify({ value: assignments }, null, 2));
  return ExitCode.Succeeded;
}

/** Registers `riposte roles …`; `run` turns an action into the process's exit code. */
export function registerRolesCommand(program: Command, output: Output, run: (action: () => Promise<number>) => Promise<void>): void {
  const env = process.env;
  const guarded = apiActionRunner(output, run);
  const roles = program.command('roles').description('Manage role assignments on a running server (exit 0 done, 1 refused by the API, 2 bad usage).');

  withApiOptions(roles.command('assign').description('Assign a role to a principal at a scope and print the assignment.'))
    .requiredOption('--principal <id>', 'the principal id')
    .requiredOption('--role <role>', "a role name (such as 'Logic App Operator'), its GUID or its id")
    .requiredOption('--scope <scope>', "'/', a management group, subscription, resource group or resource id")
    .option('--id <guid>', 'the assignment GUID (default: a new one)')
    .action(async (options: AssignOptions) => guarded(() => assignRole(options, output, env)));

  withApiOptions(roles.command('list').description('List the role assignments at, above and below a scope as JSON.'))
    .option('--scope <scope>', 'the scope (default /)')
    .option('--principal <id>', "only this principal's assignments")
    .action(async (options: ListOptions) => guarded(() => listRoleAssignments(options, output, env)));
}
