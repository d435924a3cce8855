import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { describeConnector } from '../../connectors/managed-api.js';
import type { AppContext } from '../app-context.js';
import { notFound } from '../api-error.js';

const base = '/api/providers/Microsoft.Web/managedApis';
const tags = ['Connections'];

/** The connector catalogue: every built-in connector, its connection parameters and operations. */
export function managedApiRoutes(app: FastifyInstance, context: AppContext): void {
  const { catalogue } = context;

  app.get(base, { schema: { tags }, config: { permission: 'authenticated' } }, async () => ({ value: catalogue.connectors.map(describeConnector) }));

  app.get<{ Params: { name: string } }>(`${base}/:name`, { schema: { tags, params: Type.Object({ name: Type.String() }) }, config: { permission: 'authenticated' } }, async (request) => {
    const connector = catalogue.get(request.params.name);
    if (connector === undefined) throw notFound('managed API', request.params.name);
    return describeConnector(connector);
  });
}
