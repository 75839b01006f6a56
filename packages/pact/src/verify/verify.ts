import { escapeToken } from '@rollgate/openapi';
import type { ApiModel, MediaTypeModel, OperationModel, ParameterModel, ResponseModel, SchemaHandle } from '@rollgate/openapi';
import { RuleIndex, jsonPath, type Step } from '../parse/json-path.js';
import { contentTypeOf, headerName, headerValues, parseCookies, presentBody } from '../parse/parse.js';
import type { Pact, PactBody, PactInteraction } from '../parse/types.js';
import { formPairs } from '../shared.js';
import { checkValue, isBlocking } from './check-value.js';
import { PACT_FINDING_RULES, type PactFindingCode } from './codes.js';
import { acceptRanges, baseMediaType, isJsonLike, mediaCovers, selectMedia } from '../media.js';
import { checkHeaderMatcher, checkParameter, checkText, coerce } from './params.js';
import { chooseOperation, selectResponse } from './operation.js';
import { routerFor, type RouteMatch } from './router.js';
import { Schemas } from './schema.js';

/** One problem found in one interaction. Field names are a public contract. */
export interface PactFinding {
  code: PactFindingCode;
  level: 'error' | 'warning';
  /** The interaction's description. */
  interaction: string;
  interactionIndex: number;
  message: string;
  /** JSON pointer into the pact document. */
  pactPointer: string;
  /** JSON pointer into the provider's OpenAPI document, when the finding is about a place in it. */
  specPointer?: string;
  method: string;
  /** The provider's path template when the request matched one, else the concrete request path. */
  path: string;
}

/** The outcome of checking a pact against a provider: compatible when no finding is an error. */
export interface PactVerification {
  compatible: boolean;
  findings: PactFinding[];
}

/** Options of `verifyPact`. */
export interface VerifyOptions {
  /** Level of `response.body.field-not-guaranteed` (a field relied on but optional or nullable). */
  optionalFieldLevel?: 'warning' | 'error';
}

const DEFAULT_LEVELS = new Map(PACT_FINDING_RULES.map((rule) => [rule.code, rule.level]));

/** Request headers every HTTP client may send; never reported as undeclared. */
const STANDARD_REQUEST_HEADERS = new Set([
  'accept',
  'accept-charset',
  'accept-encoding',
  'accept-language',
  'authorization',
  'cache-control',
  'connection',
  'content-length',
  'content-type',
  'cookie',
  'host',
  'if-match',
  'if-modified-since',
  'if-none-match',
  'if-unmodified-since',
  'origin',
  'pragma',
  'referer',
  'user-agent',
]);

/** Response headers set by HTTP machinery rather than by the API; never reported as undocumented. */
const STANDARD_RESPONSE_HEADERS = new Set(['content-type', 'content-length', 'date', 'connection', 'transfer-encoding', 'server', 'vary']);

/**
 * Checks every HTTP interaction of a pact against a provider's API model: the operation exists,
 * the request is one the provider accepts, and the response the consumer expects is one the
 * provider can give. Pure: no I/O; schema lookups are cached on the model across calls.
 */
export function verifyPact(pact: Pact, provider: ApiModel, opts: VerifyOptions = {}): PactVerification {
  const schemas = new Schemas(provider);
  const router = routerFor(provider);
  const findings: PactFinding[] = [];
  for (const item of pact.unsupported) {
    findings.push({
      code: 'interaction.unsupported',
      level: 'warning',
      interaction: item.description,
      interactionIndex: item.index,
      message: item.reason,
      pactPointer: item.pointer,
      method: '',
      path: '',
    });
  }
  for (const interaction of pact.interactions) {
    const check = new InteractionCheck(interaction, pact, provider, schemas, opts, findings);
    check.run(router.match(interaction.request.path));
  }
  findings.sort((a, b) => a.interactionIndex - b.interactionIndex);
  return { compatible: !findings.some((f) => f.level === 'error'), findings };
}

class InteractionCheck {
  private method: string;
  private path: string;
  private readonly base: string;
  private cookieJar: Map<string, string> | undefined;

  constructor(
    private readonly interaction: PactInteraction,
    private readonly pact: Pact,
    private readonly model: ApiModel,
    private readonly schemas: Schemas,
    private readonly opts: VerifyOptions,
    private readonly findings: PactFinding[],
  ) {
    this.method = interaction.request.method;
    this.path = interaction.request.path;
    this.base = interaction.pointer;
  }

