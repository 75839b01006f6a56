import fp from 'fastify-plugin';
import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { isRollgateError } from '@rollgate/openapi';
import { RegistryError, retryAfterFor, statusForCode } from '../errors.js';
import { MAX_NAME_LENGTH } from '../schemas.js';

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

interface Refusal {
  status: number;
  code: string;
  message: string;
}

function isFastifyError(error: unknown): error is FastifyError {
  return error instanceof Error && typeof (error as FastifyError).statusCode === 'number';
}

function bytes(count: number): string {
  const mb = count / (1024 * 1024);
  return mb >= 1 ? `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB (${count} bytes)` : `${count} bytes`;
}

// Fastify's messages name its own internals ("Request body is too large"); a client needs to know
// what was wrong with its request and, where it can, what to do instead.
function fastifyRefusal(error: FastifyError, request: FastifyRequest): Refusal {
  const status = error.statusCode ?? 400;
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE': {
      const limit = request.routeOptions.bodyLimit ?? request.server.initialConfig.bodyLimit;
      const sent = Number(request.headers['content-length']);
      const body = Number.isSafeInteger(sent) && sent > 0 ? `the request body (${bytes(sent)})` : 'the request body';
      const over = limit !== undefined ? `is over the registry's limit of ${bytes(limit)}` : "is over the registry's limit";
      return {
        status: 413,
        code: 'PAYLOAD_TOO_LARGE',
        message: `${body} ${over}; whoever runs the registry can raise it with \`rollgate serve --body-limit <bytes>\` (the \`bodyLimit\` option of startServer and buildApp)`,
      };
    }
    case 'FST_ERR_MAX_PARAM_LENGTH':
      // Only a segment far past every schema's limit gets here (see MAX_PARAM_LENGTH in app.ts).
      return { status: 400, code: 'BAD_REQUEST', message: `a segment of the path is longer than ${MAX_NAME_LENGTH} characters, the most a name may have` };
    case 'FST_ERR_BAD_URL':
      return { status: 400, code: 'BAD_REQUEST', message: `the path ${JSON.stringify(request.url.split('?')[0])} is not validly percent-encoded` };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE': {
      const type = request.headers['content-type'];
      return {
        status: 415,
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: `${type ? `content type ${JSON.stringify(type)}` : 'a body without a content type'} is not accepted here; send JSON with "Content-Type: application/json"`,
      };
    }
    default:
      return { status, code: CODE_BY_STATUS[status] ?? 'BAD_REQUEST', message: error.message };
  }
}

// Parsers put the line in the message themselves (`name:12: invalid YAML`); say it only once.
function withLine(message: string, line: number | undefined): string {
  if (line === undefined || message.includes(`:${line}:`) || new RegExp(`\\bline ${line}\\b`).test(message)) return message;
  return `${message} (line ${line})`;
}

/**
 * Fields a scope adds beside `error` in its refusals, from the same code and message: the Pact
 * Broker API adds the `errors` list the Pact clients print.
 */
export type ErrorExtras = (error: ErrorBody['error']) => Record<string, unknown>;

/**
 * Answers a failed request with `{ error: { code, message } }`: typed errors and Fastify's client
 * errors as 4xx with a stable code, anything else as a bare 500 (a bug; the log keeps the stack).
 * The app's error handler, its `frameworkErrors` (router failures) and the Pact Broker API's
 * handler (with `extras`) all end here.
 */
export function sendError(error: Error, request: FastifyRequest, reply: FastifyReply, extras?: ErrorExtras): FastifyReply {
  const body = (status: number, code: string, message: string) => {
    const refused = { code, message };
    return reply.status(status).send({ error: refused, ...extras?.(refused) });
  };
  let refusal: Refusal | undefined;
  if (isRollgateError(error)) {
    // The store's INVALID_INPUT is a malformed field of the request, as the HTTP API names it.
    const code = error.code === 'INVALID_INPUT' ? 'BAD_REQUEST' : error.code;
    refusal = { status: statusForCode(code), code, message: withLine(error.message, error.details.line) };
    const retryAfter = retryAfterFor(error);
    if (retryAfter !== undefined) reply.header('retry-after', String(retryAfter));
  } else if (isFastifyError(error) && error.statusCode !== undefined && error.statusCode < 500) {
    refusal = fastifyRefusal(error, request);
  }
  if (refusal) {
    request.log.info({ code: refusal.code, status: refusal.status }, 'request refused');
    return body(refusal.status, refusal.code, refusal.message);
  }
  request.log.error({ err: error }, 'request failed');
  return body(500, 'INTERNAL', 'internal error; see the registry log');
}

const errorsPlugin: FastifyPluginAsync = async (app) => {
  app.setErrorHandler<Error>(async (error, request, reply) => sendError(error, request, reply));

  app.setNotFoundHandler(async (request) => {
    throw new RegistryError('NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`);
  });
};

/** One error handler for the app: typed errors to 4xx `{ error: { code, message } }`, bugs to a bare 500. */
export default fp(errorsPlugin, { name: 'rollgate-errors' });
