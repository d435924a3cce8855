/**
 * Turning evaluated Http inputs into a request (authentication is http-authentication.ts), and a response into
 * Logic Apps' `{statusCode, headers, body}`.
 */
import { parseJsonText } from '../../expressions/functions/conversion/json-text.js';
import { Binary, type JsonObject, type Value, getProperty, isObject, toText } from '../../expressions/index.js';
import type { HttpResponse } from '../ports.js';
import { ActionInputError } from './action-input-error.js';

export const REDACTED = '*** redacted ***';

export interface PreparedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body?: string | Uint8Array;
}

const methods = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

export function prepareRequest(inputs: JsonObject): PreparedRequest {
  const method = String(getProperty(inputs, 'method') ?? '').toUpperCase();
  if (!methods.has(method)) throw new ActionInputError('InvalidTemplate', `'method' must be one of ${[...methods].join(', ')}.`);
  const uri = getProperty(inputs, 'uri');
  let url: URL;
  try {
    url = new URL(typeof uri === 'string' ? uri : '');
  } catch {
    throw new ActionInputError('InvalidTemplate', `'uri' must be an absolute http or https URL; got '${toText(uri ?? null)}'.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ActionInputError('InvalidTemplate', `'uri' must use http or https; got '${url.protocol}'.`);
  }
  const queries = getProperty(inputs, 'queries');
  if (isObject(queries)) for (const [key, value] of Object.entries(queries)) url.searchParams.append(key, toText(value));

  const headers: Record<string, string> = {};
  const given = getProperty(inputs, 'headers');
  if (isObject(given)) for (const [key, value] of Object.entries(given)) headers[key.toLowerCase()] = toText(value);

  const body = getProperty(inputs, 'body');
  if (body === undefined || body === null) return { method, url: url.href, headers };
  if (typeof body === 'string') return { method, url: url.href, headers, body };
  if (body instanceof Binary) {
    headers['content-type'] ??= body.contentType;
    return { method, url: url.href, headers, body: body.bytes };
  }
  headers['content-type'] ??= 'application/json';
  return { method, url: url.href, headers, body: JSON.stringify(body) };
}

/**
 * Request headers that carry credentials, sent or received: their values are never recorded (an Http action's
 * inputs, a Request trigger's outputs) and never sent to another origin.
 */
const CREDENTIAL_HEADER = /^(authorization|proxy-authorization|cookie|x-csrf-token|x-api-key|api-key|x-functions-key|ocp-apim-subscription-key|x-ms-token-.*)$/i;

export const isCredentialHeader = (name: string): boolean => CREDENTIAL_HEADER.test(name);

/** `headers` without those carrying credentials: for a request to another origin than the one they were meant for. */
export function withoutCredentialHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !CREDENTIAL_HEADER.test(name)));
}

/**
 * The values of the credential headers in `inputs`, and of each the part after its scheme (`Basic <this>`): a
 * target may echo the request back, so these are scrubbed from everything the action records, as
 * `authentication` secrets are.
 */
export function credentialHeaderValues(inputs: JsonObject): string[] {
  const headers = getProperty(inputs, 'headers');
  if (!isObject(headers)) return [];
  const values: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (!CREDENTIAL_HEADER.test(name) || value === null || typeof value === 'object') continue;
    const text = String(value);
    values.push(text);
    const credential = /^\S+\s+(\S.*)$/.exec(text)?.[1];
    if (credential !== undefined) values.push(credential);
  }
  return values;
}

/** The inputs as they are recorded: credentials replaced, so no secret reaches the run history. */
export function redactHttpInputs(inputs: JsonObject): JsonObject {
  const out: JsonObject = { ...inputs };
  const auth = getProperty(inputs, 'authentication');
  if (isObject(auth)) {
    const safe: JsonObject = { ...auth };
    for (const key of Object.keys(safe)) if (/^(password|value|secret|pfx)$/i.test(key)) safe[key] = REDACTED;
    out['authentication'] = safe;
  }
  const headers = getProperty(inputs, 'headers');
  if (isObject(headers)) {
    const safe: JsonObject = { ...headers };
    for (const key of Object.keys(safe)) if (CREDENTIAL_HEADER.test(key)) safe[key] = REDACTED;
    out['headers'] = safe;
  }
  return out;
}

/** JSON bodies become values, text stays text, anything else is binary content. */
export function responseBody(response: HttpResponse): Value {
  if (response.body.byteLength === 0) return null;
  const type = (response.headers['content-type'] ?? '').toLowerCase();
  const text = () => new TextDecoder().decode(response.body);
  if (type.includes('json')) {
    try {
      return parseJsonText(text());
    } catch {
      return text();
    }
  }
  if (type === '' || type.startsWith('text/') || type.includes('xml') || type.includes('x-www-form-urlencoded')) {
    return text();
  }
  return new Binary(response.body, type);
}

/** `Retry-After` as milliseconds (seconds or an HTTP date). */
export function retryAfterMs(headers: Readonly<Record<string, string>>, now: number): number | undefined {
  const value = headers['retry-after'];
  if (value === undefined) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const reasons: Readonly<Record<number, string>> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  408: 'RequestTimeout',
  409: 'Conflict',
  410: 'Gone',
  412: 'PreconditionFailed',
  413: 'RequestEntityTooLarge',
  415: 'UnsupportedMediaType',
  422: 'UnprocessableEntity',
  429: 'TooManyRequests',
  500: 'InternalServerError',
  501: 'NotImplemented',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
  504: 'GatewayTimeout',
};

/** The status code's name, as Logic Apps reports it in an action's `code`. */
export function statusCodeName(statusCode: number): string {
  return reasons[statusCode] ?? `Http${statusCode}`;
}
