/**
 * `riposte policy assign|list|compliance|remediate`: the DeployIfNotExists policies on a running server, through
 * its HTTP API. Exit 0 on success, 1 when the API refuses (its message on stderr), cannot be reached or a remediation
 * fails, 2 on bad usage.
 */
import type { Command } from 'commander';
import { type ApiOptions, type Output, apiActionRunner, call, connection, withApiOptions } from './api-client.js';
import { listAll } from './api-list.js';
import { CliInputError } from './json-file.js';
import { type DeclaredParameters, assignmentParameters } from './policy-parameters-option.js';
import { type ComplianceOptions, showCompliance } from './policy-compliance-command.js';
import { type RemediateOptions, remediate } from './policy-remediate-command.js';
import { ROOT_GROUP, SCOPE_HELP, expandScope, policyScopeOption } from './policy-scope-option.js';
import { ExitCode } from './run-command.js';

const DEFINITIONS = '/api/providers/Microsoft.Authorization/policyDefinitions';

/** The built-ins by the names the CLI accepts for them. */
const DEFINITION_ALIASES: Readonly<Record<string, string>> = {
  alerts: 'f1525828-9a90-4fcf-be48-268cdd02361e',
  recommendations: '73d6ab6c-2475-4850-afd6-43795f3492ef',
  'regulatory-compliance': '509122b9-ddd9-47ba-a5f1-d0dac20be63c',
};

interface DefinitionResource {
  readonly id: string;
  readonly properties: { readonly parameters?: DeclaredParameters };
}

/** An alias, a definition name (GUID) or a definition id → the definition's name, to GET it by. */
export function definitionName(text: string): string {
  const trimmed = text.trim();
  const alias = DEFINITION_ALIASES[trimmed.toLowerCase()];
  if (alias !== undefined) return alias;
  const fromId = /^\/providers\/Microsoft\.Authorization\/policyDefinitions\/([^/]+)$/i.exec(trimmed);
  if (fromId !== null) return fromId[1] as string;
  if (trimmed === '' || trimmed.includes('/')) {
    throw new CliInputError(`--definition '${text}' must be ${Object.keys(DEFINITION_ALIASES).join(', ')}, a definition GUID or a definition id.`);
  }
  return trimmed;
}

/** Repeatable options gather their values; no default, so that `--help` does not show an empty one. */
const collect = (value: string, previous: readonly string[] | undefined) => [...(previous ?? []), value];

function enforcementMode(text: string | undefined): 'Default' | 'DoNotEnforce' | undefined {
  if (text === undefined) return undefined;
  const mode = (['Default', 'DoNotEnforce'] as const).find((candidate) => candidate.toLowerCase() === text.trim().toLowerCase());
  if (mode === undefined) throw new CliInputError(`--enforcement-mode '${text}' must be Default or DoNotEnforce.`);
  return mode;
}

export interface AssignOptions extends ApiOptions {
  readonly scope: string;
  readonly definition: string;
  readonly param?: readonly string[];
  readonly parameters?: string;
  readonly displayName?: string;
  readonly description?: string;
  readonly notScope?: readonly string[];
  readonly enforcementMode?: string;
}

export async function assignPolicy(name: string, options: AssignOptions, output: Output, env: NodeJS.ProcessEnv): Promise<number> {
  const { path } = policyScopeOption(options.scope);
  const definitionRef = definitionName(options.definition);
  const mode = enforcementMode(options.enforcementMode);
  connection(options, env);
  const definition = (await call(options, env, 'GET', `${DEFINITIONS}/${encodeURIComponent(definitionRef)}`)).body as DefinitionResource;
  const parameters = await assignmentParameters(definition.properties.parameters ?? {}, options.parameters, options.param ?? []);
  const properties = {
    policyDefinitionId: definition.id,
    parameters,
    ...(options.displayName === undefined ? {} : { displayName: options.displayName }),
    ...(options.description === undefined ? {} : { description: options.description }),
    ...(options.notScope === undefined ? {} : { notScopes: options.notScope.map(expandScope) }),
    ...(mode === undefined ? {} : { enforcementMode: mode }),
  };
  const answer = await call(options, env, 'PUT', `/api${path}/providers/Microsoft.Authorization/policyAssignments/${encodeURIComponent(name)}`, { properties });
  output.out(JSON.stringify(answer.body, null, 2));
  return ExitCode.Succeeded;
}

