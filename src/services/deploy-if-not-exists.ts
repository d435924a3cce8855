/**
 * What keeps policy current as things change: compliance is re-evaluated when an automation, an assignment or a
 * subscription's place changes, and a subscription created in or moved into an assigned scope gets the missing
 * automations deployed at once (DeployIfNotExists), unless the assignment's enforcement mode is DoNotEnforce.
 */
import type { AutomationService } from './automation-service.js';
import type { ComplianceService } from './compliance-service.js';
import type { PolicyAssignmentService } from './policy-assignment-service.js';
import type { PolicyDeployer } from './policy-deployer.js';

export interface SubscriptionPlacement {
  onSubscriptionPlaced(listener: (subscriptionIds: readonly string[]) => void | Promise<void>): void;
  onSubscriptionRemoved(listener: (subscriptionId: string) => void | Promise<void>): void;
}

export function keepPolicyCurrent(parts: {
  readonly hierarchy: SubscriptionPlacement;
  readonly automations: AutomationService;
  readonly assignments: PolicyAssignmentService;
  readonly compliance: ComplianceService;
  readonly deployer: PolicyDeployer;
}): void {
  const { hierarchy, automations, assignments, compliance, deployer } = parts;
  automations.onChange((subscriptionId) => compliance.evaluateSubscriptions([subscriptionId]));
  assignments.onChange(async ({ assignment }) => {
    if (assignment !== undefined) await compliance.evaluateAssignment(assignment);
  });
  hierarchy.onSubscriptionRemoved((subscriptionId) => compliance.forget(subscriptionId));
  hierarchy.onSubscriptionPlaced(async (subscriptionIds) => {
    await compliance.evaluateSubscriptions(subscriptionIds);
    const missing = await compliance.nonCompliantOf(subscriptionIds);
    if (missing.length === 0) return;
    const byKey = new Map((await assignments.all()).map((assignment) => [assignment.key, assignment]));
    for (const { assignmentKey, subscriptionId } of missing) {
      const assignment = byKey.get(assignmentKey);
      // The deployment re-evaluates the subscription through the automation change it makes.
      if (assignment?.enforcementMode === 'Default') await deployer.deploy(assignment, subscriptionId);
    }
  });
}
