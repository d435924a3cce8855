/**
 * `service-now`: creates, updates and reads records through the ServiceNow Table API, as the Logic Apps connector's
 * `/api/now/v2/table/{tableType}` operations do. The result body is ServiceNow's `result` (with `sys_id`, `number`).
 */
import type { Value } from '../../expressions/index.js';
import { isObject } from '../../expressions/index.js';
import type { Connector, ConnectorCall, ConnectorOperation, ConnectorPorts, ConnectorResult } from '../connector.js';
import {
  type DerivedSecrets,
  type ServiceProfile,
  answerResult,
  guardCall,
  guardTest,
  secretValues,
  sendJson,
  testAnswerResult,
} from '../http-call.js';
import { ConnectorInputError, checkInputs, connectionBaseUrl, connectionText, baseUrlCheck } from '../validate-inputs.js';
import { authorize } from './service-now-auth.js';
import { NoInputs, RecordInputs, sysId, tableName, tableQuery } from './service-now-inputs.js';

const parameters = [
  {
    name: 'instance',
    type: 'string',
    displayName: 'Instance URL',
    description: 'The instance address, e.g. https://acme.service-now.com.',
    required: true,
    secret: false,
    check: baseUrlCheck,
  },
  { name: 'username', type: 'string', displayName: 'User name', description: 'The integration user.', required: true, secret: false },
  { name: 'password', type: 'securestring', displayName: 'Password', description: "The integration user's password.", required: true, secret: true },
  {
    name: 'clientId',
    type: 'string',
    displayName: 'OAuth client ID',
    description: 'Optional: an OAuth application registry client; with it the user signs in by the password grant and calls use a Bearer token.',
    required: false,
    secret: false,
  },
  { name: 'clientSecret', type: 'securestring', displayName: 'OAuth client secret', description: "The OAuth client's secret.", required: false, secret: true },
] as const satisfies Connector['parameters'];

const TABLE_PATH = '/api/now/v2/table/{tableType}';
const operations: readonly ConnectorOperation[] = [
  { id: 'CreateRecord', summary: 'Create a record', method: 'POST', path: TABLE_PATH, inputs: RecordInputs },
  { id: 'UpdateRecord', summary: 'Update a record', method: 'PATCH', path: `${TABLE_PATH}/{sysId}`, inputs: RecordInputs },
  { id: 'GetRecord', summary: 'Get a record', method: 'GET', path: `${TABLE_PATH}/{sysId}`, inputs: NoInputs },
];

function profile(notFound: string): ServiceProfile {
  return { name: 'ServiceNow', credentials: "'username' and 'password' (and 'clientId'/'clientSecret' with OAuth)", notFound };
}

interface TableRequest {
  readonly method: 'GET' | 'POST' | 'PATCH';
  /** After `/api/now/table/`. */
  readonly path: string;
  readonly body?: Value;
  readonly notFound: string;
}

function tableRequest(call: ConnectorCall): TableRequest {
  const table = tableName(call.pathParameters);
  switch (call.operation.id) {
    case 'CreateRecord':
      return { method: 'POST', path: table, body: checkInputs(RecordInputs, call.body) as Value, notFound: `the connection's 'instance' and the table '${table}'` };
    case 'UpdateRecord': {
      const id = sysId(call.pathParameters);
      return { method: 'PATCH', path: `${table}/${id}`, body: checkInputs(RecordInputs, call.body) as Value, notFound: `the table '${table}' and the sys_id '${id}'` };
    }
    case 'GetRecord': {
      const id = sysId(call.pathParameters);
      return { method: 'GET', path: `${table}/${id}`, notFound: `the table '${table}' and the sys_id '${id}'` };
    }
    default:
      throw new ConnectorInputError(`The service-now connector has no operation '${call.operation.id}'.`);
  }
}

async function callTable(call: ConnectorCall, ports: ConnectorPorts, secrets: DerivedSecrets): Promise<ConnectorResult> {
  const connection = call.connection.parameters;
  const instance = connectionBaseUrl(connection, 'instance');
  const request = tableRequest(call);
  const auth = await authorize(instance, connection, ports, call, secrets);
  if (!auth.ok) return auth.result;
  const answer = await sendJson(ports.http, {
    method: request.method,
    url: `${instance}/api/now/table/${request.path}${tableQuery(call.queries)}`,
    headers: { authorization: auth.header },
    ...(request.body === undefined ? {} : { json: request.body }),
    idempotencyKey: call.idempotencyKey,
    signal: call.signal,
  });
  const result = answerResult(profile(request.notFound), answer, ports.now());
  if (result.statusCode < 200 || result.statusCode >= 300) return result;
  // A hibernating developer instance answers 200 with a web page: no `result`, and worth retrying later.
  if (!isObject(answer.body) || !isObject(answer.body['result'])) {
    return {
      statusCode: 502,
      message: "ServiceNow answered without a JSON result; check that the instance is awake (developer instances hibernate) and that 'instance' is its URL.",
    };
  }
  return { ...result, body: answer.body['result'] };
}

export const serviceNowConnector: Connector = {
  name: 'service-now',
  displayName: 'ServiceNow',
  description: 'Create, update and read ServiceNow records (incidents, change requests, …) through the Table API.',
  parameters,
  operations,
  invoke(call, ports) {
    return guardCall(secretValues(parameters, call.connection.parameters), (secrets) => callTable(call, ports, secrets));
  },
  test(connection, ports, signal) {
    return guardTest('ServiceNow', secretValues(parameters, connection), async (secrets) => {
      const instance = connectionBaseUrl(connection, 'instance');
      const request = { idempotencyKey: `riposte-test-${ports.now()}`, signal };
      const auth = await authorize(instance, connection, ports, request, secrets);
      if (!auth.ok) return { status: 'Error', message: auth.result.message ?? `ServiceNow answered HTTP ${auth.result.statusCode}.` };
      const answer = await sendJson(ports.http, {
        method: 'GET',
        url: `${instance}/api/now/table/sys_user?sysparm_limit=1`,
        headers: { authorization: auth.header },
        ...request,
      });
      const service = profile("the connection's 'instance'");
      return testAnswerResult(service, answer, () => `Connected to ServiceNow at ${instance} as '${connectionText(connection, 'username')}'.`);
    });
  },
};
