/** `riposte serve`: the server in the foreground, with its URL and (on first start) the admin token printed. */
import { type ConfigOptions, loadConfig, redactedDatabaseUrl } from '../config/config.js';
import { startServer } from '../server/start-server.js';
import { shutdownOnSignals } from './shutdown-on-signals.js';

export async function serveCommand(options: ConfigOptions, output: { out(text: string): void; err(text: string): void }): Promise<void> {
  const config = loadConfig(options);
  const server = await startServer(config);
  const storage = config.databaseUrl === undefined ? `data in ${config.dataDir}` : `database ${redactedDatabaseUrl(config.databaseUrl)}${config.apiOnly ? ', API only: runs are executed by riposte worker processes' : ''}`;
  output.out(`Riposte is listening on ${server.url} (${storage})`);
  if (server.generatedAdminToken) {
    output.out(`Admin token (shown once, keep it safe): ${server.generatedAdminToken}`);
    output.out(`Open ${server.url} and choose "Use an access token instead" to sign in with it; the API takes it as "Authorization: Bearer <token>".`);
  }
  shutdownOnSignals(() => server.stop(), output);
}
