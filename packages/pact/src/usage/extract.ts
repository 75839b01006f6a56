import type { ApiModel, OperationModel, SchemaHandle } from '@rollgate/openapi';
import { selectMedia } from '../media.js';
import { RuleIndex, fieldStep, type Step } from '../parse/json-path.js';
import { contentTypeOf, headerValues, parseCookies, presentBody } from '../parse/parse.js';
import type { MatchingRules, Pact, PactBody, PactInteraction } from '../parse/types.js';
import { chooseOperation, selectResponse } from '../verify/operation.js';
import { routerFor, stripQuery } from '../verify/router.js';
import { Schemas } from '../verify/schema.js';

/** A request parameter a consumer sends. */
export interface ParameterUsage {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
}

/** What a consumer uses of one provider operation. */
export interface OperationUsage {
  method: string;
  /** The provider's path template, or the concrete request path when there is no spec or no match. */
  path: string;
  matched: boolean;
  /** Descriptions of the interactions that exercise the operation. */
  interactions: string[];
  request: { parameters: ParameterUsage[]; bodyFields: string[] };
  response: { statuses: string[]; fields: string[] };
}

/** Which provider operations and fields a consumer depends on, as recorded in its pact. */
export interface PactUsage {
  consumer: string;
  provider: string;
  operations: OperationUsage[];
}

/** Headers that carry transport or content negotiation, not API parameters (OpenAPI ignores them too). */
const NOT_PARAMETERS = new Set(['accept', 'content-type', 'content-length', 'authorization', 'cookie']);

/**
 * Extracts the operations a consumer calls and, per operation, the parameters and body fields it
 * sends and the response fields it reads (JSON paths, arrays as `[*]`, map values as `.*`, named
 * as `ChangeTarget.name` names them). With a provider model, requests are keyed by the provider's
 * path template; without one, by the concrete path.
 */
export function extractUsage(pact: Pact, provider?: ApiModel): PactUsage {
  const byKey = new Map<string, Accumulator>();
  const schemas = provider ? new Schemas(provider) : undefined;
  const router = provider ? routerFor(provider) : undefined;
  for (const interaction of pact.interactions) {
    const { method, path: requestPath } = interaction.request;
    const op = router && schemas ? chooseOperation(router.match(requestPath), method, schemas, true)?.op : undefined;
    const path = op?.path ?? stripQuery(requestPath);
    const key = `${method} ${path}`;
    let acc = byKey.get(key);
    if (!acc) {
      acc = { method, path, matched: op !== undefined, interactions: new Set(), parameters: new Map(), bodyFields: new Set(), statuses: new Set(), fields: new Set() };
      byKey.set(key, acc);
    }
    record(acc, interaction, op, schemas);
  }
  const operations = [...byKey.values()]
    .sort((a, b) => (a.path === b.path ? a.method.localeCompare(b.method) : a.path < b.path ? -1 : 1))
    .map(
      (acc): OperationUsage => ({
        method: acc.method,
        path: acc.path,
        matched: acc.matched,
        interactions: [...acc.interactions],
        request: {
          parameters: [...acc.parameters.values()].sort((a, b) => (a.in === b.in ? a.name.localeCompare(b.name) : a.in.localeCompare(b.in))),
          bodyFields: [...acc.bodyFields].sort(),
        },
        response: { statuses: [...acc.statuses].sort(), fields: [...acc.fields].sort() },
      }),
    );
  return { consumer: pact.consumer, provider: pact.provider, operations };
}

interface Accumulator {
  method: string;
  path: string;
  matched: boolean;
  interactions: Set<string>;
  parameters: Map<string, ParameterUsage>;
  bodyFields: Set<string>;
  statuses: Set<string>;
  fields: Set<string>;
}

