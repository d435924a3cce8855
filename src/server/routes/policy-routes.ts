/**
 * Policy definitions (the three built-ins, readable by anyone signed in) and policy assignments at a management
 * group or a subscription. Assigning needs `policyAssignments/write` at the scope and the right to start the
 * workflow the assignment's automations will start, as creating such an automation directly would.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { findPolicyDefinition, policyDefinitions } from '../../policy/index.js';
import { assignmentId } from '../../services/policy-scope.js';
import { checkWorkflowTrigger } from '../../services/policy-deployer.js';
import { ApiError, badRequest } from '../api-error.js';
import type { AppContext } from '../app-context.js';
import { demand } from '../authorization.js';
import { at, listing, readableOnly } from '../permissions.js';
import { parseFilter, onlyTerms } from '../../services/odata-filter.js';
import { existingScope, policyContainers, policyResourceName } from './policy-containers.js';

const tags = ['Policy'];
const DEFINITIONS = '/api/providers/Microsoft.Authorization/policyDefinitions';
const ASSIGNMENTS = '/providers/Microsoft.Authorization/policyAssignments';
const READ = 'Microsoft.Authorization/policyAssignments/read';
const WRITE = 'Microsoft.Authorization/policyAssignments/write';
const DELETE = 'Microsoft.Authorization/policyAssignments/delete';
const RUN = 'Microsoft.Logic/workflows/triggers/run/action';
const GRANT = 'Microsoft.Authorization/roleAssignments/write';

type Params = Readonly<Record<string, string>>;

/** `atScope()` (at or above) and `atExactScope()`; none lists those above and below too. */
function listOptions(request: FastifyRequest): { atScope?: boolean; exact?: boolean } {
  const filter = (request.query as Record<string, unknown>)['$filter'];
  if (filter === undefined) return {};
  if (typeof filter !== 'string') throw badRequest('InvalidFilter', '$filter must be given once.', '$filter');
  const terms = parseFilter(filter);
  onlyTerms(terms, [], ['atScope', 'atExactScope']);
  const names = terms.map((term) => (term.kind === 'call' ? term.name.toLowerCase() : ''));
  return { atScope: names.includes('atscope'), exact: names.includes('atexactscope') };
}

export function policyRoutes(app: FastifyInstance, context: AppContext): void {
  const { policyAssignments, workflows } = context;

  app.get(DEFINITIONS, { schema: { tags }, config: { permission: 'authenticated' } }, async () => ({ value: policyDefinitions }));

  app.get<{ Params: { id: string } }>(`${DEFINITIONS}/:id`, { schema: { tags }, config: { permission: 'authenticated' } }, async (request) => {
    const definition = findPolicyDefinition(request.params.id);
    if (definition === undefined) throw new ApiError(404, 'PolicyDefinitionNotFound', `The policy definition '${request.params.id}' does not exist.`);
    return definition;
  });

  for (const container of policyContainers) {
    const base = `${container.prefix}${ASSIGNMENTS}`;
    const assignmentScope = (p: Params) => assignmentId(container.scope(p), p['name'] ?? '');

    app.put(
      `${base}/:name`,
      {
        schema: { tags },
        config: {
          permission: {
            ...at(WRITE, assignmentScope),
            // As in Azure, the assignment's managed identity is Contributor at the scope: only someone who may grant
            // access there may assign, or a policy author could mint themselves a Contributor deployer.
            also: [(request) => ({ action: GRANT, scope: container.scope(request.params as Params) })],
            alsoText: `and \`${GRANT}\` at the scope (its identity is Contributor there), and \`${RUN}\` on the workflow named by the \`logicAppResourceId\` parameter`,
          },
        },
      },
      async (request, reply) => {
        const name = policyResourceName(request, 'assignment');
        const scope = await existingScope(context, container, request);
        const input = policyAssignments.parse(scope, request.body);
        const workflowId = String(input.parameters.values['logicAppResourceId']);
        demand(request, RUN, workflowId);
        // Told only to a caller allowed to start it: whether the workflow exists and can take these events.
        const workflow = await workflows.currentOrUndefined(workflowId);
        const target = 'properties.parameters.logicAppResourceId';
        if (workflow === undefined) throw badRequest('LogicAppNotFound', `The workflow '${workflowId}' does not exist.`, target);
        const problem = checkWorkflowTrigger(input.definition, input.parameters.values, workflow);
        if (problem !== undefined) throw badRequest('InvalidLogicAppTrigger', problem, 'properties.parameters.logicAppTrigger');
        const { created, resource } = await policyAssignments.put(scope, name, input, request.principal?.id ?? null);
        return reply.status(created ? 201 : 200).send(resource);
      },
    );

    app.get(`${base}/:name`, { schema: { tags }, config: { permission: at(READ, assignmentScope) } }, async (request) =>
      policyAssignments.get(assignmentId(container.scope(request.params as Params), policyResourceName(request, 'assignment'))),
    );

    app.delete(`${base}/:name`, { schema: { tags }, config: { permission: at(DELETE, assignmentScope) } }, async (request, reply) => {
      const deleted = await policyAssignments.delete(assignmentId(container.scope(request.params as Params), policyResourceName(request, 'assignment')));
      return deleted === undefined ? reply.status(204).send() : deleted;
    });

    app.get(base, { schema: { tags }, config: { permission: listing(READ, container.scope) } }, async (request) => {
      const options = listOptions(request);
      const value = await policyAssignments.list(container.scope(request.params as Params), options);
      return readableOnly(request, READ, { value });
    });
  }
}
