/**
 * The activity log, read the way Azure Monitor answers it: `…/providers/Microsoft.Insights/eventtypes/management/values`
 * at the tenant root or in a subscription, filtered by time and scope with Azure's `$filter`, newest first, showing
 * only the entries whose resource the caller may read.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isWithinScope, parseResourceId, subscriptionResourceId } from '../../arm/resource-id.js';
import { ACTIVITY_STATUSES, type ActivityEntry, type ActivityStatus } from '../../services/activity-service.js';
import { instantText } from '../../workflows/executor/instant-text.js';
import { type ActivityFilter, parseActivityFilter, parseInstant } from '../activity-filter.js';
import { badRequest } from '../api-error.js';
import type { AppContext } from '../app-context.js';
import { may } from '../authorization.js';
import { pageRequest, skipToken } from '../paging.js';
import { listing, subscriptionScope } from '../permissions.js';

export const ACTIVITY_READ = 'Microsoft.Insights/eventtypes/values/read';
const DEFAULT_WINDOW_MS = 7 * 86_400_000;
const tags = ['Activity log'];

const Query = Type.Object(
  {
    $filter: Type.Optional(
      Type.String({
        description:
          "Azure's syntax: eventTimestamp ge '<ISO>' and eventTimestamp le '<ISO>', and optionally resourceGroupName, resourceUri, caller, operationName, status or correlationId eq '<value>'. Without a start, the last 7 days.",
      }),
    ),
    from: Type.Optional(Type.String({ description: 'Start (inclusive, ISO 8601): the same as eventTimestamp ge' })),
    to: Type.Optional(Type.String({ description: 'End (inclusive, ISO 8601): the same as eventTimestamp le' })),
    scope: Type.Optional(Type.String({ description: 'Only entries at or below this scope (a resource id, resource group, subscription)' })),
    $top: Type.Optional(Type.String()),
    $skiptoken: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
);
type QueryType = { $filter?: string; from?: string; to?: string; scope?: string; $top?: string; $skiptoken?: string };

/** An entry in the Azure Activity Log's shape (`operationName` and `status` as plain strings). */
export interface ActivityLogEvent {
  readonly id: string;
  readonly eventDataId: string;
  readonly eventTimestamp: string;
  readonly submissionTimestamp: string;
  readonly caller: string;
  readonly operationName: string;
  readonly status: ActivityStatus;
  readonly resourceId: string;
  readonly resourceGroupName?: string;
  readonly subscriptionId?: string;
  readonly correlationId: string;
  readonly level: 'Informational' | 'Error';
  readonly category: { readonly value: 'Administrative'; readonly localizedValue: 'Administrative' };
  readonly authorization: { readonly action: string; readonly scope: string };
  readonly properties: Readonly<Record<string, unknown>>;
}

/** .NET ticks (100 ns since 0001-01-01) of instant text, as Azure's event ids carry them. */
function ticksOf(instant: string): string {
  const ms = Date.parse(instant);
  const extra = /\.\d{3}(\d{1,4})/.exec(instant)?.[1]?.padEnd(4, '0') ?? '0';
  if (!Number.isFinite(ms)) return '0';
  return ((BigInt(ms) + 62_135_596_800_000n) * 10_000n + BigInt(extra)).toString();
}

export function toActivityLogEvent(entry: ActivityEntry): ActivityLogEvent {
  const parsed = parseResourceId(entry.resourceId);
  const base = entry.resourceId === '/' ? '' : entry.resourceId.replace(/\/+$/, '');
  return {
    id: `${base}/events/${entry.eventDataId}/ticks/${ticksOf(entry.eventTimestamp)}`,
    eventDataId: entry.eventDataId,
    eventTimestamp: entry.eventTimestamp,
    submissionTimestamp: entry.eventTimestamp,
    caller: entry.caller,
    operationName: entry.operationName,
    status: entry.status,
    resourceId: entry.resourceId,
    ...(parsed?.resourceGroup === undefined ? {} : { resourceGroupName: parsed.resourceGroup }),
    ...(parsed?.subscriptionId === undefined ? {} : { subscriptionId: parsed.subscriptionId }),
    correlationId: entry.correlationId,
    level: entry.status === 'Failed' ? 'Error' : 'Informational',
    category: { value: 'Administrative', localizedValue: 'Administrative' },
    authorization: { action: entry.operationName, scope: entry.resourceId },
    properties: entry.properties,
  };
}

function instantParameter(name: string, text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const instant = parseInstant(text);
  if (instant === undefined) throw badRequest('InvalidQueryParameter', `'${name}' must be an ISO 8601 date-time, not '${text}'.`, name);
  return instant;
}

