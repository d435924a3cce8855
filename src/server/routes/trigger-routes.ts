import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../api-error.js';
import type { AppContext } from '../app-context.js';
import { at, workflowScope } from '../permissions.js';
import { workflowId } from '../../services/workflow-service.js';
import { isCredentialHeader } from '../../workflows/actions/http-message.js';

const TriggerParams = Type.Object({ sub: Type.String(), rg: Type.String(), name: Type.String(), trigger: Type.String() });
/** How long a caller waits for a workflow's Response action before getting 202 with the run id. */
const RESPONSE_WAIT_MS = 120_000;

export function triggerRoutes(app: FastifyInstance, context: AppContext): void {
  const { workflows, runs, dispatcher } = context;

  app.post<{ Params: { sub: string; rg: string; name: string; trigger: string } }>(
    '/api/subscriptions/:sub/resourceGroups/:rg/providers/Microsoft.Logic/workflows/:name/triggers/:trigger/run',
    {
      schema: { tags: ['Runs'], params: TriggerParams },
      config: { permission: at('Microsoft.Logic/workflows/triggers/run/action', (p) => `${workflowScope(p)}/triggers/${p['trigger']}`) },
    },
    async (request, reply) => {
      const { sub, rg, name, trigger } = request.params;
      const workflow = await workflows.current(workflowId(sub, rg, name));
      const declared = workflow.workflow.trigger;
      if (declared.name.toLowerCase() !== trigger.toLowerCase()) {
        throw new ApiError(404, 'TriggerNotFound', `The workflow '${workflow.name}' has no trigger '${trigger}' (its trigger is '${declared.name}').`);
      }
      if (declared.type !== 'Request') {
        throw new ApiError(400, 'TriggerNotRequest', `The trigger '${declared.name}' is of type '${declared.type}'; only Request triggers can be run with a request body.`);
      }
      if (workflow.state !== 'Enabled') throw new ApiError(409, 'WorkflowDisabled', `The workflow '${workflow.name}' is disabled.`);
      // Run history is readable by anyone with runs/read: the caller's credentials must never land in it.
      const headers: Record<string, string> = {};
      for (const [key, value] of Object.entries(request.headers)) {
        if (!isCredentialHeader(key) && typeof value === 'string') headers[key] = value;
      }
      const runId = await runs.queue(context.db, {
        workflowKey: workflow.key,
        workflowVersion: workflow.version,
        triggerName: declared.name,
        triggerOutputsJson: JSON.stringify({ headers, body: request.body ?? null }),
      });
      dispatcher.wake();
      const hasResponse = [...workflow.workflow.actionsByName.values()].some((action) => action.type === 'Response');
      if (hasResponse && runId !== undefined) {
        const response = await runs.waitForResponse(runId, RESPONSE_WAIT_MS);
        if (response !== undefined) {
          const responseHeaders = (response.headers ?? {}) as Record<string, string>;
          return reply.status(response.statusCode).headers({ ...responseHeaders, 'x-ms-workflow-run-id': runId }).send(response.body);
        }
      }
      return reply.status(202).header('x-ms-workflow-run-id', runId).send({ runId, workflowId: workflow.id });
    },
  );
}
