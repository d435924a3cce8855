/** A small client for the Riposte server under test, authenticated with the admin token the bench gives it. */
import { Agent, request } from 'undici';

export const BENCH_ADMIN_TOKEN = 'bench-admin-token-0123456789';

const dispatcher = new Agent({ connections: 32, pipelining: 1 });

export const authorizedJson = { authorization: `Bearer ${BENCH_ADMIN_TOKEN}`, 'content-type': 'application/json' } as const;

export async function callRiposte(baseUrl: string, method: 'GET' | 'PUT' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const response = await request(`${baseUrl}${path}`, {
    method,
    dispatcher,
    headers: authorizedJson,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.body.text();
  return { status: response.statusCode, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

/** PUTs a resource (under /api) and fails with Riposte's answer when it is refused. */
export async function putResource(baseUrl: string, id: string, body: unknown): Promise<void> {
  const response = await callRiposte(baseUrl, 'PUT', `/api${id}`, body);
  if (response.status !== 200 && response.status !== 201) throw new Error(`PUT ${id}: ${response.status} ${JSON.stringify(response.body)}`);
}

/** Runs `task` over `items` with at most `concurrency` in flight (creating thousands of automations takes a while). */
export async function forEachConcurrently<T>(items: readonly T[], concurrency: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}
