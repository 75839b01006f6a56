import { RollgateError } from '../errors.js';
import type { LoadedSpec } from '../load/types.js';
import { escapeToken, getAtPointer, isObject, refToPointer } from './pointer.js';
import { refWithSiblings } from './ref-siblings.js';
import type {
  ApiModel,
  HeaderModel,
  MediaTypeModel,
  OperationModel,
  ParameterModel,
  ResponseModel,
  SchemaHandle,
  SecurityRequirementModel,
} from './types.js';

export * from './pointer.js';

/** HTTP methods a path item may hold, in the order the specification lists them. */
export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** Swagger 2.0 parameter keywords that describe the value and so move into the synthesised schema. */
const SWAGGER_SCHEMA_KEYWORDS = [
  'type',
  'format',
  'items',
  'default',
  'maximum',
  'exclusiveMaximum',
  'minimum',
  'exclusiveMinimum',
  'maxLength',
  'minLength',
  'pattern',
  'maxItems',
  'minItems',
  'uniqueItems',
  'enum',
  'multipleOf',
  'x-nullable',
] as const;

/** OpenAPI 3 says these header parameters are ignored: the media type and auth machinery own them. */
const IGNORED_HEADER_PARAMETERS = new Set(['accept', 'content-type', 'authorization']);

/** `GET /books/{}`: the operation's identity with path parameter names erased. */
export function operationKey(method: string, path: string): string {
  return `${method.toUpperCase()} ${path.indexOf('{') === -1 ? path : path.replace(/\{[^}/]*\}/g, '{}')}`;
}

/** Builds the normalised, lazily resolved model of a loaded OpenAPI 3.x or Swagger 2.0 document. */
export function buildModel(spec: LoadedSpec): ApiModel {
  return new ModelBuilder(spec).build();
}

interface Resolved {
  pointer: string;
  node: Record<string, unknown>;
}

class ModelBuilder {
  private readonly doc: Record<string, unknown>;
  private readonly swagger: boolean;
  /** OpenAPI 3.1: keywords beside a `$ref` constrain the schema too. */
  private readonly refSiblings: boolean;
  /** Synthesised schema nodes by pointer, so one pointer always yields the same node (memo keys stay valid). */
  private readonly synthesised = new Map<string, SchemaHandle>();
  private readonly refTargets = new Map<string, unknown>();
  /**
   * What each `$ref` string resolves to: documents reuse the same few references thousands of
   * times (GitHub's `owner` and `repo` parameters), so each is followed once.
   */
  private readonly resolvedRefs = new Map<string, Resolved>();
  /** Escaped forms of the tokens that need escaping (paths, media types), each escaped once. */
  private readonly escaped = new Map<string, string>();
  /**
   * Schema handles and media types of what a `$ref` names (one `Resolved` per reference): a
   * parameter, response or body shared by many operations yields the same handles each time, so
   * the diff meets them as known objects.
   */
  private readonly sharedSchemas = new Map<Resolved, SchemaHandle | null>();
  private readonly sharedContent = new Map<Resolved, MediaTypeModel[]>();

  constructor(private readonly spec: LoadedSpec) {
    this.doc = spec.document;
    this.swagger = spec.specVersion === '2.0';
    this.refSiblings = spec.specVersion === '3.1';
  }

