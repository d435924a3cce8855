/** Starts Riposte: database, services, dispatcher and HTTP server; stops them gracefully on SIGTERM/SIGINT. */
import { randomUUID } from 'node:crypto';
import { type AddressInfo, createServer } from 'node:net';
import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import { createOutboundGuard, parseOutboundPolicy } from '../adapters/outbound-guard.js';
import { createUndiciHttpClient } from '../adapters/undici-http-client.js';
import { timerSleeper } from '../adapters/timer-sleeper.js';
import { ConfigError, type RiposteConfig } from '../config/config.js';
import { builtInConnectors } from '../connectors/built-in.js';
import { ConnectorCatalogue } from '../connectors/catalogue.js';
import type { ConnectorPorts } from '../connectors/connector.js';
import { createConnectorClient } from '../connectors/connector-router.js';
import { createNodemailerMailSender } from '../connectors/smtp/index.js';
import { createSecretBox } from '../secrets/secret-box.js';
import { loadOrCreateKeyFile } from '../secrets/secret-key.js';
import { systemClock } from '../expressions/environment.js';
import { AuthService } from '../services/auth-service.js';
import { AccessService } from '../services/access-service.js';
import { RoleService } from '../services/role-service.js';
import { ActivityService, scheduleRetention } from '../services/activity-service.js';
import { AutomationService } from '../services/automation-service.js';
import { ConnectionService } from '../services/connection-service.js';
import { Dispatcher } from '../services/dispatcher.js';
import { EventQueryService } from '../services/event-query-service.js';
import { ComplianceService } from '../services/compliance-service.js';
import { keepPolicyCurrent } from '../services/deploy-if-not-exists.js';
import { HierarchyService } from '../services/hierarchy-service.js';
import { PolicyAssignmentService } from '../services/policy-assignment-service.js';
import { PolicyDeployer } from '../services/policy-deployer.js';
import { RemediationService } from '../services/remediation-service.js';
import { IngestService } from '../services/ingest-service.js';
import { LiveEvents } from '../services/live-events.js';
import { RecentTriggerOutputs } from '../services/recent-trigger-outputs.js';
import { ResourceScopes } from '../services/resource-scopes.js';
import { RunService } from '../services/run-service.js';
import { WorkflowService } from '../services/workflow-service.js';
import { type OpenedDatabase, openSqlite } from '../store/open-sqlite.js';
import { WriteBatcher } from '../store/write-batcher.js';
import { instantText } from '../workflows/executor/instant-text.js';
import { type ExecutorPorts, unconfiguredConnectors } from '../workflows/index.js';
import type { AppContext } from './app-context.js';
import { type RouteModule, buildApp } from './app.js';
import { usePageTokenKey } from './paging.js';

export interface RunningServer {
  readonly url: string;
  readonly app: FastifyInstance;
  readonly context: AppContext;
  /** Set when this start created the root Owner with a generated token. */
  readonly generatedAdminToken?: string;
  stop(): Promise<void>;
}

/** Port 0 means "any free port": pick it up front, so the public URL in links and callbacks is right. */
async function withConcretePort(config: RiposteConfig): Promise<RiposteConfig> {
  if (config.port !== 0) return config;
  const probe = createServer();
  const port = await new Promise<number>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(0, config.host, () => resolve((probe.address() as AddressInfo).port));
  });
  await new Promise((resolve) => probe.close(resolve));
  const publicUrl = config.publicUrl.endsWith(':0') ? config.publicUrl.replace(/:0$/, `:${port}`) : config.publicUrl;
  return Object.freeze({ ...config, port, publicUrl });
}

