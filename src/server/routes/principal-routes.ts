/**
 * Principals and their tokens. Managing principals is a tenant-wide right (`Microsoft.Authorization/principals/*`
 * at `/`); any principal may list, issue and revoke its own tokens, so a service principal can rotate its
 * credential without an administrator.
 *
 * Issuing or revoking another principal's token, and deleting a principal, also need
 * `Microsoft.Authorization/roleAssignments/write` at `/`: a token for another principal is that principal's access
 * (an Owner's token is Owner), and deleting principals can remove every Owner but the caller — so only someone who
 * could grant themselves any role anyway may do either. Creating principals needs no more than `principals/write`:
 * a new principal holds no role.
 *
 * A token a principal issues for itself never outlives the credential it asked with (its token, or its session):
 * otherwise a 1-day token, or an 8-hour sign-in, could be renewed into one that never expires. `expiresInDays` past
 * that, or none, is capped to it rather than refused — the caller cannot choose a time, only a whole number of days.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../../auth/password.js';
import type { PrincipalType } from '../../services/auth-service.js';
import { ApiError, badRequest } from '../api-error.js';
import type { AppContext } from '../app-context.js';
import { demand } from '../authorization.js';
import { page, pageRequest } from '../paging.js';
import type { ActionPermission, Requirement } from '../request-context.js';
import { recordActivity } from './auth-activity.js';

export const PRINCIPALS_READ = 'Microsoft.Authorization/principals/read';
export const PRINCIPALS_WRITE = 'Microsoft.Authorization/principals/write';
export const PRINCIPALS_DELETE = 'Microsoft.Authorization/principals/delete';
const ASSIGNMENTS_WRITE = 'Microsoft.Authorization/roleAssignments/write';

const atRoot = (action: string): ActionPermission => ({ action, scope: () => '/' });
const tags = ['Principals'];
const MAX_EXPIRY_DAYS = 3650;

const expiresInDays = (description: string) => Type.Integer({ minimum: 1, maximum: MAX_EXPIRY_DAYS, description });
const ExpiresInDays = expiresInDays('Days until the token expires (none: it does not expire)');
const TokenExpiresInDays = expiresInDays("Days until the token expires (none: it does not expire); a principal's own token expires by when the credential it asks with does");

const PrincipalBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9][A-Za-z0-9._@-]*$', description: 'Unique (case-insensitively): letters, digits, . _ @ -' }),
    type: Type.String({ description: "'User' (signs in with a password) or 'ServicePrincipal' (gets a token)" }),
    password: Type.Optional(Type.String({ description: `A User's password, ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters` })),
    expiresInDays: Type.Optional(ExpiresInDays),
  },
  { additionalProperties: false },
);

const TokenBody = Type.Union([
  Type.Object(
    {
      expiresInDays: Type.Optional(TokenExpiresInDays),
      revokeOthers: Type.Optional(Type.Boolean({ description: "Revoke the principal's other tokens (a rotation)" })),
    },
    { additionalProperties: false },
  ),
  Type.Null(),
]);

const IdParams = Type.Object({ id: Type.String() });
const TokenParams = Type.Object({ id: Type.String(), tokenId: Type.String() });

function principalType(text: string): PrincipalType {
  const lower = text.toLowerCase();
  if (lower === 'user') return 'User';
  if (lower === 'serviceprincipal') return 'ServicePrincipal';
  throw badRequest('InvalidRequestContent', "type must be 'User' or 'ServicePrincipal'.", 'type');
}

/** A principal's own tokens need no permission; another's need `action` at the root. */
function demandUnlessSelf(request: FastifyRequest, id: string, action: string): void {
  if (request.principal?.id !== id) demand(request, action, '/');
}

/** Acting as another principal (a token for it) or removing one: only for those who may grant any role at the root. */
const controlOfOthers: Requirement = { action: ASSIGNMENTS_WRITE, scope: '/' };

/** Issuing or revoking another principal's tokens: `principals/write` and `roleAssignments/write` at the root. */
function demandControlUnlessSelf(request: FastifyRequest, id: string): void {
  if (request.principal?.id === id) return;
  demand(request, PRINCIPALS_WRITE, '/');
  demand(request, controlOfOthers.action, controlOfOthers.scope);
}