  build(): ApiModel {
    const operations: OperationModel[] = [];
    const callbacks: OperationModel[] = [];
    const paths = this.doc.paths;
    if (isObject(paths)) {
      for (const path in paths) {
        const rawItem = paths[path];
        if (!path.startsWith('/') || !isObject(rawItem)) continue;
        const item = this.resolve(this.at('/paths', path), rawItem);
        for (let i = 0; i < HTTP_METHODS.length; i++) {
          const method = HTTP_METHODS[i]!;
          const op = item.node[method];
          if (!isObject(op)) continue;
          const pointer = `${item.pointer}/${method}`;
          const model = this.operation(path, method, item, pointer, op);
          operations.push(model);
          if (!this.swagger && isObject(op.callbacks)) this.callbacks(model, `${pointer}/callbacks`, op.callbacks, callbacks);
        }
      }
    }
    const webhooks: OperationModel[] = [];
    const hooks = this.doc.webhooks;
    if (!this.swagger && isObject(hooks)) {
      for (const name in hooks) {
        const rawItem = hooks[name];
        if (!isObject(rawItem)) continue;
        const item = this.resolve(this.at('/webhooks', name), rawItem);
        for (let i = 0; i < HTTP_METHODS.length; i++) {
          const method = HTTP_METHODS[i]!;
          const op = item.node[method];
          if (!isObject(op)) continue;
          const model = this.operation(name, method, item, `${item.pointer}/${method}`, op);
          model.webhook = true;
          webhooks.push(model);
        }
      }
    }
    // The lookup table is made on the first lookup: comparing two documents never asks for one.
    let byName: Map<string, OperationModel> | undefined;
    const lookup = (): Map<string, OperationModel> => {
      if (byName) return byName;
      byName = new Map();
      for (const op of operations) {
        byName.set(`${op.method} ${op.path}`, op);
        if (!byName.has(op.key)) byName.set(op.key, op);
      }
      return byName;
    };
    const resolveSchema = (handle: SchemaHandle): SchemaHandle => this.resolveSchema(handle);
    return {
      spec: this.spec,
      operations,
      webhooks,
      callbacks,
      servers: this.servers(),
      findOperation(method, pathOrKey) {
        const upper = method.toUpperCase();
        const table = lookup();
        return table.get(`${upper} ${pathOrKey}`) ?? table.get(operationKey(upper, pathOrKey));
      },
      resolveSchema,
      securitySchemes: this.securitySchemes(),
    };
  }

  private operation(
    path: string,
    method: string,
    item: Resolved,
    pointer: string,
    op: Record<string, unknown>,
  ): OperationModel {
    const parameters = this.parameters(item, pointer, op);
    const model: OperationModel = {
      method: method.toUpperCase(),
      path,
      key: operationKey(method, path),
      pointer,
      deprecated: op.deprecated === true,
      tags: strings(op.tags),
      // Only Swagger 2.0 has body parameters to set apart.
      parameters: this.swagger ? parameters.filter((p): p is ParameterModel => !('body' in p)) : (parameters as ParameterModel[]),
      responses: this.responses(pointer, op),
      security: this.security(op),
    };
    if (typeof op.operationId === 'string') model.operationId = op.operationId;
    if (typeof op.summary === 'string') model.summary = op.summary;
    const sunset = op['x-sunset'];
    if (typeof sunset === 'string') model.sunset = sunset;
    else if (sunset instanceof Date) model.sunset = sunset.toISOString().slice(0, 10);
    if (typeof op['x-stability-level'] === 'string') model.stability = op['x-stability-level'];
    const servers = this.swagger ? undefined : (serverUrls(op.servers) ?? serverUrls(item.node.servers));
    if (servers) model.servers = servers;
    const body = this.swagger
      ? this.swaggerBody(pointer, op, parameters.filter((p): p is SwaggerBodyParameter => 'body' in p))
      : this.requestBody(pointer, op);
    if (body) model.requestBody = body;
    return model;
  }

  /**
   * The operations of an operation's `callbacks` (`{name: {expression: path item}}`, either level
   * possibly a `$ref`): requests the API sends to a URL the client gave, keyed under their operation.
   */
  private callbacks(owner: OperationModel, pointer: string, raw: Record<string, unknown>, out: OperationModel[]): void {
    for (const name in raw) {
      if (!isObject(raw[name])) continue;
      const callback = this.resolve(this.at(pointer, name), raw[name]);
      for (const expression in callback.node) {
        const rawItem = callback.node[expression];
        if (!isObject(rawItem)) continue;
        const item = this.resolve(this.at(callback.pointer, expression), rawItem);
        for (const method of HTTP_METHODS) {
          const op = item.node[method];
          if (!isObject(op)) continue;
          const model = this.operation(expression, method, item, `${item.pointer}/${method}`, op);
          model.key = `${owner.key} ${name} ${model.method} ${expression}`;
          model.callback = { owner: { method: owner.method, path: owner.path }, ownerKey: `${owner.method} ${owner.path}`, name };
          out.push(model);
        }
      }
    }
  }

  /** Path-level parameters first, overridden by operation-level ones with the same location and name. */
  private parameters(
    item: Resolved,
    opPointer: string,
    op: Record<string, unknown>,
  ): (ParameterModel | SwaggerBodyParameter)[] {
    const pathLevel = item.node.parameters;
    const own = op.parameters;
    const out: (ParameterModel | SwaggerBodyParameter)[] = [];
    if (Array.isArray(pathLevel)) this.collect(pathLevel, `${item.pointer}/parameters`, out);
    // Most operations inherit nothing, so their own list needs no merging.
    if (Array.isArray(own)) this.collect(own, `${opPointer}/parameters`, out);
    return out;
  }

