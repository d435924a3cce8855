/**
 * Remediation tasks at a management group or a subscription: create (or run again), read, list, cancel, list
 * their deployments, delete a finished one. Creating one needs `remediations/write` at its scope and read on the
 * assignment it remediates; its deployments run as the assignment's identity, not as the caller.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { remediationId } from '../../services/policy-scope.js';
import type { AppContext } from '../app-context.js';
import { demand } from '../authorization.js';
import { at, listing, readableOnly } from '../permissions.js';
import { existingScope, policyContainers, policyResourceName } from './policy-containers.js';

const tags = ['Policy'];
const REMEDIATIONS = '/providers/Microsoft.PolicyInsights/remediations';
const READ = 'Microsoft.PolicyInsights/remediations/read';
const ASSIGNMENT_READ = 'Microsoft.Authorization/policyAssignments/read';

type Params = Readonly<Record<string, string>>;

export function remediationRoutes(app: FastifyInstance, context: AppContext): void {
  const { remediations } = context;

  for (const container of policyContainers) {
    const base = `${container.prefix}${REMEDIATIONS}`;
    const own = (p: Params) => remediationId(container.scope(p), p['name'] ?? '');
    const idOf = (request: FastifyRequest) => remediationId(container.scope(request.params as Params), policyResourceName(request, 'remediation'));

    app.put(
      `${base}/:name`,
      { schema: { tags }, config: { permission: { ...at('Microsoft.PolicyInsights/remediations/write', own), alsoText: `and \`${ASSIGNMENT_READ}\` on the assignment it remediates` } } },
      async (request, reply) => {
        const name = policyResourceName(request, 'remediation');
        const scope = await existingScope(context, container, request);
        const properties = (request.body as { properties?: { policyAssignmentId?: unknown } } | undefined)?.properties;
        // Checked before the assignment is looked up, so a refused caller learns nothing of it.
        if (typeof properties?.policyAssignmentId === 'string') demand(request, ASSIGNMENT_READ, properties.policyAssignmentId);
        const input = await remediations.parse(scope, request.body);
        const { created, resource } = await remediations.put(scope, name, input, request.principal?.id ?? null);
        return reply.status(created ? 201 : 200).send(resource);
      },
    );

    app.get(`${base}/:name`, { schema: { tags }, config: { permission: at(READ, own) } }, async (request) => remediations.get(idOf(request)));

    app.delete(`${base}/:name`, { schema: { tags }, config: { permission: at('Microsoft.PolicyInsights/remediations/delete', own) } }, async (request, reply) => {
      const deleted = await remediations.delete(idOf(request));
      return deleted === undefined ? reply.status(204).send() : deleted;
    });

    app.post(`${base}/:name/cancel`, { schema: { tags }, config: { permission: at('Microsoft.PolicyInsights/remediations/cancel/action', own) } }, async (request) =>
      remediations.cancel(idOf(request)),
    );

    for (const method of ['GET', 'POST'] as const) {
      app.route({
        method,
        url: `${base}/:name/listDeployments`,
        schema: { tags },
        config: { permission: at('Microsoft.PolicyInsights/remediations/listDeployments/read', own) },
        handler: async (request) => ({ value: await remediations.deployments(idOf(request)) }),
      });
    }

    app.get(base, { schema: { tags }, config: { permission: listing(READ, container.scope) } }, async (request) =>
      readableOnly(request, READ, { value: await remediations.list(container.scope(request.params as Params)) }),
    );
  }
}
