import type {
  ApiModel,
  HeaderModel,
  MediaTypeModel,
  OperationModel,
  ParameterModel,
  ResponseModel,
  SchemaHandle,
  SecurityRequirementModel,
} from '../model/types.js';
import { isObject } from '../model/pointer.js';
import { createSchemaDiffContext, diffSchema } from './schema.js';
import type { SchemaDiff } from './schema-types.js';
import type {
  Delta,
  HeaderDiff,
  MediaTypeDiff,
  OAuthFlowDiff,
  OperationDiff,
  ParameterDiff,
  RequestBodyDiff,
  ResponseDiff,
  SchemaPair,
  SecurityDiff,
  SecurityRequirementDiff,
  SecuritySchemeDiff,
  SpecDiff,
  Changed,
} from './types.js';

export type * from './types.js';

type SchemaContext = ReturnType<typeof createSchemaDiffContext>;

/** Diffs two models structurally: operations matched by key, parameters by location and name. */
export function diffSpecs(base: ApiModel, revision: ApiModel): SpecDiff {
  const state: State = {
    schemas: createSchemaDiffContext(base, revision),
    mediaKey: mediaKeys(),
    baseServers: base.servers,
    revisionServers: revision.servers,
  };
  const operations = matchBy(base.operations, revision.operations, operationKeyOf, diffOperation, state, exactOperationKeyOf);
  const webhooks = matchBy(base.webhooks, revision.webhooks, operationKeyOf, diffOperation, state, exactOperationKeyOf);
  const callbacks = matchBy(base.callbacks, revision.callbacks, operationKeyOf, diffOperation, state, exactCallbackKeyOf);
  const securitySchemes = diffSecuritySchemes(base.securitySchemes, revision.securitySchemes);
  const info: SpecDiff['info'] = {};
  const title = change(base.spec.title, revision.spec.title);
  if (title) info.title = title;
  const version = change(base.spec.version, revision.spec.version);
  if (version) info.version = version;
  const servers = setDelta(base.servers, revision.servers);
  return {
    base,
    revision,
    info,
    servers,
    operations,
    webhooks,
    callbacks,
    securitySchemes,
    isEmpty:
      !info.title &&
      !info.version &&
      servers.added.length === 0 &&
      servers.deleted.length === 0 &&
      deltaEmpty(operations) &&
      deltaEmpty(webhooks) &&
      deltaEmpty(callbacks) &&
      deltaEmpty(securitySchemes),
  };
}

/** What one `diffSpecs` call carries down: the schema comparison and the media type keys. */
interface State {
  schemas: SchemaContext;
  mediaKey: (media: MediaTypeModel) => string;
  /** The documents' servers, which operations without their own use. */
  baseServers: readonly string[];
  revisionServers: readonly string[];
}

function operationKeyOf(op: OperationModel): string {
  return op.key;
}

/** A callback's owner, name, method and expression as written. */
function exactCallbackKeyOf(op: OperationModel): string {
  return `${op.callback?.ownerKey} ${op.callback?.name} ${op.method} ${op.path}`;
}

/** The operation's method and path as written, parameter names included. */
function exactOperationKeyOf(op: OperationModel): string {
  return `${op.method} ${op.path}`;
}

/** True when a delta holds nothing. */
function deltaEmpty<T, D>(delta: Delta<T, D>): boolean {
  return delta.added.length === 0 && delta.deleted.length === 0 && delta.modified.length === 0;
}

function emptyDelta<T, D>(): Delta<T, D> {
  return { added: [], deleted: [], modified: [] };
}

/** Lists up to this long are matched by scanning them, which costs less than a map of their keys. */
const SCAN_LIMIT = 24;

/**
 * Pairs two lists by a key; `diff` returns undefined for pairs that did not change. It gets the
 * `context` passed along, so callers need no closure per call.
 */
function matchBy<T, D, C>(
  base: readonly T[],
  revision: readonly T[],
  key: (item: T) => string,
  diff: (context: C, b: T, r: T) => D | undefined,
  context: C,
  exact?: (item: T) => string,
): Delta<T, D> {
  return matchItems(base, revision, key, diff, context, exact) ?? emptyDelta();
}

