import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, ERROR_CODES, isDependencyOutage, type ErrorCode } from '../../../shared/errors.js';

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

/** No route of ours takes a longer URL; a longer one is refused before routing (414). */
export const MAX_URL_LENGTH = 2048;

/**
 * Errors raised before Fastify has a route (a path parameter past `maxParamLength`, a malformed
 * percent-encoding): Fastify's `frameworkErrors` option. Its own answers would quote the path.
 */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    void reply.status(414).send(errorBody('URI_TOO_LONG', 'url: longer than any route takes'));
    return;
  }
  void reply.status(400).send(errorBody('MALFORMED_REQUEST', 'url: not a valid path'));
}

/**
 * Requests Node's HTTP parser refuses before Fastify sees them (headers past `maxHeaderSize`, a client
 * too slow to send its request, bytes that are not HTTP): Fastify's `clientErrorHandler` option. The
 * answer is written to the socket in the documented shape; nothing of the request is repeated.
 */
export function clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message]: [number, ErrorCode, string] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'HEADERS_TOO_LARGE', 'headers: larger than the server reads']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'REQUEST_TIMEOUT', 'request: not received in time']
        : [400, 'MALFORMED_REQUEST', 'request: not a readable HTTP request'];
  const body = JSON.stringify(errorBody(code, message));
  const reason = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' }[
    status
  ];
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/** "/identifiers/0/kind" -> "identifiers[0].kind" */
function fieldName(instancePath: string): string {
  return instancePath
    .split('/')
    .filter(Boolean)
    .reduce((name, part) => (/^\d+$/.test(part) ? `${name}[${part}]` : name ? `${name}.${part}` : part), '');
}

/** JSON is UTF-8 (RFC 8259): bytes that are not are refused, not silently replaced by U+FFFD. */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export const errorsPlugin = fp(
  async (app: FastifyInstance) => {
    const parseJson = app.getDefaultJsonParser('error', 'error');
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
      let text: string;
      try {
        text = strictUtf8.decode(body as Buffer);
      } catch {
        done(new AppError('INVALID_JSON', 'body: not valid UTF-8'), undefined);
        return;
      }
      parseJson(request, text, done);
    });
    app.addHook('onRequest', async (request) => {
      if (request.url.length > MAX_URL_LENGTH) {
        throw new AppError(
          'URI_TOO_LONG',
          `url: longer than the ${MAX_URL_LENGTH} characters any route takes`,
        );
      }
    });
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
        // Fastify's own refusals: their messages may quote a header, so a fixed sentence instead.
        const message = error.code?.startsWith('FST_') ? 'request: refused' : error.message;
        return reply.status(error.statusCode).send(errorBody('VALIDATION_FAILED', message));
      }
      if (isDependencyOutage(error)) {
        request.log.warn({ err: { name: error.name, code: error.code } }, 'dependency unavailable');
        return reply
          .status(ERROR_CODES.DEPENDENCY_UNAVAILABLE)
          .header('retry-after', '5')
          .send(errorBody('DEPENDENCY_UNAVAILABLE', 'storage or queue unavailable; try again shortly'));
      }
      request.log.error({ err: { name: error.name, code: error.code } }, 'request failed');
      return reply.status(500).send(errorBody('INTERNAL', 'internal error'));
    });
    // The path is not repeated: it may be what someone typed in place of a scan id.
    app.setNotFoundHandler((_request, reply) => {
      reply.status(404).send(errorBody('NOT_FOUND', 'no such route'));
    });
  },
  { name: 'errors' },
);
