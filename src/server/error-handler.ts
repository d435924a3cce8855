/** Maps every failure to an ARM-style error body; unexpected errors are logged and answered without details. */
import type { FastifyError, FastifyInstance } from 'fastify';
import { ApiError } from './api-error.js';

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | ApiError, request, reply) => {
    if (error instanceof ApiError) return reply.status(error.statusCode).send(error.toBody());
    if (error.validation) {
      const first = error.validation[0];
      const where = (error.validationContext ?? 'body') === 'body' ? '' : `${error.validationContext}.`;
      const path = first?.instancePath.replace(/^\//, '').replaceAll('/', '.') ?? '';
      const { missingProperty, additionalProperty } = (first?.params ?? {}) as { missingProperty?: string; additionalProperty?: string };
      // The property at fault is named in the target itself, not only in the schema's wording.
      const target = `${where}${[path, missingProperty ?? additionalProperty].filter(Boolean).join('.')}` || (error.validationContext ?? 'body');
      const reason =
        missingProperty !== undefined
          ? 'is required'
          : additionalProperty !== undefined
            ? 'is not a property this request takes (check its spelling)'
            : (first?.message ?? 'is not valid');
      const message = `${target} ${reason}`;
      return reply.status(400).send(new ApiError(400, 'InvalidRequestContent', message, target).toBody());
    }
    if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || error instanceof SyntaxError) {
      return reply.status(400).send(new ApiError(400, 'InvalidJson', `The request body is not valid JSON: ${error.message}`).toBody());
    }
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.status(413).send(new ApiError(413, 'RequestEntityTooLarge', error.message).toBody());
    }
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return reply.status(415).send(new ApiError(415, 'UnsupportedMediaType', 'Send JSON with Content-Type: application/json.').toBody());
    }
    if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.status(error.statusCode).send(new ApiError(error.statusCode, error.code ?? 'BadRequest', error.message).toBody());
    }
    request.log.error({ err: error }, 'request failed');
    return reply.status(500).send(new ApiError(500, 'InternalServerError', 'The server failed to process the request; see its log.').toBody());
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send(new ApiError(404, 'NotFound', `No route matches ${request.method} ${request.url.split('?')[0]}.`).toBody()),
  );
}
