/**
 * `jira`: creates issues through Jira's REST API v2 (which takes a plain-text description). Jira Cloud signs in with
 * an account email and API token (Basic); Jira Server and Data Center with a personal access token (Bearer), chosen
 * by leaving the email empty.
 */
import { isObject } from '../../expressions/index.js';
import type { ConnectionParameters, Connector, ConnectorCall, ConnectorOperation, ConnectorPorts, ConnectorResult } from '../connector.js';
import {
  type DerivedSecrets,
  type ServiceProfile,
  answerResult,
  guardCall,
  guardTest,
  secretValues,
  sendJson,
  testAnswerResult,
  textOf,
} from '../http-call.js';
import { authorizationSecrets } from '../scrub-secrets.js';
import { ConnectorInputError, checkInputs, connectionBaseUrl, connectionText, baseUrlCheck, optionalConnectionText } from '../validate-inputs.js';
import { CreateIssueInputs, issueFields } from './jira-inputs.js';

const SERVICE: ServiceProfile = {
  name: 'Jira',
  credentials: "'email' and 'apiToken' (for Jira Server or Data Center: 'apiToken' alone, a personal access token)",
  notFound: "the connection's 'jiraInstance' and the project",
};

const parameters = [
  {
    name: 'jiraInstance',
    type: 'string',
    displayName: 'Jira URL',
    description: 'The Jira site address, e.g. https://acme.atlassian.net.',
    required: true,
    secret: false,
    check: baseUrlCheck,
  },
  {
    name: 'email',
    type: 'string',
    displayName: 'Account email',
    description: 'Jira Cloud: the email of the account the API token belongs to. Leave empty to use the token as a Server/Data Center personal access token.',
    required: false,
    secret: false,
  },
  {
    name: 'apiToken',
    type: 'securestring',
    displayName: 'API token',
    description: 'A Jira Cloud API token, or a Server/Data Center personal access token.',
    required: true,
    secret: true,
  },
] as const satisfies Connector['parameters'];

// Logic Apps' current "Create a new issue (V2)" is /v2/issue; older workflows (and the public templates) use /issue.
const operations: readonly ConnectorOperation[] = [
  { id: 'CreateIssueV2', summary: 'Create a new issue (V2)', method: 'POST', path: '/v2/issue', inputs: CreateIssueInputs },
  { id: 'CreateIssue', summary: 'Create a new issue (older path, same inputs)', method: 'POST', path: '/issue', inputs: CreateIssueInputs },
];
const CREATE_OPERATIONS = new Set(operations.map((operation) => operation.id));

/** The Authorization header, told to the guard: the Basic base64 of `email:apiToken` shares no text with the token. */
function authorization(connection: ConnectionParameters, secrets: DerivedSecrets): string {
  const token = connectionText(connection, 'apiToken');
  const email = optionalConnectionText(connection, 'email');
  const header = email === undefined ? `Bearer ${token}` : `Basic ${Buffer.from(`${email}:${token}`).toString('base64')}`;
  secrets.add(...authorizationSecrets(header));
  return header;
}

async function createIssue(call: ConnectorCall, ports: ConnectorPorts, secrets: DerivedSecrets): Promise<ConnectorResult> {
  const connection = call.connection.parameters;
  const url = `${connectionBaseUrl(connection, 'jiraInstance')}/rest/api/2/issue`;
  const headers = { authorization: authorization(connection, secrets) };
  const fields = issueFields(checkInputs(CreateIssueInputs, call.body), call.queries);
  const answer = await sendJson(ports.http, {
    method: 'POST',
    url,
    headers,
    json: { fields },
    idempotencyKey: call.idempotencyKey,
    signal: call.signal,
  });
  return answerResult(SERVICE, answer, ports.now());
}

export const jiraConnector: Connector = {
  name: 'jira',
  displayName: 'Jira',
  description: 'Create Jira issues (Jira Cloud with an API token, or Server/Data Center with a personal access token).',
  parameters,
  operations,
  invoke(call, ports) {
    return guardCall(secretValues(parameters, call.connection.parameters), (secrets) => {
      if (!CREATE_OPERATIONS.has(call.operation.id)) throw new ConnectorInputError(`The jira connector has no operation '${call.operation.id}'.`);
      return createIssue(call, ports, secrets);
    });
  },
  test(connection, ports, signal) {
    return guardTest('Jira', secretValues(parameters, connection), async (secrets) => {
      const answer = await sendJson(ports.http, {
        method: 'GET',
        url: `${connectionBaseUrl(connection, 'jiraInstance')}/rest/api/2/myself`,
        headers: { authorization: authorization(connection, secrets) },
        idempotencyKey: `riposte-test-${ports.now()}`,
        signal,
      });
      return testAnswerResult(SERVICE, answer, () => {
        const user = isObject(answer.body) ? answer.body : {};
        const name = textOf(user['displayName']) ?? textOf(user['name']) ?? 'unknown';
        const email = textOf(user['emailAddress']);
        return `Connected to Jira as '${name}'${email === undefined ? '' : ` (${email})`}.`;
      });
    });
  },
};
