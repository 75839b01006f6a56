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
  const ctx = createSchemaDiffContext(base, revision);
  const diffOp = (b: OperationModel, r: OperationModel): OperationDiff => diffOperation(ctx, b, r, base.servers, revision.servers);
  const operations = matchBy(base.operations, revision.operations, (op) => op.key, diffOp);
  const webhooks = matchBy(base.webhooks, revision.webhooks, (op) => op.key, diffOp);
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
    securitySchemes,
    isEmpty:
      !info.title &&
      !info.version &&
      servers.added.length === 0 &&
      servers.deleted.length === 0 &&
      deltaEmpty(operations) &&
      deltaEmpty(webhooks) &&
      deltaEmpty(securitySchemes),
  };
}

/** True when a delta holds nothing. */
function deltaEmpty<T, D>(delta: Delta<T, D>): boolean {
  return delta.added.length === 0 && delta.deleted.length === 0 && delta.modified.length === 0;
}

/** Pairs two lists by a key; `diff` returns undefined for pairs that did not change. */
function matchBy<T, D extends { isEmpty: boolean }>(
  base: readonly T[],
  revision: readonly T[],
  key: (item: T) => string,
  diff: (b: T, r: T) => D,
): Delta<T, D> {
  // Each revision item's key once, then a claimed slot per key: no second key pass, no seen set.
  const byKey = new Map<string, { item: T; matched: boolean }>();
  const keys: string[] = new Array(revision.length);
  for (let i = 0; i < revision.length; i++) {
    const item = revision[i]!;
    const k = key(item);
    keys[i] = k;
    if (!byKey.has(k)) byKey.set(k, { item, matched: false });
  }
  const out: Delta<T, D> = { added: [], deleted: [], modified: [] };
  for (const item of base) {
    const slot = byKey.get(key(item));
    if (slot === undefined || slot.matched) {
      out.deleted.push(item);
      continue;
    }
    slot.matched = true;
    const d = diff(item, slot.item);
    if (!d.isEmpty) out.modified.push(d);
  }
  for (let i = 0; i < revision.length; i++) if (!byKey.get(keys[i]!)!.matched) out.added.push(revision[i]!);
  return out;
}

function change<T>(from: T, to: T): Changed<T> | undefined {
  return from === to ? undefined : { from, to };
}

function setDelta(base: readonly string[], revision: readonly string[]): { added: string[]; deleted: string[] } {
  const b = new Set(base);
  const r = new Set(revision);
  return { added: revision.filter((x) => !b.has(x)), deleted: base.filter((x) => !r.has(x)) };
}

function diffOperation(
  ctx: SchemaContext,
  base: OperationModel,
  revision: OperationModel,
  baseRoot: readonly string[],
  revisionRoot: readonly string[],
): OperationDiff {
  const parameters = diffParameters(ctx, base, revision);
  const responses = matchBy(base.responses, revision.responses, (r) => r.status, (b, r) => diffResponse(ctx, b, r));
  const security = diffSecurity(base.security, revision.security);
  const tags = setDelta(base.tags, revision.tags);
  const requestBody: OperationDiff['requestBody'] = {};
  if (base.requestBody && !revision.requestBody) requestBody.deleted = base.requestBody;
  else if (!base.requestBody && revision.requestBody) requestBody.added = revision.requestBody;
  else if (base.requestBody && revision.requestBody) {
    const d = diffRequestBody(ctx, base.requestBody, revision.requestBody);
    if (!d.isEmpty) requestBody.modified = d;
  }
  const out: OperationDiff = { base, revision, tags, parameters, requestBody, responses, security, isEmpty: false };
  let fieldChanged = false;
  if (base.path !== revision.path) {
    out.path = { from: base.path, to: revision.path };
    fieldChanged = true;
  }
  if (base.operationId !== revision.operationId) {
    out.operationId = { from: base.operationId, to: revision.operationId };
    fieldChanged = true;
  }
  if (base.deprecated !== revision.deprecated) {
    out.deprecated = { from: base.deprecated, to: revision.deprecated };
    fieldChanged = true;
  }
  if (base.sunset !== revision.sunset) {
    out.sunset = { from: base.sunset, to: revision.sunset };
    fieldChanged = true;
  }
  if (base.stability !== revision.stability) {
    out.stability = { from: base.stability, to: revision.stability };
    fieldChanged = true;
  }
  if (base.servers || revision.servers) {
    const servers = setDelta(base.servers ?? baseRoot, revision.servers ?? revisionRoot);
    if (servers.added.length > 0 || servers.deleted.length > 0) out.servers = servers;
  }
  out.isEmpty =
    !fieldChanged &&
    tags.added.length === 0 &&
    tags.deleted.length === 0 &&
    deltaEmpty(parameters) &&
    !requestBody.added &&
    !requestBody.deleted &&
    !requestBody.modified &&
    deltaEmpty(responses) &&
    security.isEmpty &&
    !out.servers;
  return out;
}

