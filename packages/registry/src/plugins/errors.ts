import fp from 'fastify-plugin';
import type { FastifyError, FastifyPluginAsync } from 'fastify';
import { isRollgateError } from '@rollgate/openapi';
import { retryAfterFor, statusForCode } from '../errors.js';

/** The body of every 4xx and 5xx answer. */
export interface ErrorBody {
  error: { code: string; message: string };
}

// Fastify's own client errors, renamed to the registry's stable vocabulary by status.
const CODE_BY_STATUS: Record<number, string> = {
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  406: 'NOT_ACCEPTABLE',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
};

function isFastifyError(error: unknown): error is FastifyError {
  return error instanceof Error && typeof (error as FastifyError).statusCode === 'number';
}

const errorsPlugin: FastifyPluginAsync = async (app) => {
  app.setErrorHandler<Error>(async (error, request, reply) => {
    if (isRollgateError(error)) {
      const status = statusForCode(error.code);
      const retryAfter = retryAfterFor(error);
      if (retryAfter !== undefined) reply.header('retry-after', String(retryAfter));
      const where = error.details.line !== undefined ? ` (line ${error.details.line})` : '';
      request.log.info({ code: error.code, status }, 'request refused');
      return reply.status(status).send({ error: { code: error.code, message: `${error.message}${where}` } });
    }
    if (isFastifyError(error) && error.statusCode !== undefined && error.statusCode < 500) {
      const code = CODE_BY_STATUS[error.statusCode] ?? 'BAD_REQUEST';
      request.log.info({ code, status: error.statusCode }, 'request refused');
      return reply.status(error.statusCode).send({ error: { code, message: error.message } });
    }
    // A bug: the log keeps the stack, the client gets no internals.
    request.log.error({ err: error }, 'request failed');
    return reply.status(500).send({ error: { code: 'INTERNAL', message: 'internal error; see the registry log' } });
  });

  app.setNotFoundHandler(async (request, reply) => {
    return reply.status(404).send({ error: { code: 'NOT_FOUND', message: `no route ${request.method} ${request.url.split('?')[0]}` } });
  });
};

/** One error handler for the app: typed errors to 4xx `{ error: { code, message } }`, bugs to a bare 500. */
export default fp(errorsPlugin, { name: 'rollgate-errors' });