  /** Appends the parameters of one list; an override takes the later position, as documents list them. */
  private collect(list: unknown[], listPointer: string, out: (ParameterModel | SwaggerBodyParameter)[]): void {
    for (let index = 0; index < list.length; index++) {
      const raw = list[index];
      if (!isObject(raw)) continue;
      const site = `${listPointer}/${index}`;
      const param = this.parameter(site, this.resolve(site, raw));
      if (!param) continue;
      for (let k = 0; k < out.length; k++) {
        if (sameParameter(out[k]!, param)) {
          out.splice(k, 1);
          break;
        }
      }
      out.push(param);
    }
  }

  private parameter(site: string, resolved: Resolved): ParameterModel | SwaggerBodyParameter | undefined {
    const raw = resolved.node;
    const name = raw.name;
    const location = raw.in;
    if (typeof name !== 'string' || typeof location !== 'string') return undefined;
    if (this.swagger && (location === 'body' || location === 'formData')) {
      return { body: location, name, site, resolved };
    }
    if (location !== 'path' && location !== 'query' && location !== 'header' && location !== 'cookie') return undefined;
    if (!this.swagger && location === 'header' && IGNORED_HEADER_PARAMETERS.has(name.toLowerCase())) return undefined;
    const param: ParameterModel = {
      name,
      in: location,
      required: location === 'path' || raw.required === true,
      deprecated: raw.deprecated === true,
      pointer: site,
    };
    if (this.swagger) {
      param.schema = this.synthesise(resolved.pointer, raw);
      const { style, explode } = swaggerStyle(location, raw);
      param.style = style;
      param.explode = explode;
    } else {
      const schema = resolved.pointer === site ? this.schemaAt(resolved.pointer, raw, 'schema') : this.sharedSchemaAt(resolved);
      if (schema) param.schema = schema;
      if (isObject(raw.content)) param.content = this.contentOf(resolved, site, raw.content);
      param.style = typeof raw.style === 'string' ? raw.style : defaultStyle(location);
      param.explode = typeof raw.explode === 'boolean' ? raw.explode : param.style === 'form';
      if (location === 'query' && raw.allowReserved === true) param.allowReserved = true;
    }
    if (location === 'query' && raw.allowEmptyValue === true) param.allowEmptyValue = true;
    return param;
  }

  private requestBody(opPointer: string, op: Record<string, unknown>): OperationModel['requestBody'] {
    if (!isObject(op.requestBody)) return undefined;
    const site = `${opPointer}/requestBody`;
    const body = this.resolve(site, op.requestBody);
    return {
      required: body.node.required === true,
      pointer: site,
      content: isObject(body.node.content) ? this.contentOf(body, site, body.node.content) : [],
    };
  }

  /** Swagger 2.0: a `body` parameter, or the `formData` parameters, become a request body per `consumes`. */
  private swaggerBody(
    opPointer: string,
    op: Record<string, unknown>,
    params: SwaggerBodyParameter[],
  ): OperationModel['requestBody'] {
    const bodyParam = params.find((p) => p.body === 'body');
    const consumes = strings(op.consumes ?? this.doc.consumes);
    if (bodyParam) {
      const schema = this.schemaAt(bodyParam.resolved.pointer, bodyParam.resolved.node, 'schema');
      return {
        required: bodyParam.resolved.node.required === true,
        pointer: bodyParam.site,
        content: (consumes.length > 0 ? consumes : ['application/json']).map((mediaType) => {
          const media: MediaTypeModel = { mediaType, pointer: bodyParam.site };
          if (schema) media.schema = schema;
          return media;
        }),
      };
    }
    const form = params.filter((p) => p.body === 'formData');
    if (form.length === 0) return undefined;
    const pointer = `${opPointer}/parameters`;
    let schema = this.synthesised.get(pointer);
    if (!schema) {
      const properties: Record<string, unknown> = {};
      const required: string[] = [];
      for (const p of form) {
        const node = this.synthesise(p.resolved.pointer, p.resolved.node).node;
        properties[p.name] = node.type === 'file' ? { ...node, type: 'string', format: 'binary' } : node;
        if (p.resolved.node.required === true) required.push(p.name);
      }
      const node: Record<string, unknown> = { type: 'object', properties };
      if (required.length > 0) node.required = required;
      schema = { pointer, node };
      this.synthesised.set(pointer, schema);
    }
    const hasFile = form.some((p) => p.resolved.node.type === 'file');
    const formTypes = consumes.filter(
      (t) => t === 'multipart/form-data' || t === 'application/x-www-form-urlencoded',
    );
    const types = formTypes.length > 0 ? formTypes : [hasFile ? 'multipart/form-data' : 'application/x-www-form-urlencoded'];
    const formSchema = schema;
    return {
      required: form.some((p) => p.resolved.node.required === true),
      pointer,
      content: types.map((mediaType) => ({ mediaType, pointer, schema: formSchema })),
    };
  }

