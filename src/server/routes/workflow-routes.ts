import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';
import { page, pageRequest } from '../paging.js';
import { at, demandConnectionJoins, groupScope, listing, readableOnly, subscriptionScope, workflowScope } from '../permissions.js';
import { workflowId } from '../../services/workflow-service.js';

const WorkflowParams = Type.Object({ sub: Type.String(), rg: Type.String(), name: Type.String() });
const GroupParams = Type.Object({ sub: Type.String(), rg: Type.String() });
const SubParams = Type.Object({ sub: Type.String() });

export const WorkflowBody = Type.Object(
  {
    location: Type.Optional(Type.String()),
    tags: Type.Optional(Type.Record(Type.String(), Type.String())),
    properties: Type.Object({
      state: Type.Optional(Type.String({ description: 'Enabled or Disabled (case-insensitive)' })),
      definition: Type.Object({}, { additionalProperties: true, description: 'A Workflow Definition Language definition' }),
      parameters: Type.Optional(
        Type.Record(
          Type.String(),
          Type.Object({ value: Type.Optional(Type.Unknown()) }, { description: '{"value": …}; a secure parameter sent back as GET shows it ({}) keeps its stored value' }),
        ),
      ),
    }),
  },
  { additionalProperties: true },
);

const base = '/api/subscriptions/:sub/resourceGroups/:rg/providers/Microsoft.Logic/workflows';
const READ = 'Microsoft.Logic/workflows/read';
const WRITE = 'Microsoft.Logic/workflows/write';
const DELETE = 'Microsoft.Logic/workflows/delete';
const VALIDATE = 'Microsoft.Logic/workflows/validate/action';
export function workflowRoutes(app: FastifyInstance, context: AppContext): void {
  const { workflows, config } = context;

  app.put<{ Params: { sub: string; rg: string; name: string } }>(
    `${base}/:name`,
    { schema: { tags: ['Workflows'], params: WorkflowParams, body: WorkflowBody }, config: { permission: { ...at(WRITE, workflowScope), alsoText: 'and `Microsoft.Web/connections/join/action` on each connection it can use (`$connections`, literal connection names)' } } },
    async (request, reply) => {
      const { sub, rg, name } = request.params;
      const id = workflowId(sub, rg, name);
      // Stored secure values sent back masked are filled in first, so the join check sees what will be stored.
      const body = await workflows.withStoredSecrets(id, request.body);
      await demandConnectionJoins(request, context.connections, id, body);
      const { created, resource } = await workflows.put(sub, rg, name, body);
      return reply.status(created ? 201 : 200).send(resource);
    },
  );

  for (const [verb, state] of [['enable', 'Enabled'], ['disable', 'Disabled']] as const) {
    app.post<{ Params: { sub: string; rg: string; name: string } }>(
      `${base}/:name/${verb}`,
      { schema: { tags: ['Workflows'], params: WorkflowParams }, config: { permission: at(`Microsoft.Logic/workflows/${verb}/action`, workflowScope) } },
      async (request) => workflows.setState(workflowId(request.params.sub, request.params.rg, request.params.name), state),
    );
  }

  // Checks a definition as PUT would, storing nothing: the editor's live validation.
  app.post<{ Params: { sub: string; rg: string; name: string } }>(
    `${base}/:name/validate`,
    { schema: { tags: ['Workflows'], params: WorkflowParams, body: WorkflowBody }, config: { permission: at(VALIDATE, workflowScope) } },
    async (request) => {
      workflows.validate(request.params.name, request.body);
      return {};
    },
  );

  app.get<{ Params: { sub: string; rg: string; name: string } }>(`${base}/:name`, { schema: { tags: ['Workflows'], params: WorkflowParams }, config: { permission: at(READ, workflowScope) } }, async (request) => {
    const { sub, rg, name } = request.params;
    return workflows.getResource(workflowId(sub, rg, name));
  });

  app.delete<{ Params: { sub: string; rg: string; name: string } }>(`${base}/:name`, { schema: { tags: ['Workflows'], params: WorkflowParams }, config: { permission: at(DELETE, workflowScope) } }, async (request, reply) => {
    const { sub, rg, name } = request.params;
    const { deleted, executingRuns } = await workflows.delete(workflowId(sub, rg, name));
    // Wherever they execute, the deleted workflow's runs stop now instead of going on with its actions.
    for (const runId of executingRuns) context.dispatcher.cancel(runId);
    return reply.status(deleted ? 200 : 204).send();
  });

  app.get<{ Params: { sub: string; rg: string }; Querystring: Record<string, string> }>(base, { schema: { tags: ['Workflows'], params: GroupParams }, config: { permission: listing(READ, groupScope) } }, async (request) => {
    const { top, after } = pageRequest(request.query);
    const items = await workflows.list({ subscription: request.params.sub, resourceGroup: request.params.rg }, top, after);
    return readableOnly(request, READ, page(request, config.publicUrl, items, top, (item) => item.id.toLowerCase()));
  });

  app.get<{ Params: { sub: string }; Querystring: Record<string, string> }>(
    '/api/subscriptions/:sub/providers/Microsoft.Logic/workflows',
    { schema: { tags: ['Workflows'], params: SubParams }, config: { permission: listing(READ, subscriptionScope) } },
    async (request) => {
      const { top, after } = pageRequest(request.query);
      const items = await workflows.list({ subscription: request.params.sub }, top, after);
      return readableOnly(request, READ, page(request, config.publicUrl, items, top, (item) => item.id.toLowerCase()));
    },
  );
}
