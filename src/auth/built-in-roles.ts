/**
 * The built-in roles, with Azure's names, ids and action strings. Deliberate additions, each marked: Logic App
 * Operator may also run triggers and resubmit and cancel runs (what workflow automation's "operate, never edit"
 * needs; Azure's current definition only reads, enables and disables), and Security Admin and Security Reader also
 * read the workflows and runs their automations start, so they can see what an automation did, and Security Admin
 * may run policy evaluations and remediation tasks for the policies it may assign.
 */
import { type RoleDefinition, roleDefinitionId } from './role-definition.js';

function builtIn(guid: string, roleName: string, description: string, actions: readonly string[], notActions: readonly string[] = []): RoleDefinition {
  return {
    id: roleDefinitionId(guid),
    name: guid,
    roleName,
    description,
    roleType: 'BuiltInRole',
    permissions: [{ actions, notActions }],
    assignableScopes: ['/'],
  };
}

export const OWNER_ROLE_ID = roleDefinitionId('8e3af657-a8ff-443c-a75c-2fe8c4bcb635');

export const builtInRoles: readonly RoleDefinition[] = [
  builtIn('8e3af657-a8ff-443c-a75c-2fe8c4bcb635', 'Owner', 'Grants full access to manage all resources, including the ability to assign roles.', ['*']),
  builtIn(
    'b24988ac-6180-42a0-ab88-20f7382dd24c',
    'Contributor',
    'Grants full access to manage all resources, but does not allow you to assign roles.',
    ['*'],
    ['Microsoft.Authorization/*/Delete', 'Microsoft.Authorization/*/Write', 'Microsoft.Authorization/elevateAccess/Action'],
  ),
  builtIn('acdd72a7-3385-48ef-bd42-f606fba81ae7', 'Reader', 'View all resources, but does not allow you to make any changes.', ['*/read']),
  builtIn('fb1c8493-542b-48eb-b624-b4c8fea62acd', 'Security Admin', 'Security Admin Role', [
    'Microsoft.Authorization/*/read',
    'Microsoft.Authorization/policyAssignments/*',
    'Microsoft.Authorization/policyDefinitions/*',
    'Microsoft.Authorization/policyExemptions/*',
    'Microsoft.Authorization/policySetDefinitions/*',
    'Microsoft.Insights/alertRules/*',
    'Microsoft.Management/managementGroups/read',
    'Microsoft.operationalInsights/workspaces/*/read',
    'Microsoft.Resources/deployments/*',
    'Microsoft.Resources/subscriptions/resourceGroups/read',
    'Microsoft.Security/*',
    'Microsoft.IoTSecurity/*',
    'Microsoft.Support/*',
    // Riposte: see what the automations it manages started, and roll them out by policy (evaluate, remediate).
    'Microsoft.PolicyInsights/*',
    'Microsoft.Logic/workflows/read',
    'Microsoft.Logic/workflows/runs/read',
    'Microsoft.Insights/eventtypes/*/read',
  ]),
  builtIn('39bc4728-0917-49c7-9d2c-d95423bc2eb4', 'Security Reader', 'Security Reader Role', [
    'Microsoft.Authorization/*/read',
    'Microsoft.Insights/alertRules/read',
    'Microsoft.operationalInsights/workspaces/*/read',
    'Microsoft.Resources/deployments/*/read',
    'Microsoft.Resources/subscriptions/resourceGroups/read',
    'Microsoft.Security/*/read',
    'Microsoft.IoTSecurity/*/read',
    'Microsoft.Support/*/read',
    'Microsoft.Management/managementGroups/read',
    // Riposte: see what the automations started.
    'Microsoft.Logic/workflows/read',
    'Microsoft.Logic/workflows/runs/read',
    'Microsoft.Insights/eventtypes/*/read',
  ]),
  builtIn('87a39d53-fc1b-424a-814c-f7e04687dc9e', 'Logic App Contributor', 'Lets you manage logic apps, but not change access to them.', [
    'Microsoft.Authorization/*/read',
    'Microsoft.ClassicStorage/storageAccounts/listKeys/action',
    'Microsoft.ClassicStorage/storageAccounts/read',
    'Microsoft.Insights/alertRules/*',
    'Microsoft.Insights/metricAlerts/*',
    'Microsoft.Insights/diagnosticSettings/*',
    'Microsoft.Insights/logdefinitions/*',
    'Microsoft.Insights/metricDefinitions/*',
    'Microsoft.Logic/*',
    'Microsoft.Resources/deployments/*',
    'Microsoft.Resources/subscriptions/operationresults/read',
    'Microsoft.Resources/subscriptions/resourceGroups/read',
    'Microsoft.Storage/storageAccounts/listkeys/action',
    'Microsoft.Storage/storageAccounts/read',
    'Microsoft.Support/*',
    'Microsoft.Web/connectionGateways/*',
    'Microsoft.Web/connections/*',
    'Microsoft.Web/customApis/*',
    'Microsoft.Web/serverFarms/join/action',
    'Microsoft.Web/serverFarms/read',
    'Microsoft.Web/sites/functions/listSecrets/action',
  ]),
  builtIn('515c2055-d9d4-4321-b1b9-bd0c9a0f79fe', 'Logic App Operator', 'Lets you read, enable, and disable logic apps, but not edit or update them.', [
    'Microsoft.Authorization/*/read',
    'Microsoft.Insights/alertRules/*/read',
    'Microsoft.Insights/metricAlerts/*/read',
    'Microsoft.Insights/diagnosticSettings/*/read',
    'Microsoft.Insights/metricDefinitions/*/read',
    'Microsoft.Logic/*/read',
    'Microsoft.Logic/workflows/disable/action',
    'Microsoft.Logic/workflows/enable/action',
    'Microsoft.Logic/workflows/validate/action',
    // Riposte: operating a workflow means running it, and resubmitting or cancelling its runs.
    'Microsoft.Logic/workflows/triggers/run/action',
    'Microsoft.Logic/workflows/runs/resubmit/action',
    'Microsoft.Logic/workflows/runs/cancel/action',
    'Microsoft.Resources/deployments/operations/read',
    'Microsoft.Resources/subscriptions/operationresults/read',
    'Microsoft.Resources/subscriptions/resourceGroups/read',
    'Microsoft.Support/*',
    'Microsoft.Web/connectionGateways/*/read',
    'Microsoft.Web/connections/*/read',
    'Microsoft.Web/customApis/*/read',
    'Microsoft.Web/serverFarms/read',
  ]),
];
