import { createRequire } from 'node:module';
import type Picomatch from 'picomatch';
import type { OperationRef } from '../checker/change.js';

let picomatchModule: typeof Picomatch | undefined;
/** `picomatch`, required on first use: only configs with operation globs need it, not every run. */
function picomatch(): typeof Picomatch {
  return (picomatchModule ??= createRequire(import.meta.url)('picomatch') as typeof Picomatch);
}

const METHODS = new Set(['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE']);

/** Path parameter names are erased on both sides, so `/books/{id}` still matches after a rename to `{bookId}`. */
function erasePathParameters(path: string): string {
  return path.replace(/\{[^}/]*\}/g, '{}');
}

/**
 * Compiles an operation glob `<METHOD|*> <path glob>` (`GET /internal/**`, `* /admin/*`) into a
 * predicate. Braces are literal (they are path parameters in OpenAPI, not alternatives); `*`
 * matches one path segment, `**` any number. Throws an Error with a readable message on a bad glob.
 */
export function compileOperationGlob(glob: string): (operation: OperationRef) => boolean {
  const match = /^\s*(\S+)\s+(\S+)\s*$/.exec(glob);
  if (!match) throw new Error(`${JSON.stringify(glob)} is not "<METHOD> <path>", e.g. "GET /internal/**" or "* /admin/*"`);
  const method = match[1]!.toUpperCase();
  const pathGlob = match[2]!;
  if (method !== '*' && !METHODS.has(method)) {
    throw new Error(`${JSON.stringify(match[1])} is not an HTTP method or "*"`);
  }
  if (!pathGlob.startsWith('/') && !pathGlob.startsWith('*')) {
    throw new Error(`path ${JSON.stringify(pathGlob)} must start with "/"`);
  }
  let isPathMatch: (path: string) => boolean;
  try {
    isPathMatch = picomatch()(erasePathParameters(pathGlob), { nobrace: true, strictBrackets: true, dot: true });
  } catch (error) {
    throw new Error(`bad path glob ${JSON.stringify(pathGlob)}: ${(error as Error).message}`);
  }
  return (operation) =>
    (method === '*' || operation.method.toUpperCase() === method) && isPathMatch(erasePathParameters(operation.path));
}
