/**
 * Records every change made through the API in the activity log: each non-GET `/api` request to a route that
 * declares a permission with an action, denied ones included (a refused attempt is what an auditor looks for).
 * Every `/api` response carries a correlation id (the client's `x-ms-correlation-request-id`, or a new UUID) that
 * the entry repeats. An update (a PUT on an existing resource) records what changed: the resource as it was before,
 * read through its service, against the resource as answered. Request bodies are never recorded — they hold secrets.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseResourceId } from '../arm/resource-id.js';
import { type JsonDiff, jsonDiff } from '../auth/json-diff.js';
import { MIN_SECRET_LENGTH, scrubText } from '../connectors/scrub-secrets.js';
import type { ActivityRecord } from '../services/activity-service.js';
import type { AppContext } from './app-context.js';
import { isApiRequest } from './authentication.js';
import './request-context.js';

export const CORRELATION_HEADER = 'x-ms-correlation-request-id';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set for every `/api` request; repeated in the response header and the activity log. */
    correlationId: string;
  }
}

/** Reads a resource as its GET answers it, by id; throws (e.g. 404) or answers undefined when there is none. */
export type ResourceSnapshot = (id: string) => Promise<unknown>;

/** Resource types (lower case) whose updates are recorded with a diff, each with its reader. */
export function resourceSnapshots(context: AppContext): Map<string, ResourceSnapshot> {
  return new Map<string, ResourceSnapshot>([
    ['microsoft.logic/workflows', (id) => context.workflows.getResource(id)],
    ['microsoft.security/automations', (id) => context.automations.get(id)],
    // Connections as answered never hold their secret parameters.
    ['microsoft.web/connections', (id) => context.connections.get(id)],
    // Custom roles can be changed in place (role assignments cannot: they are created and deleted).
    ['microsoft.authorization/roledefinitions', (id) => context.roles.definition(id)],
  ]);
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);
const CORRELATION_ID = /^[A-Za-z0-9._:{}-]{1,128}$/;
const MAX_MESSAGE = 1000;
const MAX_DIFF_CHANGES = 100;
const MAX_DIFF_VALUE = 1024;
/** Keys whose values a diff shows only as changed. */
const SECRET_KEY = /pass(word)?$|secret|token|credential|api[-_]?key|private[-_]?key|^pfx$|^sig$|signature|connectionstring/i;

/** The correlation id of a request (for modules that record entries of their own, such as logins). */
export function correlationIdOf(request: FastifyRequest): string {
  return request.correlationId || randomUUID();
}

/** The route's action and scope when the request is one to record. */
function recorded(request: FastifyRequest): { action: string; scope: string } | undefined {
  if (READS.has(request.method) || !isApiRequest(request)) return undefined;
  const permission = request.routeOptions.config?.permission;
  if (typeof permission !== 'object') return undefined;
  let scope: string;
  try {
    scope = permission.scope(request);
  } catch {
    scope = resourcePath(request);
  }
  return { action: permission.action, scope };
}

/** The resource the URL names: its path without `/api` and the query. */
function resourcePath(request: FastifyRequest): string {
  const path = request.url.split('?', 1)[0] as string;
  const id = path.slice('/api'.length) || '/';
  try {
    return decodeURIComponent(id);
  } catch {
    return id;
  }
}

function parseJson(payload: unknown): unknown {
  const text = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : undefined;
  if (text === undefined || text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Strings in a request body that may be secrets: connector parameter values and values under secret-looking keys. */
function secretCandidates(body: unknown, out: string[] = [], underSecret = false, depth = 0): string[] {
  if (depth > 32) return out;
  if (typeof body === 'string') {
    if (underSecret && body.length >= MIN_SECRET_LENGTH) out.push(body);
  } else if (Array.isArray(body)) {
    for (const item of body) secretCandidates(item, out, underSecret, depth + 1);
  } else if (typeof body === 'object' && body !== null) {
    for (const [key, value] of Object.entries(body)) {
      secretCandidates(value, out, underSecret || key === 'parameterValues' || SECRET_KEY.test(key), depth + 1);
    }
  }
  return out;
}

function failureMessage(request: FastifyRequest, payload: unknown): string | undefined {
  const body = parseJson(payload) as { error?: { message?: unknown } } | undefined;
  const message = body?.error?.message;
  if (typeof message !== 'string') return undefined;
  // An error may quote what was sent; a value that could be a secret does not reach the log.
  const scrubbed = scrubText(message, secretCandidates(request.body));
  return scrubbed.length > MAX_MESSAGE ? `${scrubbed.slice(0, MAX_MESSAGE)}…` : scrubbed;
}

function diffProperties(diff: JsonDiff): Record<string, unknown> {
  return { diff: diff.changes, ...(diff.truncated ? { diffTruncated: true } : {}) };
}

export function installActivityLog(app: FastifyInstance, context: AppContext, snapshots: ReadonlyMap<string, ResourceSnapshot> = resourceSnapshots(context)): void {
  const before = new WeakMap<FastifyRequest, { readonly value: unknown }>();
  app.decorateRequest('correlationId', '');

  app.addHook('onRequest', async (request, reply) => {
    if (!isApiRequest(request)) return;
    const given = request.headers[CORRELATION_HEADER];
    request.correlationId = typeof given === 'string' && CORRELATION_ID.test(given) ? given : randomUUID();
    void reply.header(CORRELATION_HEADER, request.correlationId);
  });

  // Runs once the caller is authorised and the body valid: the resource as it is before the update.
  app.addHook('preHandler', async (request) => {
    if (request.method !== 'PUT' || recorded(request) === undefined) return;
    const id = resourcePath(request);
    const type = parseResourceId(id)?.resourceType?.toLowerCase();
    const snapshot = type === undefined ? undefined : snapshots.get(type);
    if (snapshot === undefined) return;
    try {
      const value = await snapshot(id);
      if (value !== undefined) before.set(request, { value });
    } catch {
      // Not there yet (a create), or unreadable: no diff.
    }
  });

  // Written before the response leaves, so a client that reads the log after a change finds it there.
  app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    if (!isApiRequest(request)) return payload;
    if (request.correlationId) void reply.header(CORRELATION_HEADER, request.correlationId);
    const route = recorded(request);
    if (route === undefined) return payload;
    try {
      const statusCode = reply.statusCode;
      const succeeded = statusCode < 400;
      const message = succeeded ? undefined : failureMessage(request, payload);
      const prior = before.get(request);
      const diff =
        succeeded && prior !== undefined
          ? jsonDiff(prior.value, parseJson(payload), { maxChanges: MAX_DIFF_CHANGES, maxValueLength: MAX_DIFF_VALUE, isSecretKey: (key) => SECRET_KEY.test(key) })
          : undefined;
      const record: ActivityRecord = {
        caller: request.principal?.id ?? 'anonymous',
        operationName: route.action,
        status: succeeded ? 'Succeeded' : 'Failed',
        resourceId: route.scope,
        correlationId: correlationIdOf(request),
        properties: {
          statusCode,
          method: request.method,
          path: request.url.split('?', 1)[0],
          ...(message === undefined ? {} : { message }),
          ...(diff === undefined ? {} : diffProperties(diff)),
        },
      };
      await context.activity.record(record);
    } catch (error) {
      request.log.error({ err: error }, 'could not record the request in the activity log');
    }
    return payload;
  });
}