function scopeParameter(name: string, text: string): string {
  if (!text.startsWith('/') || /\/\//.test(text)) throw badRequest('InvalidQueryParameter', `'${name}' must be a scope starting with '/', such as '/subscriptions/{id}/resourceGroups/{name}'.`, name);
  return text;
}

/** The deepest of the scopes, or `undefined` when they do not nest (so nothing can lie within all of them). */
function innermost(scopes: readonly string[]): string | undefined {
  let inner = '/';
  for (const scope of scopes) {
    if (isWithinScope(scope, inner)) inner = scope;
    else if (!isWithinScope(inner, scope)) return undefined;
  }
  return inner;
}

function statusOf(text: string | undefined): ActivityStatus | undefined {
  if (text === undefined) return undefined;
  const status = ACTIVITY_STATUSES.find((value) => value.toLowerCase() === text.toLowerCase());
  if (status === undefined) throw badRequest('InvalidFilter', `'$filter' is not valid: status must be one of ${ACTIVITY_STATUSES.join(', ')}.`, '$filter');
  return status;
}

function nextLink(request: FastifyRequest, publicUrl: string, after: number, top: number): string {
  const url = new URL(request.url, publicUrl);
  url.searchParams.set('$skiptoken', skipToken(String(after)));
  url.searchParams.set('$top', String(top));
  return `${publicUrl}${url.pathname}${url.search}`;
}

export function activityRoutes(app: FastifyInstance, context: AppContext): void {
  const { activity, config } = context;

  async function list(request: FastifyRequest<{ Querystring: QueryType }>, routeScope: string) {
    const query = request.query;
    const filter: ActivityFilter = parseActivityFilter(query.$filter);
    const fromParameter = instantParameter('from', query.from);
    const toParameter = instantParameter('to', query.to);
    if (fromParameter !== undefined && filter.from !== undefined) throw badRequest('InvalidQueryParameter', "Give the start once: 'from' or 'eventTimestamp ge' in '$filter'.", 'from');
    if (toParameter !== undefined && filter.to !== undefined) throw badRequest('InvalidQueryParameter', "Give the end once: 'to' or 'eventTimestamp le' in '$filter'.", 'to');
    const to = toParameter ?? filter.to;
    const from = fromParameter ?? filter.from ?? instantText((to === undefined ? Date.now() : Date.parse(to)) - DEFAULT_WINDOW_MS);
    const scopes = [routeScope];
    if (query.scope !== undefined) scopes.push(scopeParameter('scope', query.scope));
    if (filter.resourceUri !== undefined) scopes.push(scopeParameter('$filter', filter.resourceUri));
    const status = statusOf(filter.status);
    const { top, after: token } = pageRequest(query);
    let after: number | undefined;
    if (token !== undefined) {
      after = /^\d{1,15}$/.test(token) ? Number(token) : Number.NaN;
      if (!Number.isSafeInteger(after)) throw badRequest('InvalidQueryParameter', "'$skiptoken' is not a token this server issued.", '$skiptoken');
    }
    const scope = innermost(scopes);
    if (scope === undefined) return { value: [] };
    const readable = new Map<string, boolean>();
    const visible = (entry: ActivityEntry) => {
      const key = entry.resourceId.toLowerCase();
      let allowed = readable.get(key);
      if (allowed === undefined) {
        allowed = may(request, ACTIVITY_READ, entry.resourceId);
        readable.set(key, allowed);
      }
      return allowed;
    };
    const result = await activity.list(
      {
        from,
        ...(to === undefined ? {} : { to }),
        scope,
        ...(filter.resourceGroupName === undefined ? {} : { resourceGroup: filter.resourceGroupName }),
        ...(filter.caller === undefined ? {} : { caller: filter.caller }),
        ...(filter.operationName === undefined ? {} : { operationName: filter.operationName }),
        ...(status === undefined ? {} : { status }),
        ...(filter.correlationId === undefined ? {} : { correlationId: filter.correlationId }),
        top,
        ...(after === undefined ? {} : { after }),
      },
      visible,
    );
    const value = result.entries.map(toActivityLogEvent);
    return result.continueAfter === undefined ? { value } : { value, nextLink: nextLink(request, config.publicUrl, result.continueAfter, top) };
  }

  app.get<{ Querystring: QueryType }>(
    '/api/providers/Microsoft.Insights/eventtypes/management/values',
    { schema: { tags, querystring: Query }, config: { permission: listing(ACTIVITY_READ, () => '/') } },
    async (request) => list(request, '/'),
  );

  app.get<{ Params: { sub: string }; Querystring: QueryType }>(
    '/api/subscriptions/:sub/providers/Microsoft.Insights/eventtypes/management/values',
    {
      schema: { tags, params: Type.Object({ sub: Type.String() }), querystring: Query },
      config: { permission: listing(ACTIVITY_READ, subscriptionScope) },
    },
    async (request) => list(request, subscriptionResourceId(request.params.sub)),
  );
}
