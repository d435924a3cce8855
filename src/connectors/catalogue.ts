/**
 * The connector catalogue: finds a connector by its managed API name, routes an `ApiConnection` call to one of its
 * operations by method and path, and checks connection parameter values against the connector's declaration.
 */
import type { ConnectionParameters, Connector, ConnectorOperation, ConnectorParameter } from './connector.js';

export interface RoutedOperation {
  readonly operation: ConnectorOperation;
  readonly pathParameters: Readonly<Record<string, string>>;
}

export interface ParameterProblem {
  readonly parameter: string;
  readonly message: string;
}

export type CheckedParameters =
  | { readonly ok: true; readonly values: ConnectionParameters; readonly secretNames: readonly string[] }
  | { readonly ok: false; readonly problems: readonly ParameterProblem[] };

export class ConnectorCatalogue {
  private readonly byName: ReadonlyMap<string, Connector>;

  constructor(readonly connectors: readonly Connector[]) {
    this.byName = new Map(connectors.map((connector) => [connector.name.toLowerCase(), connector]));
  }

  get(name: string): Connector | undefined {
    return this.byName.get(name.toLowerCase());
  }

  /** Matches `/v3/beta/teams/abc%20d/channels/x/messages` against `…/teams/{teamId}/channels/{channelId}/messages`. */
  route(connector: Connector, method: string, path: string): RoutedOperation | undefined {
    const segments = splitPath(path);
    for (const operation of connector.operations) {
      if (operation.method !== method.toUpperCase()) continue;
      const pattern = splitPath(operation.path);
      if (pattern.length !== segments.length) continue;
      const pathParameters: Record<string, string> = {};
      const matches = pattern.every((part, index) => {
        const actual = segments[index] as string;
        const name = /^\{(.+)\}$/.exec(part)?.[1];
        if (name === undefined) return part.toLowerCase() === actual.toLowerCase();
        pathParameters[name] = safeDecode(actual);
        return actual !== '';
      });
      if (matches) return { operation, pathParameters };
    }
    return undefined;
  }

  /**
   * Applies defaults and checks names, types, allowed values and required parameters, then each value the way the
   * connector reads it (`check`). `carried` names values kept from the stored connection rather than sent now.
   */
  checkParameters(connector: Connector, given: Readonly<Record<string, unknown>>, carried: ReadonlySet<string> = new Set()): CheckedParameters {
    const problems: ParameterProblem[] = [];
    const declared = new Map(connector.parameters.map((parameter) => [parameter.name.toLowerCase(), parameter]));
    for (const name of Object.keys(given)) {
      if (!declared.has(name.toLowerCase())) {
        const known = connector.parameters.map((parameter) => parameter.name).join(', ');
        problems.push({ parameter: name, message: `The '${connector.name}' connector has no parameter '${name}'. Its parameters: ${known}.` });
      }
    }
    const values: Record<string, string | number | boolean> = {};
    for (const parameter of connector.parameters) {
      const key = Object.keys(given).find((name) => name.toLowerCase() === parameter.name.toLowerCase());
      const raw = key === undefined ? undefined : given[key];
      if (raw === undefined || raw === null || raw === '') {
        if (parameter.default !== undefined) values[parameter.name] = parameter.default;
        else if (parameter.required) problems.push({ parameter: parameter.name, message: `The parameter '${parameter.name}' (${parameter.displayName}) is required.` });
        continue;
      }
      const value = coerce(parameter, raw);
      if (value === undefined) {
        problems.push({ parameter: parameter.name, message: `The parameter '${parameter.name}' must be ${describeType(parameter)}.` });
      } else if (parameter.allowedValues !== undefined && !parameter.allowedValues.includes(value)) {
        problems.push({ parameter: parameter.name, message: `The parameter '${parameter.name}' must be one of ${parameter.allowedValues.join(', ')}.` });
      } else {
        // A kept value was accepted when stored; a check added since must not stop its owner saving the rest.
        const problem = carried.has(parameter.name) ? undefined : valueProblem(parameter, value);
        if (problem === undefined) values[parameter.name] = value;
        else problems.push({ parameter: parameter.name, message: problem });
      }
    }
    if (problems.length > 0) return { ok: false, problems };
    const secretNames = connector.parameters.filter((parameter) => parameter.secret && parameter.name in values).map((parameter) => parameter.name);
    return { ok: true, values, secretNames };
  }
}

function splitPath(path: string): string[] {
  const withoutQuery = path.split('?')[0] ?? '';
  return withoutQuery.replace(/^\/+|\/+$/g, '').split('/');
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function coerce(parameter: ConnectorParameter, raw: unknown): string | number | boolean | undefined {
  switch (parameter.type) {
    case 'string':
    case 'securestring':
      return typeof raw === 'string' ? raw : undefined;
    case 'int': {
      const value = typeof raw === 'string' && /^\s*-?\d+\s*$/.test(raw) ? Number(raw) : raw;
      return typeof value === 'number' && Number.isSafeInteger(value) ? value : undefined;
    }
    case 'bool':
      if (typeof raw === 'boolean') return raw;
      if (typeof raw === 'string' && /^(true|false)$/i.test(raw)) return raw.toLowerCase() === 'true';
      return undefined;
  }
}

/** Connectors read a text of only spaces as not set: refused when required, else left to the connector's fallback. */
function valueProblem(parameter: ConnectorParameter, value: string | number | boolean): string | undefined {
  if (typeof value === 'string' && value.trim() === '') {
    return parameter.required ? `The parameter '${parameter.name}' (${parameter.displayName}) is required.` : undefined;
  }
  return parameter.check?.(value, parameter.name);
}

function describeType(parameter: ConnectorParameter): string {
  return { string: 'a string', securestring: 'a string', int: 'an integer', bool: 'true or false' }[parameter.type];
}