/**
 * `matchBy`, but undefined when nothing was added, deleted or modified. Items that share a key pair
 * in order: the first base item of a key with the first revision item of that key, the second with
 * the second. With `exact`, items whose exact keys agree pair before any pairing by `key`, so two
 * paths that differ only in their parameter names (`/v1/{name}` and `/v1/{parent}`) keep their own
 * partners. A base item left without a partner is deleted; a revision item left without one is added.
 */
function matchItems<T, D, C>(
  base: readonly T[],
  revision: readonly T[],
  key: (item: T) => string,
  diff: (context: C, b: T, r: T) => D | undefined,
  context: C,
  exact?: (item: T) => string,
): Delta<T, D> | undefined {
  if (revision.length > SCAN_LIMIT || exact !== undefined) return matchPaired(base, revision, key, diff, context, exact);
  let out: Delta<T, D> | undefined;
  const n = revision.length;
  const keys: string[] = new Array(n);
  for (let i = 0; i < n; i++) keys[i] = key(revision[i]!);
  // Bit i: the revision item at i has its partner.
  let matched = 0;
  for (let b = 0; b < base.length; b++) {
    const item = base[b]!;
    const k = key(item);
    let slot = -1;
    for (let i = 0; i < n; i++) {
      if (keys[i] === k && (matched & (1 << i)) === 0) {
        slot = i;
        break;
      }
    }
    if (slot === -1) {
      (out ??= emptyDelta()).deleted.push(item);
      continue;
    }
    matched |= 1 << slot;
    const d = diff(context, item, revision[slot]!);
    if (d !== undefined) (out ??= emptyDelta()).modified.push(d);
  }
  for (let i = 0; i < n; i++) if ((matched & (1 << i)) === 0) (out ??= emptyDelta()).added.push(revision[i]!);
  return out;
}

/** `matchItems` for long lists and for pairing by an exact key first, through maps of the revision's keys. */
function matchPaired<T, D, C>(
  base: readonly T[],
  revision: readonly T[],
  key: (item: T) => string,
  diff: (context: C, b: T, r: T) => D | undefined,
  context: C,
  exact: ((item: T) => string) | undefined,
): Delta<T, D> | undefined {
  // The revision index each base item pairs with, or -1; which revision items are taken.
  const partner = new Int32Array(base.length).fill(-1);
  const taken = new Uint8Array(revision.length);
  if (exact !== undefined) pairByKey(base, revision, exact, partner, taken);
  pairByKey(base, revision, key, partner, taken);
  const out: Delta<T, D> = emptyDelta();
  for (let b = 0; b < base.length; b++) {
    const slot = partner[b]!;
    if (slot === -1) {
      out.deleted.push(base[b]!);
      continue;
    }
    const d = diff(context, base[b]!, revision[slot]!);
    if (d !== undefined) out.modified.push(d);
  }
  for (let i = 0; i < revision.length; i++) if (taken[i] === 0) out.added.push(revision[i]!);
  return deltaEmpty(out) ? undefined : out;
}

/**
 * Pairs the base items still without a partner with the first revision item of the same key not
 * yet taken. The revision items of a key form a chain in document order (`next`), and each key's
 * chain head moves past taken items, so duplicates cost no rescans.
 */
function pairByKey<T>(
  base: readonly T[],
  revision: readonly T[],
  key: (item: T) => string,
  partner: Int32Array,
  taken: Uint8Array,
): void {
  const head = new Map<string, number>();
  const next = new Int32Array(revision.length);
  for (let i = revision.length - 1; i >= 0; i--) {
    const k = key(revision[i]!);
    next[i] = head.get(k) ?? -1;
    head.set(k, i);
  }
  for (let b = 0; b < base.length; b++) {
    if (partner[b] !== -1) continue;
    const k = key(base[b]!);
    let slot = head.get(k) ?? -1;
    while (slot !== -1 && taken[slot] === 1) slot = next[slot]!;
    if (slot === -1) continue;
    partner[b] = slot;
    taken[slot] = 1;
    head.set(k, next[slot]!);
  }
}

function change<T>(from: T, to: T): Changed<T> | undefined {
  return from === to ? undefined : { from, to };
}

