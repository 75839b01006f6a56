/** Escapes one JSON pointer token (`~` then `/`, as RFC 6901 orders it). */
export function escapeToken(token: string): string {
  const tilde = token.indexOf('~') !== -1;
  if (!tilde && token.indexOf('/') === -1) return token;
  return (tilde ? token.replaceAll('~', '~0') : token).replaceAll('/', '~1');
}

/** Unescapes one JSON pointer token. */
function unescapeToken(token: string): string {
  if (token.indexOf('~') === -1) return token;
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Appends tokens to a pointer: `child('/paths', '/books')` is `/paths/~1books`. */
export function child(pointer: string, ...tokens: (string | number)[]): string {
  let out = pointer;
  for (let i = 0; i < tokens.length; i++) out += '/' + escapeToken(String(tokens[i]));
  return out;
}

/** Splits a pointer into unescaped tokens; `''` (the root) has none. */
export function splitPointer(pointer: string): string[] {
  if (pointer === '' || pointer === '#') return [];
  const body = pointer.startsWith('#') ? pointer.slice(1) : pointer;
  return body.slice(1).split('/').map(unescapeToken);
}

/**
 * Turns an internal `$ref` (`#/components/schemas/Book`) into a JSON pointer, undoing the URI
 * percent-encoding a fragment may carry. Returns undefined for external references.
 */
export function refToPointer(ref: string): string | undefined {
  if (!ref.startsWith('#')) return undefined;
  const fragment = ref.slice(1);
  if (!fragment.includes('%')) return fragment;
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}

/** The value at a JSON pointer, or undefined when any step is missing. */
export function getAtPointer(document: unknown, pointer: string): unknown {
  let node: unknown = document;
  for (const token of splitPointer(pointer)) {
    if (node === null || typeof node !== 'object') return undefined;
    if (Array.isArray(node)) {
      if (!/^(0|[1-9]\d*)$/.test(token)) return undefined;
      node = node[Number(token)];
    } else {
      if (!Object.prototype.hasOwnProperty.call(node, token)) return undefined;
      node = (node as Record<string, unknown>)[token];
    }
  }
  return node;
}

/** True for a plain JSON object (not an array, not null). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
