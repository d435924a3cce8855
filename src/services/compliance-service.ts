/**
 * Compliance: for each assignment and each subscription it applies to, whether the automation its parameters name
 * exists as the built-in's existence condition requires. States are stored, so queries are reads; they are
 * recomputed when an assignment, a subscription's place, or an automation changes, and on demand.
 */
import type { Kysely } from 'kysely';
import { normalizeScope } from '../auth/scope.js';
import { type AutomationBody, automationId, automationProperties } from '../automations/index.js';
import { evaluateCompliance } from '../policy/index.js';
import { badRequest } from '../server/api-error.js';
import type { Database, PolicyStateTable } from '../store/database-schema.js';
import type { AssignmentHierarchy, PolicyAssignmentService, StoredAssignment } from './policy-assignment-service.js';
import { subscriptionResourceId } from './policy-scope.js';

export interface ComplianceHierarchy extends AssignmentHierarchy {
  /** Subscription ids at or below a management group or subscription scope. */
  subscriptionsUnder(scope: string): string[];
  managementGroupsOf(subscriptionId: string): readonly string[];
}

export type ComplianceState = PolicyStateTable['compliance_state'];

/** One row of `policyStates/latest/queryResults`, in Azure Policy Insights' shape (plus `complianceReason`). */
export interface PolicyStateRecord {
  readonly timestamp: string;
  readonly resourceId: string;
  readonly resourceType: 'Microsoft.Resources/subscriptions';
  readonly subscriptionId: string;
  readonly policyAssignmentId: string;
  readonly policyAssignmentName: string;
  readonly policyAssignmentScope: string;
  readonly policyDefinitionId: string;
  readonly policyDefinitionName: string;
  readonly policyDefinitionAction: 'deployifnotexists';
  readonly policyDefinitionCategory: string;
  readonly managementGroupIds: string;
  readonly isCompliant: boolean;
  readonly complianceState: ComplianceState;
  /** Why it is NonCompliant, in words (Riposte's addition). */
  readonly complianceReason?: string;
}

export interface StateFilter {
  readonly complianceState?: string;
  readonly policyAssignmentId?: string;
  readonly policyDefinitionId?: string;
  readonly subscriptionId?: string;
}

const CHUNK = 200;

