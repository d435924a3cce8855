/** `riposte worker`: executes runs from the shared database until SIGTERM/SIGINT, then drains. */
import { type ConfigOptions, loadConfig } from '../config/config.js';
import { startWorker } from '../server/start-worker.js';
import { shutdownOnSignals } from './shutdown-on-signals.js';

export async function workerCommand(options: ConfigOptions, output: { out(text: string): void; err(text: string): void }): Promise<void> {
  const worker = await startWorker(loadConfig(options));
  output.out(`Riposte worker ${worker.id} is running against ${worker.database}`);
  if (worker.metricsUrl !== undefined) output.out(`Probes and metrics: ${worker.metricsUrl}/healthz, /readyz, /metrics`);
  shutdownOnSignals(() => worker.stop(), output);
}
