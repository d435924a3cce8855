import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { eventAction, eventKindOfId } from '../../auth/event-actions.js';
import {
  AlertStatus,
  AssessmentStatusCode,
  ComplianceState,
  type EventError,
  EventErrorCode,
  type EventKind,
  MAX_EVENTS_PER_BATCH,
  type NormalizedEvent,
  Severity,
  eventSchemaFor,
  eventSchemas,
  eventSourceOf,
  isEventSchemaName,
} from '../../events/index.js';
import { eventTriggerOutputsJson } from '../../services/run-service.js';
import { triggerAccepts } from '../../workflows/defender-trigger.js';
import { ApiError, badRequest, notFound } from '../api-error.js';
import type { AppContext } from '../app-context.js';
import { forbidden, may } from '../authorization.js';
import { page, pageRequest } from '../paging.js';
import { listing, readableOnly, subscriptionScope } from '../permissions.js';
import type { Requirement } from '../request-context.js';
import { countIngest } from './ingest-tally.js';

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

/** `/subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.Logic/workflows/{name}`: no empty or extra segments. */
const WORKFLOW_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Logic\/workflows\/[^/]+$/i;

const noRoute = (request: FastifyRequest) => new ApiError(404, 'NotFound', `No route matches ${request.method} ${request.url.split('?')[0]}.`);

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
    countIngest(context.metrics, request.body.value, result);
    if (result.runsToClaim > 0) dispatcher.wake();
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

  const listEvents = (kind: 'Alert' | 'Assessment' | 'RegulatoryComplianceAssessment', statuses: readonly string[]) =>
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
  // Every regulatory compliance assessment of the subscription, whatever its standard and control (`status` is its state).
  app.get<{ Params: { sub: string }; Querystring: Record<string, string> }>(
    '/api/subscriptions/:sub/providers/Microsoft.Security/regulatoryComplianceAssessments',
    { schema: { tags: ['Events'] }, config: { permission: listing(eventAction('RegulatoryComplianceAssessment', 'read'), subscriptionScope) } },
    listEvents('RegulatoryComplianceAssessment', Object.values(ComplianceState)),
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
      // Only the ids of security events are served; anything else is a path no route serves.
      const kind = eventKindOfId(id);
      if (kind === undefined) throw noRoute(request);
      const event = await events.get(id);
      // Read was checked for the kind the id names; an event of another kind is not what was asked for.
      if (event.riposte.kind !== kind) throw notFound('security event', id);
      return event;
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
      const workflowId = triggeredWorkflowScope(request);
      const eventId = triggeredEventId(request);
      const kind = eventKindOfId(eventId);
      if (kind === undefined) throw notFound('security event', eventId);
      const event = await events.row(eventId);
      if (event.kind !== kind) throw notFound('security event', eventId);
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
        triggerOutputsJson: eventTriggerOutputsJson(event.payload),
        event: { kind: event.kind, key: event.event_key, version: event.version, id: event.id },
      });
      dispatcher.wake();
      return reply.status(202).send({ runId, workflowId: workflow.id });
    },
  );
}

/** The event "Trigger logic app" is called on: the path before `/triggerWorkflow` (any other POST path is no route). */
function triggeredEventId(request: FastifyRequest): string {
  const path = armIdOf(request.url);
  if (!/\/triggerWorkflow$/i.test(path)) throw noRoute(request);
  return path.replace(/\/triggerWorkflow$/i, '');
}

/**
 * "Trigger logic app" runs the workflow its body names, so that id — exactly as given, and only when it is a
 * workflow id — is the scope the run permission is checked at (the handler looks the same string up). The
 * permission hook runs before the handler, so a missing or malformed `workflowId` is answered 400 from here.
 */
function triggeredWorkflowScope(request: FastifyRequest): string {
  triggeredEventId(request);
  const workflowId = (request.body as { workflowId?: unknown } | undefined)?.workflowId;
  if (typeof workflowId !== 'string' || !WORKFLOW_ID.test(workflowId)) {
    throw badRequest(
      'InvalidRequestContent',
      'The body must be {"workflowId": "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroup}/providers/Microsoft.Logic/workflows/{name}"}.',
      'workflowId',
    );
  }
  return workflowId;
}

/** "Trigger logic app" also needs read on the event it hands to the workflow. */
function eventReadRequirement(request: FastifyRequest): Requirement | undefined {
  const eventId = triggeredEventId(request);
  const kind = eventKindOfId(eventId);
  // Not an event id: nothing to read, and the handler answers 404.
  return kind === undefined ? undefined : { action: eventAction(kind, 'read'), scope: eventId };
}

/** The subscription and resource group an id lies in: `/subscriptions/{s}[/resourceGroups/{rg}]`. */
const CONTAINER_OF_ID = /^\/subscriptions\/([^/]+)(?:\/resourceGroups\/[^/]+)?(?=\/|$)/i;

/**
 * Posting an event needs write on its kind both at the event's own id (what it is read by, and where it is stored)
 * and at its resource's resource group (or subscription), which is what automations select it by; the two must lie
 * in one subscription, and the id must name an event of its kind. Scopes repeat within a batch, so the answers for
 * resource groups are kept: write granted on the group an id lies in covers the id (a grant reaches every scope
 * below it); only when it does not is the id itself asked about.
 */
function eventWriteCheck(request: FastifyRequest): (event: NormalizedEvent) => EventError | undefined {
  const principalId = request.principal?.id ?? '';
  const decided = new Map<string, boolean>();
  const allowed = (action: string, scope: string): boolean => {
    const key = `${action} ${scope.toLowerCase()}`;
    let answer = decided.get(key);
    if (answer === undefined) decided.set(key, (answer = may(request, action, scope)));
    return answer;
  };
  const refusal = (action: string, scope: string): EventError => ({ code: EventErrorCode.AuthorizationFailed, target: '', message: forbidden(principalId, action, scope).message });
  return (event) => {
    const container = CONTAINER_OF_ID.exec(event.id);
    if (container === null || (container[1] as string).toLowerCase() !== event.subscriptionId.toLowerCase()) {
      return { code: EventErrorCode.InvalidEvent, target: 'id', message: `'id' must lie in the subscription of the event's resource (${event.subscriptionId}).` };
    }
    if (eventKindOfId(event.id) !== event.kind) {
      return { code: EventErrorCode.InvalidEvent, target: 'id', message: `'id' must be the resource id of a ${event.kind} (its type after /providers/Microsoft.Security/).` };
    }
    const action = eventAction(event.kind, 'write');
    const resourceScope = `/subscriptions/${event.subscriptionId}${event.resourceGroup === undefined ? '' : `/resourceGroups/${event.resourceGroup}`}`;
    if (!allowed(action, resourceScope)) return refusal(action, resourceScope);
    if (!allowed(action, container[0]) && !may(request, action, event.id)) return refusal(action, event.id);
    return undefined;
  };
}