export async function startServer(requested: RiposteConfig, options: { logger?: Logger; routes?: readonly RouteModule[]; webRoot?: string } = {}): Promise<RunningServer> {
  const config = await withConcretePort(requested);
  const logger =
    options.logger ??
    pino({ level: config.logLevel, redact: { paths: ['req.headers.authorization', '*.authorization', '*.password'], censor: '[redacted]' } });
  const guard = createOutboundGuard(outboundPolicy(config));
  const database: OpenedDatabase = await openSqlite(config.dataDir);
  const now = () => instantText(systemClock.now());
  const http = createUndiciHttpClient({ guard });
  const ports: ExecutorPorts = {
    clock: systemClock,
    random: Math.random,
    sleeper: timerSleeper,
    http,
    connectors: unconfiguredConnectors,
  };
  const connectorPorts: ConnectorPorts = {
    http,
    mail: createNodemailerMailSender({ resolveHost: async (host) => (await guard.resolve(host)).address }),
    now: () => Date.now(),
  };
  const catalogue = new ConnectorCatalogue(builtInConnectors);
  const secretKey = config.secretKey ?? (await loadOrCreateKeyFile(config.dataDir));
  const box = createSecretBox(secretKey);
  usePageTokenKey(secretKey);
  const writes = new WriteBatcher(database.db);
  const auth = new AuthService(database.db);
  const bootstrap = await auth.bootstrap(config.adminToken, now());
  const scopes = new ResourceScopes();
  const hierarchy = new HierarchyService(database.db, scopes, now, logger);
  await hierarchy.load();
  const workflows = new WorkflowService(database.db, scopes, config.publicUrl, now);
  const automations = new AutomationService(database.db, scopes, workflows, now);
  await automations.load();
  const connections = new ConnectionService(database.db, scopes, catalogue, box, connectorPorts, now);
  const recentOutputs = new RecentTriggerOutputs();
  const live = new LiveEvents();
  const runs = new RunService(database.db, workflows, systemClock, recentOutputs);
  const dispatcher = new Dispatcher(
    database.db,
    writes,
    workflows,
    recentOutputs,
    ports,
    {
      owner: `worker-${randomUUID()}`,
      maxConcurrentRuns: config.maxConcurrentRuns,
      maxConcurrentRunsPerWorkflow: config.maxConcurrentRunsPerWorkflow,
      leaseMs: config.leaseMs,
      publicUrl: config.publicUrl,
    },
    logger,
    {
      clientFor: (workflowId, declared) => createConnectorClient({ catalogue, resolver: connections, ports: connectorPorts }, workflowId, declared),
      secretValuesFor: (ids) => connections.secretValuesFor(ids),
    },
    live,
  );
  const ingest = new IngestService(writes, automations, workflows, runs, config.publicUrl, now, scopes);
  const events = new EventQueryService(database.db);
  const activity = new ActivityService(database.db, now, writes);
  const access = new AccessService(database.db, hierarchy);
  const policyAssignments = new PolicyAssignmentService(database.db, hierarchy, access, now);
  const compliance = new ComplianceService(database.db, hierarchy, policyAssignments, now);
  const deployer = new PolicyDeployer(database.db, hierarchy, workflows, automations, access, activity, config.publicUrl);
  const remediations = new RemediationService(database.db, hierarchy, policyAssignments, compliance, deployer, now, logger, live);
  keepPolicyCurrent({ hierarchy, automations, assignments: policyAssignments, compliance, deployer, logger });
  const context: AppContext = {
    config,
    db: database.db,
    auth,
    workflows,
    automations,
    runs,
    ingest,
    events,
    dispatcher,
    connections,
    catalogue,
    access,
    roles: new RoleService(database.db, access, now),
    activity,
    hierarchy,
    policyAssignments,
    compliance,
    remediations,
    live,
  };
  const app = await buildApp(context, logger, options.routes, { webRoot: options.webRoot });
  await app.listen({ host: config.host, port: config.port });
  const retention = scheduleRetention(activity, { retentionDays: config.activityRetentionDays, nowMs: () => systemClock.now(), instantText, logger });
  if (database.exclusive) {
    const orphans = await dispatcher.recoverOrphans();
    if (orphans > 0) logger.warn({ runs: orphans }, 'resuming runs interrupted by the previous process');
  }
  dispatcher.start();
  const resumed = await remediations.resume();
  if (resumed > 0) logger.warn({ remediations: resumed }, 'resuming remediation tasks interrupted by the previous process');
  const url = config.publicUrl;
  let stopping: Promise<void> | undefined;
  return {
    url,
    app,
    context,
    ...(bootstrap.generatedToken ? { generatedAdminToken: bootstrap.generatedToken } : {}),
    stop() {
      stopping ??= (async () => {
        await app.close();
        await remediations.stop();
        await retention.stop();
        await dispatcher.stop();
        await writes.drain();
        await database.close();
        await http.close();
      })();
      return stopping;
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
