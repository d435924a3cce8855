import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';
import { page, pageRequest } from '../paging.js';
import { at, runScope, workflowScope } from '../permissions.js';
import { workflowId } from '../../services/workflow-service.js';

const RunParams = Type.Object({ sub: Type.String(), rg: Type.String(), name: Type.String(), run: Type.String() });
const WorkflowParams = Type.Object({ sub: Type.String(), rg: Type.String(), name: Type.String() });
type RunParamsType = { sub: string; rg: string; name: string; run: string };

const base = '/api/subscriptions/:sub/resourceGroups/:rg/providers/Microsoft.Logic/workflows/:name';
const READ = 'Microsoft.Logic/workflows/runs/read';

export function runRoutes(app: FastifyInstance, context: AppContext): void {
  const { runs, dispatcher, config } = context;
  const idOf = (p: { sub: string; rg: string; name: string }) => workflowId(p.sub, p.rg, p.name);

  app.get<{ Params: { sub: string; rg: string; name: string }; Querystring: Record<string, string> }>(
    `${base}/runs`,
    { schema: { tags: ['Runs'], params: WorkflowParams }, config: { permission: at(READ, workflowScope) } },
    async (request) => {
      const { top, after } = pageRequest(request.query);
      const items = await runs.list(idOf(request.params), top, after);
      return page(request, config.publicUrl, items, top, (item) => item.name);
    },
  );

  app.get<{ Params: RunParamsType }>(`${base}/runs/:run`, { schema: { tags: ['Runs'], params: RunParams }, config: { permission: at(READ, runScope) } }, async (request) =>
    runs.get(idOf(request.params), request.params.run),
  );

  app.get<{ Params: RunParamsType }>(`${base}/runs/:run/actions`, { schema: { tags: ['Runs'], params: RunParams }, config: { permission: at(READ, runScope) } }, async (request) => ({
    value: await runs.actions(idOf(request.params), request.params.run),
  }));

  app.post<{ Params: RunParamsType }>(`${base}/runs/:run/cancel`, { schema: { tags: ['Runs'], params: RunParams }, config: { permission: at('Microsoft.Logic/workflows/runs/cancel/action', runScope) } }, async (request, reply) => {
    await runs.cancel(idOf(request.params), request.params.run);
    dispatcher.cancel(request.params.run);
    return reply.status(200).send();
  });

  app.post<{ Params: RunParamsType }>(`${base}/runs/:run/resubmit`, { schema: { tags: ['Runs'], params: RunParams }, config: { permission: at('Microsoft.Logic/workflows/runs/resubmit/action', runScope) } }, async (request, reply) => {
    const runId = await runs.resubmit(idOf(request.params), request.params.run);
    dispatcher.wake();
    return reply.status(202).send({ runId, workflowId: idOf(request.params) });
  });
}
