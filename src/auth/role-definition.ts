/** A role: what it permits (`actions` minus `notActions`) and where it may be assigned. */
import { actionMatches } from './action-pattern.js';

export interface Permission {
  readonly actions: readonly string[];
  readonly notActions: readonly string[];
}

export interface RoleDefinition {
  /** `/providers/Microsoft.Authorization/roleDefinitions/<guid>` */
  readonly id: string;
  readonly name: string;
  readonly roleName: string;
  readonly description: string;
  readonly roleType: 'BuiltInRole' | 'CustomRole';
  readonly permissions: readonly Permission[];
  readonly assignableScopes: readonly string[];
}

export const roleDefinitionId = (guid: string) => `/providers/Microsoft.Authorization/roleDefinitions/${guid}`;

export function rolePermits(role: RoleDefinition, action: string): boolean {
  return role.permissions.some(
    (permission) =>
      permission.actions.some((pattern) => actionMatches(pattern, action)) && !permission.notActions.some((pattern) => actionMatches(pattern, action)),
  );
}
