/*
 * Refusals of the Pact Broker API. They are the app's refusals (`sendError`: the same codes,
 * statuses, messages and `Retry-After`) with one field more, `errors`: the Pact CLI (the Rust
 * broker client) prints the strings of an `errors` list when a request fails, and would show
 * only the status without it.
 */
import type { RouteOptions } from 'fastify';
import type { ErrorExtras } from '../plugins/errors.js';
import { BrokerErrorBody, errorResponse, ref } from '../schemas.js';

/** Adds the `errors` list the Pact clients print to a refusal. */
export const brokerErrors: ErrorExtras = (error) => ({ errors: [error.message] });

const READ_STATUSES = [400, 401, 404, 500, 503];
const WRITE_STATUSES = [400, 401, 403, 404, 409, 413, 415, 500, 503];

/**
 * An `onRoute` hook declaring the refusals of a Broker API route in its response schema, so
 * `/openapi.json` lists them and the serialiser keeps the `errors` list. Statuses a route
 * declares itself are left alone.
 */
export function declareBrokerErrors(route: RouteOptions): void {
  const response = route.schema?.response as Record<string, unknown> | undefined;
  if (!route.schema || !response) return;
  const methods = Array.isArray(route.method) ? route.method : [route.method];
  const reads = methods.every((method) => method === 'GET' || method === 'HEAD');
  const declared = { ...response };
  for (const status of reads ? READ_STATUSES : WRITE_STATUSES) {
    if (!(String(status) in declared)) declared[status] = errorResponse(status, ref(BrokerErrorBody));
  }
  route.schema = { ...route.schema, response: declared };
}
