/**
 * DeployIfNotExists, for one subscription: the automation the built-in's template generates, deployed into the
 * resource group its parameters name (created when `createResourceGroup`), as the assignment's identity — refused
 * when that identity may not do it. A failure is an answer ({code, message}), never an exception, so one
 * subscription's failure does not stop the others.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { automationId } from '../automations/index.js';
import type { PolicyDefinition, PolicyKind } from '../policy/index.js';
import { plannedAutomation } from '../policy/index.js';
import { ApiError } from '../server/api-error.js';
import type { Database } from '../store/database-schema.js';
import { DefenderTriggerKind } from '../workflows/defender-trigger.js';
import type { AccessService } from './access-service.js';
import type { ActivityService } from './activity-service.js';
import type { AutomationService } from './automation-service.js';
import type { StoredAssignment } from './policy-assignment-service.js';
import type { WorkflowService, WorkflowVersion } from './workflow-service.js';

export type DeploymentOutcome =
  | { readonly status: 'Succeeded'; readonly automationId: string }
  | { readonly status: 'Failed'; readonly automationId: string; readonly error: { readonly code: string; readonly message: string } };

/** Why a deployment happened, for the activity log. */
export interface DeploymentCause {
  readonly correlationId?: string;
  /** The remediation task, when one ran it; otherwise the subscription was created in or moved into the scope. */
  readonly remediationId?: string;
}

const defenderTriggerOf: Record<PolicyKind, DefenderTriggerKind> = {
  alerts: DefenderTriggerKind.Alert,
  recommendations: DefenderTriggerKind.Assessment,
  regulatoryCompliance: DefenderTriggerKind.RegulatoryCompliance,
};

/**
 * Why the workflow cannot receive this assignment's automation, or undefined when it can: the trigger the
 * `logicAppTrigger` parameter chooses must be the workflow's kind of trigger. The public templates name their
 * Defender trigger differently from the policy's trigger map, so the kind is what counts, not the name.
 */
export function checkWorkflowTrigger(definition: PolicyDefinition, values: Readonly<Record<string, unknown>>, workflow: Pick<WorkflowVersion, 'name' | 'trigger'>): string | undefined {
  const { choice } = plannedAutomation(definition, values, '00000000-0000-0000-0000-000000000000').trigger;
  const expected = choice === 'manual' ? DefenderTriggerKind.Request : defenderTriggerOf[definition.kind];
  if (workflow.trigger.kind === expected) return undefined;
  const needed = choice === 'manual' ? 'a Request trigger' : `a Defender for Cloud ${definition.kind} trigger`;
  return `The workflow '${workflow.name}' starts with '${workflow.trigger.name}' (${workflow.trigger.type}), but logicAppTrigger '${String(values['logicAppTrigger'])}' needs ${needed}.`;
}

/** Creates a resource group (and its subscription) when missing; the hierarchy service does. */
export interface ResourceGroupMaker {
  ensureResourceGroup(subscriptionId: string, name: string, location: string | null): Promise<unknown>;
}

class DeploymentError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class PolicyDeployer {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly groups: ResourceGroupMaker,
    private readonly workflows: WorkflowService,
    private readonly automations: AutomationService,
    private readonly access: AccessService,
    private readonly activity: ActivityService,
    private readonly publicUrl: string,
  ) {}

  async deploy(assignment: StoredAssignment, subscriptionId: string, cause: DeploymentCause = {}): Promise<DeploymentOutcome> {
    const { values } = assignment;
    const group = String(values['resourceGroupName']);
    const id = automationId(subscriptionId, group, String(values['automationName']));
    let outcome: DeploymentOutcome;
    try {
      await this.deployAs(assignment, subscriptionId);
      outcome = { status: 'Succeeded', automationId: id };
    } catch (error) {
      outcome = { status: 'Failed', automationId: id, error: describe(error) };
    }
    await this.activity.record({
      caller: assignment.identityPrincipalId,
      operationName: 'Microsoft.Security/automations/write',
      status: outcome.status,
      resourceId: id,
      correlationId: cause.correlationId ?? randomUUID(),
      properties: {
        policyAssignmentId: assignment.id,
        cause: cause.remediationId === undefined ? 'deployIfNotExists' : 'remediation',
        ...(cause.remediationId === undefined ? {} : { remediationId: cause.remediationId }),
        ...(outcome.status === 'Failed' ? { error: outcome.error } : {}),
      },
    });
    return outcome;
  }

  private async deployAs(assignment: StoredAssignment, subscriptionId: string): Promise<void> {
    const access = await this.access.accessFor(assignment.identityPrincipalId);
    const demand = (action: string, scope: string) => {
      if (!access.allows(action, scope)) {
        throw new DeploymentError('AuthorizationFailed', `The assignment's identity '${assignment.identityPrincipalId}' may not perform '${action}' at '${scope}'.`);
      }
    };
    const { values, definition } = assignment;
    const workflowId = String(values['logicAppResourceId']);
    const workflow = await this.workflows.currentOrUndefined(workflowId);
    if (workflow === undefined) throw new DeploymentError('LogicAppNotFound', `The workflow '${workflowId}' named by the assignment's logicAppResourceId does not exist.`);
    const problem = checkWorkflowTrigger(definition, values, workflow);
    if (problem !== undefined) throw new DeploymentError('InvalidLogicAppTrigger', problem);
    const planned = plannedAutomation(definition, values, subscriptionId, `${this.publicUrl}/api${workflow.id}/triggers/${workflow.trigger.name}/run`);
    const groupScope = `/subscriptions/${subscriptionId}/resourceGroups/${planned.resourceGroupName}`;
    const groupExists = await this.db
      .selectFrom('resource_groups')
      .select('name')
      .where('subscription_key', '=', subscriptionId.toLowerCase())
      .where('name_key', '=', planned.resourceGroupName.toLowerCase())
      .executeTakeFirst();
    if (groupExists === undefined) {
      if (!planned.createResourceGroup) {
        throw new DeploymentError('ResourceGroupNotFound', `The resource group '${planned.resourceGroupName}' does not exist in subscription '${subscriptionId}', and the assignment's createResourceGroup is false.`);
      }
      demand('Microsoft.Resources/subscriptions/resourceGroups/write', groupScope);
    }
    demand('Microsoft.Security/automations/write', automationId(subscriptionId, planned.resourceGroupName, planned.automationName));
    if (groupExists === undefined) await this.groups.ensureResourceGroup(subscriptionId, planned.resourceGroupName, planned.resourceGroupLocation);
    // Whether the workflow may be started was checked against the assignment's author when it was saved (as for an
    // automation saved directly); the identity only needs the right to write the automation where it deploys it.
    await this.automations.put(subscriptionId, planned.resourceGroupName, planned.automationName, planned.body);
  }
}

function describe(error: unknown): { code: string; message: string } {
  if (error instanceof DeploymentError || error instanceof ApiError) return { code: error.code, message: error.message };
  return { code: 'DeploymentFailed', message: error instanceof Error ? error.message : String(error) };
}
