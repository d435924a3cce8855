/**
 * `inputs.authentication` of an Http action, in Logic Apps' shapes: Basic, Raw, ActiveDirectoryOAuth (client
 * credentials, through the HttpClient port) and ClientCertificate. Secrets never leave this module except in the
 * request itself; http-message.ts redacts them from the recorded inputs.
 */
import { type JsonObject, type Value, getProperty, isObject, toText } from '../../expressions/index.js';
import { type ClientCertificate, type ExecutorPorts, HttpConnectionError } from '../ports.js';
import { ActionInputError } from './action-input-error.js';
import type { ActionExecution } from './action-type.js';

export interface Credentials {
  readonly headers: Readonly<Record<string, string>>;
  readonly clientCertificate?: ClientCertificate;
}

const NONE: Credentials = { headers: {} };
const DEFAULT_AUTHORITY = 'https://login.microsoftonline.com';

export async function authenticate(auth: Value | undefined, url: string, ex: ActionExecution): Promise<Credentials> {
  if (auth === undefined || auth === null) return NONE;
  if (!isObject(auth)) throw invalid("'inputs.authentication' must be an object with a 'type'.");
  const type = getProperty(auth, 'type');
  switch (typeof type === 'string' ? type.toLowerCase() : undefined) {
    case 'basic': {
      const pair = `${text(auth, 'username')}:${text(auth, 'password')}`;
      return { headers: { authorization: `Basic ${Buffer.from(pair).toString('base64')}` } };
    }
    case 'raw':
      return { headers: { authorization: required(auth, 'value', 'Raw') } };
    case 'activedirectoryoauth':
      return { headers: { authorization: `Bearer ${await clientCredentialsToken(auth, ex)}` } };
    case 'clientcertificate':
      return { headers: {}, clientCertificate: clientCertificate(auth, url) };
    case 'managedserviceidentity':
      throw new ActionInputError(
        'ManagedIdentityNotSupported',
        'Managed identities are not available when self-hosted; use a connection or ActiveDirectoryOAuth/ClientCertificate authentication.',
      );
    case undefined:
      throw invalid("'inputs.authentication.type' is required.");
    default:
      throw invalid(
        `'inputs.authentication.type' '${toText(type ?? null)}' is not supported; use Basic, Raw, ActiveDirectoryOAuth or ClientCertificate.`,
      );
  }
}

function clientCertificate(auth: JsonObject, url: string): ClientCertificate {
  if (!url.startsWith('https:')) throw invalid('ClientCertificate authentication needs an https uri.');
  const pfx = required(auth, 'pfx', 'ClientCertificate').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(pfx)) throw invalid("'inputs.authentication.pfx' must be a base64-encoded PKCS#12 (.pfx) file.");
  const password = getProperty(auth, 'password');
  return { pfx: Buffer.from(pfx, 'base64'), ...(password === undefined || password === null ? {} : { passphrase: toText(password) }) };
}

interface CachedToken {
  readonly accessToken: string;
  /** When to fetch a new one: shortly before the server said it expires. */
  readonly refreshAt: number;
}

/**
 * One token cache per ports object, i.e. per executor: a token outlives the action that fetched it (the next Http
 * action with the same credentials reuses it) but not the executor, and test runs with fresh ports share nothing.
 * Keys are a SHA-256 of the credentials including the secret, so a wrong secret never reuses a token fetched with
 * the right one, and no secret is kept as a key.
 */
const tokenCaches = new WeakMap<ExecutorPorts, Map<string, CachedToken>>();

