import { RollgateError } from '@rollgate/openapi';

/** Stable error codes the registry answers with, beside the spec and pact codes of the libraries. */
export type RegistryErrorCode =
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'BAD_REQUEST'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE';

const STATUS_BY_CODE: Record<string, number> = {
  NOT_FOUND: 404,
  CONFLICT: 409,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  BAD_REQUEST: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  // The database stayed locked by another writer: nothing was done, the client may retry.
  STORE_BUSY: 503,
};

/** An expected failure of a registry request, answered as a 4xx with this code. */
export class RegistryError extends RollgateError {
  constructor(code: RegistryErrorCode, message: string) {
    super(code, message);
  }
}

/** The HTTP status for a `RollgateError` code: its own for registry codes, 400 for bad input otherwise. */
export function statusForCode(code: string): number {
  return STATUS_BY_CODE[code] ?? 400;
}

/** A 404 naming what was looked for, e.g. `unknown service "A"`. */
export function notFound(what: string, name: string): RegistryError {
  return new RegistryError('NOT_FOUND', `unknown ${what} "${name}"`);
}

/** Seconds after which a refused request may be retried (the `Retry-After` header), when that helps. */
export function retryAfterFor(error: { code: string }): number | undefined {
  const seconds = (error as { retryAfterSeconds?: unknown }).retryAfterSeconds;
  return error.code === 'STORE_BUSY' ? (typeof seconds === 'number' ? seconds : 1) : undefined;
}