function record(acc: Accumulator, interaction: PactInteraction, op: OperationModel | undefined, schemas: Schemas | undefined): void {
  acc.interactions.add(interaction.description);
  const request = interaction.request;
  const add = (location: ParameterUsage['in'], name: string): void => {
    acc.parameters.set(`${location}:${location === 'header' ? name.toLowerCase() : name}`, { in: location, name });
  };
  for (const param of op?.parameters ?? []) if (param.in === 'path') add('path', param.name);
  for (const name of Object.keys(request.query)) add('query', name);
  for (const name of Object.keys(request.headers)) {
    if (NOT_PARAMETERS.has(name.toLowerCase())) continue;
    // The provider's spelling, when it declares the header, so usage lines up with its changes.
    const declared = op?.parameters.find((p) => p.in === 'header' && p.name.toLowerCase() === name.toLowerCase());
    add('header', declared?.name ?? name);
  }
  for (const name of parseCookies(headerValues(request.headers, 'cookie')).keys()) add('cookie', name);
  const requestMedia = op?.requestBody ? selectMedia(op.requestBody.content, contentTypeOf(request)) : undefined;
  collectFields(request.body, request.matchingRules, schemas, requestMedia?.schema, acc.bodyFields);
  const response = interaction.response;
  acc.statuses.add(String(response.status));
  const declared = op ? selectResponse(op, response.status)?.response : undefined;
  const responseMedia = declared ? selectMedia(declared.content, contentTypeOf(response)) : undefined;
  collectFields(response.body, response.matchingRules, schemas, responseMedia?.schema, acc.fields);
}

/** Matchers under which an object's keys are free: the consumer reads a map, not named fields. */
const MAP_MATCHERS = new Set(['values', 'eachKey', 'eachValue']);

/**
 * Adds `$` and the path of every property and array below it. Paths follow the provider's schema
 * where it is known, as the schema diff names fields: array elements are `[*]`, and a key that is
 * not a declared property but an `additionalProperties` value is `.*`; so is every key of an object
 * under a `values` (`eachKey`, `eachValue`) matcher, whose keys the consumer does not fix.
 */
function collectFields(
  body: PactBody | undefined,
  rules: MatchingRules,
  schemas: Schemas | undefined,
  schema: SchemaHandle | undefined,
  into: Set<string>,
): void {
  const content = presentBody(body)?.content;
  if (content === undefined) return;
  const index = Object.keys(rules.body).length > 0 ? new RuleIndex(rules.body) : undefined;
  const walk = (value: unknown, steps: Step[], name: string, handles: SchemaHandle[]): void => {
    into.add(name);
    if (Array.isArray(value)) {
      const items = schemas ? handles.flatMap((h) => schemaParts(schemas, h).items) : [];
      value.forEach((element, i) => walk(element, [...steps, i], `${name}[*]`, items));
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    const rule = index?.resolve(steps);
    const freeKeys = rule !== undefined && !rule.inherited && rule.entry.matchers.some((m) => MAP_MATCHERS.has(m.match));
    const parts = schemas ? handles.map((h) => schemaParts(schemas, h)) : [];
    const additional = parts.flatMap((p) => p.additional);
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      const declared = freeKeys ? [] : parts.flatMap((p) => p.properties.get(key) ?? []);
      if (freeKeys || (declared.length === 0 && additional.length > 0)) {
        walk(child, [...steps, key], `${name}.*`, additional);
      } else {
        walk(child, [...steps, key], fieldStep(name, key), declared);
      }
    }
  };
  walk(content, [], '$', schema ? [schema] : []);
}

interface SchemaParts {
  properties: Map<string, SchemaHandle[]>;
  additional: SchemaHandle[];
  items: SchemaHandle[];
}

const partsCache = new WeakMap<Schemas, Map<string, SchemaParts>>();

/** Properties, map values and array items a schema offers over all its `allOf`/`oneOf`/`anyOf` parts. */
function schemaParts(schemas: Schemas, handle: SchemaHandle): SchemaParts {
  let cache = partsCache.get(schemas);
  if (!cache) {
    cache = new Map();
    partsCache.set(schemas, cache);
  }
  const cached = cache.get(handle.pointer);
  if (cached) return cached;
  const parts: SchemaParts = { properties: new Map(), additional: [], items: [] };
  for (const alternative of schemas.alternatives(handle)) {
    for (const view of alternative) {
      for (const [key, property] of view.properties ?? []) {
        const list = parts.properties.get(key) ?? [];
        list.push(property);
        parts.properties.set(key, list);
      }
      if (view.additional) parts.additional.push(view.additional);
      if (view.items) parts.items.push(view.items);
    }
  }
  cache.set(handle.pointer, parts);
  return parts;
}