async function clientCredentialsToken(auth: JsonObject, ex: ActionExecution): Promise<string> {
  if (getProperty(auth, 'pfx') !== undefined && getProperty(auth, 'secret') === undefined) {
    throw new ActionInputError(
      'AuthenticationNotSupported',
      'ActiveDirectoryOAuth with a certificate (pfx) is not supported; use a client secret, or ClientCertificate authentication.',
    );
  }
  const clientId = required(auth, 'clientId', 'ActiveDirectoryOAuth');
  const secret = required(auth, 'secret', 'ActiveDirectoryOAuth');
  const custom = getProperty(auth, 'tokenEndpoint');
  const { endpoint, scope } =
    custom === undefined || custom === null ? azureEndpoint(auth) : { endpoint: toText(custom), scope: text(auth, 'audience') };
  if (!/^https?:\/\//i.test(endpoint)) throw invalid(`The token endpoint '${endpoint}' must be an absolute http or https URL.`);

  const now = ex.ports.clock.now();
  const cache = tokenCaches.get(ex.ports) ?? new Map<string, CachedToken>();
  tokenCaches.set(ex.ports, cache);
  const key = await sha256(JSON.stringify([endpoint, clientId, scope, secret]));
  const cached = cache.get(key);
  if (cached !== undefined && cached.refreshAt > now) return cached.accessToken;

  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret });
  if (scope !== '') form.set('scope', scope);
  const token = await fetchToken(endpoint, form, secret, ex);
  for (const [old, entry] of cache) if (entry.refreshAt <= now) cache.delete(old);
  cache.set(key, { accessToken: token.accessToken, refreshAt: now + token.lifetimeMs - Math.min(60_000, token.lifetimeMs / 2) });
  return token.accessToken;
}

/** Azure AD's v2 endpoint; the scope is the audience's `/.default`. */
function azureEndpoint(auth: JsonObject): { endpoint: string; scope: string } {
  const tenant = required(auth, 'tenant', 'ActiveDirectoryOAuth');
  const audience = required(auth, 'audience', 'ActiveDirectoryOAuth');
  const authority = (text(auth, 'authority') || DEFAULT_AUTHORITY).replace(/\/+$/, '');
  const scope = audience.endsWith('/.default') ? audience : `${audience.replace(/\/+$/, '')}/.default`;
  return { endpoint: `${authority}/${encodeURIComponent(tenant)}/oauth2/v2.0/token`, scope };
}

async function fetchToken(
  endpoint: string,
  form: URLSearchParams,
  secret: string,
  ex: ActionExecution,
): Promise<{ accessToken: string; lifetimeMs: number }> {
  let response;
  try {
    response = await ex.ports.http.send({
      method: 'POST',
      url: endpoint,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form.toString(),
      signal: ex.signal,
    });
  } catch (error) {
    if (!(error instanceof HttpConnectionError)) throw error;
    throw failed(`Could not reach the token endpoint '${endpoint}': ${error.message}`, secret);
  }
  let answer: unknown;
  try {
    answer = JSON.parse(new TextDecoder().decode(response.body));
  } catch {
    answer = undefined;
  }
  const fields = (typeof answer === 'object' && answer !== null ? answer : {}) as Record<string, unknown>;
  const accessToken = fields['access_token'];
  if (response.statusCode >= 200 && response.statusCode < 300 && typeof accessToken === 'string' && accessToken !== '') {
    // Azure AD v1 sends expires_in as a string; without one, assume a short lifetime rather than none.
    const seconds = Number(fields['expires_in'] ?? 300);
    return { accessToken, lifetimeMs: (Number.isFinite(seconds) && seconds > 0 ? seconds : 300) * 1000 };
  }
  const reason = [fields['error'], fields['error_description']].filter((part) => typeof part === 'string' && part !== '').join(': ');
  throw failed(
    `The token endpoint '${endpoint}' refused the client credentials (${response.statusCode}): ` +
      `${reason === '' ? 'the answer has no access_token' : reason.slice(0, 1000)}`,
    secret,
  );
}

function failed(message: string, secret: string): ActionInputError {
  return new ActionInputError('AuthenticationFailed', secret.length >= 3 ? message.replaceAll(secret, '***') : message);
}

async function sha256(value: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(value));
  return Buffer.from(digest).toString('hex');
}

function text(auth: JsonObject, name: string): string {
  return toText(getProperty(auth, name) ?? null);
}

function required(auth: JsonObject, name: string, type: string): string {
  const value = text(auth, name);
  if (value === '') throw invalid(`'inputs.authentication.${name}' is required for ${type} authentication.`);
  return value;
}

function invalid(message: string): ActionInputError {
  return new ActionInputError('InvalidAuthentication', message);
}