/** Names of the path template's parameters in order: `/a/{x}/b/{y}` gives `x`, `y`. */
function templateNames(path: string): string[] {
  return [...path.matchAll(/\{([^}/]*)\}/g)].map((m) => m[1]!);
}

function parameterKey(p: ParameterModel): string {
  return `${p.in}:${p.in === 'header' ? p.name.toLowerCase() : p.name}`;
}

/** Path parameters pair by their position in the template, so a rename is a modification. */
function diffParameters(ctx: SchemaContext, base: OperationModel, revision: OperationModel): Delta<ParameterModel, ParameterDiff> {
  // Operations pair by their path with parameter names erased, so the same path text renames nothing.
  let renames: Map<string, string> | undefined;
  if (base.path !== revision.path) {
    const revisionNames = templateNames(revision.path);
    templateNames(base.path).forEach((name, i) => {
      const to = revisionNames[i];
      if (to !== undefined && to !== name) (renames ??= new Map()).set(`path:${name}`, `path:${to}`);
    });
  }
  const revisionKeys = revision.parameters.map(parameterKey);
  const byKey = new Map<string, ParameterModel>();
  for (let i = 0; i < revisionKeys.length; i++) byKey.set(revisionKeys[i]!, revision.parameters[i]!);
  const out: Delta<ParameterModel, ParameterDiff> = { added: [], deleted: [], modified: [] };
  const seen = new Set<string>();
  for (const p of base.parameters) {
    const own = parameterKey(p);
    const k = renames?.get(own) ?? own;
    const other = byKey.get(k);
    if (!other) {
      out.deleted.push(p);
      continue;
    }
    seen.add(k);
    const d = diffParameter(ctx, p, other);
    if (!d.isEmpty) out.modified.push(d);
  }
  for (let i = 0; i < revisionKeys.length; i++) if (!seen.has(revisionKeys[i]!)) out.added.push(revision.parameters[i]!);
  return out;
}

function diffParameter(ctx: SchemaContext, base: ParameterModel, revision: ParameterModel): ParameterDiff {
  const out: ParameterDiff = { base, revision, schema: schemaPair(ctx, base.schema, revision.schema), isEmpty: false };
  const renamed = base.in === 'header' ? change(base.name.toLowerCase(), revision.name.toLowerCase()) : change(base.name, revision.name);
  if (renamed) out.renamed = { from: base.name, to: revision.name };
  const required = change(base.required, revision.required);
  if (required) out.required = required;
  const deprecated = change(base.deprecated, revision.deprecated);
  if (deprecated) out.deprecated = deprecated;
  const style = change(base.style, revision.style);
  if (style) out.style = style;
  const explode = change(base.explode, revision.explode);
  if (explode) out.explode = explode;
  const allowEmptyValue = change(base.allowEmptyValue === true, revision.allowEmptyValue === true);
  if (allowEmptyValue) out.allowEmptyValue = allowEmptyValue;
  const allowReserved = change(base.allowReserved === true, revision.allowReserved === true);
  if (allowReserved) out.allowReserved = allowReserved;
  if (base.content || revision.content) {
    const content = diffContent(ctx, base.content ?? [], revision.content ?? []);
    if (!deltaEmpty(content)) out.content = content;
  }
  out.isEmpty =
    !out.renamed && !required && !deprecated && !style && !explode && !allowEmptyValue && !allowReserved && !out.content && !out.schema.diff;
  return out;
}

function schemaPair(ctx: SchemaContext, base: SchemaHandle | undefined, revision: SchemaHandle | undefined): SchemaPair {
  const pair: SchemaPair = {};
  if (base) pair.base = base;
  if (revision) pair.revision = revision;
  if (base && revision) {
    const diff = diffSchema(ctx, base, revision);
    if (diff) pair.diff = diff;
  }
  return pair;
}

