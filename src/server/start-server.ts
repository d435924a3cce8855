/** Starts `riposte serve`: database, services, dispatcher (unless API-only) and HTTP server; stops them gracefully. */
import { type AddressInfo, createServer } from 'node:net';
import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import { type RiposteConfig, redactedDatabaseUrl } from '../config/config.js';
import { systemClock } from '../expressions/environment.js';
import { AuthService } from '../services/auth-service.js';
import { AccessService } from '../services/access-service.js';
import { RoleService } from '../services/role-service.js';
import { ActivityService, scheduleRetention } from '../services/activity-service.js';
import { AutomationService } from '../services/automation-service.js';
import { ChangeFeed } from '../services/change-feed.js';
import { EventQueryService } from '../services/event-query-service.js';
import { ComplianceService } from '../services/compliance-service.js';
import { keepPolicyCurrent } from '../services/deploy-if-not-exists.js';
import { HierarchyService } from '../services/hierarchy-service.js';
import { PolicyAssignmentService } from '../services/policy-assignment-service.js';
import { PolicyDeployer } from '../services/policy-deployer.js';
import { RemediationService } from '../services/remediation-service.js';
import { IngestService } from '../services/ingest-service.js';
import { LiveEvents, relayRunStatus } from '../services/live-events.js';
import { RunService } from '../services/run-service.js';
import { runSignals } from '../services/run-signals.js';
import { Health, pingDatabase } from '../services/health.js';
import { Metrics } from '../services/metrics.js';
import { readQueueStats } from '../services/queue-stats.js';
import { RetentionService, scheduleRunRetention } from '../services/retention-service.js';
import { openDatabase } from '../store/open-database.js';
import { StatementWrites } from '../store/statement-writes.js';
import { instantText } from '../workflows/executor/instant-text.js';
import type { AppContext } from './app-context.js';
import { type RouteModule, buildApp } from './app.js';
import { usePageTokenKey } from './paging.js';
import { packageVersion } from './package-version.js';
import { createRunEngine, now } from './run-engine.js';

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
  const logger = options.logger ?? createLogger(config);
  let bootstrap: { generatedToken?: string } = {};
  // The first Owner is created once the schema is current, under the start-up lock on PostgreSQL (never twice).
  const database = await openDatabase(config, async (db) => {
    bootstrap = await new AuthService(db).bootstrap(config.adminToken, now());
  });
  if (database.dialect === 'postgres') logger.info({ database: redactedDatabaseUrl(config.databaseUrl ?? '') }, 'using the shared PostgreSQL database');
  // Operations: /readyz and /metrics (see docs/operations.md).
  const health = new Health(pingDatabase(database.db));
  const metrics = new Metrics({ version: packageVersion(), database: database.dialect, queueStats: () => readQueueStats(database.db) });
  const live = new LiveEvents();
  const engine = await createRunEngine(config, database, logger, { live, metrics });
  const { writes, scopes, workflows, connections, catalogue, dispatcher } = engine;
  usePageTokenKey(engine.secretKey);
  const auth = new AuthService(database.db);
  const hierarchy = new HierarchyService(database.db, scopes, now, logger);
  await hierarchy.load();
  const automations = new AutomationService(database.db, scopes, workflows, now);
  await automations.load();
  const runs = new RunService(database.db, workflows, systemClock, engine.recentOutputs);
  const executesRuns = !config.apiOnly;
  // Runs an event starts while this process's worker has room start here at once, without a claim. On PostgreSQL
  // accepted events are written without a transaction around them (see IngestService.store), four at once.
  const ingestWrites = database.dialect === 'postgres' ? new StatementWrites(database.db, 4) : writes;
  const ingest = new IngestService(ingestWrites, automations, workflows, runs, config.publicUrl, now, scopes, executesRuns ? dispatcher : undefined);
  const events = new EventQueryService(database.db);
  const activity = new ActivityService(database.db, now, writes);
  const access = new AccessService(database.db, hierarchy);
  const policyAssignments = new PolicyAssignmentService(database.db, hierarchy, access, now);
  const compliance = new ComplianceService(database.db, hierarchy, policyAssignments, now);
  const deployer = new PolicyDeployer(database.db, hierarchy, workflows, automations, access, activity, config.publicUrl);
  const remediations = new RemediationService(database.db, hierarchy, policyAssignments, compliance, deployer, now, logger, live);
  keepPolicyCurrent({ hierarchy, automations, assignments: policyAssignments, compliance, deployer, logger });
  // Other API processes sharing the database reload what this one changes, and this one what they change.
  const changes = new ChangeFeed(database.notifications);
  const reloadFailed = (error: unknown) => logger.error({ err: error }, 'reloading data changed by another process failed');
  automations.shareChanges(changes, reloadFailed);
  hierarchy.shareChanges(changes, reloadFailed);
  workflows.shareChanges(changes);
  access.shareChanges(changes);
  auth.shareChanges(changes);
  if (database.dialect === 'postgres') relayRunStatus(database.notifications, live, dispatcher.owner);
  const context: AppContext = {
    config,
    db: database.db,
    auth,
    workflows,
    automations,
    runs,
    ingest,
    events,
    // On the embedded database the in-process notification is what wakes the dispatcher; waking it directly as well
    // would make it claim twice, the second time for nothing.
    dispatcher: runSignals(database.notifications, executesRuns && database.dialect === 'postgres' ? dispatcher : undefined),
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
    health,
    metrics,
  };
  const app = await buildApp(context, logger, options.routes, { webRoot: options.webRoot });
  await app.listen({ host: config.host, port: config.port });
  const retention = scheduleRetention(activity, { retentionDays: config.activityRetentionDays, nowMs: () => systemClock.now(), instantText, logger });
  const runRetention = scheduleRunRetention(new RetentionService(database.db, { runRetentionDays: config.runRetentionDays, eventRetentionDays: config.eventRetentionDays }), {
    nowMs: () => systemClock.now(),
    logger,
  });
  if (database.exclusive) {
    const orphans = await dispatcher.recoverOrphans();
    if (orphans > 0) logger.warn({ runs: orphans }, 'resuming runs interrupted by the previous process');
  }
  if (executesRuns) dispatcher.start();
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
        // Readiness fails first, so a load balancer stops sending requests; those in progress are finished.
        health.beginDrain();
        await app.close();
        await remediations.stop();
        await retention.stop();
        await runRetention.stop();
        await engine.stop();
        await database.close();
      })();
      return stopping;
    },
  };
}

export function createLogger(config: RiposteConfig): Logger {
  return pino({ level: config.logLevel, redact: { paths: ['req.headers.authorization', '*.authorization', '*.password'], censor: '[redacted]' } });
}
