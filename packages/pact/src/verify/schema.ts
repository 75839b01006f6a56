import { escapeToken } from '@rollgate/openapi';
import type { ApiModel, SchemaHandle } from '@rollgate/openapi';
import { compileRegex, isObject } from '../shared.js';

/** JSON types as JSON Schema names them; `integer` is a subset of `number`. */
export type JsonType = 'null' | 'boolean' | 'object' | 'array' | 'number' | 'integer' | 'string';

type Json = Record<string, unknown>;

/**
 * One schema node's own keywords (composition keywords excluded), resolved and pre-digested
 * once per pointer so checking a value never re-reads the raw document.
 */
export interface SchemaView {
  pointer: string;
  node: Json;
  /** Allowed types; undefined means any. `null` is included for OpenAPI 3.0 `nullable` and Swagger `x-nullable`. */
  types?: ReadonlySet<JsonType>;
  /** Set when the node explicitly allows null (`nullable: true`, `x-nullable`, `type: [.., null]`). */
  explicitNull: boolean;
  properties?: ReadonlyMap<string, SchemaHandle>;
  required: ReadonlySet<string>;
  /** `false` (closed), a schema for extra properties, or undefined (open, undocumented). */
  additional?: false | SchemaHandle;
  items?: SchemaHandle;
  prefixItems?: SchemaHandle[];
  readOnly: boolean;
  writeOnly: boolean;
  pattern?: RegExp;
  not?: SchemaHandle;
}

/** A conjunction of views (an `allOf`, flattened) that a value must satisfy together. */
export type Alternative = readonly SchemaView[];

interface ModelCache {
  views: Map<string, SchemaView>;
  expansions: Map<string, readonly Alternative[]>;
}

const caches = new WeakMap<ApiModel, ModelCache>();

/** Caps the cross product of `allOf` over `oneOf`/`anyOf`, which grows exponentially on real specs (three `oneOf`s of 8 branches are 512). */
const MAX_ALTERNATIVES = 512;

/** Schema lookups over one model, memoised per schema pointer and shared by every pact checked against it. */
export class Schemas {
  private readonly cache: ModelCache;

  constructor(private readonly model: ApiModel) {
    let cache = caches.get(model);
    if (!cache) {
      cache = { views: new Map(), expansions: new Map() };
      caches.set(model, cache);
    }
    this.cache = cache;
  }

  /** The view of the schema a handle names, following `$ref`s. */
  view(handle: SchemaHandle): SchemaView {
    const cached = this.cache.views.get(handle.pointer);
    if (cached) return cached;
    const resolved = this.model.resolveSchema(handle);
    let view = this.cache.views.get(resolved.pointer);
    if (!view) {
      view = buildView(resolved, this.model.spec.specVersion);
      this.cache.views.set(resolved.pointer, view);
    }
    this.cache.views.set(handle.pointer, view);
    return view;
  }

  /**
   * The alternatives a schema allows: `allOf` parts are merged into one conjunction, each
   * `oneOf`/`anyOf` branch multiplies them. Cycles through `allOf` stop at the repeated node.
   */
  alternatives(handle: SchemaHandle): readonly Alternative[] {
    const cached = this.cache.expansions.get(handle.pointer);
    if (cached) return cached;
    const result = this.expand(handle, new Set());
    this.cache.expansions.set(handle.pointer, result);
    return result;
  }

  private expand(handle: SchemaHandle, stack: Set<string>): readonly Alternative[] {
    const view = this.view(handle);
    const cached = this.cache.expansions.get(view.pointer);
    if (cached) return cached;
    if (stack.has(view.pointer)) return [[view]];
    stack.add(view.pointer);
    let result: Alternative[] = [[view]];
    const node = view.node;
    for (const part of handles(node.allOf, `${view.pointer}/allOf`)) {
      result = product(result, this.expand(part, stack));
    }
    for (const keyword of ['oneOf', 'anyOf'] as const) {
      const branches = handles(node[keyword], `${view.pointer}/${keyword}`);
      if (branches.length === 0) continue;
      const union = branches.flatMap((branch) => this.expand(branch, stack));
      result = product(result, union);
    }
    stack.delete(view.pointer);
    this.cache.expansions.set(view.pointer, result);
    return result;
  }

  /** The schema of a discriminated `oneOf`/`anyOf` branch named by a value, when the schema says how. */
  discriminated(view: SchemaView, value: Json): SchemaHandle | undefined {
    const discriminator = view.node.discriminator;
    if (!isObject(discriminator) || typeof discriminator.propertyName !== 'string') return undefined;
    const tag = value[discriminator.propertyName];
    if (typeof tag !== 'string') return undefined;
    const mapping = isObject(discriminator.mapping) ? discriminator.mapping[tag] : undefined;
    const ref = typeof mapping === 'string' ? (mapping.startsWith('#') ? mapping : `#/components/schemas/${mapping}`) : `#/components/schemas/${tag}`;
    const pointer = decodeURIComponent(ref.slice(1));
    const branches = [...handles(view.node.oneOf, `${view.pointer}/oneOf`), ...handles(view.node.anyOf, `${view.pointer}/anyOf`)];
    return branches.find((branch) => branch.node.$ref === ref || this.view(branch).pointer === pointer);
  }
}

