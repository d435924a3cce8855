/**
 * `riposte principals create|list|delete`: thin over the HTTP API of a running server. Prints the API's JSON;
 * exit 0 on success, 1 when the API refuses (its message on stderr) or cannot be reached, 2 on bad usage.
 * A password is only ever read from stdin (`--password-stdin`), never from the command line, where `ps` shows it.
 */
import type { Command } from 'commander';
import { type ApiOptions, type Output, REFUSED, apiActionRunner, call, connection, withApiOptions } from './api-client.js';
import { CliInputError } from './json-file.js';
import { ExitCode } from './run-command.js';

async function readStdin(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  // One trailing newline is what `echo` and most pipes add; the password itself may hold any other character.
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

function days(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 3650) throw new CliInputError(`--expires-in-days '${text}' must be a whole number of days from 1 to 3650.`);
  return Number(text);
}

function principalType(text: string): 'User' | 'ServicePrincipal' {
  const lower = text.toLowerCase();
  if (lower === 'user') return 'User';
  if (lower === 'serviceprincipal') return 'ServicePrincipal';
  throw new CliInputError(`--type '${text}' must be User or ServicePrincipal.`);
}

export interface CreateOptions extends ApiOptions {
  readonly name: string;
  readonly type: string;
  readonly passwordStdin?: boolean;
  readonly expiresInDays?: string;
}

export async function createPrincipal(options: CreateOptions, output: Output, io: { env: NodeJS.ProcessEnv; stdin: NodeJS.ReadableStream }): Promise<number> {
  const type = principalType(options.type);
  const body: Record<string, unknown> = { name: options.name, type };
  if (type === 'User') {
    if (options.passwordStdin !== true) throw new CliInputError('A User needs a password: pipe it in with --password-stdin.');
    if (options.expiresInDays !== undefined) throw new CliInputError('--expires-in-days applies to a ServicePrincipal\'s token.');
    connection(options, io.env);
    body['password'] = await readStdin(io.stdin);
  } else {
    if (options.passwordStdin === true) throw new CliInputError('A ServicePrincipal has no password: it gets a token.');
    if (options.expiresInDays !== undefined) body['expiresInDays'] = days(options.expiresInDays);
  }
  const answer = await call(options, io.env, 'POST', '/api/principals', body);
  output.out(JSON.stringify(answer.body, null, 2));
  return ExitCode.Succeeded;
}

export async function listPrincipals(options: ApiOptions, output: Output, env: NodeJS.ProcessEnv): Promise<number> {
  const principals: unknown[] = [];
  let path: string | undefined = '/api/principals';
  while (path !== undefined) {
    const answer: { body: unknown } = await call(options, env, 'GET', path);
    const page = answer.body as { value: unknown[]; nextLink?: string };
    principals.push(...page.value);
    path = page.nextLink === undefined ? undefined : `${new URL(page.nextLink).pathname}${new URL(page.nextLink).search}`;
  }
  output.out(JSON.stringify({ value: principals }, null, 2));
  return ExitCode.Succeeded;
}

export async function deletePrincipal(id: string, options: ApiOptions, output: Output, env: NodeJS.ProcessEnv): Promise<number> {
  const answer = await call(options, env, 'DELETE', `/api/principals/${encodeURIComponent(id)}`);
  if (answer.status === 204) {
    output.err(`There is no principal '${id}'.`);
    return REFUSED;
  }
  output.out(JSON.stringify({ id, deleted: true }, null, 2));
  return ExitCode.Succeeded;
}

/** Registers `riposte principals …`; `run` turns an action into the process's exit code. */
export function registerPrincipalsCommand(program: Command, output: Output, run: (action: () => Promise<number>) => Promise<void>): void {
  const io = { env: process.env, stdin: process.stdin };
  const guarded = apiActionRunner(output, run);
  const principals = program.command('principals').description('Manage users and service principals on a running server (exit 0 done, 1 refused by the API, 2 bad usage).');

  withApiOptions(principals.command('create').description('Create a principal and print it (a service principal with its token, shown once).'))
    .requiredOption('--name <name>', 'unique name')
    .requiredOption('--type <type>', 'User or ServicePrincipal')
    .option('--password-stdin', "read a User's password from stdin")
    .option('--expires-in-days <days>', "days until a ServicePrincipal's token expires")
    .action(async (options: CreateOptions) => guarded(() => createPrincipal(options, output, io)));

  withApiOptions(principals.command('list').description('List the principals as JSON.')).action(async (options: ApiOptions) => guarded(() => listPrincipals(options, output, io.env)));

  withApiOptions(principals.command('delete').description('Delete a principal, its tokens, sessions and role assignments.'))
    .argument('<id>', 'the principal id')
    .action(async (id: string, options: ApiOptions) => guarded(() => deletePrincipal(id, options, output, io.env)));
}
