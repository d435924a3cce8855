/**
 * Policy over the public API: the built-in definitions, assignments at management groups and subscriptions, their
 * compliance (Policy Insights), and remediation tasks with their deployments. Ids are ARM ids; the API path of an
 * id is `/api{id}`.
 */
import { api, get, getAll } from '../../api/client';

export interface PolicyParameter {
  readonly type: 'String' | 'Boolean' | 'Array' | 'Integer' | 'Object';
  readonly metadata: { readonly displayName: string; readonly description: string; readonly strongType?: string; readonly assignPermissions?: boolean };
  readonly allowedValues?: readonly (string | boolean)[];
  /** Absent: the parameter is required. */
  readonly defaultValue?: unknown;
}

export interface PolicyDefinition {
  readonly id: string;
  readonly name: string;
  readonly properties: {
    readonly displayName: string;
    readonly policyType: string;
    readonly description: string;
    readonly metadata: { readonly version: string; readonly category: string };
    readonly parameters: Readonly<Record<string, PolicyParameter>>;
    readonly policyRule: unknown;
  };
}

export interface PolicyAssignment {
  readonly id: string;
  readonly name: string;
  readonly identity?: { readonly type: string; readonly principalId: string };
  readonly properties: {
    readonly displayName: string;
    readonly description?: string;
    readonly policyDefinitionId: string;
    readonly scope: string;
    readonly notScopes: readonly string[];
    readonly parameters: Readonly<Record<string, { readonly value: unknown }>>;
    readonly enforcementMode: string;
    readonly metadata?: { readonly createdBy: string | null; readonly createdOn: string; readonly updatedOn: string };
  };
}

export interface PolicyState {
  readonly timestamp: string;
  readonly resourceId: string;
  readonly subscriptionId: string;
  readonly policyAssignmentId: string;
  readonly policyAssignmentName: string;
  readonly policyDefinitionId: string;
  readonly isCompliant: boolean;
  readonly complianceState: string;
  readonly complianceReason?: string;
}

export interface DeploymentStatus {
  readonly totalDeployments: number;
  readonly successfulDeployments: number;
  readonly failedDeployments: number;
}

export interface Remediation {
  readonly id: string;
  readonly name: string;
  readonly properties: {
    readonly policyAssignmentId: string;
    readonly resourceDiscoveryMode: string;
    readonly provisioningState: string;
    readonly createdOn: string;
    readonly lastUpdatedOn: string;
    readonly deploymentStatus: DeploymentStatus;
    readonly parallelDeployments: number;
    readonly failureThreshold: { readonly percentage: number };
    readonly statusMessage?: string;
    readonly correlationId: string;
  };
}

export interface RemediationDeployment {
  readonly remediatedResourceId: string;
  readonly deploymentId: string;
  readonly status: string;
  readonly error?: { readonly code: string; readonly message: string };
  readonly createdOn: string;
  readonly lastUpdatedOn: string;
}

export interface ManagementGroup {
  readonly id: string;
  readonly name: string;
  readonly properties: { readonly displayName: string; readonly details?: { readonly parent: { readonly id: string; readonly name: string } | null } };
}

export interface Descendant {
  readonly id: string;
  readonly type: string;
  readonly name: string;
  readonly properties: { readonly displayName: string; readonly parent: { readonly id: string } };
}

export interface PlacedSubscription {
  readonly id: string;
  readonly subscriptionId: string;
  readonly displayName: string;
  readonly properties?: { readonly managementGroupId?: string };
}

const DEFINITIONS = '/api/providers/Microsoft.Authorization/policyDefinitions';
const GROUPS = '/api/providers/Microsoft.Management/managementGroups';
export const ROOT_GROUP = '/providers/Microsoft.Management/managementGroups/root';
const ASSIGNMENTS = '/providers/Microsoft.Authorization/policyAssignments';
const REMEDIATIONS = '/providers/Microsoft.PolicyInsights/remediations';
const STATES = '/providers/Microsoft.PolicyInsights/policyStates/latest';

export const FINAL_STATES: ReadonlySet<string> = new Set(['Succeeded', 'Failed', 'Canceled']);

export const isManagementGroup = (scope: string) => /^\/providers\/Microsoft\.Management\/managementGroups\/[^/]+$/i.test(scope);
export const managementGroupId = (name: string) => `/providers/Microsoft.Management/managementGroups/${name}`;
export const assignmentPath = (scope: string, name: string) => `${scope}${ASSIGNMENTS}/${encodeURIComponent(name)}`;
export const remediationPath = (scope: string, name: string) => `${scope}${REMEDIATIONS}/${encodeURIComponent(name)}`;

/** The scope an assignment or remediation id lives at: the part before `/providers/Microsoft.Authorization|PolicyInsights/…`. */
export function scopeOfId(id: string): string {
  const match = /^(.*?)\/providers\/Microsoft\.(Authorization\/policyAssignments|PolicyInsights\/remediations)\/[^/]+$/i.exec(id);
  return match?.[1] ?? id;
}

export function listDefinitions(): Promise<PolicyDefinition[]> {
  return getAll<PolicyDefinition>(DEFINITIONS);
}