  private add(code: PactFindingCode, message: string, pactPointer: string, specPointer?: string, level?: 'error' | 'warning'): void {
    const finding: PactFinding = {
      code,
      level: level ?? DEFAULT_LEVELS.get(code) ?? 'error',
      interaction: this.interaction.description,
      interactionIndex: this.interaction.index,
      message,
      pactPointer,
      method: this.method,
      path: this.path,
    };
    if (specPointer !== undefined) finding.specPointer = specPointer;
    this.findings.push(finding);
  }

  run(matches: RouteMatch[]): void {
    const request = this.interaction.request;
    if (matches.length === 0) {
      this.add('request.path-or-method.unknown', `no path of the provider matches ${request.path}`, `${this.base}/request/path`, '/paths');
      return;
    }
    // A consumer testing the provider's rejections (4xx, 5xx) sends requests the provider refuses
    // on purpose; only requests expecting success are held to the request schemas.
    const expectsSuccess = this.interaction.response.status < 400;
    const chosen = chooseOperation(matches, this.method, this.schemas, expectsSuccess);
    if (!chosen) {
      const first = matches[0]!;
      const allowed = [...first.operations.keys()].join(', ');
      this.path = first.template;
      this.add(
        'request.path-or-method.unknown',
        `${first.template} has no ${this.method} operation (it has ${allowed})`,
        `${this.base}/request/method`,
        `/paths/${escapeToken(first.template)}`,
      );
      return;
    }
    const { match, op, problem } = chosen;
    this.path = match.template;
    if (problem) {
      this.add(
        'request.path.incompatible',
        `path parameter "${problem.param.name}" = ${JSON.stringify(match.params[problem.param.name])}: ${problem.message}`,
        `${this.base}/request/path`,
        problem.specPointer,
      );
      return;
    }
    const response = this.responseFor(op);
    if (expectsSuccess) {
      this.query(op);
      this.headers(op);
      this.security(op);
      this.requestBody(op);
      this.accept(op, response);
    }
    if (response) this.response(response);
  }

  /** The request's cookies, read once: headers and security both look at them. */
  private cookies(): Map<string, string> {
    return (this.cookieJar ??= parseCookies(headerValues(this.interaction.request.headers, 'cookie')));
  }

  private queryPointer(name: string): string {
    return this.pact.specMajor === 2 ? `${this.base}/request/query` : `${this.base}/request/query/${escapeToken(name)}`;
  }

  private query(op: OperationModel): void {
    const query = this.interaction.request.query;
    const used = new Set<string>();
    let absorbsAll = false;
    for (const param of op.parameters) {
      if (param.in !== 'query') continue;
      if (param.style === 'deepObject' || isObjectParam(this.schemas, param)) {
        // Object parameters spread over several keys: `filter[age]=` (deepObject), or one key per
        // property (form, exploded). The keys make the object, checked against the schema.
        const deep = param.style === 'deepObject';
        const properties = param.schema ? this.schemas.view(param.schema).properties : undefined;
        const object: Record<string, unknown> = {};
        for (const [key, values] of Object.entries(query)) {
          const property = deep ? (key.startsWith(`${param.name}[`) && key.endsWith(']') ? key.slice(param.name.length + 1, -1) : undefined) : properties?.has(key) ? key : undefined;
          if (property === undefined) continue;
          used.add(key);
          const schema = properties?.get(property);
          const text = values[values.length - 1] ?? '';
          object[property] = schema ? coerce(this.schemas, schema, text) : text;
        }
        if (!deep) absorbsAll = true;
        if (Object.keys(object).length === 0) {
          if (param.required) this.add('request.query.incompatible', `required query parameter "${param.name}" is missing`, `${this.base}/request`, param.pointer);
          continue;
        }
        if (!param.schema) continue;
        for (const issue of checkValue(this.schemas, object, param.schema, 'request').filter(isBlocking)) {
          this.add('request.query.incompatible', `query parameter "${param.name}" ${jsonPath(issue.steps)}: ${issue.message}`, `${this.base}/request/query`, issue.specPointer);
        }
        continue;
      }
      used.add(param.name);
      const values = query[param.name];
      if (values === undefined) {
        if (param.required) {
          this.add('request.query.incompatible', `required query parameter "${param.name}" is missing`, `${this.base}/request`, param.pointer);
        }
        continue;
      }
      const issue = checkParameter(this.schemas, param, values);
      if (issue) {
        this.add('request.query.incompatible', `query parameter "${param.name}" = ${JSON.stringify(values.join(','))}: ${issue.message}`, this.queryPointer(param.name), issue.specPointer);
      }
    }
    for (const name of this.securityNames(op, 'query')) used.add(name);
    if (absorbsAll) return;
    for (const name of Object.keys(query)) {
      if (!used.has(name)) {
        this.add('request.query.unknown', `query parameter "${name}" is not declared by the operation`, this.queryPointer(name), op.pointer);
      }
    }
  }

