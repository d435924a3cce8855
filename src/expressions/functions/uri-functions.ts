/**
 * URI parsing with WHATWG `URL`, shaped to what .NET's `System.Uri` returns in Logic Apps: the path is `/` when
 * empty, the query keeps its `?`, and the port falls back to the scheme's default.
 */
import type { Value } from '../values.js';
import { argumentError, stringArg } from './arguments.js';
import { FunctionCategory, type FunctionDefinition, defineFunction } from './function-definition.js';

const category = FunctionCategory.Uri;

/** Default ports as .NET's `Uri.Port` reports them; other schemes have none (-1). */
const DEFAULT_PORTS: Readonly<Record<string, number>> = {
  http: 80,
  https: 443,
  ws: 80,
  wss: 443,
  ftp: 21,
  gopher: 70,
  nntp: 119,
  news: 119,
  telnet: 23,
  ldap: 389,
  mailto: 25,
  'net.tcp': 808,
};

function uriArg(fn: string, args: readonly Value[]): URL {
  const text = stringArg(fn, args, 0);
  try {
    return new URL(text);
  } catch {
    throw argumentError(
      fn,
      `was invoked with a parameter that is not valid. The value '${text}' is not a valid absolute URI.`,
    );
  }
}

function scheme(url: URL): string {
  return url.protocol.slice(0, -1);
}

/** `?query`, including a bare `?` that `URL.search` reports as empty but .NET keeps. */
function query(url: URL): string {
  if (url.search !== '') return url.search;
  const withoutFragment = url.hash === '' ? url.href : url.href.slice(0, -url.hash.length);
  return withoutFragment.endsWith('?') ? '?' : '';
}

function path(url: URL): string {
  return url.pathname === '' ? '/' : url.pathname;
}

function port(url: URL): number {
  if (url.port !== '') return Number(url.port);
  return DEFAULT_PORTS[scheme(url)] ?? -1;
}

export const uriFunctions: readonly FunctionDefinition[] = [
  defineFunction('uriHost', category, [1, 1], (args) => uriArg('uriHost', args).hostname),
  defineFunction('uriPath', category, [1, 1], (args) => path(uriArg('uriPath', args))),
  defineFunction('uriPathAndQuery', category, [1, 1], (args) => {
    const url = uriArg('uriPathAndQuery', args);
    return path(url) + query(url);
  }),
  defineFunction('uriPort', category, [1, 1], (args) => port(uriArg('uriPort', args))),
  defineFunction('uriQuery', category, [1, 1], (args) => query(uriArg('uriQuery', args))),
  defineFunction('uriScheme', category, [1, 1], (args) => scheme(uriArg('uriScheme', args))),
];
