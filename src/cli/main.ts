/** The `riposte` command line. */
import { Command, CommanderError } from 'commander';
import { CliInputError } from './json-file.js';
import { ConfigError } from '../config/config.js';
import { DataDirLockedError } from '../store/data-dir-lock.js';
import { registerPolicyCommand } from './policy-command.js';
import { registerPrincipalsCommand } from './principals-command.js';
import { registerRolesCommand } from './roles-command.js';
import { ExitCode, runCommand, validateCommand } from './run-command.js';
import { serveCommand } from './serve-command.js';
import { workerCommand } from './worker-command.js';
import { DatabaseUnavailableError } from '../store/open-postgres.js';

const output = {
  out: (text: string) => process.stdout.write(`${text}\n`),
  err: (text: string) => process.stderr.write(`${text}\n`),
};

async function exitWith(action: () => Promise<number>): Promise<void> {
  try {
    process.exitCode = await action();
  } catch (error) {
    if (error instanceof CliInputError || error instanceof ConfigError || error instanceof DataDirLockedError || error instanceof DatabaseUnavailableError) {
      output.err(error.message);
      process.exitCode = ExitCode.Invalid;
      return;
    }
    throw error;
  }
}

const program = new Command()
  .name('riposte')
  .description('Self-hosted security workflow automation: Defender-style automations running Logic Apps workflows.')
  .exitOverride()
  .configureOutput({ writeErr: (text) => process.stderr.write(text) });

program
  .command('run')
  .description('Run a workflow definition once and print its run record as JSON (exit 0 succeeded, 1 failed, 2 invalid).')
  .argument('<definition.json>', 'a bare definition, or a workflow resource {properties: {definition, parameters}}')
  .option('--trigger-body <file.json>', "JSON file used as the trigger's body (triggerBody())")
  .option('--parameters <file.json>', 'parameter values as {"name": {"value": ...}}')
  .action(async (file: string, options: { triggerBody?: string; parameters?: string }) => {
    const controller = new AbortController();
    const cancel = () => controller.abort();
    process.once('SIGINT', cancel);
    process.once('SIGTERM', cancel);
    await exitWith(() => runCommand(file, options, output, controller.signal));
    process.off('SIGINT', cancel);
    process.off('SIGTERM', cancel);
  });

program
  .command('validate')
  .description('Check a workflow definition without running it (exit 0 valid, 2 invalid with the errors on stderr).')
  .argument('<definition.json>')
  .action(async (file: string) => exitWith(() => validateCommand(file, output)));

const DATABASE_URL_HELP = 'shared PostgreSQL database, postgres://user[:password]@host[:port]/db (RIPOSTE_DATABASE_URL)';

program
  .command('serve')
  .description('Start the server (embedded SQLite under the data directory, or a shared PostgreSQL database) and print its URL.')
  .option('--port <port>', 'port to listen on (RIPOSTE_PORT, default 7070)')
  .option('--host <host>', 'address to listen on (RIPOSTE_HOST, default 127.0.0.1)')
  .option('--data <dir>', 'data directory (RIPOSTE_DATA, default ./.riposte)')
  .option('--public-url <url>', 'URL users reach the server at (RIPOSTE_PUBLIC_URL)')
  .option('--database <url>', `${DATABASE_URL_HELP}; default: embedded SQLite in the data directory`)
  .option('--api-only', 'answer the API and accept events but execute no runs; `riposte worker` processes do (RIPOSTE_API_ONLY)')
  .action(async (options: { port?: string; host?: string; data?: string; publicUrl?: string; database?: string; apiOnly?: boolean }) =>
    exitWith(async () => {
      await serveCommand(options, output);
      return ExitCode.Succeeded;
    }),
  );

program
  .command('worker')
  .description('Execute runs from the shared PostgreSQL database (no HTTP); start as many as the load needs.')
  .option('--database <url>', `${DATABASE_URL_HELP}; required`)
  .option('--data <dir>', 'data directory holding the secret key file, unless RIPOSTE_SECRET_KEY is set (RIPOSTE_DATA, default ./.riposte)')
  .option('--metrics-port <port>', 'serve /healthz, /readyz and /metrics on this port (RIPOSTE_METRICS_PORT; none by default)')
  .option('--host <host>', 'address the metrics port listens on (RIPOSTE_HOST, default 127.0.0.1)')
  .action(async (options: { database?: string; data?: string; metricsPort?: string; host?: string }) =>
    exitWith(async () => {
      await workerCommand(options, output);
      return ExitCode.Succeeded;
    }),
  );

registerPrincipalsCommand(program, output, exitWith);
registerRolesCommand(program, output, exitWith);
registerPolicyCommand(program, output, exitWith);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? 0 : ExitCode.Invalid;
  } else {
    output.err(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exitCode = 70;
  }
}