  private headers(op: OperationModel): void {
    const headers = this.interaction.request.headers;
    const declared = new Set<string>();
    const cookies = this.cookies();
    const cookieHeader = headerName(headers, 'cookie');
    const cookiePointer = `${this.base}/request/headers${cookieHeader === undefined ? '' : `/${escapeToken(cookieHeader)}`}`;
    for (const param of op.parameters) {
      if (param.in === 'cookie') {
        const value = cookies.get(param.name);
        if (value === undefined) {
          if (param.required) this.add('request.cookie.incompatible', `required cookie "${param.name}" is missing`, cookiePointer, param.pointer);
        } else {
          const issue = checkParameter(this.schemas, param, [value]);
          if (issue) this.add('request.cookie.incompatible', `cookie "${param.name}" = ${JSON.stringify(value)}: ${issue.message}`, cookiePointer, issue.specPointer);
        }
        continue;
      }
      if (param.in !== 'header') continue;
      declared.add(param.name.toLowerCase());
      const name = headerName(headers, param.name);
      if (name === undefined) {
        if (param.required) {
          this.add('request.header.incompatible', `required header "${param.name}" is missing`, `${this.base}/request/headers`, param.pointer);
        }
        continue;
      }
      const values = headers[name]!;
      const issue = checkParameter(this.schemas, param, values.length === 1 ? values : [values.join(',')]);
      if (issue) {
        this.add('request.header.incompatible', `header "${param.name}" = ${JSON.stringify(values.join(', '))}: ${issue.message}`, `${this.base}/request/headers/${escapeToken(name)}`, issue.specPointer);
      }
    }
    for (const name of this.securityNames(op, 'header')) declared.add(name.toLowerCase());
    for (const name of Object.keys(headers)) {
      const lower = name.toLowerCase();
      if (declared.has(lower) || STANDARD_REQUEST_HEADERS.has(lower)) continue;
      this.add('request.header.unknown', `header "${name}" is not declared by the operation`, `${this.base}/request/headers/${escapeToken(name)}`, op.pointer);
    }
  }

  /** Names of API-key credentials of the operation's security schemes in one location. */
  private securityNames(op: OperationModel, where: 'query' | 'header' | 'cookie'): string[] {
    const names: string[] = [];
    for (const requirement of op.security) {
      for (const schemeName of Object.keys(requirement)) {
        const scheme = this.model.securitySchemes[schemeName];
        if (scheme?.type === 'apiKey' && scheme.in === where && typeof scheme.name === 'string') names.push(scheme.name);
      }
    }
    return names;
  }

  private security(op: OperationModel): void {
    if (op.security.length === 0) return;
    const satisfied = op.security.some((requirement) =>
      Object.keys(requirement).every((name) => this.schemeSatisfied(name)),
    );
    if (satisfied) return;
    const names = op.security.map((requirement) => Object.keys(requirement).join(' + ') || '(none)').join(' or ');
    this.add(
      'request.authorization.missing',
      `the operation requires ${names}; the request carries none of these credentials`,
      `${this.base}/request/headers`,
      op.pointer,
    );
  }

  private schemeSatisfied(name: string): boolean {
    const scheme = this.model.securitySchemes[name];
    if (!scheme) return true; // an undefined scheme is the spec's problem, not the consumer's
    const request = this.interaction.request;
    const authorization = headerValues(request.headers, 'authorization')?.[0]?.trim();
    switch (scheme.type) {
      case 'apiKey': {
        const key = typeof scheme.name === 'string' ? scheme.name : '';
        if (scheme.in === 'query') return request.query[key] !== undefined;
        if (scheme.in === 'cookie') return this.cookies().has(key);
        return headerValues(request.headers, key) !== undefined;
      }
      case 'http': {
        if (!authorization) return false;
        const wanted = typeof scheme.scheme === 'string' ? scheme.scheme.toLowerCase() : '';
        return wanted === '' || authorization.toLowerCase().startsWith(`${wanted} `) || authorization.toLowerCase() === wanted;
      }
      case 'basic':
        return authorization?.toLowerCase().startsWith('basic ') === true;
      case 'oauth2':
      case 'openIdConnect':
        return authorization !== undefined && authorization !== '';
      default:
        return true; // mutualTLS and unknown types cannot be seen in a pact
    }
  }

