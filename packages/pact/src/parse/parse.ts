import { RollgateError, deepestContainer, escapeToken, printable, shortPointer } from '@rollgate/openapi';
import { baseMediaType, isJsonLike } from '../media.js';
import { compileMatcherRegex, formPairs, isObject } from '../shared.js';
import type {
  ArrayContainsVariant,
  Matcher,
  MatchingRules,
  Pact,
  PactBody,
  PactInteraction,
  PactRequest,
  PactResponse,
  ProviderState,
  RuleEntry,
  RuleSet,
  UnsupportedInteraction,
} from './types.js';

type Json = Record<string, unknown>;

/** Objects and arrays a pact may nest, the document itself included: far beyond any real body. */
export const MAX_DEPTH = 256;

const METHODS = new Set(['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE', 'CONNECT']);

/** Where we are in the document, so every error names the pact, the interaction and the field. */
interface Context {
  name: string;
  where: string;
}

function fail(ctx: Context, pointer: string, message: string): never {
  throw new RollgateError('PACT_INVALID', `${ctx.name}: ${ctx.where ? `${ctx.where}: ` : ''}${message}`, {
    file: ctx.name,
    pointer,
  });
}

/**
 * Parses a pact file of specification v2, v3 or v4 into one normalised shape.
 * Message and plugin interactions are listed in `unsupported`; malformed input throws `PACT_INVALID`.
 */
export function parsePact(input: string | object, name = 'pact'): Pact {
  const ctx: Context = { name, where: '' };
  const doc = typeof input === 'string' ? parseJson(input, ctx) : input;
  if (!isObject(doc)) fail(ctx, '', 'a pact must be a JSON object');
  // Bodies are compared with schemas recursively; refuse what would exhaust the stack, up front.
  const deepest = deepestContainer(doc);
  if (deepest.depth > MAX_DEPTH) {
    fail(ctx, deepest.pointer, `nests ${deepest.depth} levels deep at ${shortPointer(deepest.pointer)}; a pact may nest at most ${MAX_DEPTH} levels`);
  }

  const consumer = participant(doc, 'consumer', ctx);
  const provider = participant(doc, 'provider', ctx);
  const metadata = isObject(doc.metadata) ? doc.metadata : {};
  const declared = declaredVersion(metadata);
  const specMajor = majorOf(declared, doc, ctx);

  const interactions: PactInteraction[] = [];
  const unsupported: UnsupportedInteraction[] = [];
  if (doc.interactions !== undefined && !Array.isArray(doc.interactions)) {
    fail(ctx, '/interactions', '"interactions" must be an array');
  }
  if (doc.interactions === undefined && doc.messages === undefined) {
    fail(ctx, '', 'no "interactions" (nor "messages") array');
  }
  const raw = (doc.interactions ?? []) as unknown[];
  for (const [index, item] of raw.entries()) {
    const pointer = `/interactions/${index}`;
    const itemCtx: Context = { name, where: `interaction ${index}` };
    if (!isObject(item)) fail(itemCtx, pointer, 'must be an object');
    const description = typeof item.description === 'string' ? item.description : '';
    if (!description) fail(itemCtx, `${pointer}/description`, '"description" is missing');
    itemCtx.where = `interaction ${index} (${JSON.stringify(description)})`;
    const type = typeof item.type === 'string' ? item.type : 'Synchronous/HTTP';
    if (specMajor === 4 && type !== 'Synchronous/HTTP') {
      unsupported.push({ index, pointer, description, type, reason: `${type} interactions are not checked against OpenAPI` });
      continue;
    }
    if (hasPlugin(item)) {
      unsupported.push({ index, pointer, description, type, reason: 'interactions driven by a Pact plugin are not checked yet' });
      continue;
    }
    interactions.push(parseInteraction(item, index, description, specMajor, itemCtx));
  }
  if (Array.isArray(doc.messages)) {
    for (const [index, item] of doc.messages.entries()) {
      const description = isObject(item) && typeof item.description === 'string' ? item.description : `message ${index}`;
      unsupported.push({
        index,
        pointer: `/messages/${index}`,
        description,
        type: 'Asynchronous/Messages',
        reason: 'message interactions are not checked against OpenAPI',
      });
    }
  }

  return {
    name,
    consumer,
    provider,
    specification: declared ?? `${specMajor}.0.0`,
    specMajor,
    interactions,
    unsupported,
  };
}