function setDelta(base: readonly string[], revision: readonly string[]): { added: string[]; deleted: string[] } {
  if (sameStrings(base, revision)) return { added: [], deleted: [] };
  const b = new Set(base);
  const r = new Set(revision);
  return { added: revision.filter((x) => !b.has(x)), deleted: base.filter((x) => !r.has(x)) };
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The diff of an operation on both sides, or undefined when nothing changed. Most operations of
 * a document pair did not change, so the parts are compared before any diff object is made.
 */
function diffOperation(state: State, base: OperationModel, revision: OperationModel): OperationDiff | undefined {
  const parameters = diffParameters(state, base, revision);
  const responses = matchItems(base.responses, revision.responses, responseStatus, diffResponse, state);
  const security = diffSecurity(base.security, revision.security);
  const tagsChanged = !sameStrings(base.tags, revision.tags);
  let bodyChanged = false;
  let bodyDiff: RequestBodyDiff | undefined;
  if (base.requestBody && revision.requestBody) {
    bodyDiff = diffRequestBody(state, base.requestBody, revision.requestBody);
    bodyChanged = bodyDiff !== undefined;
  } else bodyChanged = base.requestBody !== revision.requestBody;
  let servers: { added: string[]; deleted: string[] } | undefined;
  if (base.servers || revision.servers) {
    const delta = setDelta(base.servers ?? state.baseServers, revision.servers ?? state.revisionServers);
    if (delta.added.length > 0 || delta.deleted.length > 0) servers = delta;
  }
  const fieldChanged =
    base.path !== revision.path ||
    base.operationId !== revision.operationId ||
    base.deprecated !== revision.deprecated ||
    base.sunset !== revision.sunset ||
    base.stability !== revision.stability;
  const tags = tagsChanged ? setDelta(base.tags, revision.tags) : undefined;
  const tagsEmpty = tags === undefined || (tags.added.length === 0 && tags.deleted.length === 0);
  if (!fieldChanged && tagsEmpty && !parameters && !bodyChanged && !responses && security.isEmpty && !servers) return undefined;

  const requestBody: OperationDiff['requestBody'] = {};
  if (base.requestBody && !revision.requestBody) requestBody.deleted = base.requestBody;
  else if (!base.requestBody && revision.requestBody) requestBody.added = revision.requestBody;
  else if (bodyDiff) requestBody.modified = bodyDiff;
  const out: OperationDiff = {
    base,
    revision,
    tags: tags ?? { added: [], deleted: [] },
    parameters: parameters ?? emptyDelta(),
    requestBody,
    responses: responses ?? emptyDelta(),
    security,
    isEmpty: false,
  };
  if (base.path !== revision.path) out.path = { from: base.path, to: revision.path };
  if (base.operationId !== revision.operationId) out.operationId = { from: base.operationId, to: revision.operationId };
  if (base.deprecated !== revision.deprecated) out.deprecated = { from: base.deprecated, to: revision.deprecated };
  if (base.sunset !== revision.sunset) out.sunset = { from: base.sunset, to: revision.sunset };
  if (base.stability !== revision.stability) out.stability = { from: base.stability, to: revision.stability };
  if (servers) out.servers = servers;
  return out;
}

function responseStatus(response: ResponseModel): string {
  return response.status;
}

/** Names of the path template's parameters in order: `/a/{x}/b/{y}` gives `x`, `y`. */
function templateNames(path: string): string[] {
  return [...path.matchAll(/\{([^}/]*)\}/g)].map((m) => m[1]!);
}

/** The same location and name (header names without case): the key parameters pair by. */
function sameKey(p: ParameterModel, location: ParameterModel['in'], name: string): boolean {
  if (p.in !== location) return false;
  return p.name === name || (location === 'header' && p.name.toLowerCase() === name.toLowerCase());
}

/**
 * Path parameters pair by their position in the template, so a rename is a modification.
 * Undefined when no parameter was added, deleted or modified.
 */