  private responses(opPointer: string, op: Record<string, unknown>): ResponseModel[] {
    if (!isObject(op.responses)) return [];
    const listPointer = `${opPointer}/responses`;
    const out: ResponseModel[] = [];
    const responses = op.responses;
    for (const status in responses) {
      const raw = responses[status];
      if (!isObject(raw) || status.startsWith('x-')) continue;
      const site = this.at(listPointer, status);
      const resolved = this.resolve(site, raw);
      const node = resolved.node;
      let content: MediaTypeModel[] | undefined;
      if (this.swagger) content = this.swaggerContent(op, resolved);
      else if (isObject(node.content)) content = this.contentOf(resolved, site, node.content);
      const headers = isObject(node.headers) ? this.headers(`${resolved.pointer}/headers`, node.headers) : [];
      out.push({ status: normaliseStatus(status), pointer: site, headers, content: content ?? [] });
    }
    return out;
  }

  /** Swagger 2.0: a response's `schema` in every media type the operation `produces`. */
  private swaggerContent(op: Record<string, unknown>, response: Resolved): MediaTypeModel[] | undefined {
    const schema = this.schemaAt(response.pointer, response.node, 'schema');
    if (!schema) return undefined;
    const produces = strings(op.produces ?? this.doc.produces);
    return (produces.length > 0 ? produces : ['application/json']).map((mediaType) => ({ mediaType, pointer: schema.pointer, schema }));
  }

  private headers(pointer: string, headers: Record<string, unknown>): HeaderModel[] {
    const out: HeaderModel[] = [];
    for (const name in headers) {
      const raw = headers[name];
      if (!isObject(raw)) continue;
      // OpenAPI 3 ignores a response header named Content-Type: the media type says it.
      if (!this.swagger && name.toLowerCase() === 'content-type') continue;
      const site = this.at(pointer, name);
      const resolved = this.resolve(site, raw);
      const header: HeaderModel = {
        name,
        required: resolved.node.required === true,
        deprecated: resolved.node.deprecated === true,
        pointer: site,
      };
      let schema: SchemaHandle | undefined;
      if (this.swagger) schema = this.synthesise(resolved.pointer, resolved.node);
      else {
        schema = resolved.pointer === site ? this.schemaAt(resolved.pointer, resolved.node, 'schema') : this.sharedSchemaAt(resolved);
        if (!schema && isObject(resolved.node.content)) {
          schema = this.contentOf(resolved, site, resolved.node.content)[0]?.schema;
        }
      }
      if (schema) header.schema = schema;
      out.push(header);
    }
    return out;
  }

  /**
   * The media types of the `content` of a node reached from `site`; when the node came through a
   * `$ref`, they are made once and every referring site gets a copy of the same list.
   */
  private contentOf(owner: Resolved, site: string, content: Record<string, unknown>): MediaTypeModel[] {
    if (owner.pointer === site) return this.content(`${owner.pointer}/content`, content);
    let shared = this.sharedContent.get(owner);
    if (shared === undefined) this.sharedContent.set(owner, (shared = this.content(`${owner.pointer}/content`, content)));
    return shared.slice();
  }

  private content(pointer: string, content: Record<string, unknown>): MediaTypeModel[] {
    const out: MediaTypeModel[] = [];
    for (const mediaType in content) {
      const raw = content[mediaType];
      if (!isObject(raw)) continue;
      const site = this.at(pointer, mediaType);
      const media: MediaTypeModel = { mediaType, pointer: site };
      const schema = this.schemaAt(site, raw, 'schema');
      if (schema) media.schema = schema;
      out.push(media);
    }
    return out;
  }

