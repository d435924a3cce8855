/**
 * The `ConnectorClient` the executor calls for `ApiConnection` actions: finds the connection the action names,
 * the connector behind it and the operation its method and path select, then lets the connector do the call.
 */
import { type Value, isObject, toText } from '../expressions/index.js';
import { connectionReferenceId } from '../workflows/connection-references.js';
import { type ConnectorClient, ConnectorNotConfiguredError, type ConnectorRequest, type ConnectorResponse } from '../workflows/ports.js';
import type { ConnectorCatalogue } from './catalogue.js';
import type { ConnectionParameters, ConnectorPorts } from './connector.js';

export interface ResolvedConnection {
  readonly id: string;
  readonly name: string;
  readonly apiName: string;
  readonly parameters: ConnectionParameters;
}

export interface ConnectionResolver {
  /** `reference` is a connection id, or a bare name looked up beside the workflow. */
  resolve(reference: string, workflowId: string): Promise<ResolvedConnection | undefined>;
}

export interface ConnectorRouterOptions {
  readonly catalogue: ConnectorCatalogue;
  readonly resolver: ConnectionResolver;
  readonly ports: ConnectorPorts;
}

/**
 * A client bound to one workflow version, so bare connection names resolve in its resource group, and only the
 * connections it declared (`declaredConnectionIds` of its definition and parameter values, lower-cased ids) can be
 * used. `join` on those was checked when the version was saved, as in Azure; there is no caller to check at run time,
 * so a name an expression computes at run time must be one of them too.
 */
export function createConnectorClient(options: ConnectorRouterOptions, workflowId: string, declaredConnections: Iterable<string>): ConnectorClient {
  const { catalogue, resolver, ports } = options;
  const declared: ReadonlySet<string> = new Set([...declaredConnections].map((id) => id.toLowerCase()));
  const undeclared = (reference: string) =>
    new ConnectorNotConfiguredError(
      `The connection '${reference}' is not declared in the workflow's $connections parameter. A run may use only the connections ` +
        "the workflow declared when it was saved (in '$connections' or as a literal 'host.connection.name'); add it there and save the workflow again.",
    );
  return {
    async invoke(request: ConnectorRequest): Promise<ConnectorResponse> {
      const reference = request.connectionId || request.connectionName;
      // Checked before the lookup, so an undeclared connection is refused alike whether it exists or not.
      const id = connectionReferenceId(reference, workflowId);
      if (id === undefined || !declared.has(id)) throw undeclared(reference);
      const connection = await resolver.resolve(reference, workflowId);
      if (connection === undefined) {
        throw new ConnectorNotConfiguredError(
          `The connection '${reference}' does not exist. Create it with PUT /api/subscriptions/{subscription}/resourceGroups/{group}/providers/Microsoft.Web/connections/{name}, ` +
            `and point the workflow's $connections parameter ('${request.connectionName}') at its id.`,
        );
      }
      const connector = catalogue.get(connection.apiName);
      if (connector === undefined) {
        throw new ConnectorNotConfiguredError(`The connection '${connection.name}' is for the API '${connection.apiName}', which this server does not provide.`);
      }
      const [path = '', query = ''] = request.path.split('?', 2);
      const routed = catalogue.route(connector, request.method, path);
      if (routed === undefined) {
        const known = connector.operations.map((operation) => `${operation.method} ${operation.path}`).join('; ');
        return {
          statusCode: 404,
          message: `The '${connector.name}' connector has no operation ${request.method} ${path}. Its operations: ${known}.`,
        };
      }
      return connector.invoke(
        {
          operation: routed.operation,
          pathParameters: routed.pathParameters,
          queries: { ...Object.fromEntries(new URLSearchParams(query)), ...textValues(request.queries) },
          body: request.body ?? null,
          connection: { name: connection.name, parameters: connection.parameters },
          idempotencyKey: request.idempotencyKey,
          signal: request.signal,
        },
        ports,
      );
    },
  };
}

function textValues(value: Value | undefined): Record<string, string> {
  if (value === undefined || !isObject(value)) return {};
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) if (item !== null) out[key] = toText(item);
  return out;
}