export class ComplianceService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly hierarchy: ComplianceHierarchy,
    private readonly assignments: PolicyAssignmentService,
    private readonly now: () => string,
  ) {}

  applies(assignment: StoredAssignment, subscriptionId: string): boolean {
    const scope = subscriptionResourceId(subscriptionId);
    return this.hierarchy.isWithin(scope, assignment.scope) && !assignment.notScopes.some((excluded) => this.hierarchy.isWithin(scope, excluded));
  }

  /** Recomputes every state of one assignment; states of subscriptions it no longer covers go. Returns how many. */
  async evaluateAssignment(assignment: StoredAssignment): Promise<number> {
    const subscriptions = this.hierarchy.subscriptionsUnder(assignment.scope).filter((subscription) => this.applies(assignment, subscription));
    const rows = await this.evaluate(assignment, subscriptions);
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('policy_states').where('assignment_key', '=', assignment.key).execute();
      for (let start = 0; start < rows.length; start += CHUNK) await trx.insertInto('policy_states').values(rows.slice(start, start + CHUNK)).execute();
    });
    return rows.length;
  }

  /** Recomputes the states of some subscriptions under every assignment (after a move, or an automation change). */
  async evaluateSubscriptions(given: readonly string[]): Promise<number> {
    if (given.length === 0) return 0;
    const subscriptionIds = await this.canonical(given);
    const assignments = await this.assignments.all();
    const rows: PolicyStateTable[] = [];
    for (const assignment of assignments) {
      rows.push(...(await this.evaluate(assignment, subscriptionIds.filter((subscription) => this.applies(assignment, subscription)))));
    }
    const keys = subscriptionIds.map((subscription) => subscription.toLowerCase());
    await this.db.transaction().execute(async (trx) => {
      for (let start = 0; start < keys.length; start += CHUNK) await trx.deleteFrom('policy_states').where('subscription_key', 'in', keys.slice(start, start + CHUNK)).execute();
      for (let start = 0; start < rows.length; start += CHUNK) await trx.insertInto('policy_states').values(rows.slice(start, start + CHUNK)).execute();
    });
    return rows.length;
  }

  /** On demand (`triggerEvaluation`): every state of every subscription at or below the scope. */
  async evaluateScope(scope: string): Promise<{ readonly subscriptions: number; readonly states: number }> {
    const subscriptions = this.hierarchy.subscriptionsUnder(scope);
    const states = await this.evaluateSubscriptions(subscriptions);
    return { subscriptions: subscriptions.length, states };
  }

  /** NonCompliant states of some subscriptions: what DeployIfNotExists deploys when they arrive in a scope. */
  async nonCompliantOf(subscriptionIds: readonly string[]): Promise<{ readonly assignmentKey: string; readonly subscriptionId: string }[]> {
    const found: { assignmentKey: string; subscriptionId: string }[] = [];
    const keys = subscriptionIds.map((subscription) => subscription.toLowerCase());
    for (let start = 0; start < keys.length; start += CHUNK) {
      const rows = await this.db
        .selectFrom('policy_states')
        .select(['assignment_key', 'subscription_id'])
        .where('subscription_key', 'in', keys.slice(start, start + CHUNK))
        .where('compliance_state', '=', 'NonCompliant')
        .execute();
      found.push(...rows.map((row) => ({ assignmentKey: row.assignment_key, subscriptionId: row.subscription_id })));
    }
    return found;
  }

  async forget(subscriptionId: string): Promise<void> {
    await this.db.deleteFrom('policy_states').where('subscription_key', '=', subscriptionId.toLowerCase()).execute();
  }

  /** The subscriptions an assignment finds NonCompliant, within `scope` (a remediation's). */
  async nonCompliant(assignment: StoredAssignment, scope: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('policy_states')
      .select('subscription_id')
      .where('assignment_key', '=', assignment.key)
      .where('compliance_state', '=', 'NonCompliant')
      .orderBy('subscription_key')
      .execute();
    return rows.map((row) => row.subscription_id).filter((subscription) => this.hierarchy.isWithin(subscriptionResourceId(subscription), scope));
  }

  /** The latest states of subscriptions at or below `scope` (and, when given, of one assignment). */
  async states(scope: string, filter: StateFilter = {}, assignmentKey?: string): Promise<PolicyStateRecord[]> {
    const assignments = new Map((await this.assignments.all()).map((assignment) => [assignment.key, assignment]));
    let query = this.db.selectFrom('policy_states').selectAll().orderBy('subscription_key').orderBy('assignment_key');
    if (assignmentKey !== undefined) query = query.where('assignment_key', '=', assignmentKey);
    if (filter.policyAssignmentId !== undefined) query = query.where('assignment_key', '=', filter.policyAssignmentId.toLowerCase());
    if (filter.subscriptionId !== undefined) query = query.where('subscription_key', '=', filter.subscriptionId.toLowerCase());
    if (filter.complianceState !== undefined) query = query.where('compliance_state', '=', canonicalState(filter.complianceState));
    const scopeKey = normalizeScope(scope);
    const single = /^\/subscriptions\/([^/]+)$/.exec(scopeKey);
    if (single !== null) query = query.where('subscription_key', '=', single[1] as string);
    const records: PolicyStateRecord[] = [];
    for (const row of await query.execute()) {
      const assignment = assignments.get(row.assignment_key);
      if (assignment === undefined) continue;
      if (filter.policyDefinitionId !== undefined && assignment.definition.id.toLowerCase() !== filter.policyDefinitionId.toLowerCase() && assignment.definition.name !== filter.policyDefinitionId.toLowerCase()) continue;
      if (scopeKey !== '/' && !this.hierarchy.isWithin(subscriptionResourceId(row.subscription_id), scope)) continue;
      records.push(this.record(row, assignment));
    }
    return records;
  }

  /** Ids as the subscriptions table spells them (an automation's row keeps only the lower-cased one). */
  private async canonical(subscriptionIds: readonly string[]): Promise<string[]> {
    const spelled = new Map<string, string>();
    const keys = [...new Set(subscriptionIds.map((subscription) => subscription.toLowerCase()))];
    for (let start = 0; start < keys.length; start += CHUNK) {
      const rows = await this.db.selectFrom('subscriptions').select(['subscription_key', 'subscription_id']).where('subscription_key', 'in', keys.slice(start, start + CHUNK)).execute();
      for (const row of rows) spelled.set(row.subscription_key, row.subscription_id);
    }
    return keys.map((key) => spelled.get(key) ?? key);
  }

  private record(row: PolicyStateTable, assignment: StoredAssignment): PolicyStateRecord {
    return {
      timestamp: row.evaluated_at,
      resourceId: subscriptionResourceId(row.subscription_id),
      resourceType: 'Microsoft.Resources/subscriptions',
      subscriptionId: row.subscription_id,
      policyAssignmentId: assignment.id,
      policyAssignmentName: assignment.name,
      policyAssignmentScope: assignment.scope,
      policyDefinitionId: assignment.definition.id,
      policyDefinitionName: assignment.definition.name,
      policyDefinitionAction: 'deployifnotexists',
      policyDefinitionCategory: assignment.definition.properties.metadata.category,
      managementGroupIds: this.hierarchy.managementGroupsOf(row.subscription_id).join(','),
      isCompliant: row.compliance_state === 'Compliant',
      complianceState: row.compliance_state,
      ...(row.reason === null ? {} : { complianceReason: row.reason }),
    };
  }

  /** One state per subscription, from the automations its parameters name (read in a few queries, not one each). */
  private async evaluate(assignment: StoredAssignment, subscriptions: readonly string[]): Promise<PolicyStateTable[]> {
    const { values } = assignment;
    const group = String(values['resourceGroupName']);
    const name = String(values['automationName']);
    const keyOf = (subscription: string) => automationId(subscription, group, name).toLowerCase();
    const found = new Map<string, AutomationBody>();
    const keys = subscriptions.map(keyOf);
    for (let start = 0; start < keys.length; start += CHUNK * 2) {
      const rows = await this.db.selectFrom('automations').select(['id_key', 'properties']).where('id_key', 'in', keys.slice(start, start + CHUNK * 2)).execute();
      for (const row of rows) found.set(row.id_key, JSON.parse(row.properties) as AutomationBody);
    }
    const now = this.now();
    return subscriptions.map((subscription) => {
      const body = found.get(keyOf(subscription));
      const result = evaluateCompliance(assignment.definition, values, body === undefined ? undefined : automationProperties(body));
      return {
        assignment_key: assignment.key,
        subscription_key: subscription.toLowerCase(),
        subscription_id: subscription,
        compliance_state: result.compliant ? 'Compliant' : 'NonCompliant',
        reason: result.reason ?? null,
        evaluated_at: now,
      };
    });
  }
}

/** `$filter=complianceState eq 'noncompliant'` in any case. */
function canonicalState(text: string): ComplianceState {
  const state = (['Compliant', 'NonCompliant'] as const).find((known) => known.toLowerCase() === text.toLowerCase());
  if (state === undefined) throw badRequest('InvalidFilter', `complianceState must be 'Compliant' or 'NonCompliant', not '${text}'.`, '$filter');
  return state;
}
