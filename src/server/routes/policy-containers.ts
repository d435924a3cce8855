/** Where policy resources live in the API: under a management group or a subscription. */
import type { FastifyRequest } from 'fastify';
import { managementGroupScope } from '../../auth/scope.js';
import { type PolicyScope, isValidPolicyResourceName } from '../../services/policy-scope.js';
import { ApiError, badRequest } from '../api-error.js';
import type { AppContext } from '../app-context.js';

type Params = Readonly<Record<string, string>>;

export interface PolicyContainer {
  /** The route prefix, `/api` included. */
  readonly prefix: string;
  readonly scope: (params: Params) => string;
  readonly policyScope: (params: Params) => PolicyScope;
}

export const policyContainers: readonly PolicyContainer[] = [
  {
    prefix: '/api/providers/Microsoft.Management/managementGroups/:mg',
    scope: (p) => managementGroupScope(p['mg'] ?? ''),
    policyScope: (p) => ({ kind: 'managementGroup', name: p['mg'] ?? '' }),
  },
  {
    prefix: '/api/subscriptions/:sub',
    scope: (p) => `/subscriptions/${p['sub']}`,
    policyScope: (p) => ({ kind: 'subscription', subscriptionId: p['sub'] ?? '' }),
  },
];

/** A management group must exist to hold anything; a subscription comes into being when first referenced. */
export async function existingScope(context: AppContext, container: PolicyContainer, request: FastifyRequest): Promise<PolicyScope> {
  const scope = container.policyScope(request.params as Params);
  if (scope.kind === 'managementGroup') {
    const found = await context.db.selectFrom('management_groups').select('name').where('name_key', '=', scope.name.toLowerCase()).executeTakeFirst();
    if (found === undefined) throw new ApiError(404, 'ManagementGroupNotFound', `The management group '${scope.name}' does not exist.`);
    return { kind: 'managementGroup', name: found.name };
  }
  return scope;
}

/** The `:name` of an assignment or a remediation, checked (400 naming `name`). */
export function policyResourceName(request: FastifyRequest, what: 'assignment' | 'remediation'): string {
  const name = (request.params as Params)['name'] ?? '';
  if (!isValidPolicyResourceName(name)) {
    const code = what === 'assignment' ? 'InvalidPolicyAssignmentName' : 'InvalidRemediationName';
    // Invisible characters are shown percent-encoded, so the message says what was wrong.
    const shown = /[\p{Cc}\p{Cf}]/u.test(name) ? encodeURIComponent(name) : name;
    throw badRequest(code, `The ${what} name '${shown}' must be 1-128 characters without <>*%&:\\?+/#|", control or formatting characters, and must not end with '.'.`, 'name');
  }
  return name;
}
