/** `riposte worker`: executes runs from the shared database until SIGTERM/SIGINT, then drains. */
import { type ConfigOptions, loadConfig } from '../config/config.js';
import { startWorker } from '../server/start-worker.js';

export async function workerCommand(options: ConfigOptions, output: { out(text: string): void; err(text: string): void }): Promise<void> {
  const worker = await startWorker(loadConfig(options));
  output.out(`Riposte worker ${worker.id} is running against ${worker.database}`);
  if (worker.metricsUrl !== undefined) output.out(`Probes and metrics: ${worker.metricsUrl}/healthz, /readyz, /metrics`);
  const shutdown = (signal: string) => {
    output.err(`Received ${signal}: finishing in-flight runs…`);
    worker.stop().then(
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
