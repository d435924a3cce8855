/**
 * `GET /api/live`: run and remediation changes as server-sent events (`event: run`, `event: remediation`, `data:`
 * the change as JSON), each only when the caller may read the item. A comment every 15 s keeps proxies from closing
 * the stream and re-checks that the caller's session or token still holds; the stream ends when it no longer does,
 * when the client goes, or when the server stops (so it never holds a shutdown up).
 */
import type { ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { LiveEvent, LiveSubscription } from '../../services/live-events.js';
import { CORRELATION_HEADER } from '../activity-hook.js';
import type { AppContext } from '../app-context.js';
import { may } from '../authorization.js';
import { sessionCookieValue } from '../session-cookie.js';

const KEEP_ALIVE_MS = 15_000;
/** A client that reads nothing for this long is dropped (its unread events would otherwise pile up). */
const DRAIN_TIMEOUT_MS = 30_000;
/** Streams one principal may hold at once (a browser tab each); more are refused, not queued. */
const MAX_STREAMS_PER_PRINCIPAL = 5;

/** What reading each kind of item needs (checked at the item's id). */
const READ_ACTION: Readonly<Record<LiveEvent['kind'], string>> = {
  run: 'Microsoft.Logic/workflows/runs/read',
  remediation: 'Microsoft.PolicyInsights/remediations/read',
};

/** Whether the credentials the stream was opened with still sign the caller in (sign-out, deletion, expiry end it). */
async function stillSignedIn(request: FastifyRequest, context: AppContext): Promise<boolean> {
  const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
  if (token !== undefined) return (await context.auth.checkToken(token)).kind === 'valid';
  const cookie = sessionCookieValue(request.headers.cookie);
  return cookie !== undefined && (await context.auth.sessions.find(cookie)) !== undefined;
}

/**
 * Resolves once the response can take more, or has closed (a `drain` never comes to a closed response); a client
 * that does not read within the timeout is disconnected.
 */
function writable(response: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => response.destroy(), DRAIN_TIMEOUT_MS);
    const done = () => {
      clearTimeout(timer);
      response.off('drain', done);
      response.off('close', done);
      resolve();
    };
    response.once('drain', done);
    response.once('close', done);
  });
}

export function liveRoutes(app: FastifyInstance, context: AppContext): void {
  const open = new Map<LiveSubscription, { readonly principalId: string; readonly response: ServerResponse }>();
  // Before the server stops taking connections: an open stream (even one whose client stopped reading) would
  // otherwise keep `close()` waiting.
  app.addHook('preClose', async () => {
    for (const [subscription, { response }] of open) {
      subscription.close();
      response.destroy();
    }
  });

  app.get('/api/live', { schema: { tags: ['Live updates'] }, config: { permission: 'authenticated' } }, async (request, reply) => {
    const principalId = request.principal?.id;
    if (principalId === undefined) return reply.status(401).send();
    const held = [...open.values()].filter((stream) => stream.principalId === principalId).length;
    if (held >= MAX_STREAMS_PER_PRINCIPAL) {
      return reply.status(429).send({ error: { code: 'TooManyLiveStreams', message: `At most ${MAX_STREAMS_PER_PRINCIPAL} live update streams per principal; close one first.` } });
    }
    const subscription = context.live.subscribe();
    reply.hijack();
    const response = reply.raw;
    open.set(subscription, { principalId, response });
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      // The socket goes with the stream, so a stream ended at shutdown leaves no idle connection to wait for.
      connection: 'close',
      'x-accel-buffering': 'no',
      'x-content-type-options': 'nosniff',
      [CORRELATION_HEADER]: request.correlationId,
    });
    response.write('retry: 3000\n: connected\n\n');
    const end = () => subscription.close();
    response.once('close', end);
    const keepAlive = setInterval(() => {
      response.write(': keep-alive\n\n');
      stillSignedIn(request, context).then(
        (signedIn) => signedIn || end(),
        () => end(),
      );
    }, KEEP_ALIVE_MS);
    try {
      for await (const event of subscription) {
        // Fresh (briefly cached) access for each item, so a role taken away applies to an open stream too.
        request.access = await context.access.accessFor(principalId);
        if (!may(request, READ_ACTION[event.kind], event.data.id)) continue;
        if (!response.write(`event: ${event.kind}\ndata: ${JSON.stringify(event.data)}\n\n`)) await writable(response);
      }
    } catch (error) {
      request.log.warn({ err: error }, 'live update stream failed');
    } finally {
      clearInterval(keepAlive);
      open.delete(subscription);
      subscription.close();
      response.end();
    }
  });
}
