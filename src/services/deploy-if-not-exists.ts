/**
 * What keeps policy current as things change: compliance is re-evaluated when an automation, an assignment or a
 * subscription's place changes, and a subscription created in or moved into an assigned scope gets the missing
 * automations deployed at once (DeployIfNotExists), unless the assignment's enforcement mode is DoNotEnforce.
 */
import type { AutomationService } from './automation-service.js';
import type { ComplianceService } from './compliance-service.js';
import type { PolicyAssignmentService, StoredAssignment } from './policy-assignment-service.js';
import type { PolicyDeployer } from './policy-deployer.js';

export interface SubscriptionPlacement {
  onSubscriptionPlaced(listener: (subscriptionIds: readonly string[]) => void | Promise<void>): void;
  onSubscriptionRemoved(listener: (subscriptionId: string) => void | Promise<void>): void;
}

/** Where a reaction's failure is reported: it must never fail the change that caused it, which is already stored. */
export interface ReactionLogger {
  error(details: object, message: string): void;
}

export function keepPolicyCurrent(parts: {
  readonly hierarchy: SubscriptionPlacement;
  readonly automations: AutomationService;
  readonly assignments: PolicyAssignmentService;
  readonly compliance: ComplianceService;
  readonly deployer: PolicyDeployer;
  readonly logger: ReactionLogger;
}): void {
  const { hierarchy, automations, assignments, compliance, deployer, logger } = parts;
  const guarded =
    <A extends unknown[]>(what: string, reaction: (...args: A) => Promise<unknown>) =>
    async (...args: A): Promise<void> => {
      try {
        await reaction(...args);
      } catch (error) {
        logger.error({ err: error }, `policy: ${what} failed; POST …/policyStates/latest/triggerEvaluation re-evaluates`);
      }
    };
  automations.onChange(guarded('re-evaluating after an automation change', (subscriptionId: string) => compliance.evaluateSubscriptions([subscriptionId])));
  assignments.onChange(
    guarded('evaluating an assignment', async ({ assignment }: { readonly assignment?: StoredAssignment }) => {
      if (assignment !== undefined) await compliance.evaluateAssignment(assignment);
    }),
  );
  hierarchy.onSubscriptionRemoved(guarded('forgetting a removed subscription', (subscriptionId: string) => compliance.forget(subscriptionId)));
  hierarchy.onSubscriptionPlaced(guarded('deploying into placed subscriptions', async (subscriptionIds: readonly string[]) => {
    await compliance.evaluateSubscriptions(subscriptionIds);
    const missing = await compliance.nonCompliantOf(subscriptionIds);
    if (missing.length === 0) return;
    const byKey = new Map((await assignments.all()).map((assignment) => [assignment.key, assignment]));
    for (const { assignmentKey, subscriptionId } of missing) {
      const assignment = byKey.get(assignmentKey);
      // The deployment re-evaluates the subscription through the automation change it makes.
      if (assignment?.enforcementMode === 'Default') await deployer.deploy(assignment, subscriptionId);
    }
  }));
}
