/** Permission checks that need more than one action. */
import { type Check, useCan } from '../../api/permissions';

export const PRINCIPALS_WRITE = 'Microsoft.Authorization/principals/write';
export const PRINCIPALS_DELETE = 'Microsoft.Authorization/principals/delete';
export const ASSIGNMENTS_WRITE = 'Microsoft.Authorization/roleAssignments/write';

/** Denied if any is denied (with its reason), checking while any is checking, else allowed. */
export function both(...checks: readonly Check[]): Check {
  return checks.find((check) => check.state === 'denied') ?? checks.find((check) => check.state === 'checking') ?? { state: 'allowed' };
}

/**
 * Issuing or revoking another principal's tokens: `principals/write` and `roleAssignments/write` at `/` (a token
 * for another principal is that principal's access). Every principal manages its own.
 */
export function useControlOf(principalId: string | undefined, selfId: string): Check {
  const self = principalId !== undefined && principalId === selfId;
  const write = useCan(PRINCIPALS_WRITE, self ? undefined : '/');
  const grant = useCan(ASSIGNMENTS_WRITE, self ? undefined : '/');
  return self ? { state: 'allowed' } : both(write, grant);
}
