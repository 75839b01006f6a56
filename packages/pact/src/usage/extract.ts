import type { ApiModel, OperationModel } from '@rollgate/openapi';
import { jsonPath, type Step } from '../parse/json-path.js';
import { headerValues } from '../parse/parse.js';
import type { Pact, PactBody, PactInteraction } from '../parse/types.js';
import { checkParameter } from '../verify/params.js';
import { routerFor } from '../verify/router.js';
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
 * sends and the response fields it reads (JSON paths, arrays as `[*]`). With a provider model,
 * requests are keyed by the provider's path template; without one, by the concrete path.
 */
export function extractUsage(pact: Pact, provider?: ApiModel): PactUsage {
  const byKey = new Map<string, Accumulator>();
  const schemas = provider ? new Schemas(provider) : undefined;
  for (const interaction of pact.interactions) {
    const op = provider && schemas ? findOperation(interaction, provider, schemas) : undefined;
    const method = interaction.request.method;
    const path = op?.path ?? stripQuery(interaction.request.path);
    const key = `${method} ${path}`;
    let acc = byKey.get(key);
    if (!acc) {
      acc = { method, path, matched: op !== undefined, interactions: new Set(), parameters: new Map(), bodyFields: new Set(), statuses: new Set(), fields: new Set() };
      byKey.set(key, acc);
    }
    record(acc, interaction, op);
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

/** The operation an interaction calls: method and template, path parameters valid where possible. */
function findOperation(interaction: PactInteraction, model: ApiModel, schemas: Schemas): OperationModel | undefined {
  const method = interaction.request.method;
  let fallback: OperationModel | undefined;
  for (const match of routerFor(model).match(interaction.request.path)) {
    const op = match.operations.get(method);
    if (!op) continue;
    fallback ??= op;
    const valid = op.parameters.every(
      (param) => param.in !== 'path' || match.params[param.name] === undefined || !checkParameter(schemas, param, [match.params[param.name]!]),
    );
    if (valid) return op;
  }
  return fallback;
}

function record(acc: Accumulator, interaction: PactInteraction, op: OperationModel | undefined): void {
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
  for (const cookie of headerValues(request.headers, 'cookie') ?? []) {
    for (const pair of cookie.split(';')) {
      const name = pair.split('=')[0]!.trim();
      if (name) add('cookie', name);
    }
  }
  collectFields(request.body, acc.bodyFields);
  acc.statuses.add(String(interaction.response.status));
  collectFields(interaction.response.body, acc.fields);
}

/** Adds `$` and the JSON path of every property and array below it, indexes as `[*]`. */
function collectFields(body: PactBody | undefined, into: Set<string>): void {
  if (!body || body.content === undefined || body.content === null || body.content === '') return;
  const walk = (value: unknown, steps: Step[]): void => {
    into.add(jsonPath(steps, true));
    if (Array.isArray(value)) value.forEach((element) => walk(element, [...steps, 0]));
    else if (typeof value === 'object' && value !== null) {
      for (const [key, child] of Object.entries(value)) walk(child, [...steps, key]);
    }
  };
  walk(body.content, []);
}

function stripQuery(path: string): string {
  const at = path.indexOf('?');
  return at === -1 ? path : path.slice(0, at);
}
