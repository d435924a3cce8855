/**
 * What executes runs, shared by `riposte serve` and `riposte worker`: the executor's ports (clock, timers, guarded
 * outbound HTTP, mail), the connector catalogue and connections, compiled workflow versions, and the dispatcher.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { createOutboundGuard, parseOutboundPolicy } from '../adapters/outbound-guard.js';
import { timerSleeper } from '../adapters/timer-sleeper.js';
import { createUndiciHttpClient } from '../adapters/undici-http-client.js';
import { ConfigError, type RiposteConfig } from '../config/config.js';
import { builtInConnectors } from '../connectors/built-in.js';
import { ConnectorCatalogue } from '../connectors/catalogue.js';
import type { ConnectorPorts } from '../connectors/connector.js';
import { createConnectorClient } from '../connectors/connector-router.js';
import { createNodemailerMailSender } from '../connectors/smtp/index.js';
import { systemClock } from '../expressions/environment.js';
import { createSecretBox } from '../secrets/secret-box.js';
import { loadOrCreateKeyFile } from '../secrets/secret-key.js';
import { ConnectionService } from '../services/connection-service.js';
import { Dispatcher, type DispatcherMetrics } from '../services/dispatcher.js';
import type { LiveEvents } from '../services/live-events.js';
import { RecentTriggerOutputs } from '../services/recent-trigger-outputs.js';
import { ResourceScopes } from '../services/resource-scopes.js';
import { WorkflowService } from '../services/workflow-service.js';
import type { OpenedDatabase } from '../store/open-database.js';
import { WriteBatcher } from '../store/write-batcher.js';
import { instantText } from '../workflows/executor/instant-text.js';
import { type ExecutorPorts, unconfiguredConnectors } from '../workflows/index.js';

export interface RunEngine {
  readonly secretKey: Uint8Array;
  readonly writes: WriteBatcher;
  readonly scopes: ResourceScopes;
  readonly catalogue: ConnectorCatalogue;
  readonly workflows: WorkflowService;
  readonly connections: ConnectionService;
  readonly recentOutputs: RecentTriggerOutputs;
  readonly dispatcher: Dispatcher;
  /** Stops executing (in-flight runs get `graceMs` to finish, the rest resume elsewhere) and closes outbound HTTP. */
  stop(graceMs?: number): Promise<void>;
}

export const now = (): string => instantText(systemClock.now());

export async function createRunEngine(
  config: RiposteConfig,
  database: OpenedDatabase,
  logger: Logger,
  extras: { live?: LiveEvents; metrics?: DispatcherMetrics } = {},
): Promise<RunEngine> {
  const guard = createOutboundGuard(outboundPolicy(config));
  const http = createUndiciHttpClient({ guard });
  const ports: ExecutorPorts = { clock: systemClock, random: Math.random, sleeper: timerSleeper, http, connectors: unconfiguredConnectors };
  const connectorPorts: ConnectorPorts = {
    http,
    mail: createNodemailerMailSender({ resolveHost: async (host) => (await guard.resolve(host)).address }),
    now: () => Date.now(),
  };
  const catalogue = new ConnectorCatalogue(builtInConnectors);
  // Every process sharing a database must seal and open connection secrets with the same key: RIPOSTE_SECRET_KEY,
  // or the key file of a data directory they share.
  const secretKey = config.secretKey ?? (await loadOrCreateKeyFile(config.dataDir));
  const shared = database.dialect === 'postgres';
  // On PostgreSQL, accepted events commit in several transactions at once (the pool has the connections), and runs'
  // own writes (claims, journal, status) in order and without waiting for the disk: losing the last of them in a
  // database crash only repeats actions, which are at-least-once anyway (docs/guarantees.md).
  const writes = new WriteBatcher(database.db, shared ? { parallel: 4 } : {});
  const runWrites = shared ? new WriteBatcher(database.runDb) : writes;
  const scopes = new ResourceScopes();
  const workflows = new WorkflowService(database.db, scopes, config.publicUrl, now);
  const connections = new ConnectionService(database.db, scopes, catalogue, createSecretBox(secretKey), connectorPorts, now);
  const recentOutputs = new RecentTriggerOutputs();
  const dispatcher = new Dispatcher(
    database.runDb,
    runWrites,
    workflows,
    recentOutputs,
    ports,
    {
      owner: `worker-${randomUUID()}`,
      maxConcurrentRuns: config.maxConcurrentRuns,
      maxConcurrentRunsPerWorkflow: config.maxConcurrentRunsPerWorkflow,
      leaseMs: config.leaseMs,
      publicUrl: config.publicUrl,
      dialect: database.dialect,
      parkAfterMs: config.parkAfterMs,
    },
    logger,
    database.notifications,
    {
      clientFor: (workflowId, declared) => createConnectorClient({ catalogue, resolver: connections, ports: connectorPorts }, workflowId, declared),
      secretValuesFor: (ids) => connections.secretValuesFor(ids),
    },
    extras.live,
    extras.metrics,
  );
  return {
    secretKey,
    writes,
    scopes,
    catalogue,
    workflows,
    connections,
    recentOutputs,
    dispatcher,
    async stop(graceMs) {
      await dispatcher.stop(graceMs);
      await runWrites.drain();
      await writes.drain();
      await http.close();
    },
  };
}

function outboundPolicy(config: RiposteConfig) {
  try {
    return parseOutboundPolicy({ allow: config.outboundAllow, deny: config.outboundDeny });
  } catch (error) {
    throw new ConfigError('RIPOSTE_OUTBOUND_ALLOW/RIPOSTE_OUTBOUND_DENY', error instanceof Error ? error.message : String(error));
  }
}