/** Media types compare without case or spaces: `Application/JSON; charset=utf-8` is `application/json;charset=utf-8`. */
function mediaKey(media: MediaTypeModel): string {
  return media.mediaType.toLowerCase().replace(/\s+/g, '');
}

function diffContent(ctx: SchemaContext, base: MediaTypeModel[], revision: MediaTypeModel[]): Delta<MediaTypeModel, MediaTypeDiff> {
  return matchBy(base, revision, mediaKey, (b, r): MediaTypeDiff => {
    const schema = schemaPair(ctx, b.schema, r.schema);
    return { mediaType: r.mediaType, base: b, revision: r, schema, isEmpty: !schema.diff };
  });
}

function diffRequestBody(
  ctx: SchemaContext,
  base: NonNullable<OperationModel['requestBody']>,
  revision: NonNullable<OperationModel['requestBody']>,
): RequestBodyDiff {
  const content = diffContent(ctx, base.content, revision.content);
  const out: RequestBodyDiff = { base, revision, content, isEmpty: false };
  const required = change(base.required, revision.required);
  if (required) out.required = required;
  out.isEmpty = !required && deltaEmpty(content);
  return out;
}

function diffResponse(ctx: SchemaContext, base: ResponseModel, revision: ResponseModel): ResponseDiff {
  const content = diffContent(ctx, base.content, revision.content);
  const headers = matchBy(base.headers, revision.headers, (h) => h.name.toLowerCase(), (b, r) => diffHeader(ctx, b, r));
  return { status: base.status, base, revision, content, headers, isEmpty: deltaEmpty(content) && deltaEmpty(headers) };
}

function diffHeader(ctx: SchemaContext, base: HeaderModel, revision: HeaderModel): HeaderDiff {
  const out: HeaderDiff = { base, revision, schema: schemaPair(ctx, base.schema, revision.schema), isEmpty: false };
  const required = change(base.required, revision.required);
  if (required) out.required = required;
  const deprecated = change(base.deprecated, revision.deprecated);
  if (deprecated) out.deprecated = deprecated;
  out.isEmpty = !required && !deprecated && !out.schema.diff;
  return out;
}

/** Alternatives match by their set of scheme names; scopes are compared inside a match. */
function requirementKey(requirement: SecurityRequirementModel): string {
  return Object.keys(requirement).sort().join('&');
}

function diffSecurity(base: SecurityRequirementModel[], revision: SecurityRequirementModel[]): SecurityDiff {
  const requirements = matchBy(base, revision, requirementKey, (b, r): SecurityRequirementDiff & { isEmpty: boolean } => {
    const scopes: SecurityRequirementDiff['scopes'] = {};
    for (const scheme of Object.keys(b)) {
      const d = setDelta(b[scheme] ?? [], r[scheme] ?? []);
      if (d.added.length > 0 || d.deleted.length > 0) scopes[scheme] = d;
    }
    return { base: b, revision: r, scopes, isEmpty: Object.keys(scopes).length === 0 };
  });
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
  return matchBy(Object.keys(base), Object.keys(revision), (n) => n, (name): SecuritySchemeDiff => {
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
    const flows = matchBy(Object.keys(bFlows), Object.keys(rFlows), (n) => n, (flow): OAuthFlowDiff => {
      const bf = isObject(bFlows[flow]) ? bFlows[flow] : {};
      const rf = isObject(rFlows[flow]) ? rFlows[flow] : {};
      const flowFields: OAuthFlowDiff['fields'] = {};
      for (const field of FLOW_FIELDS) if (bf[field] !== rf[field]) flowFields[field] = { from: bf[field], to: rf[field] };
      const scopes = setDelta(
        Object.keys(isObject(bf.scopes) ? bf.scopes : {}),
        Object.keys(isObject(rf.scopes) ? rf.scopes : {}),
      );
      return {
        name: flow,
        fields: flowFields,
        scopes,
        isEmpty: Object.keys(flowFields).length === 0 && scopes.added.length === 0 && scopes.deleted.length === 0,
      };
    });
    return {
      name,
      base: base[name]!,
      revision: revision[name]!,
      fields,
      flows,
      isEmpty: Object.keys(fields).length === 0 && deltaEmpty(flows),
    };
  });
}
