/** ARM-style paging: `$top` bounds a page; `nextLink` carries an opaque `$skiptoken` to the next one. */
import type { FastifyRequest } from 'fastify';
import { hkdfSync, randomBytes } from 'node:crypto';
import { type SecretBox, createSecretBox } from '../secrets/secret-box.js';
import { badRequest } from './api-error.js';

/**
 * `$skiptoken`s are sealed: the key they continue after is the id of the last item of the unfiltered page, which a
 * caller who may read only part of a list must not learn. Sealed with a key derived from the secret key, so every
 * process sharing it reads every other's tokens.
 */
let tokens: SecretBox = createSecretBox(randomBytes(32));
const TOKEN_PURPOSE = 'riposte page token';

export function usePageTokenKey(secretKey: Uint8Array): void {
  tokens = createSecretBox(Buffer.from(hkdfSync('sha256', secretKey, new Uint8Array(0), TOKEN_PURPOSE, 32)));
}

/** The `$skiptoken` that continues a list after `key`. */
export function skipToken(key: string): string {
  return tokens.seal(key, TOKEN_PURPOSE);
}

export const DEFAULT_PAGE = 100;
export const MAX_PAGE = 1000;

export interface PageRequest {
  readonly top: number;
  readonly after?: string;
}

export function pageRequest(query: Record<string, unknown>): PageRequest {
  const topText = query['$top'];
  let top = DEFAULT_PAGE;
  if (topText !== undefined) {
    top = typeof topText === 'string' && /^\d+$/.test(topText) ? Number(topText) : Number.NaN;
    if (!Number.isInteger(top) || top < 1 || top > MAX_PAGE) {
      throw badRequest('InvalidQueryParameter', `'$top' must be an integer from 1 to ${MAX_PAGE}.`, '$top');
    }
  }
  const token = query['$skiptoken'];
  if (token === undefined) return { top };
  if (typeof token !== 'string') throw badRequest('InvalidQueryParameter', "'$skiptoken' must be a string.", '$skiptoken');
  let after: string;
  try {
    after = tokens.open(token, TOKEN_PURPOSE);
  } catch {
    throw badRequest('InvalidQueryParameter', "'$skiptoken' is not a token this server issued.", '$skiptoken');
  }
  return { top, after };
}

/** `{value, nextLink?}`; a full page gets a link continuing after its last key. */
export function page<T>(request: Pick<FastifyRequest, 'url'>, publicUrl: string, items: readonly T[], top: number, keyOf: (item: T) => string): { value: readonly T[]; nextLink?: string } {
  const last = items[items.length - 1];
  if (items.length < top || last === undefined) return { value: items };
  const url = new URL(request.url, publicUrl);
  url.searchParams.set('$skiptoken', skipToken(keyOf(last)));
  url.searchParams.set('$top', String(top));
  return { value: items, nextLink: `${publicUrl}${url.pathname}${url.search}` };
}
