import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { AlertStatus, type EventKind, AssessmentStatusCode, MAX_EVENTS_PER_BATCH, Severity, eventSchemaFor, eventSchemas, eventSourceOf, isEventSchemaName } from '../../events/index.js';
import type { Value } from '../../expressions/index.js';
import { triggerAccepts } from '../../workflows/defender-trigger.js';
import { ApiError, badRequest, notFound } from '../api-error.js';
import type { AppContext } from '../app-context.js';
import { page, pageRequest } from '../paging.js';

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

  app.post<{ Body: { value: unknown[] } }>('/api/events', { schema: { tags: ['Events'], body: EventsBody } }, async (request, reply) => {
    const result = await ingest.ingest(request.body.value);
    if (result.runsQueued > 0) dispatcher.wake();
    return reply.status(202).send({ accepted: result.accepted, rejected: result.rejected });
  });

  app.get('/api/schemas', { schema: { tags: ['Events'] } }, async () => ({
    value: Object.keys(eventSchemas).map((name) => ({ name, url: `${config.publicUrl}/api/schemas/${name}.json` })),
  }));

  app.get<{ Params: { file: string } }>('/api/schemas/:file', { schema: { tags: ['Events'] } }, async (request) => {
    const name = request.params.file.replace(/\.json$/i, '');
    const match = Object.keys(eventSchemas).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
    if (match === undefined || !isEventSchemaName(match)) throw notFound('schema', request.params.file);
    return eventSchemaFor(match, config.publicUrl);
  });

  const listEvents = (kinds: string[], statuses: readonly string[]) =>
    async (request: { params: { sub: string }; query: Record<string, unknown>; url: string }) => {
      const { top, after } = pageRequest(request.query);
      const severities = enumList(request.query, 'severity', Object.values(Severity));
      const status = enumList(request.query, 'status', statuses);
      const items = await events.list({ subscription: request.params.sub, kinds, ...(severities ? { severities } : {}), ...(status ? { statuses: status } : {}) }, top, after);
      return page(request, config.publicUrl, items, top, (item) => item.id.toLowerCase());
    };

  app.get<{ Params: { sub: string }; Querystring: Record<string, string> }>(
    '/api/subscriptions/:sub/providers/Microsoft.Security/alerts',
    { schema: { tags: ['Events'] } },
    listEvents(['Alert'], Object.values(AlertStatus)),
  );
  app.get<{ Params: { sub: string }; Querystring: Record<string, string> }>(
    '/api/subscriptions/:sub/providers/Microsoft.Security/assessments',
    { schema: { tags: ['Events'] } },
    listEvents(['Assessment'], Object.values(AssessmentStatusCode)),
  );

  // Any other ARM id under a subscription: an alert, assessment or sub-assessment read by its id.
  app.get('/api/subscriptions/*', { schema: { hide: true } }, async (request) => {
    const id = armIdOf(request.url);
    // Only Microsoft.Security ids can be events; anything else is a path no route serves.
    if (!/\/providers\/Microsoft\.Security\//i.test(id)) {
      throw new ApiError(404, 'NotFound', `No route matches GET ${request.url.split('?')[0]}.`);
    }
    return events.get(id);
  });

  // "Trigger logic app" on an alert or recommendation: POST /api{eventId}/triggerWorkflow.
  app.post<{ Body: { workflowId: string } }>('/api/subscriptions/*', { schema: { hide: true } }, async (request, reply) => {
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
  });
}
