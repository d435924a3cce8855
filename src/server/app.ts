/** The Fastify application: authentication, error mapping, the OpenAPI document and the resource routes. */
import swagger from '@fastify/swagger';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { AppContext } from './app-context.js';
import { installErrorHandler } from './error-handler.js';
import { ApiError } from './api-error.js';
import { MAX_BODY_DEPTH, tooDeepAt } from './body-depth.js';
import { installActivityLog } from './activity-hook.js';
import { installAuthentication } from './authentication.js';
import { installAuthorization } from './authorization.js';
import { activityRoutes } from './routes/activity-routes.js';
import { automationRoutes } from './routes/automation-routes.js';
import { connectionRoutes } from './routes/connection-routes.js';
import { managedApiRoutes } from './routes/managed-api-routes.js';
import { managementGroupRoutes } from './routes/management-group-routes.js';
import { eventRoutes } from './routes/event-routes.js';
import { liveRoutes } from './routes/live-routes.js';
import { operationsRoutes } from './routes/operations-routes.js';
import { permissionRoutes } from './routes/permission-routes.js';
import { policyRoutes } from './routes/policy-routes.js';
import { policyStateRoutes } from './routes/policy-state-routes.js';
import { principalRoutes } from './routes/principal-routes.js';
import { remediationRoutes } from './routes/remediation-routes.js';
import { roleRoutes } from './routes/role-routes.js';
import { runRoutes } from './routes/run-routes.js';
import { sessionRoutes } from './routes/session-routes.js';
import { subscriptionRoutes } from './routes/subscription-routes.js';
import { templateRoutes } from './routes/template-routes.js';
import { triggerRoutes } from './routes/trigger-routes.js';
import { workflowRoutes } from './routes/workflow-routes.js';
import { installWebUi } from './web-ui.js';

export type RouteModule = (app: FastifyInstance, context: AppContext) => void;

export interface AppOptions {
  /** The built web UI to serve at `/` (tests use their own); the package's `dist/web/` by default. */
  readonly webRoot?: string;
}

export async function buildApp(context: AppContext, logger: Logger, extraRoutes: readonly RouteModule[] = [], options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    bodyLimit: context.config.bodyLimit,
    // JSON keys that could poison prototypes are dropped, not answered with a 400 for the whole batch of events.
    onProtoPoisoning: 'remove',
    onConstructorPoisoning: 'remove',
    routerOptions: { caseSensitive: false, ignoreTrailingSlash: true },
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false, allErrors: false } },
  });
  installErrorHandler(app);
  // A POST that starts something (test, cancel, resubmit) has nothing to send; clients that always set a JSON
  // content type must not get a 400 for the empty body.
  const parseJson = app.getDefaultJsonParser('remove', 'remove');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '') return done(null, undefined);
    // The default parser answers through `done`; its return value carries nothing.
    void parseJson(request, body as string, (error, parsed) => {
      if (error !== null) return done(error);
      const at = tooDeepAt(parsed);
      if (at === undefined) return done(null, parsed);
      const where = at === '' ? 'body' : at;
      done(new ApiError(400, 'InvalidRequestContent', `The request body nests objects and arrays deeper than ${MAX_BODY_DEPTH} levels, at ${where}.`, where));
    });
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Riposte API', version: '1.0.0', description: 'Security workflow automation: workflows, automations, events and runs.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });

  // First, so even a request refused by authentication gets its correlation id (and, when it names an action, an entry).
  installActivityLog(app, context);
  installAuthentication(app, context);
  installAuthorization(app, context);

  for (const routes of [workflowRoutes, automationRoutes, eventRoutes, runRoutes, triggerRoutes, connectionRoutes, managedApiRoutes, templateRoutes, activityRoutes, roleRoutes, principalRoutes, sessionRoutes, managementGroupRoutes, subscriptionRoutes, policyRoutes, policyStateRoutes, remediationRoutes, permissionRoutes, liveRoutes, operationsRoutes, ...extraRoutes]) routes(app, context);
  app.get('/api/openapi.json', { schema: { hide: true }, config: { permission: 'authenticated' } }, async () => app.swagger());
  // After the API, so the UI's fallback answers only what no API route does.
  await installWebUi(app, options.webRoot);
  return app;
}