function product(left: readonly Alternative[], right: readonly Alternative[]): Alternative[] {
  const out: Alternative[] = [];
  for (const a of left) {
    for (const b of right) {
      out.push([...a, ...b]);
      if (out.length >= MAX_ALTERNATIVES) return out;
    }
  }
  return out;
}

function handles(list: unknown, pointer: string): SchemaHandle[] {
  if (!Array.isArray(list)) return [];
  const out: SchemaHandle[] = [];
  list.forEach((node, i) => {
    if (isObject(node)) out.push({ pointer: `${pointer}/${i}`, node });
    else if (node === true) out.push({ pointer: `${pointer}/${i}`, node: {} });
  });
  return out;
}

const ALL_TYPES = new Set<JsonType>(['null', 'boolean', 'object', 'array', 'number', 'integer', 'string']);

function buildView(handle: SchemaHandle, version: '2.0' | '3.0' | '3.1'): SchemaView {
  const node = handle.node;
  const pointer = handle.pointer;
  let types: Set<JsonType> | undefined;
  let explicitNull = node.nullable === true || node['x-nullable'] === true;
  const rawType = node.type;
  if (typeof rawType === 'string' || Array.isArray(rawType)) {
    types = new Set();
    for (const t of Array.isArray(rawType) ? rawType : [rawType]) {
      if (typeof t === 'string' && ALL_TYPES.has(t as JsonType)) types.add(t as JsonType);
      // Swagger 2 `file` responses carry bytes; anything a JSON body can hold is out of reach.
      else if (t === 'file') types.add('string');
    }
    if (types.has('null')) explicitNull = true;
    if (explicitNull) types.add('null');
  } else if (Array.isArray(node.enum) && node.enum.length > 0) {
    // An untyped enum still says which types its values may take.
    types = new Set(node.enum.map(typeOf));
    if (explicitNull) types.add('null');
  }
  if (version !== '3.1' && node.nullable !== true && node['x-nullable'] !== true && types) types.delete('null');
  if (version === '3.1' && Array.isArray(rawType) && rawType.includes('null')) explicitNull = true;

  const view: SchemaView = {
    pointer,
    node,
    explicitNull,
    required: new Set(Array.isArray(node.required) ? node.required.filter((r): r is string => typeof r === 'string') : []),
    readOnly: node.readOnly === true,
    writeOnly: node.writeOnly === true,
  };
  if (types) view.types = types;
  if (isObject(node.properties)) {
    const properties = new Map<string, SchemaHandle>();
    for (const [name, child] of Object.entries(node.properties)) {
      const childPointer = `${pointer}/properties/${escapeToken(name)}`;
      if (isObject(child)) properties.set(name, { pointer: childPointer, node: child });
      else if (typeof child === 'boolean') properties.set(name, { pointer: childPointer, node: child ? {} : { not: {} } });
    }
    view.properties = properties;
  }
  const additional = node.additionalProperties ?? node.unevaluatedProperties;
  if (additional === false) view.additional = false;
  else if (isObject(additional) && Object.keys(additional).length > 0) {
    const key = node.additionalProperties !== undefined ? 'additionalProperties' : 'unevaluatedProperties';
    view.additional = { pointer: `${pointer}/${key}`, node: additional };
  }
  if (isObject(node.items)) view.items = { pointer: `${pointer}/items`, node: node.items };
  else if (Array.isArray(node.items)) view.prefixItems = handles(node.items, `${pointer}/items`);
  if (Array.isArray(node.prefixItems)) view.prefixItems = handles(node.prefixItems, `${pointer}/prefixItems`);
  // A pattern JavaScript cannot compile constrains nothing we can check.
  const pattern = typeof node.pattern === 'string' ? compileRegex(node.pattern) : undefined;
  if (pattern) view.pattern = pattern;
  if (isObject(node.not)) view.not = { pointer: `${pointer}/not`, node: node.not };
  return view;
}

/** The JSON type of a value, `integer` for whole numbers. */
export function typeOf(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'boolean':
      return 'boolean';
    case 'number':
      return Number.isInteger(value) ? 'integer' : 'number';
    case 'string':
      return 'string';
    default:
      return 'object';
  }
}

/** True when a type set admits values of type `type` (`number` admits integers). */
export function admits(types: ReadonlySet<JsonType> | undefined, type: JsonType): boolean {
  if (!types) return true;
  if (types.has(type)) return true;
  return type === 'integer' && types.has('number');
}

/** Types an alternative admits: the intersection over its views. */
export function alternativeTypes(alternative: Alternative): ReadonlySet<JsonType> | undefined {
  let out: Set<JsonType> | undefined;
  for (const view of alternative) {
    if (!view.types) continue;
    if (!out) {
      out = new Set(view.types);
      if (out.has('number')) out.add('integer');
      continue;
    }
    for (const t of [...out]) {
      if (!admits(view.types, t)) out.delete(t);
    }
  }
  // OpenAPI 3.0 authors write `allOf: [$ref], nullable: true` meaning "nullable"; honour the intent.
  if (out && alternative.some((view) => view.explicitNull)) out.add('null');
  return out;
}

/** A readable type list: `string or null`. */
export function describeTypes(types: ReadonlySet<JsonType> | undefined): string {
  if (!types) return 'any type';
  const list = [...types].filter((t) => !(t === 'integer' && types.has('number')));
  return list.join(' or ');
}
