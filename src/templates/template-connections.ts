/**
 * The `$connections` value of a deployed template: for each connector it calls, an existing connection of that
 * API, written as Logic Apps ARM templates write it (`connectionId`, `connectionName`, managed API `id`).
 */
import { type DeployProblem, deployProblem } from './deploy-request-error.js';
import type { WorkflowTemplate } from './template.js';

/** The one method of the connection service a deployment needs. */
export interface ConnectionLookup {
  find(subscriptionId: string, resourceGroup: string, nameOrId: string): Promise<{ id: string; name: string; apiName: string } | undefined>;
}

export interface ConnectionReference {
  readonly connectionId: string;
  readonly connectionName: string;
  readonly id: string;
}

export async function templateConnections(
  template: WorkflowTemplate,
  scope: { readonly subscriptionId: string; readonly resourceGroup: string },
  given: Readonly<Record<string, string>>,
  lookup: ConnectionLookup,
  problems: DeployProblem[],
): Promise<Record<string, ConnectionReference>> {
  const needed: readonly string[] = template.connectors;
  for (const connector of Object.keys(given)) {
    if (!needed.includes(connector.toLowerCase())) {
      const message = `The template '${template.id}' does not call '${connector}'; it needs connections for: ${needed.join(', ') || 'none'}.`;
      problems.push(deployProblem('UnknownTemplateConnection', `connections.${connector}`, message));
    }
  }
  const value: Record<string, ConnectionReference> = {};
  for (const connector of template.connectors) {
    // Connector names match case-insensitively, as the connector catalogue matches them.
    const key = Object.keys(given).find((candidate) => candidate.toLowerCase() === connector) ?? connector;
    const target = `connections.${key}`;
    const reference = given[key];
    if (reference === undefined || reference === '') {
      problems.push(deployProblem('MissingConnection', target, `The template calls '${connector}': give the name or id of a '${connector}' connection.`));
      continue;
    }
    const found = await lookup.find(scope.subscriptionId, scope.resourceGroup, reference);
    if (found === undefined) {
      const where = reference.startsWith('/') ? '' : ` in resource group '${scope.resourceGroup}'`;
      problems.push(deployProblem('ConnectionNotFound', target, `The connection '${reference}' does not exist${where}.`));
    } else if (found.apiName.toLowerCase() !== connector) {
      problems.push(deployProblem('ConnectionApiMismatch', target, `The connection '${found.name}' is for the API '${found.apiName}', not '${connector}'.`));
    } else {
      value[connector] = { connectionId: found.id, connectionName: found.name, id: `/providers/Microsoft.Web/managedApis/${connector}` };
    }
  }
  return value;
}
