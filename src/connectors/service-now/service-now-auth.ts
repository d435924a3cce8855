/**
 * ServiceNow credentials as an Authorization header: Basic with the user's password, or, when the connection has an
 * OAuth client, a Bearer token from the instance's password grant (`oauth_token.do`). Both are credentials derived
 * from the connection's secrets, so both are told to the guard to be scrubbed.
 */
import type { ConnectionParameters, ConnectorPorts, ConnectorResult } from '../connector.js';
import { type DerivedSecrets, type ServiceProfile, answerResult, sendJson, textOf } from '../http-call.js';
import { authorizationSecrets } from '../scrub-secrets.js';
import { isObject } from '../../expressions/index.js';
import { connectionText, optionalConnectionText } from '../validate-inputs.js';

export type Authorization = { readonly ok: true; readonly header: string } | { readonly ok: false; readonly result: ConnectorResult };

const OAUTH_SERVICE: ServiceProfile = {
  name: 'ServiceNow',
  credentials: "'clientId', 'clientSecret', 'username' and 'password' (the OAuth client must allow the password grant)",
  notFound: "the connection's 'instance' (OAuth must be enabled on it)",
};

export async function authorize(
  instance: string,
  connection: ConnectionParameters,
  ports: ConnectorPorts,
  request: { readonly idempotencyKey: string; readonly signal: AbortSignal },
  secrets: DerivedSecrets,
): Promise<Authorization> {
  const username = connectionText(connection, 'username');
  const password = connectionText(connection, 'password');
  const clientId = optionalConnectionText(connection, 'clientId');
  if (clientId === undefined) {
    const header = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
    secrets.add(...authorizationSecrets(header));
    return { ok: true, header };
  }
  const form = new URLSearchParams({
    grant_type: 'password',
    client_id: clientId,
    client_secret: connectionText(connection, 'clientSecret'),
    username,
    password,
  });
  const answer = await sendJson(ports.http, {
    method: 'POST',
    url: `${instance}/oauth_token.do`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    text: form.toString(),
    idempotencyKey: request.idempotencyKey,
    signal: request.signal,
  });
  const result = answerResult(OAUTH_SERVICE, answer, ports.now());
  // The token answer is never handed back: it holds the access and refresh tokens.
  if (result.statusCode < 200 || result.statusCode >= 300) return { ok: false, result: { ...result, body: null } };
  const tokens = isObject(answer.body) ? answer.body : {};
  const token = textOf(tokens['access_token']);
  const refreshToken = textOf(tokens['refresh_token']);
  if (refreshToken !== undefined) secrets.add(refreshToken);
  if (token === undefined) {
    return { ok: false, result: { statusCode: 502, message: 'ServiceNow answered the OAuth token request without an access_token.' } };
  }
  const header = `Bearer ${token}`;
  secrets.add(...authorizationSecrets(header));
  return { ok: true, header };
}
