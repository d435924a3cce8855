/** The template gallery: list and read templates, and deploy one as a workflow in a resource group. */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { workflowId } from '../../services/workflow-service.js';
import { DeployRequestError } from '../../templates/deploy-request-error.js';
import { type DeployRequest, buildDeployment } from '../../templates/deploy-template.js';
import { findTemplate, gallery } from '../../templates/gallery.js';
import { templateDetail, templateSummary } from '../../templates/template-resource.js';
import type { WorkflowTemplate } from '../../templates/template.js';
import { badRequest, notFound } from '../api-error.js';
import type { AppContext } from '../app-context.js';
import { demandConnectionJoins, demandNamedConnectionJoins } from '../permissions.js';

const TemplateParams = Type.Object({ id: Type.String() });

/** Shapes only; what the values mean (parameters, connections) is checked against the template when deploying. */
const DeployBody = Type.Object(
  {
    subscriptionId: Type.String({ minLength: 1 }),
    resourceGroup: Type.String({ minLength: 1 }),
    workflowName: Type.Optional(Type.String({ description: "Defaults to the template's name" })),
    location: Type.Optional(Type.String()),
    state: Type.Optional(Type.String({ description: 'Enabled (default) or Disabled' })),
    parameters: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'Template parameter values by name' })),
    connections: Type.Optional(
      Type.Record(Type.String(), Type.String({ minLength: 1 }), {
        description: 'For each connector the template calls: a connection name in the same resource group, or a full connection id',
      }),
    ),
  },
  { additionalProperties: true },
);

/** `/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Logic/workflows/{name}` from a deploy body; `/` when it names none. */
function deployedWorkflowScope(request: FastifyRequest): string {
  const body = (request.body ?? {}) as Partial<Record<'subscriptionId' | 'resourceGroup' | 'workflowName', unknown>>;
  const { subscriptionId, resourceGroup } = body;
  if (typeof subscriptionId !== 'string' || typeof resourceGroup !== 'string') return '/';
  const name = typeof body.workflowName === 'string' ? body.workflowName : findTemplate((request.params as { id: string }).id)?.name;
  const group = `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`;
  return name === undefined ? group : `${group}/providers/Microsoft.Logic/workflows/${name}`;
}

function templateOrNotFound(id: string): WorkflowTemplate {
  const template = findTemplate(id);
  if (template === undefined) throw notFound('template', id);
  return template;
}

export function templateRoutes(app: FastifyInstance, context: AppContext): void {
  app.get('/api/templates', { schema: { tags: ['Templates'] }, config: { permission: 'authenticated' } }, async () => ({ value: gallery.map(templateSummary) }));

  app.get<{ Params: { id: string } }>('/api/templates/:id', { schema: { tags: ['Templates'], params: TemplateParams }, config: { permission: 'authenticated' } }, async (request) =>
    templateDetail(templateOrNotFound(request.params.id)),
  );

  app.post<{ Params: { id: string }; Body: DeployRequest }>(
    '/api/templates/:id/deploy',
    {
      schema: { tags: ['Templates'], params: TemplateParams, body: DeployBody },
      // The workflow the deployment writes; its body is parsed before permissions are checked.
      config: {
        permission: {
          action: 'Microsoft.Logic/workflows/write',
          scope: deployedWorkflowScope,
          scopeText: 'the workflow the body names (`subscriptionId`, `resourceGroup`, `workflowName`)',
          alsoText: 'and `Microsoft.Web/connections/join/action` on each connection it uses',
        },
      },
    },
    async (request, reply) => {
      const template = templateOrNotFound(request.params.id);
      // Before the lookups below, whose problems would tell a caller without `join` what exists there.
      demandNamedConnectionJoins(request, `/subscriptions/${request.body.subscriptionId}/resourceGroups/${request.body.resourceGroup}`, request.body.connections);
      let deployment;
      try {
        deployment = await buildDeployment(template, request.body, context.connections);
      } catch (error) {
        if (!(error instanceof DeployRequestError)) throw error;
        const [first] = error.problems;
        throw badRequest(first.code, first.message, first.target, error.problems.length > 1 ? error.problems : undefined);
      }
      const { subscriptionId, resourceGroup, workflowName, body } = deployment;
      await demandConnectionJoins(request, context.connections, workflowId(subscriptionId, resourceGroup, workflowName), body);
      const { created, resource } = await context.workflows.put(subscriptionId, resourceGroup, workflowName, body);
      return reply.status(created ? 201 : 200).send(resource);
    },
  );
}