function parseJson(text: string, ctx: Context): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(message);
    let line: number | undefined;
    if (position?.[1]) line = text.slice(0, Number(position[1])).split('\n').length;
    // V8 quotes the offending text, which in a binary file holds control characters a terminal would act on.
    throw new RollgateError('PACT_INVALID', `${ctx.name}: not valid JSON (${printable(message)})`, {
      file: ctx.name,
      ...(line === undefined ? {} : { line }),
    });
  }
}

function participant(doc: Json, key: 'consumer' | 'provider', ctx: Context): string {
  const value = doc[key];
  if (!isObject(value) || typeof value.name !== 'string' || value.name === '') {
    fail(ctx, `/${key}/name`, `"${key}.name" is missing`);
  }
  return value.name;
}

function declaredVersion(metadata: Json): string | undefined {
  for (const key of ['pactSpecification', 'pact-specification']) {
    const entry = metadata[key];
    if (isObject(entry) && typeof entry.version === 'string') return entry.version;
  }
  if (typeof metadata.pactSpecificationVersion === 'string') return metadata.pactSpecificationVersion;
  return undefined;
}

function majorOf(declared: string | undefined, doc: Json, ctx: Context): 2 | 3 | 4 {
  if (declared !== undefined) {
    const major = Number.parseInt(declared, 10);
    if (major === 1 || major === 2) return 2;
    if (major === 3 || major === 4) return major;
    fail(ctx, '/metadata/pactSpecification/version', `unsupported Pact specification version "${declared}"`);
  }
  // Undeclared: infer from the shape (v4 interactions carry a type; v3 nests matching rules by category).
  const interactions = Array.isArray(doc.interactions) ? doc.interactions : [];
  if (interactions.some((item) => isObject(item) && typeof item.type === 'string')) return 4;
  const nested = interactions.some((item) => {
    if (!isObject(item)) return false;
    return [item.request, item.response].some(
      (part) => isObject(part) && isObject(part.matchingRules) && isObject(part.matchingRules.body),
    );
  });
  return nested || Array.isArray(doc.messages) ? 3 : 2;
}

function hasPlugin(item: Json): boolean {
  return isObject(item.pluginConfiguration) && Object.keys(item.pluginConfiguration).length > 0;
}

function parseInteraction(item: Json, index: number, description: string, major: 2 | 3 | 4, ctx: Context): PactInteraction {
  const pointer = `/interactions/${index}`;
  const request = item.request;
  const response = item.response;
  if (!isObject(request)) fail(ctx, `${pointer}/request`, '"request" is missing');
  if (!isObject(response)) fail(ctx, `${pointer}/response`, '"response" is missing');
  const interaction: PactInteraction = {
    index,
    pointer,
    description,
    providerStates: providerStates(item, pointer, ctx),
    pending: item.pending === true,
    request: parseRequest(request, `${pointer}/request`, major, ctx),
    response: parseResponse(response, `${pointer}/response`, major, ctx),
  };
  if (typeof item.key === 'string') interaction.key = item.key;
  return interaction;
}

function providerStates(item: Json, pointer: string, ctx: Context): ProviderState[] {
  if (Array.isArray(item.providerStates)) {
    return item.providerStates.map((state, i) => {
      if (!isObject(state) || typeof state.name !== 'string') {
        fail(ctx, `${pointer}/providerStates/${i}`, `providerStates[${i}] needs a "name"`);
      }
      return isObject(state.params) ? { name: state.name, params: state.params } : { name: state.name };
    });
  }
  for (const key of ['providerState', 'provider_state']) {
    const value = item[key];
    if (typeof value === 'string' && value !== '') return [{ name: value }];
  }
  return [];
}