export function definitionGuid(id: string): string {
  return id.split('/').pop()?.toLowerCase() ?? id.toLowerCase();
}

/** Every assignment the user may read: those at, above and below the tenant root group. */
export function listAssignments(): Promise<PolicyAssignment[]> {
  return getAll<PolicyAssignment>(`/api${ROOT_GROUP}${ASSIGNMENTS}`);
}

export function getAssignment(id: string): Promise<PolicyAssignment> {
  return get<PolicyAssignment>(`/api${id}`);
}

export function putAssignment(scope: string, name: string, body: unknown): Promise<PolicyAssignment> {
  return api<PolicyAssignment>('PUT', `/api${assignmentPath(scope, name)}`, body);
}

export function deleteAssignment(id: string): Promise<unknown> {
  return api('DELETE', `/api${id}`);
}

/** The latest state of each subscription under one assignment, with the reason a subscription is NonCompliant. */
export function assignmentStates(assignmentId: string): Promise<PolicyState[]> {
  return getAll<PolicyState>(`/api${assignmentId}${STATES}/queryResults`);
}

/** The latest states at a scope (every assignment that covers it). */
export function scopeStates(scope: string): Promise<PolicyState[]> {
  return getAll<PolicyState>(`/api${scope}${STATES}/queryResults`);
}

/** Re-evaluates every assignment related to the scope; answers once the states are stored. */
export function triggerEvaluation(scope: string): Promise<unknown> {
  return api('POST', `/api${scope}${STATES}/triggerEvaluation`);
}

/** Every remediation task the user may read (at or below the tenant root group), newest first. */
export function listRemediations(): Promise<Remediation[]> {
  return getAll<Remediation>(`/api${ROOT_GROUP}${REMEDIATIONS}`);
}

export function getRemediation(id: string): Promise<Remediation> {
  return get<Remediation>(`/api${id}`);
}

export interface RemediationOptions {
  readonly resourceDiscoveryMode?: 'ExistingNonCompliant' | 'ReEvaluateCompliance';
  readonly parallelDeployments?: number;
  readonly failureThresholdPercentage?: number;
}

/** Creates a task, or runs a finished one again (the same name): it deploys what is still NonCompliant. */
export function putRemediation(scope: string, name: string, policyAssignmentId: string, options: RemediationOptions = {}): Promise<Remediation> {
  return api<Remediation>('PUT', `/api${remediationPath(scope, name)}`, {
    properties: {
      policyAssignmentId,
      resourceDiscoveryMode: options.resourceDiscoveryMode ?? 'ExistingNonCompliant',
      ...(options.parallelDeployments === undefined ? {} : { parallelDeployments: options.parallelDeployments }),
      ...(options.failureThresholdPercentage === undefined ? {} : { failureThreshold: { percentage: options.failureThresholdPercentage } }),
    },
  });
}

/** Runs a finished task again with its own settings. */
export function rerunRemediation(task: Remediation): Promise<Remediation> {
  const { properties } = task;
  return putRemediation(scopeOfId(task.id), task.name, properties.policyAssignmentId, {
    resourceDiscoveryMode: properties.resourceDiscoveryMode === 'ReEvaluateCompliance' ? 'ReEvaluateCompliance' : 'ExistingNonCompliant',
    parallelDeployments: properties.parallelDeployments,
    failureThresholdPercentage: properties.failureThreshold.percentage,
  });
}

export function cancelRemediation(id: string): Promise<Remediation> {
  return api<Remediation>('POST', `/api${id}/cancel`);
}

export function deleteRemediation(id: string): Promise<unknown> {
  return api('DELETE', `/api${id}`);
}

export function listDeployments(id: string): Promise<RemediationDeployment[]> {
  return getAll<RemediationDeployment>(`/api${id}/listDeployments`);
}

export function listManagementGroups(): Promise<ManagementGroup[]> {
  return getAll<ManagementGroup>(GROUPS);
}

export function getManagementGroup(name: string): Promise<ManagementGroup> {
  return get<ManagementGroup>(`${GROUPS}/${encodeURIComponent(name)}`);
}

/** Every group and subscription below a group, breadth first, each with its parent's id. */
export function listDescendants(name: string): Promise<Descendant[]> {
  return getAll<Descendant>(`${GROUPS}/${encodeURIComponent(name)}/descendants`);
}

export function listPlacedSubscriptions(): Promise<PlacedSubscription[]> {
  return getAll<PlacedSubscription>('/api/subscriptions');
}

/** A task name that is new for each run of the wizard (Azure's portal uses a GUID; a readable name is kinder). */
export function newRemediationName(assignmentName: string, now = new Date()): string {
  const stamp = now.toISOString().replaceAll(/[-:T]/g, '').slice(0, 14);
  return `${assignmentName.slice(0, 100)}-remediation-${stamp}`;
}

/** Deployed / total as a whole percentage (0 when nothing is planned yet). */
export function progressPercent(status: DeploymentStatus): number {
  if (status.totalDeployments === 0) return 0;
  return Math.round(((status.successfulDeployments + status.failedDeployments) / status.totalDeployments) * 100);
}