function diffParameters(state: State, base: OperationModel, revision: OperationModel): Delta<ParameterModel, ParameterDiff> | undefined {
  // Operations pair by their path with parameter names erased, so the same path text renames nothing.
  let renames: Map<string, string> | undefined;
  if (base.path !== revision.path) {
    const revisionNames = templateNames(revision.path);
    templateNames(base.path).forEach((name, i) => {
      const to = revisionNames[i];
      if (to !== undefined && to !== name) (renames ??= new Map()).set(name, to);
    });
  }
  const others = revision.parameters;
  // A revision parameter is claimed once any base parameter pairs with its key (lists are short, and
  // a model holds one parameter per key, so scanning beats a map of keys).
  const claimed: boolean[] = new Array(others.length).fill(false);
  let out: Delta<ParameterModel, ParameterDiff> | undefined;
  for (const p of base.parameters) {
    const name = (p.in === 'path' ? renames?.get(p.name) : undefined) ?? p.name;
    // The last revision parameter of a key is its partner.
    let slot = -1;
    for (let i = others.length - 1; i >= 0; i--) {
      if (sameKey(others[i]!, p.in, name)) {
        slot = i;
        break;
      }
    }
    if (slot === -1) {
      (out ??= emptyDelta()).deleted.push(p);
      continue;
    }
    for (let i = 0; i < others.length; i++) if (sameKey(others[i]!, p.in, name)) claimed[i] = true;
    const d = diffParameter(state, p, others[slot]!);
    if (d) (out ??= emptyDelta()).modified.push(d);
  }
  for (let i = 0; i < others.length; i++) if (!claimed[i]) (out ??= emptyDelta()).added.push(others[i]!);
  return out;
}

function diffParameter(state: State, base: ParameterModel, revision: ParameterModel): ParameterDiff | undefined {
  const schemaDiff = base.schema && revision.schema ? diffSchema(state.schemas, base.schema, revision.schema) : undefined;
  const renamed = base.in === 'header' ? base.name.toLowerCase() !== revision.name.toLowerCase() : base.name !== revision.name;
  const allowEmptyValue = (base.allowEmptyValue === true) !== (revision.allowEmptyValue === true);
  const allowReserved = (base.allowReserved === true) !== (revision.allowReserved === true);
  let content: Delta<MediaTypeModel, MediaTypeDiff> | undefined;
  if (base.content || revision.content) content = diffContent(state, base.content ?? [], revision.content ?? []);
  if (
    !schemaDiff &&
    !renamed &&
    base.required === revision.required &&
    base.deprecated === revision.deprecated &&
    base.style === revision.style &&
    base.explode === revision.explode &&
    !allowEmptyValue &&
    !allowReserved &&
    !content
  ) {
    return undefined;
  }
  const out: ParameterDiff = { base, revision, schema: pair(base.schema, revision.schema, schemaDiff), isEmpty: false };
  if (renamed) out.renamed = { from: base.name, to: revision.name };
  const required = change(base.required, revision.required);
  if (required) out.required = required;
  const deprecated = change(base.deprecated, revision.deprecated);
  if (deprecated) out.deprecated = deprecated;
  const style = change(base.style, revision.style);
  if (style) out.style = style;
  const explode = change(base.explode, revision.explode);
  if (explode) out.explode = explode;
  if (allowEmptyValue) out.allowEmptyValue = { from: base.allowEmptyValue === true, to: revision.allowEmptyValue === true };
  if (allowReserved) out.allowReserved = { from: base.allowReserved === true, to: revision.allowReserved === true };
  if (content) out.content = content;
  return out;
}

/** A schema pair with the diff already computed for it. */
function pair(base: SchemaHandle | undefined, revision: SchemaHandle | undefined, diff: SchemaDiff | undefined): SchemaPair {
  const out: SchemaPair = {};
  if (base) out.base = base;
  if (revision) out.revision = revision;
  if (diff) out.diff = diff;
  return out;
}

/**
 * Media types compare without case or spaces: `Application/JSON; charset=utf-8` is
 * `application/json;charset=utf-8`. A document pair spells a handful of them, each keyed once.
 */
function mediaKeys(): (media: MediaTypeModel) => string {
  const keys = new Map<string, string>();
  return (media) => {
    const type = media.mediaType;
    let key = keys.get(type);
    if (key === undefined) keys.set(type, (key = type.toLowerCase().replace(/\s+/g, '')));
    return key;
  };
}

