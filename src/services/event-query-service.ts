/** Reading stored security events: lists per subscription with filters, and lookup by ARM id. */
import type { Kysely } from 'kysely';
import type { Database, SecurityEventTable } from '../store/database-schema.js';
import { eventKindOfId } from '../auth/event-actions.js';
import { scopeOf } from '../events/resource-scope.js';
import { notFound } from '../server/api-error.js';

export interface SecurityEventResource {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  /** The event as a workflow receives it (alerts flat, others in ARM shape). */
  readonly properties: unknown;
  readonly riposte: { readonly kind: string; readonly version: number; readonly firstSeen: string; readonly lastSeen: string };
}

const typeOfKind: Record<string, string> = {
  Alert: 'Microsoft.Security/Locations/alerts',
  Assessment: 'Microsoft.Security/assessments',
  SubAssessment: 'Microsoft.Security/assessments/subAssessments',
  RegulatoryComplianceAssessment: 'Microsoft.Security/regulatoryComplianceStandards/regulatoryComplianceControls/regulatoryComplianceAssessments',
};

export interface EventFilter {
  readonly subscription: string;
  readonly kinds: readonly string[];
  readonly severities?: readonly string[];
  readonly statuses?: readonly string[];
  readonly resourceGroup?: string;
}

export class EventQueryService {
  constructor(private readonly db: Kysely<Database>) {}

  async list(filter: EventFilter, top: number, after?: string): Promise<SecurityEventResource[]> {
    let query = this.db
      .selectFrom('security_events')
      .selectAll()
      .where('kind', 'in', filter.kinds)
      .where('subscription_id', '=', filter.subscription.toLowerCase());
    if (filter.severities?.length) query = query.where('severity', 'in', filter.severities);
    if (filter.statuses?.length) query = query.where('status', 'in', filter.statuses);
    if (filter.resourceGroup !== undefined) query = query.where('resource_group', '=', filter.resourceGroup.toLowerCase());
    if (after !== undefined) query = query.where('id_key', '>', after);
    const rows = await query.orderBy('id_key').limit(top).execute();
    return rows.map(toResource);
  }

  async get(id: string): Promise<SecurityEventResource> {
    const row = await this.row(id);
    return toResource(row);
  }

  /** Found by the (kind, subscription, id) index: both are read off the id, as every stored event's id names them. */
  async row(id: string): Promise<SecurityEventTable> {
    const kind = eventKindOfId(id);
    const subscription = scopeOf(id)?.subscriptionId;
    if (kind === undefined || subscription === undefined) throw notFound('security event', id);
    const row = await this.db
      .selectFrom('security_events')
      .selectAll()
      .where('kind', '=', kind)
      .where('subscription_id', '=', subscription.toLowerCase())
      .where('id_key', '=', id.toLowerCase())
      .executeTakeFirst();
    if (row === undefined) throw notFound('security event', id);
    return row;
  }
}

function toResource(row: SecurityEventTable): SecurityEventResource {
  const payload = JSON.parse(row.payload) as Record<string, unknown>;
  const isArmShaped = row.kind !== 'Alert';
  return {
    id: row.id,
    name: row.id.slice(row.id.lastIndexOf('/') + 1),
    type: isArmShaped && typeof payload['type'] === 'string' ? payload['type'] : (typeOfKind[row.kind] ?? row.kind),
    properties: isArmShaped ? (payload['properties'] ?? {}) : payload,
    riposte: { kind: row.kind, version: row.version, firstSeen: row.first_seen, lastSeen: row.last_seen },
  };
}
