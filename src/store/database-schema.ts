import type { Generated } from 'kysely';

/**
 * The tables, as Kysely sees them. Ids are ARM resource ids kept as given plus a lower-cased copy (`*_key`) for
 * lookups, because ARM ids compare case-insensitively. JSON documents are stored as text.
 */


export interface WorkflowTable {
  id_key: string;
  id: string;
  subscription_id: string;
  resource_group: string;
  name: string;
  location: string | null;
  tags: string;
  state: string;
  version: number;
  created_at: string;
  changed_at: string;
}

/** Immutable: a run always knows the definition it started with. */
export interface WorkflowVersionTable {
  workflow_key: string;
  version: number;
  definition: string;
  parameters: string;
  created_at: string;
}

export interface AutomationTable {
  id_key: string;
  id: string;
  subscription_id: string;
  resource_group: string;
  name: string;
  location: string | null;
  tags: string;
  etag: string;
  /** Canonical properties, including write-only values (`uri`) that responses leave out. */
  properties: string;
  created_at: string;
  changed_at: string;
}

/** Current state of every security event (alerts, assessments, sub-assessments, compliance assessments). */
export interface SecurityEventTable {
  kind: string;
  event_key: string;
  id: string;
  id_key: string;
  subscription_id: string;
  resource_group: string | null;
  resource_id: string;
  display_name: string;
  severity: string | null;
  status: string | null;
  firing_state: string;
  /** A fresh token is written whenever the event fires, so one upsert statement can tell whether it fired. */
  fired_token: string;
  /** Incremented whenever the event fires again (created, or its firing state changed). */
  version: number;
  payload: string;
  first_seen: string;
  last_seen: string;
}

export interface RunTable {
  id: string;
  workflow_key: string;
  workflow_version: number;
  status: string;
  trigger_name: string;
  automation_key: string | null;
  event_kind: string | null;
  event_key: string | null;
  event_version: number | null;
  correlation: string;
  error: string | null;
  response: string | null;
  created_at: string;
  start_time: string | null;
  end_time: string | null;
  lease_owner: string | null;
  lease_expires_at: string | null;
  cancel_requested: number;
  /** Set while a parked run sleeps (no lease): it may be claimed again from this instant. */
  wake_at: string | null;
}

export interface RunTriggerTable {
  run_id: string;
  outputs: string;
}

/** The run journal: one row per journal entry, in order. */
export interface RunActionTable {
  run_id: string;
  seq: number;
  action_key: string;
  name: string;
  status: string;
  entry: string;
}

export interface PrincipalTable {
  id: string;
  name: string;
  /** Kept from the first schema; access now comes from role assignments. */
  role: string;
  type: 'User' | 'ServicePrincipal';
  /** argon2id (PHC string), users only. */
  password_hash: string | null;
  created_at: string;
}

/** Only a SHA-256 of each bearer token is stored. */
export interface TokenTable {
  token_hash: string;
  /** Public handle for listing and revoking a token. */
  id: string | null;
  principal_id: string;
  created_at: string;
  expires_at: string | null;
}

/** A signed-in user's cookie session; only a SHA-256 of the cookie value is stored. */
export interface SessionTable {
  session_hash: string;
  principal_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  /** Set when the session was opened with an access token: it lives no longer than that token. */
  token_hash?: string | null;
}

/** Custom role definitions; the built-in ones live in code. */
export interface RoleDefinitionTable {
  id: string;
  role_name: string;
  description: string;
  /** JSON: `[{actions, notActions}]`. */
  permissions: string;
  /** JSON array of scopes. */
  assignable_scopes: string;
  created_at: string;
  changed_at: string;
}

export interface RoleAssignmentTable {
  id_key: string;
  id: string;
  name: string;
  scope: string;
  scope_key: string;
  principal_id: string;
  role_definition_id: string;
  created_by: string | null;
  created_at: string;
}