/** Media types on both sides; undefined when none was added, deleted or changed its schema. */
function diffContent(state: State, base: MediaTypeModel[], revision: MediaTypeModel[]): Delta<MediaTypeModel, MediaTypeDiff> | undefined {
  if (base.length === 0 && revision.length === 0) return undefined;
  // One media type on each side, the same one, is the common case: it pairs without matching.
  if (base.length === 1 && revision.length === 1) {
    const b = base[0]!;
    const r = revision[0]!;
    if (b.mediaType === r.mediaType || state.mediaKey(b) === state.mediaKey(r) || essenceOf(state.mediaKey(b)) === essenceOf(state.mediaKey(r))) {
      const d = diffMedia(state, b, r);
      return d === undefined ? undefined : { added: [], deleted: [], modified: [d] };
    }
  }
  // Exact types pair first; then a type whose parameters changed (`application/json` and
  // `application/json; charset=utf-8`) pairs with its counterpart, as the same body format.
  return matchItems(base, revision, (media) => essenceOf(state.mediaKey(media)), diffMedia, state, state.mediaKey);
}

/** `type/subtype` of a normalised media type, parameters dropped. */
function essenceOf(key: string): string {
  const semicolon = key.indexOf(';');
  return semicolon === -1 ? key : key.slice(0, semicolon);
}

function diffMedia(state: State, b: MediaTypeModel, r: MediaTypeModel): MediaTypeDiff | undefined {
  const diff = b.schema && r.schema ? diffSchema(state.schemas, b.schema, r.schema) : undefined;
  if (!diff) return undefined;
  return { mediaType: r.mediaType, base: b, revision: r, schema: pair(b.schema, r.schema, diff), isEmpty: false };
}

function diffRequestBody(
  state: State,
  base: NonNullable<OperationModel['requestBody']>,
  revision: NonNullable<OperationModel['requestBody']>,
): RequestBodyDiff | undefined {
  const content = diffContent(state, base.content, revision.content);
  const required = change(base.required, revision.required);
  if (!required && !content) return undefined;
  const out: RequestBodyDiff = { base, revision, content: content ?? emptyDelta(), isEmpty: false };
  if (required) out.required = required;
  return out;
}

function diffResponse(state: State, base: ResponseModel, revision: ResponseModel): ResponseDiff | undefined {
  const content = diffContent(state, base.content, revision.content);
  const headers = base.headers.length === 0 && revision.headers.length === 0 ? undefined : matchItems(base.headers, revision.headers, headerKey, diffHeader, state);
  if (!content && !headers) return undefined;
  return { status: base.status, base, revision, content: content ?? emptyDelta(), headers: headers ?? emptyDelta(), isEmpty: false };
}

function headerKey(header: HeaderModel): string {
  return header.name.toLowerCase();
}

function diffHeader(state: State, base: HeaderModel, revision: HeaderModel): HeaderDiff | undefined {
  const schemaDiff = base.schema && revision.schema ? diffSchema(state.schemas, base.schema, revision.schema) : undefined;
  if (!schemaDiff && base.required === revision.required && base.deprecated === revision.deprecated) return undefined;
  const out: HeaderDiff = { base, revision, schema: pair(base.schema, revision.schema, schemaDiff), isEmpty: false };
  const required = change(base.required, revision.required);
  if (required) out.required = required;
  const deprecated = change(base.deprecated, revision.deprecated);
  if (deprecated) out.deprecated = deprecated;
  return out;
}

/** Alternatives match by their set of scheme names; scopes are compared inside a match. */
function requirementKey(requirement: SecurityRequirementModel): string {
  return Object.keys(requirement).sort().join('&');
}

/**
 * The schemes of a requirement with their scopes. One operation may list the same schemes several
 * times with other scopes (alternatives); these pair by scopes before they pair by schemes alone.
 */
function exactRequirementKey(requirement: SecurityRequirementModel): string {
  return Object.keys(requirement)
    .sort()
    .map((scheme) => `${scheme}:${[...(requirement[scheme] ?? [])].sort().join(' ')}`)
    .join('&');
}

