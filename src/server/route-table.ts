/** The access-control table of docs/access-control.md, rendered from the routes as registered. */
import type { FastifyRequest } from 'fastify';
import type { RouteEntry } from './request-context.js';

function describeScope(route: RouteEntry): string {
  const permission = route.permission;
  if (typeof permission !== 'object') return '';
  if (permission.scopeText !== undefined) return permission.scopeText;
  // Path parameters stand for themselves, so the scope reads as a template: /subscriptions/{sub}/….
  const params = new Proxy({}, { get: (_, name) => `{${String(name)}}` });
  return `\`${permission.scope({ params, body: {}, url: route.url } as unknown as FastifyRequest)}\``;
}

function describeAccess(route: RouteEntry): string {
  const permission = route.permission;
  if (permission === 'public') return 'none (public)';
  if (permission === 'authenticated') return 'any signed-in principal';
  if (permission === undefined) return '**refused: no permission declared**';
  const extra = permission.alsoText === undefined ? '' : `, ${permission.alsoText}`;
  return `\`${permission.action}\`${permission.list ? ' (lists show only what the caller may read)' : ''}${extra}`;
}

export function renderRouteTable(routes: readonly RouteEntry[]): string {
  const sorted = [...routes].sort((a, b) => a.url.localeCompare(b.url) || a.method.localeCompare(b.method));
  const rows = sorted.map((route) => `| ${route.method} | \`${route.url}\` | ${describeAccess(route)} | ${describeScope(route)} |`);
  return ['| Method | Path | Permission | At scope |', '|---|---|---|---|', ...rows].join('\n');
}
