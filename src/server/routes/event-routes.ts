import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { eventAction, eventKindOfId } from '../../auth/event-actions.js';
import { AlertStatus, type EventKind, AssessmentStatusCode, type NormalizedEvent, MAX_EVENTS_PER_BATCH, Severity, eventSchemaFor, eventSchemas, eventSourceOf, isEventSchemaName } from '../../events/index.js';
import type { Value } from '../../expressions/index.js';
import { triggerAccepts } from '../../workflows/defender-trigger.js';
import { ApiError, badRequest, notFound } from '../api-error.js';
import type { AppContext } from '../app-context.js';
import { forbidden, may } from '../authorization.js';
import { page, pageRequest } from '../paging.js';
import { listing, readableOnly, subscriptionScope } from '../permissions.js';
import type { Requirement } from '../request-context.js';

const EventsBody = Type.Object(
  { value: Type.Array(Type.Unknown(), { maxItems: MAX_EVENTS_PER_BATCH, description: 'Security events, each validated alone' }) },
  { additionalProperties: false },
);

/** `severity=High,Medium` → canonical spellings; unknown values are a 400 naming the parameter. */
function enumList(query: Record<string, unknown>, name: string, allowed: readonly string[]): string[] | undefined {
  const text = query[name];
  if (text === undefined) return undefined;
  if (typeof text !== 'string') throw badRequest('InvalidQueryParameter', `'${name}' must be a comma-separated list.`, name);
  return text.split(',').map((part) => {
    const found = allowed.find((value) => value.toLowerCase() === part.trim().toLowerCase());
    if (found === undefined) throw badRequest('InvalidQueryParameter', `'${name}' value '${part}' must be one of ${allowed.join(', ')}.`, name);
    return found;
  });
}

/**
 * The ARM id a catch-all route was called with: without `/api`, the query and a trailing slash, and with percent
 * escapes decoded (ids may hold characters a client escapes, such as non-ASCII resource group names).
 */
function armIdOf(url: string): string {
  const path = (url.slice('/api'.length).split('?')[0] as string).replace(/\/+$/, '');
  try {
    return decodeURIComponent(path);
  } catch {
    throw badRequest('InvalidResourceId', `The path '${path}' is not validly percent-encoded.`);
  }
}