function diffSecurity(base: SecurityRequirementModel[], revision: SecurityRequirementModel[]): SecurityDiff {
  if (base.length === 0 && revision.length === 0) return { base, revision, requirements: emptyDelta(), isEmpty: true };
  const requirements = matchBy(base, revision, requirementKey, (_, b, r): SecurityRequirementDiff | undefined => {
    const scopes: SecurityRequirementDiff['scopes'] = {};
    for (const scheme of Object.keys(b)) {
      const d = setDelta(b[scheme] ?? [], r[scheme] ?? []);
      if (d.added.length > 0 || d.deleted.length > 0) scopes[scheme] = d;
    }
    return Object.keys(scopes).length === 0 ? undefined : { base: b, revision: r, scopes };
  }, undefined, exactRequirementKey);
  return { base, revision, requirements, isEmpty: deltaEmpty(requirements) };
}

const SWAGGER_FLOWS: Record<string, string> = {
  implicit: 'implicit',
  password: 'password',
  application: 'clientCredentials',
  accessCode: 'authorizationCode',
};

/** Puts Swagger 2.0 schemes in their OpenAPI 3 shape, so a migration between the two compares by meaning. */
function normaliseScheme(scheme: Record<string, unknown>): Record<string, unknown> {
  if (scheme.type === 'basic') {
    const { type: _type, ...rest } = scheme;
    return { ...rest, type: 'http', scheme: 'basic' };
  }
  if (scheme.type === 'oauth2' && typeof scheme.flow === 'string' && !isObject(scheme.flows)) {
    const { flow, authorizationUrl, tokenUrl, scopes, ...rest } = scheme;
    const name = SWAGGER_FLOWS[flow as string] ?? (flow as string);
    const body: Record<string, unknown> = { scopes: isObject(scopes) ? scopes : {} };
    if (authorizationUrl !== undefined) body.authorizationUrl = authorizationUrl;
    if (tokenUrl !== undefined) body.tokenUrl = tokenUrl;
    return { ...rest, flows: { [name]: body } };
  }
  return scheme;
}

/** Top-level fields that carry meaning for clients (descriptions do not). */
const SCHEME_FIELDS = ['type', 'scheme', 'in', 'name', 'bearerFormat', 'openIdConnectUrl'];
const FLOW_FIELDS = ['authorizationUrl', 'tokenUrl', 'refreshUrl'];

function diffSecuritySchemes(
  base: Record<string, Record<string, unknown>>,
  revision: Record<string, Record<string, unknown>>,
): Delta<string, SecuritySchemeDiff> {
  return matchBy(Object.keys(base), Object.keys(revision), (n) => n, (_, name): SecuritySchemeDiff | undefined => {
    const b = normaliseScheme(base[name]!);
    const r = normaliseScheme(revision[name]!);
    const fields: SecuritySchemeDiff['fields'] = {};
    for (const field of SCHEME_FIELDS) {
      const from = typeof b[field] === 'string' ? (field === 'scheme' ? (b[field] as string).toLowerCase() : b[field]) : undefined;
      const to = typeof r[field] === 'string' ? (field === 'scheme' ? (r[field] as string).toLowerCase() : r[field]) : undefined;
      if (from !== to) fields[field] = { from, to };
    }
    const bFlows = isObject(b.flows) ? b.flows : {};
    const rFlows = isObject(r.flows) ? r.flows : {};
    const flows = matchBy(Object.keys(bFlows), Object.keys(rFlows), (n) => n, (_, flow): OAuthFlowDiff | undefined => {
      const bf = isObject(bFlows[flow]) ? bFlows[flow] : {};
      const rf = isObject(rFlows[flow]) ? rFlows[flow] : {};
      const flowFields: OAuthFlowDiff['fields'] = {};
      for (const field of FLOW_FIELDS) if (bf[field] !== rf[field]) flowFields[field] = { from: bf[field], to: rf[field] };
      const scopes = setDelta(
        Object.keys(isObject(bf.scopes) ? bf.scopes : {}),
        Object.keys(isObject(rf.scopes) ? rf.scopes : {}),
      );
      if (Object.keys(flowFields).length === 0 && scopes.added.length === 0 && scopes.deleted.length === 0) return undefined;
      return { name: flow, fields: flowFields, scopes, isEmpty: false };
    }, undefined);
    if (Object.keys(fields).length === 0 && deltaEmpty(flows)) return undefined;
    return { name, base: base[name]!, revision: revision[name]!, fields, flows, isEmpty: false };
  }, undefined);
}