  private security(op: Record<string, unknown>): SecurityRequirementModel[] {
    const list = Array.isArray(op.security) ? op.security : Array.isArray(this.doc.security) ? this.doc.security : undefined;
    const out: SecurityRequirementModel[] = [];
    if (list === undefined) return out;
    for (const requirement of list) {
      if (!isObject(requirement)) continue;
      const alternative: SecurityRequirementModel = {};
      for (const scheme in requirement) alternative[scheme] = strings(requirement[scheme]);
      out.push(alternative);
    }
    return out;
  }

  private servers(): string[] {
    const doc = this.doc;
    if (this.swagger) {
      // Swagger 2.0's host, basePath and schemes, written as the OpenAPI 3 server URLs they
      // mean, so a faithful migration to 3.x compares equal. Without schemes, the scheme is the
      // one the document was fetched with: the URL stays scheme-relative.
      const host = typeof doc.host === 'string' ? doc.host : '';
      const basePath = typeof doc.basePath === 'string' ? doc.basePath : '';
      if (host === '' && basePath === '') return [];
      if (host === '') return [basePath.replace(/\/+$/, '')];
      const schemes = strings(doc.schemes);
      const urls = schemes.length > 0 ? schemes.map((scheme) => `${scheme.toLowerCase()}://${host}${basePath}`) : [`//${host}${basePath}`];
      return urls.map((url) => url.replace(/\/+$/, ''));
    }
    return serverUrls(doc.servers) ?? [];
  }

  private securitySchemes(): Record<string, Record<string, unknown>> {
    const components = this.doc.components;
    const raw = this.swagger ? this.doc.securityDefinitions : isObject(components) ? components.securitySchemes : undefined;
    const base = this.swagger ? '/securityDefinitions' : '/components/securitySchemes';
    const out: Record<string, Record<string, unknown>> = {};
    if (!isObject(raw)) return out;
    for (const [name, scheme] of Object.entries(raw)) {
      if (isObject(scheme)) out[name] = this.resolve(this.at(base, name), scheme).node;
    }
    return out;
  }

  /** `schemaAt(owner, 'schema')` of an owner reached through a `$ref`: one handle for every site. */
  private sharedSchemaAt(owner: Resolved): SchemaHandle | undefined {
    let handle = this.sharedSchemas.get(owner);
    if (handle === undefined) this.sharedSchemas.set(owner, (handle = this.schemaAt(owner.pointer, owner.node, 'schema') ?? null));
    return handle ?? undefined;
  }

  /** `pointer` and one more token, escaped; tokens that need it (paths, media types) are escaped once per document. */
  private at(pointer: string, token: string): string {
    if (token.indexOf('/') === -1 && token.indexOf('~') === -1) return `${pointer}/${token}`;
    let escaped = this.escaped.get(token);
    if (escaped === undefined) this.escaped.set(token, (escaped = escapeToken(token)));
    return `${pointer}/${escaped}`;
  }

  /** The schema under `key` of `owner` as a handle; a boolean schema (3.1) becomes its object form. */
  private schemaAt(ownerPointer: string, owner: Record<string, unknown>, key: string): SchemaHandle | undefined {
    const node = owner[key];
    const pointer = `${ownerPointer}/${key}`;
    if (isObject(node)) return { pointer, node };
    if (typeof node === 'boolean') return this.cached(pointer, () => (node ? {} : { not: {} }));
    return undefined;
  }

  /** Swagger 2.0 parameters and headers describe their value inline; lift those keywords into a schema. */
  private synthesise(pointer: string, raw: Record<string, unknown>): SchemaHandle {
    return this.cached(pointer, () => {
      const node: Record<string, unknown> = {};
      for (const keyword of SWAGGER_SCHEMA_KEYWORDS) if (raw[keyword] !== undefined) node[keyword] = raw[keyword];
      return node;
    });
  }

  private cached(pointer: string, make: () => Record<string, unknown>): SchemaHandle {
    let handle = this.synthesised.get(pointer);
    if (!handle) {
      handle = { pointer, node: make() };
      this.synthesised.set(pointer, handle);
    }
    return handle;
  }