export function eventRoutes(app: FastifyInstance, context: AppContext): void {
  const { ingest, events, workflows, runs, dispatcher, config } = context;

  app.post<{ Body: { value: unknown[] } }>('/api/events', { schema: { tags: ['Events'], body: EventsBody }, config: { permission: 'authenticated' } }, async (request, reply) => {
    const result = await ingest.ingest(request.body.value, eventWriteCheck(request));
    if (result.runsQueued > 0) dispatcher.wake();
    return reply.status(202).send({ accepted: result.accepted, rejected: result.rejected });
  });

  app.get('/api/schemas', { schema: { tags: ['Events'] }, config: { permission: 'authenticated' } }, async () => ({
    value: Object.keys(eventSchemas).map((name) => ({ name, url: `${config.publicUrl}/api/schemas/${name}.json` })),
  }));

  app.get<{ Params: { file: string } }>('/api/schemas/:file', { schema: { tags: ['Events'] }, config: { permission: 'authenticated' } }, async (request) => {
    const name = request.params.file.replace(/\.json$/i, '');
    const match = Object.keys(eventSchemas).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
    if (match === undefined || !isEventSchemaName(match)) throw notFound('schema', request.params.file);
    return eventSchemaFor(match, config.publicUrl);
  });

  const listEvents = (kind: 'Alert' | 'Assessment', statuses: readonly string[]) =>
    async (request: FastifyRequest<{ Params: { sub: string }; Querystring: Record<string, string> }>) => {
      const { top, after } = pageRequest(request.query);
      const severities = enumList(request.query, 'severity', Object.values(Severity));
      const status = enumList(request.query, 'status', statuses);
      const items = await events.list({ subscription: request.params.sub, kinds: [kind], ...(severities ? { severities } : {}), ...(status ? { statuses: status } : {}) }, top, after);
      return readableOnly(request, eventAction(kind, 'read'), page(request, config.publicUrl, items, top, (item) => item.id.toLowerCase()));
    };

  app.get<{ Params: { sub: string }; Querystring: Record<string, string> }>(
    '/api/subscriptions/:sub/providers/Microsoft.Security/alerts',
    { schema: { tags: ['Events'] }, config: { permission: listing(eventAction('Alert', 'read'), subscriptionScope) } },
    listEvents('Alert', Object.values(AlertStatus)),
  );
  app.get<{ Params: { sub: string }; Querystring: Record<string, string> }>(
    '/api/subscriptions/:sub/providers/Microsoft.Security/assessments',
    { schema: { tags: ['Events'] }, config: { permission: listing(eventAction('Assessment', 'read'), subscriptionScope) } },
    listEvents('Assessment', Object.values(AssessmentStatusCode)),
  );

  // Any other ARM id under a subscription: an alert, assessment or sub-assessment read by its id.
  app.get(
    '/api/subscriptions/*',
    {
      schema: { hide: true },
      config: {
        permission: {
          action: 'Microsoft.Security/alerts/read, …/assessments/read or …/subAssessments/read, by the id',
          actionOf: (request) => eventAction(eventKindOfId(armIdOf(request.url)) ?? 'Alert', 'read'),
          scope: (request) => armIdOf(request.url),
          scopeText: 'the alert, assessment or sub-assessment',
        },
      },
    },
    async (request) => {
      const id = armIdOf(request.url);
      // Only Microsoft.Security ids can be events; anything else is a path no route serves.
      if (!/\/providers\/Microsoft\.Security\//i.test(id) || eventKindOfId(id) === undefined) {
        throw new ApiError(404, 'NotFound', `No route matches GET ${request.url.split('?')[0]}.`);
      }
      return events.get(id);
    },
  );

  // "Trigger logic app" on an alert or recommendation: POST /api{eventId}/triggerWorkflow.
  app.post<{ Body: { workflowId: string } }>(
    '/api/subscriptions/*',
    {
      schema: { hide: true },
      config: {
        permission: {
          action: 'Microsoft.Logic/workflows/triggers/run/action',
          scope: triggeredWorkflowScope,
          scopeText: 'the workflow named by `workflowId`',
          also: [eventReadRequirement],
          alsoText: 'and read on the alert or recommendation',
        },
      },
    },
    async (request, reply) => {
    const path = armIdOf(request.url);
    if (!/\/triggerWorkflow$/i.test(path)) throw new ApiError(404, 'NotFound', `No route matches POST ${request.url.split('?')[0]}.`);
    const body = request.body as unknown;
    if (typeof body !== 'object' || body === null || typeof (body as { workflowId?: unknown }).workflowId !== 'string') {
      throw badRequest('InvalidRequestContent', "The body must be {\"workflowId\": \"<workflow resource id>\"}.", 'workflowId');
    }
    const event = await events.row(path.replace(/\/triggerWorkflow$/i, ''));
    const workflowId = (body as { workflowId: string }).workflowId;
    const workflow = await workflows.currentOrUndefined(workflowId);
    if (workflow === undefined) throw badRequest('LogicAppNotFound', `The workflow '${workflowId}' does not exist.`, 'workflowId');
    if (workflow.state !== 'Enabled') throw new ApiError(409, 'WorkflowDisabled', `The workflow '${workflow.name}' is disabled.`, 'workflowId');
    const { trigger } = workflow;
    const source = eventSourceOf(event.kind as EventKind);
    if (!triggerAccepts(trigger.kind, source)) {
      throw badRequest('IncompatibleTrigger', `The workflow '${workflow.name}' has trigger '${trigger.name}', which cannot receive '${source}' events.`, 'workflowId');
    }
    const runId = await runs.queue(context.db, {
      workflowKey: workflow.key,
      workflowVersion: workflow.version,
      triggerName: workflow.workflow.trigger.name,
      triggerOutputs: { headers: { 'Content-Type': 'application/json' }, body: JSON.parse(event.payload) as Value },
      event: { kind: event.kind, key: event.event_key, version: event.version, id: event.id },
    });
    dispatcher.wake();
    return reply.status(202).send({ runId, workflowId: workflow.id });
    },
  );
}

/** "Trigger logic app" runs the workflow its body names; without one, the event path stands in (and is refused or 400). */
function triggeredWorkflowScope(request: FastifyRequest): string {
  const workflowId = (request.body as { workflowId?: unknown } | undefined)?.workflowId;
  return typeof workflowId === 'string' && workflowId.startsWith('/subscriptions/') ? workflowId : armIdOf(request.url);
}

/** "Trigger logic app" also needs read on the event it hands to the workflow. */
function eventReadRequirement(request: FastifyRequest): Requirement | undefined {
  const eventId = armIdOf(request.url).replace(/\/triggerWorkflow$/i, '');
  const kind = eventKindOfId(eventId);
  return kind === undefined ? undefined : { action: eventAction(kind, 'read'), scope: eventId };
}

/** Posting an event needs write on its kind at the event's resource group (or subscription), checked once per scope. */
function eventWriteCheck(request: FastifyRequest): (event: NormalizedEvent) => string | undefined {
  const decided = new Map<string, string | undefined>();
  return (event) => {
    const scope = `/subscriptions/${event.subscriptionId}${event.resourceGroup === undefined ? '' : `/resourceGroups/${event.resourceGroup}`}`;
    const action = eventAction(event.kind, 'write');
    const key = `${action} ${scope}`;
    if (!decided.has(key)) decided.set(key, may(request, action, scope) ? undefined : forbidden(request.principal?.id ?? '', action, scope).message);
    return decided.get(key);
  };
}
