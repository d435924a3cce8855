/**
 * Probes and metrics for operators: liveness, readiness and the Prometheus scrape. Outside `/api`, so no
 * authentication: they reveal no data, and operators keep `/metrics` inside their network (see docs/operations.md).
 * Logged at warn level only, so probes every few seconds do not fill the request log.
 */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';

const probe = { schema: { hide: true }, config: { permission: 'public' as const }, logLevel: 'warn' as const };

/** Needs only the probes' own services, so a worker without the API can serve them too. */
export function operationsRoutes(app: FastifyInstance, context: Pick<AppContext, 'health' | 'metrics'>): void {
  app.get('/healthz', probe, async () => ({ status: 'ok' }));

  app.get('/readyz', probe, async (_request, reply) => {
    const readiness = await context.health.readiness();
    return reply
      .status(readiness.status === 'ready' ? 200 : 503)
      .header('cache-control', 'no-store')
      .send(readiness);
  });

  app.get('/metrics', probe, async (_request, reply) => {
    const text = await context.metrics.render();
    return reply.header('cache-control', 'no-store').type(context.metrics.contentType).send(text);
  });
}
