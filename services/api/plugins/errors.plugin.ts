import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, type ErrorCode } from '../../../shared/errors.js';

/**
 * Every error leaves as `{"error":{"code":"...","message":"..."}}` with a stable code; validation
 * messages name the field (`identifiers[0].kind: ...`). Internal errors say nothing of their cause.
 */
export interface ErrorBody {
  error: { code: ErrorCode; message: string };
}

export function errorBody(code: ErrorCode, message: string): ErrorBody {
  return { error: { code, message } };
}

/** "/identifiers/0/kind" -> "identifiers[0].kind" */
function fieldName(instancePath: string): string {
  return instancePath
    .split('/')
    .filter(Boolean)
    .reduce((name, part) => (/^\d+$/.test(part) ? `${name}[${part}]` : name ? `${name}.${part}` : part), '');
}

export const errorsPlugin = fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      if (error instanceof AppError) {
        return reply.status(error.statusCode).send(errorBody(error.code, error.message));
      }
      if (hasZodFastifySchemaValidationErrors(error)) {
        const first = error.validation[0];
        const field = first ? fieldName(first.instancePath) : '';
        const where =
          error.validationContext === 'body'
            ? field || 'body'
            : `${error.validationContext ?? 'request'}${field ? `.${field}` : ''}`;
        return reply
          .status(400)
          .send(errorBody('VALIDATION_FAILED', `${where}: ${first?.message ?? 'invalid'}`));
      }
      switch (error.code) {
        case 'FST_ERR_CTP_INVALID_JSON_BODY':
        case 'FST_ERR_CTP_EMPTY_JSON_BODY':
          return reply.status(400).send(errorBody('INVALID_JSON', 'body: not valid JSON'));
        case 'FST_ERR_CTP_BODY_TOO_LARGE':
          return reply
            .status(413)
            .send(errorBody('BODY_TOO_LARGE', 'body: larger than the 64 KiB a scan request may be'));
        case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
          return reply.status(415).send(errorBody('UNSUPPORTED_MEDIA_TYPE', 'body: send application/json'));
      }
      if (error.statusCode === 429) {
        return reply.status(429).send(errorBody('RATE_LIMITED', 'too many requests; slow down'));
      }
      if (error.statusCode && error.statusCode < 500) {
        return reply.status(error.statusCode).send(errorBody('VALIDATION_FAILED', error.message));
      }
      request.log.error({ err: { name: error.name, code: error.code } }, 'request failed');
      return reply.status(500).send(errorBody('INTERNAL', 'internal error'));
    });
    app.setNotFoundHandler((request, reply) => {
      reply
        .status(404)
        .send(errorBody('NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`));
    });
  },
  { name: 'errors' },
);