function parseRequest(raw: Json, pointer: string, major: 2 | 3 | 4, ctx: Context): PactRequest {
  if (typeof raw.method !== 'string' || !METHODS.has(raw.method.toUpperCase())) {
    fail(ctx, `${pointer}/method`, `request.method ${JSON.stringify(raw.method)} is not an HTTP method`);
  }
  if (typeof raw.path !== 'string' || !raw.path.startsWith('/')) {
    fail(ctx, `${pointer}/path`, `request.path ${JSON.stringify(raw.path)} must be a string starting with "/"`);
  }
  const request: PactRequest = {
    method: raw.method.toUpperCase(),
    path: raw.path,
    query: parseQuery(raw.query, `${pointer}/query`, ctx),
    headers: parseHeaders(raw.headers, `${pointer}/headers`, 'request', ctx),
    matchingRules: parseMatchingRules(raw.matchingRules, `${pointer}/matchingRules`, major, 'request', ctx),
    generators: isObject(raw.generators) ? raw.generators : {},
  };
  const body = parseBody(raw, pointer, request.headers, major, 'request', ctx);
  if (body) request.body = body;
  return request;
}

function parseResponse(raw: Json, pointer: string, major: 2 | 3 | 4, ctx: Context): PactResponse {
  const status = raw.status;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599) {
    fail(ctx, `${pointer}/status`, `response.status ${JSON.stringify(status)} must be an integer from 100 to 599`);
  }
  const response: PactResponse = {
    status,
    headers: parseHeaders(raw.headers, `${pointer}/headers`, 'response', ctx),
    matchingRules: parseMatchingRules(raw.matchingRules, `${pointer}/matchingRules`, major, 'response', ctx),
    generators: isObject(raw.generators) ? raw.generators : {},
  };
  const body = parseBody(raw, pointer, response.headers, major, 'response', ctx);
  if (body) response.body = body;
  return response;
}

function parseQuery(raw: unknown, pointer: string, ctx: Context): Record<string, string[]> {
  if (raw === undefined || raw === null || raw === '') return {};
  if (typeof raw !== 'string') return stringLists(raw, pointer, 'request.query', 'query parameter', ctx);
  // v2 form: the raw query string, still URL-encoded.
  const query: Record<string, string[]> = {};
  for (const [key, value] of formPairs(raw)) (query[key] ??= []).push(value);
  return query;
}

function parseHeaders(raw: unknown, pointer: string, side: string, ctx: Context): Record<string, string[]> {
  if (raw === undefined || raw === null) return {};
  return stringLists(raw, pointer, `${side}.headers`, `${side} header`, ctx);
}

/** An object of strings or string arrays (v3/v4 query, headers), every value as an array. */
function stringLists(raw: unknown, pointer: string, field: string, noun: string, ctx: Context): Record<string, string[]> {
  if (!isObject(raw)) fail(ctx, pointer, `${field} must be ${noun === 'query parameter' ? 'a string or ' : ''}an object`);
  const out: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value === 'string') out[key] = [value];
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) out[key] = value as string[];
    else fail(ctx, `${pointer}/${escapeToken(key)}`, `${noun} "${key}" must be a string or an array of strings`);
  }
  return out;
}

/** The name a header is written with in the pact, looked up case-insensitively. */
export function headerName(headers: Record<string, string[]>, name: string): string | undefined {
  const lower = name.toLowerCase();
  return Object.keys(headers).find((key) => key.toLowerCase() === lower);
}

/** Values of a header, looked up case-insensitively. */
export function headerValues(headers: Record<string, string[]>, name: string): string[] | undefined {
  const key = headerName(headers, name);
  return key === undefined ? undefined : headers[key];
}

/** The media type of a request or response: its Content-Type header, else the v4 body's `contentType`. */
export function contentTypeOf(part: { headers: Record<string, string[]>; body?: PactBody }): string | undefined {
  return headerValues(part.headers, 'content-type')?.[0] ?? part.body?.contentType;
}

/** The body of a request or response when there is one: pact writers use `""` and `null` for "no body". */
export function presentBody(body: PactBody | undefined): PactBody | undefined {
  if (!body || body.content === undefined || body.content === null || body.content === '') return undefined;
  return body;
}

