/**
 * What the HTTP connectors share: one JSON request through the `HttpClient` port (which applies the outbound guard),
 * the answer parsed, and its status mapped to a `ConnectorResult` the executor's retry policy understands — 2xx
 * succeed, 429 and 5xx keep their status and `Retry-After` so they are retried, other 4xx fail with a message that
 * says what to check. Secrets are scrubbed from every result, message and error on the way out.
 */
import { parseJsonText } from '../expressions/functions/conversion/json-text.js';
import { type Value, isObject } from '../expressions/index.js';
import { retryAfterMs } from '../workflows/actions/http-message.js';
import { type HttpClient, HttpConnectionError, OutboundBlockedError } from '../workflows/ports.js';
import type { ConnectionParameters, ConnectionTestResult, ConnectorParameter, ConnectorResult } from './connector.js';
import { scrubText, scrubValue } from './scrub-secrets.js';
import { ConnectorInputError, answeringInputErrors } from './validate-inputs.js';

/** How messages name a service and what they tell the user to check. */
export interface ServiceProfile {
  /** `ServiceNow`, `Slack`, … */
  readonly name: string;
  /** Completes "check the connection's …": `'username' and 'password'`. */
  readonly credentials: string;
  /** Completes "check …" for a 404: `the connection's 'instance' and the table name`. */
  readonly notFound: string;
}

export interface JsonRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent as JSON. */
  readonly json?: unknown;
  /** Sent exactly as given (a signed body, a form); its content type goes in `headers`. */
  readonly text?: string;
  readonly idempotencyKey: string;
  readonly signal: AbortSignal;
}

export interface ServiceAnswer {
  readonly statusCode: number;
  /** Lower-cased names. */
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed JSON; the text when the answer is not JSON; null when it is empty. */
  readonly body: Value;
}

export async function sendJson(http: HttpClient, request: JsonRequest): Promise<ServiceAnswer> {
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: string | undefined;
  if (request.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(request.json);
  } else if (request.text !== undefined) {
    body = request.text;
  }
  // Services that support it drop a repeated request; the key is stable across the executor's retries.
  headers['idempotency-key'] = request.idempotencyKey;
  for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = value;
  const response = await http.send({
    method: request.method,
    url: request.url,
    headers,
    ...(body === undefined ? {} : { body }),
    signal: request.signal,
    // Connectors call fixed service endpoints: a redirect must not take the credentials or the body elsewhere, so
    // it comes back as it is and `answerResult` says so.
    followRedirects: false,
  });
  return { statusCode: response.statusCode, headers: response.headers, body: parseAnswer(response.body, response.headers) };
}

function parseAnswer(bytes: Uint8Array, headers: Readonly<Record<string, string>>): Value {
  if (bytes.byteLength === 0) return null;
  const text = new TextDecoder().decode(bytes);
  const type = (headers['content-type'] ?? '').toLowerCase();
  // Some services label JSON as text/plain (Slack webhooks, Teams); try JSON for anything that looks like it.
  if (type.includes('json') || /^\s*[[{]/.test(text)) {
    try {
      return parseJsonText(text);
    } catch {
      return text;
    }
  }
  return text;
}

// Only headers that help a workflow; never cookies (ServiceNow sets session cookies).
const FORWARDED_HEADERS = ['content-type', 'retry-after', 'location', 'x-request-id', 'request-id'];

function forwardedHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of FORWARDED_HEADERS) {
    const value = headers[name];
    if (value !== undefined) out[name] = value;
  }
  return out;
}

/** The answer as a result: success as is, failures with a message naming the service and what to check. */
export function answerResult(service: ServiceProfile, answer: ServiceAnswer, now: number): ConnectorResult {
  const headers = forwardedHeaders(answer.headers);
  const base = { statusCode: answer.statusCode, headers, body: answer.body };
  if (answer.statusCode >= 200 && answer.statusCode < 300) return base;
  const retryAfter = retryAfterMs(answer.headers, now);
  return {
    ...base,
    message: failureMessage(service, answer.statusCode, serviceErrorText(answer.body)),
    ...(retryAfter === undefined ? {} : { retryAfterMs: retryAfter }),
  };
}

function failureMessage(service: ServiceProfile, status: number, detail: string | undefined): string {
  const said = detail === undefined ? '' : ` ${service.name} said: ${detail}`;
  if (status === 401 || status === 403) {
    return `${service.name} rejected the credentials (HTTP ${status}); check the connection's ${service.credentials}.${said}`;
  }
  if (status === 404) return `${service.name} answered 404: not found; check ${service.notFound}.${said}`;
  if (status === 429) return `${service.name} is limiting requests (HTTP 429); the action's retry policy tries again.${said}`;
  if (status >= 500) return `${service.name} failed with HTTP ${status}; the action's retry policy tries again.${said}`;
  if (status >= 300 && status < 400) return `${service.name} answered a redirect (HTTP ${status}); check the connection's URL.`;
  return detail === undefined
    ? `${service.name} refused the request (HTTP ${status}); check the action's inputs.`
    : `${service.name} refused the request (HTTP ${status}): ${detail}`;
}

const MAX_DETAIL = 500;

