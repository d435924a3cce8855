/** `riposte serve`: the server in the foreground, with its URL and (on first start) the admin token printed. */
import { type ConfigOptions, loadConfig } from '../config/config.js';
import { startServer } from '../server/start-server.js';

export async function serveCommand(options: ConfigOptions, output: { out(text: string): void; err(text: string): void }): Promise<void> {
  const config = loadConfig(options);
  const server = await startServer(config);
  output.out(`Riposte is listening on ${server.url} (data in ${config.dataDir})`);
  if (server.generatedAdminToken) {
    output.out(`Admin token (shown once, keep it safe): ${server.generatedAdminToken}`);
    output.out(`Open ${server.url} and choose "Use an access token instead" to sign in with it; the API takes it as "Authorization: Bearer <token>".`);
  }
  const shutdown = (signal: string) => {
    output.err(`Received ${signal}: finishing in-flight runs…`);
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        output.err(`Shutdown failed: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}
