/** Every item of an API listing, page by page. */
import { type ApiOptions, ApiClientError, call } from './api-client.js';

/**
 * Follows `nextLink` (ARM) or `@odata.nextLink` (Policy Insights) to the end, on the server `--url` names: the links
 * carry the server's public URL, which need not be the one the CLI reaches it at.
 */
export async function listAll(options: ApiOptions, env: NodeJS.ProcessEnv, first: string): Promise<unknown[]> {
  const items: unknown[] = [];
  let path: string | undefined = first;
  while (path !== undefined) {
    const page = (await call(options, env, 'GET', path)).body as { value?: unknown; nextLink?: string; '@odata.nextLink'?: string } | undefined;
    if (!Array.isArray(page?.value)) throw new ApiClientError(`GET ${path} did not answer a list.`);
    items.push(...(page.value as unknown[]));
    const next = page['@odata.nextLink'] ?? page.nextLink;
    const url = next === undefined ? undefined : new URL(next, 'http://relative.invalid');
    path = url === undefined ? undefined : `${url.pathname}${url.search}`;
  }
  return items;
}