/** Append-only: rows are inserted and, past the retention period, purged; never updated. */
export interface ActivityLogTable {
  seq: Generated<number>;
  event_id: string;
  event_timestamp: string;
  caller: string;
  operation_name: string;
  status: string;
  resource_id: string;
  resource_key: string;
  correlation_id: string;
  /** JSON: HTTP status, message, diff of an update. */
  properties: string;
}

export interface SubscriptionTable {
  subscription_key: string;
  subscription_id: string;
  display_name: string | null;
  /** The management group it sits in (`root` until placed). */
  management_group_key: Generated<string>;
  created_at: string;
  changed_at: string | null;
}

export interface ResourceGroupTable {
  subscription_key: string;
  name_key: string;
  name: string;
  location: string | null;
  created_at: string;
}

export interface ManagementGroupTable {
  name_key: string;
  name: string;
  display_name: string;
  /** Null only for the tenant root group `root`. */
  parent_key: string | null;
  created_at: string;
  changed_at: string;
}

export interface PolicyAssignmentTable {
  id_key: string;
  id: string;
  name: string;
  scope: string;
  scope_key: string;
  policy_definition_id: string;
  display_name: string;
  description: string | null;
  /** JSON `{name: {value}}`, canonical spellings. */
  parameters: string;
  /** JSON array of excluded scopes. */
  not_scopes: string;
  enforcement_mode: string;
  location: string | null;
  /** The principal the assignment's deployments run as. */
  identity_principal_id: string;
  created_by: string | null;
  created_at: string;
  changed_at: string;
}

/** The latest compliance of one subscription under one assignment. */
export interface PolicyStateTable {
  assignment_key: string;
  subscription_key: string;
  subscription_id: string;
  compliance_state: 'Compliant' | 'NonCompliant';
  reason: string | null;
  evaluated_at: string;
}

export interface RemediationTable {
  id_key: string;
  id: string;
  name: string;
  scope: string;
  scope_key: string;
  policy_assignment_id: string;
  resource_discovery_mode: string;
  provisioning_state: string;
  total_deployments: number;
  successful_deployments: number;
  failed_deployments: number;
  parallel_deployments: number;
  failure_threshold: number;
  status_message: string | null;
  correlation_id: string;
  created_by: string | null;
  created_at: string;
  changed_at: string;
}

export interface RemediationDeploymentTable {
  remediation_key: string;
  subscription_key: string;
  subscription_id: string;
  remediated_resource_id: string;
  deployment_id: string;
  status: 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Canceled';
  /** JSON `{code, message}` when Failed. */
  error: string | null;
  created_at: string;
  changed_at: string;
}

/** An API connection; `parameters` holds the non-secret values, `sealed_secrets` the secret ones, encrypted. */
export interface ConnectionTable {
  id_key: string;
  id: string;
  subscription_id: string;
  resource_group: string;
  name: string;
  api_name: string;
  display_name: string;
  location: string | null;
  tags: string;
  parameters: string;
  /** Names of the sealed parameters, so listing a connection needs no key. */
  secret_names: string;
  sealed_secrets: string | null;
  /** The last `POST …/test` outcome, shown as the connection's status. */
  test_status: string | null;
  test_message: string | null;
  tested_at: string | null;
  created_at: string;
  changed_at: string;
}

export interface Database {
  connections: ConnectionTable;
  workflows: WorkflowTable;
  workflow_versions: WorkflowVersionTable;
  automations: AutomationTable;
  security_events: SecurityEventTable;
  runs: RunTable;
  run_triggers: RunTriggerTable;
  run_actions: RunActionTable;
  principals: PrincipalTable;
  tokens: TokenTable;
  sessions: SessionTable;
  role_definitions: RoleDefinitionTable;
  role_assignments: RoleAssignmentTable;
  activity_log: ActivityLogTable;
  subscriptions: SubscriptionTable;
  resource_groups: ResourceGroupTable;
  management_groups: ManagementGroupTable;
  policy_assignments: PolicyAssignmentTable;
  policy_states: PolicyStateTable;
  remediations: RemediationTable;
  remediation_deployments: RemediationDeploymentTable;
}