  private requestBody(op: OperationModel): void {
    const request = this.interaction.request;
    const body = presentBody(request.body);
    const declared = op.requestBody;
    if (!body) {
      if (declared?.required) {
        this.add('request.body.incompatible', 'the operation requires a request body and the request has none', `${this.base}/request`, declared.pointer);
      }
      return;
    }
    if (!declared || declared.content.length === 0) {
      this.add('request.body.unknown', 'the request has a body but the operation declares none', body.pointer, op.pointer);
      return;
    }
    const contentType = contentTypeOf(request);
    if (contentType === undefined) {
      this.add('request.content-type.missing', 'the request has a body but no Content-Type header', `${this.base}/request/headers`, declared.pointer);
    }
    const media = selectMedia(declared.content, contentType);
    if (!media) {
      const accepted = declared.content.map((m) => m.mediaType).join(', ');
      this.add('request.content-type.incompatible', `request Content-Type ${contentType} is not accepted (the operation accepts ${accepted})`, this.contentTypePointer('request'), declared.pointer);
      return;
    }
    if (!media.schema) return;
    const value = bodyValue(this.schemas, body, media);
    if (value === NOT_READ) return;
    for (const issue of checkValue(this.schemas, value, media.schema, 'request').filter(isBlocking)) {
      this.add('request.body.incompatible', `request body ${jsonPath(issue.steps)}: ${issue.message}`, stepsPointer(body.pointer, issue.steps), issue.specPointer);
    }
  }

  private accept(op: OperationModel, response: ResponseModel | undefined): void {
    const accept = headerValues(this.interaction.request.headers, 'accept');
    if (!accept) return;
    const ranges = acceptRanges(accept);
    if (ranges.length === 0 || ranges.includes('*/*')) return;
    const produced = (response ? [response] : op.responses).flatMap((r) => r.content.map((m) => m.mediaType));
    if (produced.length === 0) return;
    if (produced.some((type) => ranges.some((range) => mediaCovers(range, type)))) return;
    this.add(
      'request.accept.incompatible',
      `Accept ${accept.join(', ')} admits none of the response media types (${[...new Set(produced)].join(', ')})`,
      `${this.base}/request/headers/${escapeToken(headerName(this.interaction.request.headers, 'accept')!)}`,
      response?.pointer ?? op.pointer,
    );
  }

  /** The response declaration the expected status selects; `default` alone is worth a warning. */
  private responseFor(op: OperationModel): ResponseModel | undefined {
    const status = this.interaction.response.status;
    const selected = selectResponse(op, status);
    if (selected?.by === 'default') {
      this.add('response.status.default', `status ${status} is covered only by the default response`, `${this.base}/response/status`, selected.response.pointer);
    }
    if (selected) return selected.response;
    const declared = op.responses.map((r) => r.status).join(', ') || 'none';
    this.add('response.status.unknown', `the operation never responds ${status} (it declares ${declared})`, `${this.base}/response/status`, `${op.pointer}/responses`);
    return undefined;
  }

  private response(declared: ResponseModel): void {
    const expected = this.interaction.response;
    const body = presentBody(expected.body);
    const contentType = contentTypeOf(expected);
    if (body || contentType !== undefined) this.responseBody(declared, body, contentType);
    const rules = expected.matchingRules.header;
    for (const [name, values] of Object.entries(expected.headers)) {
      const lower = name.toLowerCase();
      if (STANDARD_RESPONSE_HEADERS.has(lower)) continue;
      const header = declared.headers.find((h) => h.name.toLowerCase() === lower);
      const pointer = `${this.base}/response/headers/${escapeToken(name)}`;
      if (!header) {
        this.add('response.header.unknown', `the consumer expects header "${name}" which the provider does not document`, pointer, `${declared.pointer}/headers`);
        continue;
      }
      if (!header.schema) continue;
      // With a matcher the consumer accepts other values than the example: the matcher is compared, not the example.
      const rule = Object.entries(rules).find(([key]) => key.toLowerCase() === lower)?.[1];
      const issue = rule
        ? checkHeaderMatcher(this.schemas, header.schema, values.join(','), rule)
        : checkText(this.schemas, header.schema, values.length === 1 ? values : [values.join(',')], 'simple', false, true);
      if (issue) {
        const how = rule && !issue.message.includes('matcher') ? ` (${rule.matchers.map((m) => m.match).join(rule.combine === 'OR' ? ' or ' : ' and ')} matcher)` : '';
        this.add('response.header.incompatible', `response header "${name}" = ${JSON.stringify(values.join(', '))}${how}: ${issue.message}`, pointer, issue.specPointer);
      }
    }
  }

