/** A connector as the catalogue API shows it: Logic Apps' managed API shape, with each operation's input schema. */
import type { Connector } from './connector.js';

export interface ManagedApiResource {
  readonly id: string;
  readonly name: string;
  readonly type: 'Microsoft.Web/managedApis';
  readonly properties: {
    readonly name: string;
    readonly displayName: string;
    readonly description: string;
    readonly connectionParameters: Record<string, unknown>;
    readonly operations: readonly { id: string; summary: string; method: string; path: string; inputs: unknown }[];
  };
}

export function describeConnector(connector: Connector): ManagedApiResource {
  const connectionParameters: Record<string, unknown> = {};
  for (const parameter of connector.parameters) {
    connectionParameters[parameter.name] = {
      type: parameter.type,
      required: parameter.required,
      secret: parameter.secret,
      ...(parameter.default === undefined ? {} : { defaultValue: parameter.default }),
      ...(parameter.allowedValues === undefined ? {} : { allowedValues: parameter.allowedValues }),
      uiDefinition: { displayName: parameter.displayName, description: parameter.description },
    };
  }
  return {
    id: `/providers/Microsoft.Web/managedApis/${connector.name}`,
    name: connector.name,
    type: 'Microsoft.Web/managedApis',
    properties: {
      name: connector.name,
      displayName: connector.displayName,
      description: connector.description,
      connectionParameters,
      operations: connector.operations.map((operation) => ({
        id: operation.id,
        summary: operation.summary,
        method: operation.method,
        path: operation.path,
        inputs: operation.inputs,
      })),
    },
  };
}