/**
 * The service's own words about a failure, from the shapes these services use: ServiceNow `{error: {message,
 * detail}}`, Jira `{errorMessages, errors: {field: text}}`, PagerDuty `{message, errors: [...]}`, Slack `{error}`,
 * or a short plain-text answer. HTML pages (proxies, sign-in pages) say nothing useful and are left out.
 */
export function serviceErrorText(body: Value): string | undefined {
  const parts: string[] = [];
  if (typeof body === 'string') {
    if (!/^\s*</.test(body)) parts.push(body.trim());
  } else if (isObject(body)) {
    const error = body['error'];
    if (typeof error === 'string') parts.push(error);
    if (isObject(error)) parts.push(...texts(error['message']), ...texts(error['detail']));
    parts.push(...texts(body['message']), ...texts(body['errorMessages']));
    const errors = body['errors'];
    if (Array.isArray(errors)) parts.push(...errors.flatMap(texts));
    else if (isObject(errors)) for (const [field, text] of Object.entries(errors)) parts.push(...texts(text).map((t) => `${field}: ${t}`));
  }
  const detail = parts.filter((part) => part !== '').join('; ');
  if (detail === '') return undefined;
  return detail.length > MAX_DETAIL ? `${detail.slice(0, MAX_DETAIL)}…` : detail;
}

function texts(value: Value | undefined): string[] {
  if (typeof value === 'string') return [value.trim()];
  if (Array.isArray(value)) return value.flatMap(texts);
  return [];
}

/** The values of a connection's secret parameters (webhook URLs, tokens, passwords), to scrub from what leaves. */
export function secretValues(declared: readonly ConnectorParameter[], parameters: ConnectionParameters): string[] {
  return declared.filter((p) => p.secret).map((p) => String(parameters[p.name] ?? '')).filter((value) => value.trim() !== '');
}

function scrubResult(result: ConnectorResult, secrets: readonly string[]): ConnectorResult {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = scrubText(value, secrets);
  return {
    ...result,
    ...(result.headers === undefined ? {} : { headers }),
    ...(result.body === undefined ? {} : { body: scrubValue(result.body, secrets) }),
    ...(result.message === undefined ? {} : { message: scrubText(result.message, secrets) }),
  };
}

/** The same kind of error with secrets scrubbed from its message; the cause is dropped as it may carry them too. */
function scrubError(error: unknown, secrets: readonly string[]): unknown {
  if (!(error instanceof Error)) return error;
  const message = scrubText(error.message, secrets);
  if (message === error.message) return error;
  if (error instanceof HttpConnectionError) return new HttpConnectionError(message);
  if (error instanceof OutboundBlockedError) return new OutboundBlockedError(message);
  if (error instanceof ConnectorInputError) return new ConnectorInputError(message, error.field);
  const copy = new Error(message);
  copy.name = error.name;
  return copy;
}

/**
 * Credentials an operation derives from the connection's secrets while it runs (an Authorization header, an OAuth
 * access token): told to the guard with `add`, they are scrubbed like the secrets themselves.
 */
export interface DerivedSecrets {
  add(...values: readonly string[]): void;
}

function collector(secrets: readonly string[]): { readonly all: string[]; readonly derived: DerivedSecrets } {
  const all = [...secrets];
  const derived: DerivedSecrets = {
    add(...values) {
      all.push(...values);
    },
  };
  return { all, derived };
}

/**
 * Every connector operation runs inside this: input problems become 400 results, and no secret, given or derived,
 * leaves in the result or in an error (network errors still propagate, as `HttpConnectionError`, for the retry
 * policy).
 */
export async function guardCall(
  secrets: readonly string[],
  run: (derived: DerivedSecrets) => Promise<ConnectorResult>,
): Promise<ConnectorResult> {
  const { all, derived } = collector(secrets);
  try {
    return scrubResult(await answeringInputErrors(() => run(derived)), all);
  } catch (error) {
    throw scrubError(error, all);
  }
}

/** `test()` runs inside this: bad parameters and unreachable services are an `Error` status, with secrets scrubbed. */
export async function guardTest(
  serviceName: string,
  secrets: readonly string[],
  run: (derived: DerivedSecrets) => Promise<ConnectionTestResult>,
): Promise<ConnectionTestResult> {
  const { all, derived } = collector(secrets);
  let result: ConnectionTestResult;
  try {
    result = await run(derived);
  } catch (error) {
    if (error instanceof ConnectorInputError) result = { status: 'Error', message: error.message };
    else if (error instanceof HttpConnectionError) result = { status: 'Error', message: `Could not reach ${serviceName}: ${error.message}` };
    else if (error instanceof OutboundBlockedError) {
      result = { status: 'Error', message: `The outbound guard does not allow calls to ${serviceName}: ${error.message}` };
    } else throw scrubError(error, all);
  }
  return { status: result.status, message: scrubText(result.message, all) };
}

/** A test result from a service's answer to an authenticated read. */
export function testAnswerResult(service: ServiceProfile, answer: ServiceAnswer, connected: () => string): ConnectionTestResult {
  if (answer.statusCode >= 200 && answer.statusCode < 300) return { status: 'Connected', message: connected() };
  return { status: 'Error', message: failureMessage(service, answer.statusCode, serviceErrorText(answer.body)) };
}

/** Text from a JSON field, or undefined. */
export function textOf(value: Value | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
