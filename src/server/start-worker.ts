/** Starts `riposte worker`: no HTTP, only the dispatcher executing runs from the shared PostgreSQL database. */
import Fastify, { type FastifyBaseLogger } from 'fastify';
import type { Logger } from 'pino';
import { ConfigError, type RiposteConfig, redactedDatabaseUrl } from '../config/config.js';
import { ChangeFeed } from '../services/change-feed.js';
import { Health, pingDatabase } from '../services/health.js';
import { Metrics } from '../services/metrics.js';
import { readQueueStats } from '../services/queue-stats.js';
import { openDatabase } from '../store/open-database.js';
import { packageVersion } from './package-version.js';
import { operationsRoutes } from './routes/operations-routes.js';
import { createRunEngine } from './run-engine.js';
import { createLogger } from './start-server.js';

export interface RunningWorker {
  /** The lease owner name this worker claims runs under. */
  readonly id: string;
  readonly database: string;
  /** Where /healthz, /readyz and /metrics are served, when a metrics port was set. */
  readonly metricsUrl?: string;
  /** Stops claiming, gives in-flight runs `graceMs` to finish and leaves the rest to resume on another worker. */
  stop(graceMs?: number): Promise<void>;
}

export async function startWorker(config: RiposteConfig): Promise<RunningWorker> {
  if (config.databaseUrl === undefined) {
    throw new ConfigError('--database', 'riposte worker needs the shared PostgreSQL database (--database or RIPOSTE_DATABASE_URL); on embedded SQLite, riposte serve executes the runs itself.');
  }
  const logger = createLogger(config);
  const database = await openDatabase(config);
  const health = new Health(pingDatabase(database.db));
  const metrics = new Metrics({ version: packageVersion(), database: database.dialect, queueStats: () => readQueueStats(database.db) });
  const engine = await createRunEngine(config, database, logger, { metrics });
  // A workflow deleted and created again numbers its versions from 1 again: cached compiled versions must go.
  engine.workflows.shareChanges(new ChangeFeed(database.notifications));
  const probes = config.metricsPort === undefined ? undefined : await serveProbes(config.host, config.metricsPort, { health, metrics }, logger);
  engine.dispatcher.start();
  let stopping: Promise<void> | undefined;
  return {
    id: engine.dispatcher.owner,
    database: redactedDatabaseUrl(config.databaseUrl),
    ...(probes === undefined ? {} : { metricsUrl: probes.url }),
    stop(graceMs) {
      stopping ??= (async () => {
        health.beginDrain();
        await engine.stop(graceMs);
        await probes?.close();
        await database.close();
      })();
      return stopping;
    },
  };
}

/** A worker has no API; its probes and metrics get a small HTTP listener of their own. */
async function serveProbes(host: string, port: number, context: { health: Health; metrics: Metrics }, logger: Logger) {
  const app = Fastify({ loggerInstance: logger as FastifyBaseLogger });
  operationsRoutes(app, context);
  const url = await app.listen({ host, port });
  return { url, close: () => app.close() };
}
