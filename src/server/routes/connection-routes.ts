import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { connectionId } from '../../services/connection-service.js';
import type { AppContext } from '../app-context.js';
import { page, pageRequest } from '../paging.js';
import { at, groupScope, listing, readableOnly, resourceScope, subscriptionScope } from '../permissions.js';

const ConnectionParams = Type.Object({ sub: Type.String(), rg: Type.String(), name: Type.String() });
const GroupParams = Type.Object({ sub: Type.String(), rg: Type.String() });
const SubParams = Type.Object({ sub: Type.String() });

export const ConnectionBody = Type.Object(
  {
    location: Type.Optional(Type.String()),
    tags: Type.Optional(Type.Record(Type.String(), Type.String())),
    properties: Type.Object(
      {
        api: Type.Object(
          {
            name: Type.Optional(Type.String({ description: "The managed API: 'office365', 'smtp', 'teams', 'slack', 'service-now', 'jira', 'pagerduty' or 'webhook'" })),
            id: Type.Optional(Type.String({ description: 'Or its id, ending in /managedApis/{name}' })),
          },
          { additionalProperties: true },
        ),
        displayName: Type.Optional(Type.String()),
        parameterValues: Type.Optional(
          Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]), {
            description: 'Values of the connector parameters (see GET /api/providers/Microsoft.Web/managedApis). Secret ones are stored encrypted and never answered; leave one out to keep its stored value, or send null to clear it.',
          }),
        ),
      },
      { additionalProperties: true },
    ),
  },
  { additionalProperties: true },
);

const base = '/api/subscriptions/:sub/resourceGroups/:rg/providers/Microsoft.Web/connections';
const READ = 'Microsoft.Web/connections/read';
const connectionScope = resourceScope('Microsoft.Web/connections');
const tags = ['Connections'];

export function connectionRoutes(app: FastifyInstance, context: AppContext): void {
  const { connections, config } = context;

  app.put<{ Params: { sub: string; rg: string; name: string } }>(
    `${base}/:name`,
    { schema: { tags, params: ConnectionParams, body: ConnectionBody }, config: { permission: at('Microsoft.Web/connections/write', connectionScope) } },
    async (request, reply) => {
      const { sub, rg, name } = request.params;
      const { created, resource } = await connections.put(sub, rg, name, request.body);
      return reply.status(created ? 201 : 200).send(resource);
    },
  );

  app.get<{ Params: { sub: string; rg: string; name: string } }>(`${base}/:name`, { schema: { tags, params: ConnectionParams }, config: { permission: at(READ, connectionScope) } }, async (request) => {
    const { sub, rg, name } = request.params;
    return connections.get(connectionId(sub, rg, name));
  });

  app.delete<{ Params: { sub: string; rg: string; name: string } }>(`${base}/:name`, { schema: { tags, params: ConnectionParams }, config: { permission: at('Microsoft.Web/connections/delete', connectionScope) } }, async (request, reply) => {
    const { sub, rg, name } = request.params;
    const deleted = await connections.delete(connectionId(sub, rg, name));
    return reply.status(deleted ? 200 : 204).send();
  });

  app.post<{ Params: { sub: string; rg: string; name: string } }>(`${base}/:name/test`, { schema: { tags, params: ConnectionParams }, config: { permission: at('Microsoft.Web/connections/test/action', connectionScope) } }, async (request) => {
    const { sub, rg, name } = request.params;
    return connections.test(connectionId(sub, rg, name));
  });

  app.get<{ Params: { sub: string; rg: string }; Querystring: Record<string, string> }>(base, { schema: { tags, params: GroupParams }, config: { permission: listing(READ, groupScope) } }, async (request) => {
    const { top, after } = pageRequest(request.query);
    const items = await connections.list({ subscription: request.params.sub, resourceGroup: request.params.rg }, top, after);
    return readableOnly(request, READ, page(request, config.publicUrl, items, top, (item) => item.id.toLowerCase()));
  });

  app.get<{ Params: { sub: string }; Querystring: Record<string, string> }>(
    '/api/subscriptions/:sub/providers/Microsoft.Web/connections',
    { schema: { tags, params: SubParams }, config: { permission: listing(READ, subscriptionScope) } },
    async (request) => {
      const { top, after } = pageRequest(request.query);
      const items = await connections.list({ subscription: request.params.sub }, top, after);
      return readableOnly(request, READ, page(request, config.publicUrl, items, top, (item) => item.id.toLowerCase()));
    },
  );
}
