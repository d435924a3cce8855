/**
 * `inputs.authentication` of an Http action, in Logic Apps' shapes: Basic, Raw, ActiveDirectoryOAuth (client
 * credentials, through the HttpClient port) and ClientCertificate. The secrets, and every value made from them, are
 * handed to the action (`authenticationSecrets`, `Credentials.secrets`), which scrubs them from all it records:
 * a target may echo the request, and a token endpoint its input.
 */
import { type JsonObject, type Value, getProperty, isObject, toText } from '../../expressions/index.js';
import { type ClientCertificate, type HttpClient, HttpConnectionError } from '../ports.js';
import { isRetryableStatus } from '../retry-policy.js';
import { ActionInputError } from './action-input-error.js';
import type { ActionExecution } from './action-type.js';
import { retryAfterMs } from './http-message.js';

export interface Credentials {
  readonly headers: Readonly<Record<string, string>>;
  readonly clientCertificate?: ClientCertificate;
  /** The header values and what they were made from (the base64 of `user:password`, the access token). */
  readonly secrets: readonly string[];
}

/**
 * The token endpoint did not hand out a token. With `statusCode` it answered (a 408, 429 or 5xx is worth trying
 * again); without, it could not be reached. The action retries under its retry policy, then fails with
 * `AuthenticationFailed`.
 */
export class TokenRequestError extends Error {
  override readonly name = 'TokenRequestError';
  constructor(
    message: string,
    readonly statusCode?: number,
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const NONE: Credentials = { headers: {}, secrets: [] };
const DEFAULT_AUTHORITY = 'https://login.microsoftonline.com';

/** The secret fields of `auth`, whatever its type: known before any request, so even a failed one is scrubbed. */
export function authenticationSecrets(auth: Value | undefined): string[] {
  if (!isObject(auth)) return [];
  return ['password', 'value', 'secret'].map((name) => text(auth, name)).filter((secret) => secret !== '');
}

export async function authenticate(auth: Value | undefined, url: string, ex: ActionExecution): Promise<Credentials> {
  if (auth === undefined || auth === null) return NONE;
  if (!isObject(auth)) throw invalid("'inputs.authentication' must be an object with a 'type'.");
  const type = getProperty(auth, 'type');
  switch (typeof type === 'string' ? type.toLowerCase() : undefined) {
    case 'basic': {
      const encoded = Buffer.from(`${text(auth, 'username')}:${text(auth, 'password')}`).toString('base64');
      return { headers: { authorization: `Basic ${encoded}` }, secrets: [`Basic ${encoded}`, encoded] };
    }
    case 'raw': {
      const value = required(auth, 'value', 'Raw');
      return { headers: { authorization: value }, secrets: [value] };
    }
    case 'activedirectoryoauth': {
      const token = await clientCredentialsToken(auth, ex);
      return { headers: { authorization: `Bearer ${token}` }, secrets: [`Bearer ${token}`, token] };
    }
    case 'clientcertificate':
      return { headers: {}, clientCertificate: clientCertificate(auth, url), secrets: [] };
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
 * One token cache per HttpClient. The server builds a ports object per run but shares its one HttpClient across all
 * of them, so a token outlives the run that fetched it: later actions and runs with the same credentials reuse it
 * until shortly before it expires. Tests that make a client per run share nothing.
 * Keys are a SHA-256 of the credentials including the secret, so a wrong secret never reuses a token fetched with
 * the right one, and no secret is kept as a key.
 */
const tokenCaches = new WeakMap<HttpClient, Map<string, CachedToken>>();

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
  const cache = tokenCaches.get(ex.ports.http) ?? new Map<string, CachedToken>();
  tokenCaches.set(ex.ports.http, cache);
  const key = await sha256(JSON.stringify([endpoint, clientId, scope, secret]));
  const cached = cache.get(key);
  if (cached !== undefined && cached.refreshAt > now) return cached.accessToken;

  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret });
  if (scope !== '') form.set('scope', scope);
  const token = await fetchToken(endpoint, form, ex);
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

/** Throws `TokenRequestError` unless the endpoint hands out a token. */
async function fetchToken(endpoint: string, form: URLSearchParams, ex: ActionExecution): Promise<{ accessToken: string; lifetimeMs: number }> {
  let response;
  try {
    response = await ex.ports.http.send({
      method: 'POST',
      url: endpoint,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form.toString(),
      signal: ex.signal,
      // The client secret goes to the endpoint named, nowhere else.
      followRedirects: false,
    });
  } catch (error) {
    if (!(error instanceof HttpConnectionError)) throw error;
    throw new TokenRequestError(`Could not reach the token endpoint '${endpoint}': ${error.message}`, undefined, undefined, { cause: error });
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
  const outcome = isRetryableStatus(response.statusCode) ? 'could not hand out a token' : 'refused the client credentials';
  throw new TokenRequestError(
    `The token endpoint '${endpoint}' ${outcome} (${response.statusCode}): ` +
      `${reason === '' ? 'the answer has no access_token' : reason.slice(0, 1000)}`,
    response.statusCode,
    retryAfterMs(response.headers, ex.ports.clock.now()),
  );
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
