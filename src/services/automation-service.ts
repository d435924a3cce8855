/**
 * Automation resources: validated and canonicalised by the automations module, checked against the workflows they
 * start, stored, and kept compiled in the in-memory index that ingestion matches events with.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ChangeFeed } from './change-feed.js';
import {
  type AutomationBody,
  AutomationIndex,
  type AutomationResource,
  automationId,
  automationProperties,
  compileAutomation,
  isValidAutomationName,
  parseAutomationBody,
  toAutomationResource,
} from '../automations/index.js';
import { ApiError, badRequest, notFound } from '../server/api-error.js';
import type { AutomationTable, Database } from '../store/database-schema.js';
import { DefenderTriggerKind, triggerAccepts } from '../workflows/defender-trigger.js';
import type { ResourceScopes } from './resource-scopes.js';
import type { WorkflowService } from './workflow-service.js';

const triggerNames: Record<string, string> = {
  Alerts: "'When a Microsoft Defender for Cloud alert is created or triggered' (ApiConnectionWebhook, path /Microsoft.Security/Alert/subscribe)",
  Assessments: "'When a Microsoft Defender for Cloud recommendation is created or triggered' (ApiConnectionWebhook, path /Microsoft.Security/Assessment/subscribe)",
  SubAssessments: "'When a Microsoft Defender for Cloud recommendation is created or triggered' (ApiConnectionWebhook, path /Microsoft.Security/Assessment/subscribe)",
  RegulatoryComplianceAssessment: 'a regulatory compliance assessment trigger',
};

export class AutomationService {
  private current = new AutomationIndex();
  private changes: ChangeFeed | undefined;
  /** Counts this process's own index updates, so a reload that raced one is done again. */
  private localUpdates = 0;
  private readonly listeners: ((subscriptionId: string) => Promise<void>)[] = [];

  constructor(
    private readonly db: Kysely<Database>,
    private readonly scopes: ResourceScopes,
    private readonly workflows: WorkflowService,
    private readonly now: () => string,
  ) {}

  /** Called after an automation is stored or deleted, before the API answers (policy compliance is evaluated there). */
  onChange(listener: (subscriptionId: string) => Promise<void>): void {
    this.listeners.push(listener);
  }

  /** The compiled automations, indexed for matching. */
  get index(): AutomationIndex {
    return this.current;
  }

  /** Loads every stored automation into a new index, which replaces the current one once complete. */
  async load(): Promise<void> {
    for (;;) {
      const updates = this.localUpdates;
      const rows = await this.db.selectFrom('automations').select(['id', 'properties']).execute();
      const index = new AutomationIndex();
      for (const row of rows) index.upsert(compileAutomation(row.id, automationProperties(JSON.parse(row.properties) as AutomationBody)));
      if (updates !== this.localUpdates) continue;
      this.current = index;
      return;
    }
  }

  /** Tells other processes of this one's changes, and reloads on theirs. */
  shareChanges(changes: ChangeFeed, onError: (error: unknown) => void): void {
    this.changes = changes;
    changes.onRemoteChange((topic) => {
      if (topic === 'automations') this.load().catch(onError);
    });
  }

  /**
   * Validates a body as PUT would, without storing it: parsed, then `authorize`d (the caller's right to start its
   * workflows and read its events), and only then checked against the workflows it names — so whether a workflow
   * exists, and what its trigger is, is told only to a caller allowed to start it.
   */
  async check(subscription: string, name: string, body: unknown, authorize: (value: AutomationBody) => void = () => undefined): Promise<AutomationBody> {
    const value = this.parse(subscription, name, body);
    authorize(value);
    await this.checkActions(value);
    return value;
  }

  /** `authorize` sees the parsed body before the workflows it names are looked up, and before anything is stored. */
  async put(
    subscription: string,
    resourceGroup: string,
    name: string,
    body: unknown,
    authorize: (value: AutomationBody) => void = () => undefined,
  ): Promise<{ created: boolean; resource: AutomationResource }> {
    const value = await this.check(subscription, name, body, authorize);
    const id = automationId(subscription, resourceGroup, name);
    const key = id.toLowerCase();
    const now = this.now();
    const etag = randomUUID();
    const created = await this.db.transaction().execute(async (trx) => {
      await this.scopes.ensure(trx, subscription, resourceGroup, now);
      const existing = await trx.selectFrom('automations').select(['id', 'created_at']).where('id_key', '=', key).executeTakeFirst();
      const row: AutomationTable = {
        id_key: key,
        id: existing?.id ?? id,
        subscription_id: subscription.toLowerCase(),
        resource_group: resourceGroup.toLowerCase(),
        name,
        location: value.location ?? null,
        tags: JSON.stringify(value.tags ?? {}),
        etag,
        properties: JSON.stringify(value),
        created_at: existing?.created_at ?? now,
        changed_at: now,
      };
      if (existing) await trx.updateTable('automations').set(row).where('id_key', '=', key).execute();
      else await trx.insertInto('automations').values(row).execute();
      return existing === undefined;
    });
    const stored = created ? id : (await this.row(id)).id;
    this.index.upsert(compileAutomation(stored, automationProperties(value)));
    this.localUpdates++;
    this.changes?.changed('automations');
    await this.changed(subscription);
    return { created, resource: toAutomationResource(stored, value, etag) };
  }

  async get(id: string): Promise<AutomationResource> {
    const row = await this.row(id);
    return toAutomationResource(row.id, JSON.parse(row.properties) as AutomationBody, row.etag);
  }

  async list(scope: { subscription: string; resourceGroup?: string }, top: number, after?: string): Promise<AutomationResource[]> {
    let query = this.db.selectFrom('automations').selectAll().where('subscription_id', '=', scope.subscription.toLowerCase());
    if (scope.resourceGroup !== undefined) query = query.where('resource_group', '=', scope.resourceGroup.toLowerCase());
    if (after !== undefined) query = query.where('id_key', '>', after);
    const rows = await query.orderBy('id_key').limit(top).execute();
    return rows.map((row) => toAutomationResource(row.id, JSON.parse(row.properties) as AutomationBody, row.etag));
  }

  async delete(id: string): Promise<boolean> {
    const row = await this.db.selectFrom('automations').select('subscription_id').where('id_key', '=', id.toLowerCase()).executeTakeFirst();
    if (row === undefined) return false;
    await this.db.deleteFrom('automations').where('id_key', '=', id.toLowerCase()).execute();
    this.index.remove(id);
    this.localUpdates++;
    this.changes?.changed('automations');
    await this.changed(row.subscription_id);
    return true;
  }

  private async changed(subscriptionId: string): Promise<void> {
    for (const listener of this.listeners) await listener(subscriptionId);
  }

  /** The name and the body, validated and canonicalised; nothing is looked up. */
  private parse(subscription: string, name: string, body: unknown): AutomationBody {
    if (!isValidAutomationName(name)) {
      throw badRequest('InvalidResourceName', `The automation name '${name}' must be 1-260 letters, digits, '_' or '-'.`, 'name');
    }
    const parsed = parseAutomationBody(body, { subscriptionId: subscription });
    if (!parsed.ok) {
      const [first] = parsed.errors;
      throw badRequest(
        'InvalidAutomation',
        `${first?.target}: ${first?.message}`,
        first?.target,
        parsed.errors.map((error) => ({ code: 'InvalidAutomation', message: error.message, target: error.target })),
      );
    }
    return parsed.value;
  }

  private async row(id: string): Promise<AutomationTable> {
    const row = await this.db.selectFrom('automations').selectAll().where('id_key', '=', id.toLowerCase()).executeTakeFirst();
    if (row === undefined) throw notFound('automation', id);
    return row;
  }

  /** Every LogicApp action must name an existing workflow whose trigger can receive this automation's events. */
  private async checkActions(value: AutomationBody): Promise<void> {
    for (const [index, action] of (value.actions ?? []).entries()) {
      const target = `properties.actions[${index}]`;
      if (action.actionType !== 'LogicApp') {
        throw new ApiError(400, 'ActionTypeNotSupported', `Automation actions of type '${action.actionType}' are not supported yet; use 'LogicApp'.`, `${target}.actionType`);
      }
      const workflowId = action.logicAppResourceId;
      let workflow;
      try {
        workflow = await this.workflows.current(workflowId);
      } catch (error) {
        if (error instanceof ApiError && error.statusCode === 404) {
          throw badRequest('LogicAppNotFound', `The workflow '${workflowId}' does not exist.`, `${target}.logicAppResourceId`);
        }
        throw error;
      }
      const { trigger } = workflow;
      if (trigger.kind === DefenderTriggerKind.LegacyAlertResponse) {
        throw badRequest(
          'LegacyTriggerNotSupported',
          `The workflow '${workflow.name}' starts with the legacy trigger '${trigger.name}' ("When a response to a Microsoft Defender for Cloud alert is triggered"), which workflow automation never starts. Use ${triggerNames['Alerts']} instead.`,
          `${target}.logicAppResourceId`,
        );
      }
      for (const source of value.sources ?? []) {
        if (!triggerAccepts(trigger.kind, source.eventSource)) {
          throw badRequest(
            'IncompatibleTrigger',
            `The workflow '${workflow.name}' has trigger '${trigger.name}' (${trigger.type}), which cannot receive '${source.eventSource}' events. ` +
              `Use ${triggerNames[source.eventSource] ?? 'a Defender for Cloud trigger for that event source'} or a Request trigger.`,
            `${target}.logicAppResourceId`,
          );
        }
      }
    }
  }
}
