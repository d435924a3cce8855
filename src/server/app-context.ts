import type { Kysely } from 'kysely';
import type { RiposteConfig } from '../config/config.js';
import type { AuthService } from '../services/auth-service.js';
import type { ConnectorCatalogue } from '../connectors/catalogue.js';
import type { AccessService } from '../services/access-service.js';
import type { RoleService } from '../services/role-service.js';
import type { ActivityService } from '../services/activity-service.js';
import type { AutomationService } from '../services/automation-service.js';
import type { ConnectionService } from '../services/connection-service.js';
import type { RunSignals } from '../services/run-signals.js';
import type { EventQueryService } from '../services/event-query-service.js';
import type { Health } from '../services/health.js';
import type { Metrics } from '../services/metrics.js';
import type { ComplianceService } from '../services/compliance-service.js';
import type { HierarchyService } from '../services/hierarchy-service.js';
import type { PolicyAssignmentService } from '../services/policy-assignment-service.js';
import type { RemediationService } from '../services/remediation-service.js';
import type { IngestService } from '../services/ingest-service.js';
import type { LiveEvents } from '../services/live-events.js';
import type { RunService } from '../services/run-service.js';
import type { WorkflowService } from '../services/workflow-service.js';
import type { Database } from '../store/database-schema.js';

/** What route modules are handed: the services, never the raw configuration of the process. */
export interface AppContext {
  readonly config: RiposteConfig;
  readonly db: Kysely<Database>;
  readonly auth: AuthService;
  readonly workflows: WorkflowService;
  readonly automations: AutomationService;
  readonly runs: RunService;
  readonly ingest: IngestService;
  readonly events: EventQueryService;
  /** Tells the workers (this process's dispatcher and any others) about queued and cancelled runs. */
  readonly dispatcher: RunSignals;
  readonly connections: ConnectionService;
  readonly catalogue: ConnectorCatalogue;
  readonly access: AccessService;
  readonly roles: RoleService;
  /** Management groups, subscriptions and resource groups; the scope tree access control walks. */
  readonly hierarchy: HierarchyService;
  readonly policyAssignments: PolicyAssignmentService;
  readonly compliance: ComplianceService;
  readonly remediations: RemediationService;
  /** The append-only activity log (`record` for changes made outside the API hook, such as logins). */
  readonly activity: ActivityService;
  /** Run and remediation changes as they happen (the web UI's live updates). */
  readonly live: LiveEvents;
  /** Readiness for `/readyz`; `beginDrain()` on shutdown turns it to 'draining'. */
  readonly health: Health;
  /** This server's Prometheus metrics (`/metrics`); the routes and the dispatcher count into it. */
  readonly metrics: Metrics;
}
