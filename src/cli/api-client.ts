/**
 * The HTTP client the API-backed commands share: where the server is (`--url` / `RIPOSTE_URL`), the bearer token
 * (`--token` / `RIPOSTE_TOKEN`), and the API's error answers turned into one error with its message.
 */
import type { Command } from 'commander';
import { CliInputError } from './json-file.js';

export interface Output {
  out(text: string): void;
  err(text: string): void;
}

export interface ApiOptions {
  readonly url?: string;
  readonly token?: string;
}

export const DEFAULT_URL = 'http://127.0.0.1:7070';
/** The API refused the request, or could not be reached. */
export const REFUSED = 1;

export class ApiClientError extends Error {
  override readonly name = 'ApiClientError';
}

export function connection(options: ApiOptions, env: NodeJS.ProcessEnv): { url: string; token: string } {
  const url = (options.url ?? env['RIPOSTE_URL'] ?? DEFAULT_URL).replace(/\/+$/, '');
  try {
    new URL(url);
  } catch {
    throw new CliInputError(`--url '${url}' is not an absolute URL.`);
  }
  const token = options.token ?? env['RIPOSTE_TOKEN'];
  if (token === undefined || token === '') throw new CliInputError('Give a bearer token with --token or the RIPOSTE_TOKEN environment variable.');
  return { url, token };
}

/** Calls the API; resolves with the status and parsed body, throws ApiClientError when it answers an error. */
export async function call(options: ApiOptions, env: NodeJS.ProcessEnv, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const { url, token } = connection(options, env);
  let response: Response;
  try {
    response = await fetch(`${url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new ApiClientError(`Cannot reach the Riposte server at ${url}: ${cause?.code ?? cause?.message ?? (error as Error).message}`);
  }
  const text = await response.text();
  let parsed: unknown = undefined;
  try {
    parsed = text === '' ? undefined : (JSON.parse(text) as unknown);
  } catch {
    parsed = text;
  }
  if (!response.ok) {
    const error = (parsed as { error?: { code?: string; message?: string; details?: { target?: string; message?: string }[] } } | undefined)?.error;
    // Every field the API refused, not just the first: one line each under the message.
    const details = (error?.details ?? []).filter((detail) => detail.message !== undefined).map((detail) => `\n  ${detail.target ?? ''}: ${detail.message}`);
    throw new ApiClientError(error?.message ? `${error.code ?? response.status}: ${error.message}${details.join('')}` : `The server answered HTTP ${response.status}.`);
  }
  return { status: response.status, body: parsed };
}


/** `--url` and `--token`, for every command that talks to a running server. */
export const withApiOptions = (command: Command) =>
  command.option('--url <url>', `the server's URL (RIPOSTE_URL, default ${DEFAULT_URL})`).option('--token <token>', 'a bearer token (RIPOSTE_TOKEN)');

/** Runs an API-backed action: a refusal by the API prints its message and exits 1 instead of failing the CLI. */
export function apiActionRunner(output: Output, run: (action: () => Promise<number>) => Promise<void>) {
  return (action: () => Promise<number>) =>
    run(async () => {
      try {
        return await action();
      } catch (error) {
        if (!(error instanceof ApiClientError)) throw error;
        output.err(error.message);
        return REFUSED;
      }
    });
}