export function principalRoutes(app: FastifyInstance, context: AppContext): void {
  const { auth, access, config } = context;

  /** Token issues and revocations are 'authenticated' routes, which the activity hook does not see: recorded here. */
  const recordTokenChange = async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const { id, tokenId } = request.params as { id?: string; tokenId?: string };
    await recordActivity(context, request, {
      caller: request.principal?.id ?? 'anonymous',
      operationName: PRINCIPALS_WRITE,
      status: reply.statusCode < 400 ? 'Succeeded' : 'Failed',
      resourceId: '/',
      properties: {
        statusCode: reply.statusCode,
        method: request.method,
        path: request.url.split('?', 1)[0],
        ...(id === undefined ? {} : { principalId: id }),
        ...(tokenId === undefined ? {} : { tokenId }),
      },
    });
    return payload;
  };

  app.post<{ Body: { name: string; type: string; password?: string; expiresInDays?: number } }>(
    '/api/principals',
    { schema: { tags, body: PrincipalBody }, config: { permission: atRoot(PRINCIPALS_WRITE) } },
    async (request, reply) => {
      const { name, password, expiresInDays } = request.body;
      const type = principalType(request.body.type);
      if (type === 'User') {
        if (password === undefined) throw badRequest('InvalidRequestContent', 'password is required for a User.', 'password');
        if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
          throw badRequest('InvalidRequestContent', `password must be ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters long.`, 'password');
        }
        if (expiresInDays !== undefined) throw badRequest('InvalidRequestContent', "expiresInDays applies to a ServicePrincipal's token; a User signs in with a password.", 'expiresInDays');
      } else if (password !== undefined) {
        throw badRequest('InvalidRequestContent', 'A ServicePrincipal has no password: it authenticates with the token returned.', 'password');
      }
      const created = await auth.createPrincipal({
        name,
        type,
        ...(password === undefined ? {} : { password }),
        ...(expiresInDays === undefined ? {} : { expiresInDays }),
      });
      const { id } = created.principal;
      return reply.status(201).send({
        id,
        name,
        type,
        ...(created.token === undefined ? {} : { token: created.token.token, tokenId: created.token.id, ...(created.token.expiresTime ? { expiresTime: created.token.expiresTime } : {}) }),
      });
    },
  );

  app.get<{ Querystring: Record<string, string> }>('/api/principals', { schema: { tags }, config: { permission: atRoot(PRINCIPALS_READ) } }, async (request) => {
    const { top, after } = pageRequest(request.query);
    return page(request, config.publicUrl, await auth.listPrincipals(top, after), top, (item) => item.name);
  });

  app.get<{ Params: { id: string } }>('/api/principals/:id', { schema: { tags, params: IdParams }, config: { permission: atRoot(PRINCIPALS_READ) } }, async (request) =>
    auth.getPrincipal(request.params.id),
  );

  app.delete<{ Params: { id: string } }>(
    '/api/principals/:id',
    { schema: { tags, params: IdParams }, config: { permission: { ...atRoot(PRINCIPALS_DELETE), also: [() => controlOfOthers], alsoText: 'and `Microsoft.Authorization/roleAssignments/write` at `/`' } } },
    async (request, reply) => {
      const { id } = request.params;
      if (request.principal?.id === id) {
        throw new ApiError(409, 'CannotDeleteSelf', 'A principal cannot delete itself (it would lose access mid-request); ask another principal allowed to delete principals.');
      }
      const deleted = await auth.deletePrincipal(id);
      if (deleted) access.invalidate();
      return reply.status(deleted ? 200 : 204).send();
    },
  );

  app.post<{ Params: { id: string }; Body: { expiresInDays?: number; revokeOthers?: boolean } | null | undefined }>(
    '/api/principals/:id/tokens',
    { schema: { tags, params: IdParams, body: TokenBody }, config: { permission: 'authenticated' }, onSend: recordTokenChange },
    async (request, reply) => {
      const { id } = request.params;
      demandControlUnlessSelf(request, id);
      const { expiresInDays, revokeOthers } = request.body ?? {};
      // For itself, a principal gets no token outliving the one (or the session) it asks with.
      const notAfterMs = request.principal?.id === id ? request.credentialExpiresMs : undefined;
      const issued = await auth.issueToken(id, {
        ...(expiresInDays === undefined ? {} : { expiresInDays }),
        ...(revokeOthers === undefined ? {} : { revokeOthers }),
        ...(notAfterMs === undefined ? {} : { notAfterMs }),
      });
      return reply.status(201).send(issued);
    },
  );

  app.get<{ Params: { id: string } }>('/api/principals/:id/tokens', { schema: { tags, params: IdParams }, config: { permission: 'authenticated' } }, async (request) => {
    const { id } = request.params;
    demandUnlessSelf(request, id, PRINCIPALS_READ);
    return { value: await auth.listTokens(id) };
  });

  app.delete<{ Params: { id: string; tokenId: string } }>(
    '/api/principals/:id/tokens/:tokenId',
    { schema: { tags, params: TokenParams }, config: { permission: 'authenticated' }, onSend: recordTokenChange },
    async (request, reply) => {
      const { id, tokenId } = request.params;
      demandControlUnlessSelf(request, id);
      const revoked = await auth.revokeToken(id, tokenId);
      return reply.status(revoked ? 200 : 204).send();
    },
  );
}
