/**
 * Who is calling. Every `/api` request (routes declared public excepted) carries either a bearer token
 * (`Authorization: Bearer <token>`, for scripts and service principals) or the web UI's session cookie. A
 * cookie is sent by the browser whatever page caused the request, so a cookie-authenticated request that changes
 * something must also echo the session's CSRF token in `X-CSRF-Token`, which only the signed-in page can read;
 * bearer requests need no such token (a browser never adds the header by itself).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from './api-error.js';
import type { AppContext } from './app-context.js';
import { CSRF_HEADER, isUnsafeMethod, sameSecret, sessionCookieValue } from './session-cookie.js';
import './request-context.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set when the request was authenticated by a session cookie (not by a bearer token). */
    cookieSession?: { readonly csrfToken: string };
    /** When the token or session the request was authenticated with expires (epoch ms); unset when it never does. */
    credentialExpiresMs?: number;
  }
}

/** Whether a request is for the API; decided on the matched route's pattern, so `/API/…` cannot slip past. */
export function isApiRequest(request: FastifyRequest): boolean {
  const path = (request.routeOptions.url ?? request.url).toLowerCase();
  return path === '/api' || path.startsWith('/api/') || path.startsWith('/api?');
}

export const csrfTokenInvalid = () =>
  new ApiError(403, 'CsrfTokenInvalid', `A request signed in with the session cookie that changes something must send the session's CSRF token in the '${CSRF_HEADER}' header.`, CSRF_HEADER);

/** Throws unless the request echoes the session's CSRF token. */
export function checkCsrf(request: FastifyRequest, csrfToken: string): void {
  const given = request.headers[CSRF_HEADER.toLowerCase()];
  if (typeof given !== 'string' || !sameSecret(given, csrfToken)) throw csrfTokenInvalid();
}

export function installAuthentication(app: FastifyInstance, context: AppContext): void {
  app.addHook('onRequest', async (request) => {
    if (!isApiRequest(request)) return;
    if (request.routeOptions.config.permission === 'public') return;
    const header = request.headers.authorization;
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (match === null) throw new ApiError(401, 'AuthenticationFailed', "Send 'Authorization: Bearer <token>'.");
      const check = await context.auth.checkToken(match[1] as string);
      if (check.kind === 'expired') throw new ApiError(401, 'AuthenticationFailed', 'The bearer token has expired.');
      if (check.kind === 'unknown') throw new ApiError(401, 'AuthenticationFailed', 'The bearer token is not valid.');
      request.principal = check.principal;
      if (check.expiresMs !== undefined) request.credentialExpiresMs = check.expiresMs;
      return;
    }
    const cookie = sessionCookieValue(request.headers.cookie);
    if (cookie === undefined) throw new ApiError(401, 'AuthenticationFailed', "Send 'Authorization: Bearer <token>', or sign in with POST /api/login.");
    const session = await context.auth.sessions.find(cookie);
    if (session === undefined) throw new ApiError(401, 'AuthenticationFailed', 'The session has ended or expired; sign in again.');
    if (isUnsafeMethod(request.method)) checkCsrf(request, session.csrfToken);
    request.principal = session.principal;
    request.cookieSession = { csrfToken: session.csrfToken };
    request.credentialExpiresMs = session.expiresMs;
  });
}
