/** Stable error codes of the openapi package; the CLI maps every one of them to exit code 2. */
export type OpenApiErrorCode =
  | 'SPEC_NOT_FOUND'
  | 'SPEC_UNREADABLE'
  | 'SPEC_SYNTAX'
  | 'SPEC_INVALID'
  | 'SPEC_UNSUPPORTED_VERSION'
  | 'SPEC_TOO_DEEP'
  | 'REF_UNRESOLVED'
  | 'REF_REMOTE_DISALLOWED'
  | 'GIT_REVISION'
  | 'CONFIG_INVALID'
  | 'USAGE';

/** An expected failure caused by the input (a bad file, a bad flag), never by a bug. */
export class RollgateError extends Error {
  override readonly name = 'RollgateError';
  constructor(
    readonly code: OpenApiErrorCode | (string & {}),
    message: string,
    readonly details: { file?: string; line?: number; column?: number; pointer?: string } = {},
  ) {
    super(message);
  }
}

/** True for errors the CLI reports as bad input (exit 2) rather than as a crash. */
export function isRollgateError(error: unknown): error is RollgateError {
  return error instanceof RollgateError;
}
