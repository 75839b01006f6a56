import { RollgateError } from '@rollgate/openapi';

/** The current time as the store writes it: ISO-8601 in UTC with milliseconds. */
export function now(): string {
  return new Date().toISOString();
}

/** A timestamp column as an ISO string, whichever dialect read it. */
export function iso(value: Date | string): string {
  return value instanceof Date ? value.toISOString() : value;
}

/** A nullable timestamp column as an ISO string or null. */
export function isoOrNull(value: Date | string | null): string | null {
  return value === null ? null : iso(value);
}

/** A boolean column (0/1 on SQLite). */
export function bool(value: boolean | number): boolean {
  return value === true || value === 1;
}

/** A count (PostgreSQL returns bigint counts as strings). */
export function num(value: string | number | bigint | null | undefined): number {
  return value === null || value === undefined ? 0 : Number(value);
}

/** Code-unit order, the same on every dialect and locale. */
export function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const MAX_NAME_LENGTH = 255;

/**
 * Checks a name users chose (service, version, environment, tag, branch, instance): non-empty,
 * at most 255 characters, no surrounding spaces and no control characters, so it reads the
 * same in URLs, logs and tables.
 */
export function checkName(field: string, value: unknown): string {
  if (typeof value !== 'string') throw invalidInput(field, `must be a string, got ${value === null ? 'null' : typeof value}`);
  if (value.length === 0) throw invalidInput(field, 'must not be empty');
  // Characters are code points, as the HTTP schemas and PostgreSQL count them, not UTF-16 units.
  if (value.length > MAX_NAME_LENGTH) {
    const characters = codePoints(value);
    if (characters > MAX_NAME_LENGTH) throw invalidInput(field, `must be at most ${MAX_NAME_LENGTH} characters, got ${characters}`);
  }
  if (value.trim() !== value) throw invalidInput(field, `must not start or end with spaces: ${JSON.stringify(value)}`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) throw invalidInput(field, `must not contain control characters: ${JSON.stringify(value)}`);
  return value;
}

/** How many code points `value` holds. */
function codePoints(value: string): number {
  let count = 0;
  for (const _ of value) count++;
  return count;
}

/** Checks an optional free-text value (commit, URL, display name): at most 2,048 characters. */
export function checkText(field: string, value: unknown): string {
  if (typeof value !== 'string') throw invalidInput(field, `must be a string, got ${value === null ? 'null' : typeof value}`);
  if (value.length > 2048) throw invalidInput(field, `must be at most 2048 characters, got ${value.length}`);
  return value;
}

/** A sha256 as the store writes it. */
export function checkHash(field: string, value: unknown): string {
  if (typeof value !== 'string' || !/^[0-9a-f]{64}$/.test(value)) {
    throw invalidInput(field, `must be a sha256 in lower-case hex, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** Bad input to a store method. */
export function invalidInput(field: string, problem: string): RollgateError {
  return new RollgateError('INVALID_INPUT', `${field} ${problem}`, { pointer: field });
}

/** A write refers to something the store does not have. */
export function notFound(what: string, name: string): RollgateError {
  return new RollgateError('NOT_FOUND', `unknown ${what} ${JSON.stringify(name)}`);
}

/**
 * The database stayed locked by another writer past the wait allowed (SQLite's busy timeout,
 * PostgreSQL's lock_timeout). Nothing was written; the same request may succeed a moment later,
 * which is why the HTTP layer answers 503 with `Retry-After` rather than 500.
 */
export class StoreBusyError extends RollgateError {
  /** Seconds a client should wait before trying again. */
  readonly retryAfterSeconds = 1;
  constructor(message: string) {
    super('STORE_BUSY', message);
  }
}

/** A `StoreBusyError` for a database location, keeping the driver's message. */
export function storeBusy(location: string, cause: Error): StoreBusyError {
  return new StoreBusyError(`the database at ${location} is locked by another writer (${cause.message || 'busy'}); nothing was written, try again`);
}
