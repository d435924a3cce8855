import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { automationId } from '../../automations/index.js';
import { ApiError } from '../api-error.js';
import type { AppContext } from '../app-context.js';
import { page, pageRequest } from '../paging.js';

const Params = Type.Object({ sub: Type.String(), rg: Type.String(), name: Type.String() });
type ParamsType = { sub: string; rg: string; name: string };
const base = '/api/subscriptions/:sub/resourceGroups/:rg/providers/Microsoft.Security/automations';
// The body is validated by the automations module (which reports unknown properties); the schema documents it.
const documented = { tags: ['Automations'], params: Params };

export function automationRoutes(app: FastifyInstance, context: AppContext): void {
  const { automations, config } = context;

  app.put<{ Params: ParamsType }>(`${base}/:name`, { schema: documented }, async (request, reply) => {
    const { sub, rg, name } = request.params;
    const { created, resource } = await automations.put(sub, rg, name, request.body);
    return reply.status(created ? 201 : 200).send(resource);
  });

  app.get<{ Params: ParamsType }>(`${base}/:name`, { schema: documented }, async (request) =>
    automations.get(automationId(request.params.sub, request.params.rg, request.params.name)),
  );

  app.delete<{ Params: ParamsType }>(`${base}/:name`, { schema: documented }, async (request, reply) => {
    const deleted = await automations.delete(automationId(request.params.sub, request.params.rg, request.params.name));
    return reply.status(deleted ? 200 : 204).send();
  });

  app.post<{ Params: ParamsType }>(`${base}/:name/validate`, { schema: documented }, async (request) => {
    try {
      await automations.check(request.params.sub, request.params.name, request.body);
      return { isValid: true, message: 'Validation Successful' };
    } catch (error) {
      if (error instanceof ApiError && error.statusCode === 400) return { isValid: false, message: error.message };
      throw error;
    }
  });

  app.get<{ Params: { sub: string; rg: string }; Querystring: Record<string, string> }>(base, { schema: { tags: ['Automations'] } }, async (request) => {
    const { top, after } = pageRequest(request.query);
    const items = await automations.list({ subscription: request.params.sub, resourceGroup: request.params.rg }, top, after);
    return page(request, config.publicUrl, items, top, (item) => item.id.toLowerCase());
  });

  app.get<{ Params: { sub: string }; Querystring: Record<string, string> }>(
    '/api/subscriptions/:sub/providers/Microsoft.Security/automations',
    { schema: { tags: ['Automations'] } },
    async (request) => {
      const { top, after } = pageRequest(request.query);
      const items = await automations.list({ subscription: request.params.sub }, top, after);
      return page(request, config.publicUrl, items, top, (item) => item.id.toLowerCase());
    },
  );
}
