import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { eventSourceReadActions } from '../../auth/event-actions.js';
import { type AutomationBody, automationId } from '../../automations/index.js';
import { ApiError } from '../api-error.js';
import type { AppContext } from '../app-context.js';
import { demand } from '../authorization.js';
import { page, pageRequest } from '../paging.js';
import { at, groupScope, listing, readableOnly, resourceScope, subscriptionScope } from '../permissions.js';

const Params = Type.Object({ sub: Type.String(), rg: Type.String(), name: Type.String() });
type ParamsType = { sub: string; rg: string; name: string };
const base = '/api/subscriptions/:sub/resourceGroups/:rg/providers/Microsoft.Security/automations';
// The body is validated by the automations module (which reports unknown properties); the schema documents it.
const documented = { tags: ['Automations'], params: Params };
const READ = 'Microsoft.Security/automations/read';
const WRITE = 'Microsoft.Security/automations/write';
const automationScope = resourceScope('Microsoft.Security/automations');
const RUN = 'Microsoft.Logic/workflows/triggers/run/action';
const TARGETS_TEXT = `and \`${RUN}\` on each workflow it starts, and each event source's read action (\`Microsoft.Security/alerts/read\`, …) at each of its scopes (its subscription when it has none)`;

/**
 * An automation hands its events to the workflows it starts, so its author must be allowed to start each of them
 * and to read every event it can deliver: each source's read action at each scope it covers (its scopes, or with
 * none the automation's subscription). Checked after the body parses and before the workflows are looked up.
 */
function authorizeTargets(request: FastifyRequest, subscription: string): (value: AutomationBody) => void {
  return (value) => {
    for (const action of value.actions) {
      if (action.actionType === 'LogicApp') demand(request, RUN, action.logicAppResourceId);
    }
    const scopes = value.scopes.length > 0 ? value.scopes.map((scope) => scope.scopePath) : [`/subscriptions/${subscription}`];
    for (const source of value.sources) {
      for (const read of eventSourceReadActions(source.eventSource)) {
        for (const scope of scopes) demand(request, read, scope);
      }
    }
  };
}

export function automationRoutes(app: FastifyInstance, context: AppContext): void {
  const { automations, config } = context;

  app.put<{ Params: ParamsType }>(`${base}/:name`, { schema: documented, config: { permission: { ...at(WRITE, automationScope), alsoText: TARGETS_TEXT } } }, async (request, reply) => {
    const { sub, rg, name } = request.params;
    const { created, resource } = await automations.put(sub, rg, name, request.body, authorizeTargets(request, sub));
    return reply.status(created ? 201 : 200).send(resource);
  });

  app.get<{ Params: ParamsType }>(`${base}/:name`, { schema: documented, config: { permission: at(READ, automationScope) } }, async (request) =>
    automations.get(automationId(request.params.sub, request.params.rg, request.params.name)),
  );

  app.delete<{ Params: ParamsType }>(`${base}/:name`, { schema: documented, config: { permission: at('Microsoft.Security/automations/delete', automationScope) } }, async (request, reply) => {
    const deleted = await automations.delete(automationId(request.params.sub, request.params.rg, request.params.name));
    return reply.status(deleted ? 200 : 204).send();
  });

  app.post<{ Params: ParamsType }>(
    `${base}/:name/validate`,
    { schema: documented, config: { permission: { ...at('Microsoft.Security/automations/validate/action', automationScope), alsoText: TARGETS_TEXT } } },
    async (request) => {
      try {
        await automations.check(request.params.sub, request.params.name, request.body, authorizeTargets(request, request.params.sub));
        return { isValid: true, message: 'Validation Successful' };
      } catch (error) {
        // Only invalid input is an answer; a refusal (403) stays one.
        if (error instanceof ApiError && error.statusCode === 400) return { isValid: false, message: error.message };
        throw error;
      }
    },
  );

  app.get<{ Params: { sub: string; rg: string }; Querystring: Record<string, string> }>(base, { schema: { tags: ['Automations'] }, config: { permission: listing(READ, groupScope) } }, async (request) => {
    const { top, after } = pageRequest(request.query);
    const items = await automations.list({ subscription: request.params.sub, resourceGroup: request.params.rg }, top, after);
    return readableOnly(request, READ, page(request, config.publicUrl, items, top, (item) => item.id.toLowerCase()));
  });

  app.get<{ Params: { sub: string }; Querystring: Record<string, string> }>(
    '/api/subscriptions/:sub/providers/Microsoft.Security/automations',
    { schema: { tags: ['Automations'] }, config: { permission: listing(READ, subscriptionScope) } },
    async (request) => {
      const { top, after } = pageRequest(request.query);
      const items = await automations.list({ subscription: request.params.sub }, top, after);
      return readableOnly(request, READ, page(request, config.publicUrl, items, top, (item) => item.id.toLowerCase()));
    },
  );
}