  private responseBody(declared: ResponseModel, body: PactBody | undefined, contentType: string | undefined): void {
    if (declared.content.length === 0) {
      if (body) this.add('response.body.unknown', `the consumer expects a body but the provider's ${declared.status} response has none`, body.pointer, declared.pointer);
      return;
    }
    const media = selectMedia(declared.content, contentType);
    if (!media) {
      const produced = declared.content.map((m) => m.mediaType).join(', ');
      this.add('response.content-type.incompatible', `response Content-Type ${contentType} is not produced (the provider produces ${produced})`, this.contentTypePointer('response'), declared.pointer);
      return;
    }
    if (!body || !media.schema) return;
    const value = bodyValue(this.schemas, body, media);
    if (value === NOT_READ) return;
    const rules = new RuleIndex(this.interaction.response.matchingRules.body);
    const level = this.opts.optionalFieldLevel ?? 'warning';
    for (const issue of checkValue(this.schemas, value, media.schema, 'response', rules)) {
      const pointer = stepsPointer(body.pointer, issue.steps);
      if (isBlocking(issue)) {
        this.add('response.body.incompatible', `response body ${jsonPath(issue.steps)}: ${issue.message}`, pointer, issue.specPointer);
      } else {
        this.add('response.body.field-not-guaranteed', `response body ${jsonPath(issue.steps)}: ${issue.message}`, pointer, issue.specPointer, level);
      }
    }
  }

  private contentTypePointer(side: 'request' | 'response'): string {
    const part = side === 'request' ? this.interaction.request : this.interaction.response;
    const name = headerName(part.headers, 'content-type');
    if (name !== undefined) return `${this.base}/${side}/headers/${escapeToken(name)}`;
    return this.pact.specMajor === 4 ? `${this.base}/${side}/body/contentType` : `${this.base}/${side}/headers`;
  }
}

function isObjectParam(schemas: Schemas, param: ParameterModel): boolean {
  if (!param.schema || !param.explode) return false;
  const alternatives = schemas.alternatives(param.schema);
  return alternatives.every((alt) => {
    const types = alt.find((view) => view.types)?.types;
    return types !== undefined && types.has('object') && !types.has('string');
  });
}

/** What `bodyValue` gives for a body whose format is not read (XML, CSV, multipart): nothing to check. */
const NOT_READ = Symbol('not read');

/**
 * The body as a value of the selected media type: JSON as it is, form bodies as objects of typed
 * fields (a key repeated, as forms send arrays, is the array of its values), other text as a string
 * when the schema takes one, else `NOT_READ`: a schema of objects says nothing checkable about XML.
 */
function bodyValue(schemas: Schemas, body: PactBody, media: MediaTypeModel): unknown {
  const type = baseMediaType(media.mediaType);
  if (typeof body.content !== 'string' || isJsonLike(type)) return body.content;
  if (type === 'application/x-www-form-urlencoded' && media.schema) {
    const values = new Map<string, string[]>();
    for (const [key, text] of formPairs(body.content)) {
      const list = values.get(key);
      if (list) list.push(text);
      else values.set(key, [text]);
    }
    const fields: Record<string, unknown> = {};
    const view = schemas.view(media.schema);
    for (const [key, texts] of values) {
      const property = view.properties?.get(key);
      if (!property) {
        fields[key] = texts.length === 1 ? texts[0] : texts;
        continue;
      }
      const items = arrayItems(schemas, property);
      fields[key] = items !== null ? texts.map((text) => (items ? coerce(schemas, items, text) : text)) : coerce(schemas, property, texts[texts.length - 1]!);
    }
    return fields;
  }
  if (!media.schema) return body.content;
  // Text stands for a scalar the schema names (`42` as an integer), as a parameter's does; a
  // schema of objects or arrays over XML, CSV or multipart text has nothing to compare.
  const scalar = schemas.alternatives(media.schema).some((alt) => {
    const types = alt.find((view) => view.types)?.types;
    return types === undefined || [...types].some((type) => type !== 'object' && type !== 'array');
  });
  return scalar ? coerce(schemas, media.schema, body.content) : NOT_READ;
}

/** For a schema of arrays only: its items (undefined when any item goes); null for any other schema. */
function arrayItems(schemas: Schemas, handle: SchemaHandle): SchemaHandle | undefined | null {
  const alternatives = schemas.alternatives(handle);
  let items: SchemaHandle | undefined;
  for (const alt of alternatives) {
    const types = alt.find((view) => view.types)?.types;
    if (!types || !types.has('array') || types.has('string')) return null;
    items ??= alt.find((view) => view.items)?.items;
  }
  return alternatives.length > 0 ? items : null;
}

function stepsPointer(base: string, steps: readonly Step[]): string {
  return steps.reduce<string>((pointer, step) => `${pointer}/${escapeToken(String(step))}`, base);
}