/** Cookies of `Cookie` header values by name (`a=1; b=2`); a pair without `=` names no cookie. */
export function parseCookies(values: readonly string[] | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const value of values ?? []) {
    for (const pair of value.split(';')) {
      const eq = pair.indexOf('=');
      if (eq > 0) out.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  }
  return out;
}

function parseBody(
  raw: Json,
  pointer: string,
  headers: Record<string, string[]>,
  major: 2 | 3 | 4,
  side: string,
  ctx: Context,
): PactBody | undefined {
  if (!('body' in raw) || raw.body === undefined) return undefined;
  const headerType = headerValues(headers, 'content-type')?.[0];
  if (major === 4) {
    const body = raw.body;
    if (body === null) return undefined;
    if (!isObject(body) || !('content' in body)) {
      fail(ctx, `${pointer}/body`, `${side}.body of a v4 pact must be an object with "content"`);
    }
    const contentType = typeof body.contentType === 'string' ? body.contentType : headerType;
    let content: unknown = body.content;
    if (body.encoded === 'base64' && typeof content === 'string') {
      content = Buffer.from(content, 'base64').toString('utf8');
    } else if ((body.encoded === 'json' || body.encoded === true) && typeof content === 'string') {
      try {
        content = JSON.parse(content);
      } catch {
        fail(ctx, `${pointer}/body/content`, `${side}.body is marked JSON-encoded but does not parse as JSON`);
      }
    }
    if (typeof content === 'string' && contentType && isJsonMediaType(contentType)) content = tryJson(content);
    return { content, ...(contentType ? { contentType } : {}), pointer: `${pointer}/body/content` };
  }
  let content: unknown = raw.body;
  // Older pact writers store JSON bodies as strings; read them as JSON when the media type says so.
  if (typeof content === 'string' && headerType && isJsonMediaType(headerType)) content = tryJson(content);
  return { content, ...(headerType ? { contentType: headerType } : {}), pointer: `${pointer}/body` };
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * True for media types whose bodies pacts may store as JSON text: JSON ones (`application/json`,
 * `application/problem+json`) and ranges that include them (`*\/*`, `application/*`).
 */
export function isJsonMediaType(mediaType: string): boolean {
  const base = baseMediaType(mediaType);
  return isJsonLike(base) || base === '*/*' || base === 'application/*';
}

const EMPTY_RULES = (): MatchingRules => ({ body: {}, header: {}, query: {} });

function parseMatchingRules(raw: unknown, pointer: string, major: 2 | 3 | 4, side: string, ctx: Context): MatchingRules {
  const rules = EMPTY_RULES();
  if (raw === undefined || raw === null) return rules;
  if (!isObject(raw)) fail(ctx, pointer, `${side}.matchingRules must be an object`);
  const nested = major >= 3 || Object.values(raw).some((value) => isObject(value) && !('match' in value) && !('regex' in value) && !('min' in value) && !('max' in value));
  if (!nested) {
    // v2: flat keys `$.body.a`, `$.headers.Accept`, `$.query.q`, `$.path`.
    for (const [key, value] of Object.entries(raw)) {
      const where = `${pointer}/${escapeToken(key)}`;
      const matcher = parseMatcher(value, where, ctx);
      const entry: RuleEntry = { matchers: [matcher], combine: 'AND' };
      if (key === '$.path') rules.path = entry;
      else if (key === '$.body' || key.startsWith('$.body.') || key.startsWith('$.body[')) rules.body[`$${key.slice(6)}`] = entry;
      else if (key.startsWith('$.headers.')) rules.header[unquote(key.slice(10))] = entry;
      else if (key.startsWith('$.query.')) rules.query[unquote(key.slice(8))] = entry;
      else if (key.startsWith('$.header.')) rules.header[unquote(key.slice(9))] = entry;
    }
    return rules;
  }
  for (const [category, value] of Object.entries(raw)) {
    const where = `${pointer}/${escapeToken(category)}`;
    if (category === 'path' || category === 'status') {
      // Written directly (`{matchers: [...]}`) or, as some writers do, under one key (`$` or `""`).
      const keyed = isObject(value) && !('matchers' in value) && !('match' in value) && Object.keys(value).length === 1 && isObject(Object.values(value)[0]);
      const [key, entry] = keyed ? Object.entries(value)[0]! : [undefined, value];
      rules[category] = parseEntry(entry, key === undefined ? where : `${where}/${escapeToken(key)}`, ctx);
      continue;
    }
    const target = category === 'body' ? rules.body : category === 'header' || category === 'headers' ? rules.header : category === 'query' ? rules.query : undefined;
    if (!target) continue;
    if (!isObject(value)) fail(ctx, where, `matchingRules.${category} must be an object`);
    for (const [key, entry] of Object.entries(value)) {
      // Some writers omit the `$` of body paths or write `$.x` for headers; keep one canonical key.
      const name = category === 'body' ? (key.startsWith('$') ? key : `$.${key}`) : key.startsWith('$.') ? key.slice(2) : key;
      target[name] = parseEntry(entry, `${where}/${escapeToken(key)}`, ctx);
    }
  }
  return rules;
}

function unquote(key: string): string {
  const match = /^\[['"](.*)['"]\]$/.exec(key);
  return match?.[1] ?? key;
}

function parseEntry(raw: unknown, pointer: string, ctx: Context): RuleEntry {
  if (!isObject(raw)) fail(ctx, pointer, 'a matching rule must be an object');
  if (!Array.isArray(raw.matchers)) {
    // A bare matcher where v3 expects `{ matchers: [...] }`; pact-jvm reads it, so do we.
    return { matchers: [parseMatcher(raw, pointer, ctx)], combine: 'AND' };
  }
  const combine = raw.combine === 'OR' ? 'OR' : 'AND';
  return { matchers: raw.matchers.map((m, i) => parseMatcher(m, `${pointer}/matchers/${i}`, ctx)), combine };
}

function parseMatcher(raw: unknown, pointer: string, ctx: Context): Matcher {
  if (!isObject(raw)) fail(ctx, pointer, 'a matcher must be an object');
  let kind = typeof raw.match === 'string' ? raw.match : undefined;
  if (kind === undefined) {
    if (typeof raw.regex === 'string') kind = 'regex';
    else if (typeof raw.min === 'number' || typeof raw.max === 'number') kind = 'type';
    else fail(ctx, pointer, 'matcher has no "match" kind');
  }
  if (kind === 'datetime') kind = 'timestamp';
  if (kind === 'min' || kind === 'max') kind = 'type';
  const matcher: Matcher = { match: kind };
  if (typeof raw.min === 'number') matcher.min = raw.min;
  if (typeof raw.max === 'number') matcher.max = raw.max;
  if (kind === 'regex') {
    if (typeof raw.regex !== 'string') fail(ctx, pointer, 'regex matcher has no "regex"');
    if (!compileMatcherRegex(raw.regex)) fail(ctx, `${pointer}/regex`, `regex ${JSON.stringify(raw.regex)} does not compile`);
    matcher.regex = raw.regex;
  }
  const format = raw.format ?? raw.date ?? raw.time ?? raw.timestamp ?? raw.datetime;
  if (typeof format === 'string') matcher.format = format;
  if (typeof raw.value === 'string') matcher.value = raw.value;
  if (kind === 'arrayContains') {
    if (!Array.isArray(raw.variants)) fail(ctx, pointer, 'arrayContains matcher has no "variants"');
    matcher.variants = raw.variants.map((variant, i): ArrayContainsVariant => {
      const where = `${pointer}/variants/${i}`;
      if (!isObject(variant)) fail(ctx, where, 'an arrayContains variant must be an object');
      const rules: RuleSet = {};
      if (isObject(variant.rules)) {
        for (const [key, entry] of Object.entries(variant.rules)) {
          rules[key.startsWith('$') ? key : `$.${key}`] = parseEntry(entry, `${where}/rules/${escapeToken(key)}`, ctx);
        }
      }
      return { index: typeof variant.index === 'number' ? variant.index : i, rules };
    });
  }
  if ((kind === 'eachKey' || kind === 'eachValue') && Array.isArray(raw.rules)) {
    matcher.rules = raw.rules.map((rule, i) => parseMatcher(rule, `${pointer}/rules/${i}`, ctx));
  }
  return matcher;
}
