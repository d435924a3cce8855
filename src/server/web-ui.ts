/**
 * The web UI: the built single-page app in `dist/web/` served at `/`. Hashed files under `/assets/` are cached for
 * good; `index.html` and every other file are revalidated, so a new build shows at the next load. Any other GET
 * outside `/api` that names no file answers `index.html` (the app's router reads the path). The app's not-found
 * handler stays the API's (ARM errors), so pages are answered by a hook before it is reached.
 */
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isApiRequest } from './authentication.js';

/** On every UI response: scripts, styles and requests only from this server; never framed. */
export const UI_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
};
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Riposte</title></head>
<body><main><h1>Riposte</h1><p>The web UI is not built. Run <code>npm run build</code>, then reload this page.
The API answers at <code>/api</code> meanwhile.</p></main></body></html>
`;

/** The directory holding package.json, found from this file whether it runs built (`dist/`) or from `src/`. */
export function packageRoot(from = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`No package.json above ${from}.`);
  }
}

export const defaultWebRoot = (): string => join(packageRoot(), 'dist', 'web');

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** `path` (decoded) as a plain relative file name: no dotfiles, no `..`, nothing outside the directory. */
function plainName(path: string): string | undefined {
  const segments = path.split('/').filter((segment) => segment !== '');
  const plain = segments.length > 0 && segments.every((segment) => !segment.startsWith('.') && !segment.includes('\\') && !segment.includes('\0'));
  return plain ? segments.join('/') : undefined;
}

/** The file a request's URL names, when it is a plain one. */
function fileOf(url: string): string | undefined {
  try {
    return plainName(decodeURIComponent(url.split('?', 1)[0] as string));
  } catch {
    return undefined;
  }
}

export async function installWebUi(app: FastifyInstance, webRoot: string = defaultWebRoot()): Promise<void> {
  const root = resolve(webRoot);
  // Only `reply.sendFile`: the routes below decide what is served and how it is cached.
  await app.register(fastifyStatic, { serve: false });

  const send = (reply: FastifyReply, file: string, cacheControl: string) =>
    reply.headers(UI_HEADERS).header('cache-control', cacheControl).sendFile(file, root, { cacheControl: false, dotfiles: 'deny' });

  const index = async (reply: FastifyReply) => {
    if (await isFile(join(root, 'index.html'))) return send(reply, 'index.html', REVALIDATE);
    return reply.headers(UI_HEADERS).header('cache-control', REVALIDATE).type('text/html; charset=utf-8').send(NOT_BUILT);
  };

  const options = { schema: { hide: true }, config: { permission: 'public' as const } };
  app.get('/', options, async (_request, reply) => index(reply));
  app.get<{ Params: { '*': string } }>('/assets/*', options, async (request, reply) => {
    const file = plainName(request.params['*']);
    // Only a file that exists is cacheable for a year: a 404 must not outlive the next deployment in a cache.
    return file === undefined || !(await isFile(join(root, 'assets', file))) ? reply.callNotFound() : send(reply, `assets/${file}`, IMMUTABLE);
  });

  // Pages of the app (`/workflows/…`) and the build's other files (`/favicon.svg`): GETs no route matched.
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (!request.is404 || (request.method !== 'GET' && request.method !== 'HEAD') || isApiRequest(request)) return;
    const file = fileOf(request.url);
    if (file !== undefined && (await isFile(join(root, file)))) return send(reply, file, REVALIDATE);
    return index(reply);
  });
}
