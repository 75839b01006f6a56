/** True for a JSON object (not an array, not null). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const regexCache = new Map<string, RegExp | null>();

/**
 * Compiles a regular expression written for another engine (Java in pacts, ECMA-262 in OpenAPI):
 * with the `u` flag when it allows, else without, since many patterns escape characters `u` rejects.
 * Undefined when JavaScript cannot compile it at all. Compiled once per source text.
 */
export function compileRegex(source: string): RegExp | undefined {
  let regex = regexCache.get(source);
  if (regex === undefined) {
    regex = tryRegex(source, 'u') ?? tryRegex(source, '') ?? null;
    regexCache.set(source, regex);
  }
  return regex ?? undefined;
}

function tryRegex(source: string, flags: string): RegExp | undefined {
  try {
    return new RegExp(source, flags);
  } catch {
    return undefined;
  }
}

/** Decodes URL-encoded text (`+` is a space); text that is not valid percent-encoding stays as written. */
export function decodeForm(text: string): string {
  try {
    return decodeURIComponent(text.replaceAll('+', ' '));
  } catch {
    return text;
  }
}

/** The decoded `key=value` pairs of a query string or a form body, in order; a key without `=` has the value `''`. */
export function formPairs(text: string): [key: string, value: string][] {
  const pairs: [string, string][] = [];
  for (const part of text.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    pairs.push([decodeForm(eq === -1 ? part : part.slice(0, eq)), eq === -1 ? '' : decodeForm(part.slice(eq + 1))]);
  }
  return pairs;
}
