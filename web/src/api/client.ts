/**
 * The one way the UI calls the server: JSON in and out, the session cookie sent along, the CSRF token echoed on
 * every change, and ARM's error body (`{error: {code, message, target, details}}`) turned into an `ApiError`.
 */

export interface ErrorDetail {
  readonly code: string;
  readonly message: string;
  readonly target?: string;
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly target?: string,
    readonly details: readonly ErrorDetail[] = [],
  ) {
    super(message);
  }

  /** Messages by field (`target`), the most specific first: each detail, then the error's own target. */
  fieldErrors(): ReadonlyMap<string, string> {
    const fields = new Map<string, string>();
    for (const detail of this.details) {
      if (detail.target !== undefined && !fields.has(detail.target)) fields.set(detail.target, detail.message);
    }
    if (this.target !== undefined && !fields.has(this.target)) fields.set(this.target, this.message);
    return fields;
  }
}

let csrfToken: string | undefined;
const unauthorizedListeners = new Set<() => void>();

/** Set from the sign-in answer and `/api/me`; cleared on sign-out. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

/** Called when a request answers 401: the session ended (expired, signed out elsewhere, principal deleted). */
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toApiError(status: number, body: unknown, statusText: string): ApiError {
  const error = isRecord(body) && isRecord(body.error) ? body.error : undefined;
  if (error === undefined) return new ApiError(status, `Http${status}`, typeof body === 'string' && body !== '' ? body : `${status} ${statusText}`);
  const details = Array.isArray(error.details)
    ? error.details.filter(isRecord).map((detail) => ({
        code: String(detail.code ?? ''),
        message: String(detail.message ?? ''),
        ...(typeof detail.target === 'string' ? { target: detail.target } : {}),
      }))
    : [];
  return new ApiError(
    status,
    String(error.code ?? `Http${status}`),
    String(error.message ?? statusText),
    typeof error.target === 'string' ? error.target : undefined,
    details,
  );
}

export interface RequestOptions {
  /** Don't announce a 401 (sign-in and the session probe expect one). */
  readonly quietUnauthorized?: boolean;
  readonly signal?: AbortSignal;
}

/** `path` starts with `/api`. Answers the parsed JSON body (undefined for an empty one); throws `ApiError` otherwise. */
export async function api<T>(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrfToken !== undefined) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'NetworkError', 'The server could not be reached. Check that Riposte is running and try again.');
  }
  const text = await response.text();
  let parsed: unknown = undefined;
  if (text !== '') {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  if (!response.ok) {
    if (response.status === 401 && options.quietUnauthorized !== true) for (const listener of unauthorizedListeners) listener();
    throw toApiError(response.status, parsed, response.statusText);
  }
  return parsed as T;
}

export const get = <T>(path: string, options?: RequestOptions): Promise<T> => api<T>('GET', path, undefined, options);

/** A list answer: `{value, nextLink?}` (ARM) or `{value, '@odata.nextLink'?}` (Policy Insights). */
export interface Page<T> {
  readonly value: readonly T[];
  readonly nextLink?: string;
  readonly '@odata.nextLink'?: string;
}

/**
 * Every item of a paged list. `nextLink` is absolute with the server's configured public URL, which may not be the
 * address the browser used, so only its path and query are followed.
 */
export async function getAll<T>(path: string, options?: RequestOptions): Promise<T[]> {
  const items: T[] = [];
  let next: string | undefined = path;
  for (let pages = 0; next !== undefined && pages < 100; pages++) {
    const answer: Page<T> = await get<Page<T>>(next, options);
    items.push(...answer.value);
    const link = answer.nextLink ?? answer['@odata.nextLink'];
    next = link === undefined ? undefined : relative(link);
  }
  return items;
}

function relative(link: string): string {
  const url = new URL(link, window.location.origin);
  return `${url.pathname}${url.search}`;
}

/** The message to show for anything thrown by `api`. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