export interface ListOptions extends ApiOptions {
  readonly scope?: string;
  readonly definitions?: boolean;
}

export async function listPolicy(options: ListOptions, output: Output, env: NodeJS.ProcessEnv): Promise<number> {
  if (options.definitions === true && options.scope !== undefined) throw new CliInputError('--definitions lists the definitions, which have no scope: leave out --scope.');
  const { path } = policyScopeOption(options.scope ?? ROOT_GROUP);
  connection(options, env);
  const value = await listAll(options, env, options.definitions === true ? DEFINITIONS : `/api${path}/providers/Microsoft.Authorization/policyAssignments`);
  output.out(JSON.stringify({ value }, null, 2));
  return ExitCode.Succeeded;
}

/** Registers `riposte policy …`; `run` turns an action into the process's exit code. */
export function registerPolicyCommand(program: Command, output: Output, run: (action: () => Promise<number>) => Promise<void>): void {
  const env = process.env;
  const guarded = apiActionRunner(output, run);
  const policy = program
    .command('policy')
    .description('Assign the workflow-automation policies, check compliance and remediate on a running server (exit 0 done, 1 refused by the API or failed, 2 bad usage).');

  withApiOptions(policy.command('assign').description('Assign a policy definition at a scope and print the assignment.'))
    .argument('<name>', 'the assignment name')
    .requiredOption('--scope <scope>', SCOPE_HELP)
    .requiredOption('--definition <definition>', `${Object.keys(DEFINITION_ALIASES).join(', ')}, a definition GUID or id`)
    .option('--param <name=value>', 'a parameter value, repeatable; Array: comma-separated or a JSON array, Boolean: true/false', collect)
    .option('--parameters <file.json>', 'parameter values as {"name": {"value": ...}} (--param wins)')
    .option('--display-name <text>', 'the display name (default: the definition\'s)')
    .option('--description <text>', 'a description')
    .option('--not-scope <scope>', `a scope to exclude, repeatable (also 'mg:<name>', 'sub:<id>')`, collect)
    .option('--enforcement-mode <mode>', 'Default or DoNotEnforce')
    .action(async (name: string, options: AssignOptions) => guarded(() => assignPolicy(name, options, output, env)));

  withApiOptions(policy.command('list').description('List the policy assignments at, above and below a scope (or the definitions) as JSON.'))
    .option('--scope <scope>', `${SCOPE_HELP} (default: the root group, so every assignment)`)
    .option('--definitions', 'list the policy definitions instead')
    .action(async (options: ListOptions) => guarded(() => listPolicy(options, output, env)));

  withApiOptions(policy.command('compliance').description('Show the latest compliance state of each subscription under each assignment, and a summary.'))
    .option('--scope <scope>', `${SCOPE_HELP} (default: the root group)`)
    .option('--assignment <name-or-id>', 'only this assignment: its id, or its name with the --scope it is assigned at')
    .option('--json', 'print the state records as JSON')
    .action(async (options: ComplianceOptions) => guarded(() => showCompliance(options, output, env)));

  withApiOptions(
    policy
      .command('remediate')
      .description('Deploy an assignment into its NonCompliant subscriptions and wait (exit 0 Succeeded, 1 Failed or Canceled); progress on stderr, the task on stdout.'),
  )
    .argument('<assignment>', 'the assignment name (at --scope) or id')
    .requiredOption('--scope <scope>', `where the task runs: ${SCOPE_HELP}`)
    .option('--name <task>', 'the remediation task name (default remediate-<assignment>-<timestamp>)')
    .option('--re-evaluate', 'evaluate compliance again before choosing the subscriptions (ReEvaluateCompliance)')
    .option('--no-wait', 'print the task as created and exit 0 without waiting')
    .action(async (assignment: string, options: RemediateOptions) => guarded(() => remediate(assignment, options, output, env)));
}
