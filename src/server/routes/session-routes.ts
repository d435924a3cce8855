/**
 * Signing in to the web UI: a user's name and password, or an access token, open a cookie session (see
 * session-service.ts for its lifetime); `/api/me` tells the page who it is signed in as, what it was granted, and the CSRF token to send.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { builtInRoles } from '../../auth/built-in-roles.js';
import { MAX_PASSWORD_LENGTH } from '../../auth/password.js';
import { customRole } from '../../services/access-service.js';
import type { LoginOutcome } from '../../services/session-service.js';
import { ApiError } from '../api-error.js';
import type { AppContext } from '../app-context.js';
import { checkCsrf } from '../authentication.js';
import { clearedSessionCookie, sessionCookie, sessionCookieValue } from '../session-cookie.js';
import { LOGIN_ACTION, recordActivity } from './auth-activity.js';

const tags = ['Sessions'];
const LoginBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 256 }), password: Type.String({ maxLength: MAX_PASSWORD_LENGTH }) },
  { additionalProperties: false },
);

const TokenLoginBody = Type.Object({ token: Type.String({ minLength: 1, maxLength: 512 }) }, { additionalProperties: false });

export interface RoleAssignmentSummary {
  readonly scope: string;
  readonly roleDefinitionId: string;
  readonly roleName: string;
}

export function sessionRoutes(app: FastifyInstance, context: AppContext): void {
  const { auth, db, config } = context;
  const secure = config.publicUrl.toLowerCase().startsWith('https:');

  /** The answer to a sign-in attempt, recorded in the activity log either way; `name` is what the caller gave. */
  const answer = async (request: FastifyRequest, reply: FastifyReply, outcome: LoginOutcome, name: string | undefined, failure: string) => {
    const caller = outcome.kind === 'succeeded' ? outcome.session.principal.id : (outcome.principalId ?? `anonymous:${name ?? 'access token'}`);
    const entry = { caller, operationName: LOGIN_ACTION, resourceId: '/' };
    const properties = { ...(name === undefined ? { method: 'accessToken' } : { name }), clientAddress: request.ip };
    if (outcome.kind === 'throttled') {
      await recordActivity(context, request, { ...entry, status: 'Failed', properties: { ...properties, statusCode: 429, reason: 'TooManyLoginAttempts' } });
      const error = new ApiError(429, 'TooManyLoginAttempts', `Too many failed sign-ins; try again in ${outcome.retryAfterSeconds} seconds.`);
      return reply.status(429).header('retry-after', String(outcome.retryAfterSeconds)).send(error.toBody());
    }
    if (outcome.kind === 'failed') {
      await recordActivity(context, request, { ...entry, status: 'Failed', properties: { ...properties, statusCode: 401 } });
      throw new ApiError(401, 'AuthenticationFailed', failure);
    }
    // Signing in again from the same browser replaces its session.
    const previous = sessionCookieValue(request.headers.cookie);
    if (previous !== undefined) await auth.sessions.end(previous);
    await recordActivity(context, request, { ...entry, status: 'Succeeded', properties: { ...properties, statusCode: 200 } });
    const { principal, csrfToken } = outcome.session;
    return reply.header('set-cookie', sessionCookie(outcome.cookieValue, outcome.maxAgeSeconds, secure)).send({ principal, csrfToken });
  };

  app.post<{ Body: { name: string; password: string } }>(
    '/api/login',
    { schema: { tags, body: LoginBody, security: [] }, config: { permission: 'public' } },
    async (request, reply) => {
      const { name, password } = request.body;
      return answer(request, reply, await auth.sessions.login(name, password, request.ip), name, 'The name or password is not correct.');
    },
  );

  // The first admin has a token and no password: a token opens a session too, which ends when the token does.
  app.post<{ Body: { token: string } }>(
    '/api/login/token',
    { schema: { tags, body: TokenLoginBody, security: [] }, config: { permission: 'public' } },
    async (request, reply) => answer(request, reply, await auth.sessions.loginWithToken(request.body.token, request.ip), undefined, 'The access token is not valid, or has expired.'),
  );

  // Public, so that a browser whose session already expired can still clear its cookie; a live session must
  // still prove the request came from its page.
  app.post('/api/logout', { schema: { tags, security: [] }, config: { permission: 'public' } }, async (request, reply) => {
    const cookie = sessionCookieValue(request.headers.cookie);
    if (cookie !== undefined) {
      const session = await auth.sessions.find(cookie);
      if (session !== undefined) {
        checkCsrf(request, session.csrfToken);
        await auth.sessions.end(cookie);
      }
    }
    return reply.status(204).header('set-cookie', clearedSessionCookie(secure)).send();
  });

  app.get('/api/me', { schema: { tags }, config: { permission: 'authenticated' } }, async (request) => {
    const principal = request.principal as NonNullable<typeof request.principal>;
    const rows = await db.selectFrom('role_assignments').select(['scope', 'role_definition_id']).where('principal_id', '=', principal.id).orderBy('scope').execute();
    const names = new Map(builtInRoles.map((role) => [role.id.toLowerCase(), role.roleName]));
    if (rows.some((row) => !names.has(row.role_definition_id.toLowerCase()))) {
      for (const row of await db.selectFrom('role_definitions').selectAll().execute()) names.set(row.id.toLowerCase(), customRole(row).roleName);
    }
    const roleAssignments: RoleAssignmentSummary[] = rows.map((row) => ({
      scope: row.scope,
      roleDefinitionId: row.role_definition_id,
      roleName: names.get(row.role_definition_id.toLowerCase()) ?? '',
    }));
    return {
      principal: { id: principal.id, name: principal.name, type: principal.type },
      ...(request.cookieSession === undefined ? {} : { csrfToken: request.cookieSession.csrfToken }),
      roleAssignments,
    };
  });
}