  /** Follows a chain of `$ref`s from a node (parameter, response, body, header, path item). */
  private resolve(pointer: string, node: Record<string, unknown>): Resolved {
    const ref = node.$ref;
    if (typeof ref !== 'string') return { pointer, node };
    const known = this.resolvedRefs.get(ref);
    if (known) return known;
    let current: Resolved = { pointer, node };
    const seen = new Set<string>();
    while (typeof current.node.$ref === 'string') {
      // A target that is itself a `$ref` with constraints beside it (3.1) is that allOf.
      const siblings = this.refSiblings && current.node !== node ? refWithSiblings(current.node) : undefined;
      if (siblings) {
        current = { pointer: current.pointer, node: siblings };
        break;
      }
      const next = current.node.$ref;
      const target = refToPointer(next);
      if (target === undefined) this.unresolved(current.pointer, next, 'points outside the document');
      if (seen.has(target)) this.unresolved(current.pointer, next, 'is circular');
      seen.add(target);
      const value = this.target(target);
      if (isObject(value)) current = { pointer: target, node: value };
      else if (typeof value === 'boolean') current = this.cached(target, () => (value ? {} : { not: {} }));
      else this.unresolved(current.pointer, next, 'does not resolve');
    }
    this.resolvedRefs.set(ref, current);
    return current;
  }

  private unresolved(pointer: string, ref: string, why: string): never {
    const file = this.spec.source.name;
    const line = this.spec.lineOf(pointer);
    const where = line === undefined ? file : `${file}:${line}`;
    throw new RollgateError('REF_UNRESOLVED', `${where}: $ref ${JSON.stringify(ref)} ${why}`, { file, line, pointer });
  }

  private target(pointer: string): unknown {
    if (this.refTargets.has(pointer)) return this.refTargets.get(pointer);
    const value = getAtPointer(this.doc, pointer);
    this.refTargets.set(pointer, value);
    return value;
  }

  resolveSchema(handle: SchemaHandle): SchemaHandle {
    if (typeof handle.node.$ref !== 'string') return handle;
    if (this.refSiblings) {
      const node = refWithSiblings(handle.node);
      if (node) return { pointer: handle.pointer, node };
    }
    return this.resolve(handle.pointer, handle.node);
  }
}

/** Same location and name (header names without case): the later one overrides the earlier. */
function sameParameter(a: ParameterModel | SwaggerBodyParameter, b: ParameterModel | SwaggerBodyParameter): boolean {
  if ('body' in a || 'body' in b) return 'body' in a && 'body' in b && a.body === b.body && a.name === b.name;
  if (a.in !== b.in) return false;
  return a.in === 'header' ? a.name.toLowerCase() === b.name.toLowerCase() : a.name === b.name;
}

interface SwaggerBodyParameter {
  body: 'body' | 'formData';
  name: string;
  site: string;
  resolved: Resolved;
}

/** The URLs of a `servers` list without trailing slashes; undefined when there is no list. */
function serverUrls(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter(isObject).flatMap((s) => (typeof s.url === 'string' ? [s.url.replace(/\/+$/, '')] : []));
}

/** `default` in lower case, statuses and ranges (`4xx`) in upper case. */
function normaliseStatus(status: string): string {
  // Most keys are three digits, which no case change alters.
  if (status.length === 3 && isDigit(status, 0) && isDigit(status, 1) && isDigit(status, 2)) return status;
  return status.toLowerCase() === 'default' ? 'default' : status.toUpperCase();
}

function isDigit(text: string, at: number): boolean {
  const code = text.charCodeAt(at);
  return code >= 48 && code <= 57;
}

/** The strings of a list (tags, scopes, media types); anything else gives none. */
function strings(value: unknown): string[] {
  const out: string[] = [];
  if (!Array.isArray(value)) return out;
  for (const item of value) if (typeof item === 'string') out.push(item);
  return out;
}

function defaultStyle(location: ParameterModel['in']): string {
  return location === 'query' || location === 'cookie' ? 'form' : 'simple';
}

/** Maps Swagger's `collectionFormat` onto the OpenAPI 3 style and explode it means. */
function swaggerStyle(location: ParameterModel['in'], raw: Record<string, unknown>): { style: string; explode: boolean } {
  if (raw.type !== 'array') return { style: defaultStyle(location), explode: defaultStyle(location) === 'form' };
  const format = typeof raw.collectionFormat === 'string' ? raw.collectionFormat : 'csv';
  switch (format) {
    case 'multi':
      return { style: 'form', explode: true };
    case 'ssv':
      return { style: 'spaceDelimited', explode: false };
    case 'pipes':
      return { style: 'pipeDelimited', explode: false };
    case 'tsv':
      return { style: 'tabDelimited', explode: false };
    default:
      return { style: defaultStyle(location), explode: false };
  }
}
