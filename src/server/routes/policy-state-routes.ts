/**
 * Policy Insights: the latest compliance state of each subscription under each assignment
 * (`policyStates/latest/queryResults`), its summary (`summarize`), and evaluation on demand (`triggerEvaluation`),
 * at a management group, a subscription, or one assignment. Query and summary answer GET and POST (ARM uses POST).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { PolicyStateRecord, StateFilter } from '../../services/compliance-service.js';
import { equalsTerm, onlyTerms, parseFilter } from '../../services/odata-filter.js';
import { assignmentId } from '../../services/policy-scope.js';
import { ApiError, badRequest } from '../api-error.js';
import type { AppContext } from '../app-context.js';
import { page, pageRequest } from '../paging.js';
import { at } from '../permissions.js';
import { existingScope, policyContainers } from './policy-containers.js';

const tags = ['Policy'];
const STATES = '/providers/Microsoft.PolicyInsights/policyStates/latest';
const QUERY = 'Microsoft.PolicyInsights/policyStates/queryResults/read';
const SUMMARIZE = 'Microsoft.PolicyInsights/policyStates/summarize/read';
const EVALUATE = 'Microsoft.PolicyInsights/policyStates/triggerEvaluation/action';
const FILTER_FIELDS = ['complianceState', 'policyAssignmentId', 'policyDefinitionId', 'subscriptionId'];
/** Policy Insights answers up to 1,000 records a page unless `$top` says fewer. */
const DEFAULT_TOP = '1000';

type Params = Readonly<Record<string, string>>;
type Query = Readonly<Record<string, unknown>>;

function stateFilter(request: FastifyRequest): StateFilter {
  const text = (request.query as Query)['$filter'];
  if (text === undefined) return {};
  if (typeof text !== 'string') throw badRequest('InvalidFilter', '$filter must be given once.', '$filter');
  const terms = parseFilter(text);
  onlyTerms(terms, FILTER_FIELDS, []);
  const filter: Record<string, string> = {};
  for (const field of FILTER_FIELDS) {
    const value = equalsTerm(terms, field);
    if (value !== undefined) filter[field] = value;
  }
  return filter;
}

const resultCounts = (records: readonly PolicyStateRecord[]) => {
  const nonCompliant = records.filter((record) => !record.isCompliant);
  return {
    nonCompliantResources: new Set(nonCompliant.map((record) => record.resourceId.toLowerCase())).size,
    nonCompliantPolicies: new Set(nonCompliant.map((record) => record.policyAssignmentId.toLowerCase())).size,
    resourceDetails: [
      { complianceState: 'compliant', count: records.length - nonCompliant.length },
      { complianceState: 'noncompliant', count: nonCompliant.length },
    ],
  };
};

/** The Policy Insights summary: totals, then per assignment and its one definition. */
function summary(records: readonly PolicyStateRecord[], queryResultsUri: string) {
  const byAssignment = new Map<string, PolicyStateRecord[]>();
  for (const record of records) {
    const list = byAssignment.get(record.policyAssignmentId) ?? [];
    list.push(record);
    byAssignment.set(record.policyAssignmentId, list);
  }
  return {
    '@odata.count': 1,
    value: [
      {
        results: { queryResultsUri, ...resultCounts(records) },
        policyAssignments: [...byAssignment].map(([policyAssignmentId, list]) => ({
          policyAssignmentId,
          policySetDefinitionId: '',
          results: resultCounts(list),
          policyDefinitions: [{ policyDefinitionReferenceId: '', policyDefinitionId: list[0]?.policyDefinitionId, effect: 'deployifnotexists', results: resultCounts(list) }],
        })),
      },
    ],
  };
}

export function policyStateRoutes(app: FastifyInstance, context: AppContext): void {
  const { compliance, policyAssignments, config } = context;

  for (const container of policyContainers) {
    const scopes = [
      { prefix: container.prefix, scope: container.scope, assignment: false },
      { prefix: `${container.prefix}/providers/Microsoft.Authorization/policyAssignments/:name`, scope: (p: Params) => assignmentId(container.scope(p), p['name'] ?? ''), assignment: true },
    ];
    for (const { prefix, scope, assignment } of scopes) {
      /** The records at the scope; for an assignment's routes, its own (404 when there is no such assignment). */
      const records = async (request: FastifyRequest) => {
        await existingScope(context, container, request);
        const params = request.params as Params;
        if (!assignment) return compliance.states(container.scope(params), stateFilter(request));
        const id = scope(params);
        const stored = await policyAssignments.stored(id);
        if (stored === undefined) throw new ApiError(404, 'PolicyAssignmentNotFound', `The policy assignment '${id}' was not found.`);
        return compliance.states(container.scope(params), stateFilter(request), stored.key);
      };

      const queryResults = async (request: FastifyRequest) => {
        const query = request.query as Query;
        const { top, after } = pageRequest({ ...query, $top: query['$top'] ?? DEFAULT_TOP });
        const keyOf = (record: PolicyStateRecord) => `${record.subscriptionId.toLowerCase()}\n${record.policyAssignmentId.toLowerCase()}`;
        const all = await records(request);
        const rest = after === undefined ? all : all.filter((record) => keyOf(record) > after);
        const { value, nextLink } = page(request, config.publicUrl, rest.slice(0, top), top, keyOf);
        return { '@odata.context': `${config.publicUrl}/api/$metadata#latest`, '@odata.count': value.length, value, ...(nextLink === undefined ? {} : { '@odata.nextLink': nextLink }) };
      };
      const summarize = async (request: FastifyRequest) => summary(await records(request), `${config.publicUrl}${request.url.replace(/\/summarize(\?|$)/, '/queryResults$1')}`);

      for (const method of ['GET', 'POST'] as const) {
        app.route({ method, url: `${prefix}${STATES}/queryResults`, schema: { tags }, config: { permission: at(QUERY, scope) }, handler: queryResults });
        app.route({ method, url: `${prefix}${STATES}/summarize`, schema: { tags }, config: { permission: at(SUMMARIZE, scope) }, handler: summarize });
      }
    }

    app.post(`${container.prefix}${STATES}/triggerEvaluation`, { schema: { tags }, config: { permission: at(EVALUATE, container.scope) } }, async (request) => {
      await existingScope(context, container, request);
      const result = await compliance.evaluateScope(container.scope(request.params as Params));
      return { status: 'Succeeded', ...result };
    });
  }
}
