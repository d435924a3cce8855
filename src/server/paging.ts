/** ARM-style paging: `$top` bounds a page; `nextLink` carries an opaque `$skiptoken` to the next one. */
import type { FastifyRequest } from 'fastify';
import { badRequest } from './api-error.js';

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
  // Decoding base64url never throws (it skips what it cannot read), so a token is ours only if it encodes back.
  const after = Buffer.from(token, 'base64url').toString('utf8');
  if (after === '' || Buffer.from(after, 'utf8').toString('base64url') !== token) {
    throw badRequest('InvalidQueryParameter', "'$skiptoken' is not a token this server issued.", '$skiptoken');
  }
  return { top, after };
}

/** `{value, nextLink?}`; a full page gets a link continuing after its last key. */
export function page<T>(request: Pick<FastifyRequest, 'url'>, publicUrl: string, items: readonly T[], top: number, keyOf: (item: T) => string): { value: readonly T[]; nextLink?: string } {
  const last = items[items.length - 1];
  if (items.length < top || last === undefined) return { value: items };
  const url = new URL(request.url, publicUrl);
  url.searchParams.set('$skiptoken', Buffer.from(keyOf(last), 'utf8').toString('base64url'));
  url.searchParams.set('$top', String(top));
  return { value: items, nextLink: `${publicUrl}${url.pathname}${url.search}` };
}
