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

const matcherCache = new Map<string, RegExp | null>();

/**
 * A Pact `regex` matcher's expression as a JavaScript one that must match the whole value, as
 * Pact's own implementations (Java's `matches()`, Rust's anchored match) use it. Their dialects'
 * leading inline flags (`(?i)`, `(?s)`, `(?m)`) become flags, and `\A`, `\z`, `\Z` anchors;
 * undefined when the expression still does not compile.
 */
export function compileMatcherRegex(source: string): RegExp | undefined {
  let regex = matcherCache.get(source);
  if (regex === undefined) {
    let body = source;
    let flags = '';
    const inline = /^\(\?([imsx]+)\)/.exec(body);
    if (inline && !inline[1]!.includes('x')) {
      flags = [...new Set(inline[1])].join('');
      body = body.slice(inline[0].length);
    }
    body = body.replace(/(^|[^\\])\\A/g, '$1^').replace(/(^|[^\\])\\[zZ]/g, '$1$');
    regex = tryRegex(`^(?:${body})$`, `u${flags}`) ?? tryRegex(`^(?:${body})$`, flags) ?? null;
    matcherCache.set(source, regex);
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
