import { child, isObject, refToPointer } from '../model/pointer.js';
import type { ApiModel, SchemaHandle } from '../model/types.js';
import type { AdditionalProperties, Bound } from './schema-types.js';

/**
 * A schema as the diff sees it: `$ref` resolved, keywords normalised across OpenAPI versions and
 * `allOf` members merged in shallowly. Subschemas stay handles, so nothing recursive is expanded.
 */
export interface SchemaView {
  handle: SchemaHandle;
  /** JSON types without `null`, sorted; undefined when any type is accepted, `[]` when only `null` is. */
  types: string[] | undefined;
  nullable: boolean;
  format?: string;
  enum?: unknown[];
  /** Boxed so that `const: null` stays distinct from no `const`. */
  const?: { value: unknown };
  default?: { value: unknown };
  maximum?: Bound;
  minimum?: Bound;
  multipleOf?: number;
  maxLength?: number;
  minLength?: number;
  pattern?: string;
  maxItems?: number;
  minItems?: number;
  uniqueItems: boolean;
  maxProperties?: number;
  minProperties?: number;
  required: Set<string>;
  properties: Map<string, SchemaHandle>;
  additionalProperties: AdditionalProperties;
  items?: SchemaHandle;
  readOnly: boolean;
  writeOnly: boolean;
  deprecated: boolean;
  oneOf?: SchemaHandle[];
  anyOf?: SchemaHandle[];
  not?: SchemaHandle;
  discriminator?: { propertyName?: string; mapping: Map<string, string> };
}

const JSON_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array']);

/**
 * Views for one document. Pointers are unique in a document, so they key the cache; a handle seen
 * before (the same object) skips even the `$ref` resolution and the pointer lookup, which is most
 * lookups, since views hand out the same subschema handles every time.
 */
export class SchemaViews {
  private readonly cache = new Map<string, SchemaView>();
  private readonly byHandle = new Map<SchemaHandle, SchemaView>();

  constructor(readonly model: ApiModel) {}

  /** Follows `$ref`s of a handle to the schema itself. */
  resolve(handle: SchemaHandle): SchemaHandle {
    return this.model.resolveSchema(handle);
  }

  /** The effective view of a schema (resolved first). */
  view(handle: SchemaHandle): SchemaView {
    let view = this.byHandle.get(handle);
    if (view) return view;
    const resolved = this.resolve(handle);
    view = this.cache.get(resolved.pointer);
    if (!view) {
      view = this.build(resolved, new Set());
      this.cache.set(resolved.pointer, view);
    }
    this.byHandle.set(handle, view);
    return view;
  }

  private build(handle: SchemaHandle, merging: Set<string>): SchemaView {
    const view = ownView(handle);
    const allOf = handle.node.allOf;
    if (!Array.isArray(allOf) || allOf.length === 0) return view;
    // An allOf member that leads back to a schema being merged adds nothing new to the merge.
    merging.add(handle.pointer);
    const members: SchemaView[] = [];
    allOf.forEach((raw, index) => {
      const member = subschema(handle.pointer, raw, 'allOf', index);
      if (!member) return;
      const resolved = this.resolve(member);
      if (merging.has(resolved.pointer)) return;
      members.push(this.cache.get(resolved.pointer) ?? this.build(resolved, merging));
    });
    merging.delete(handle.pointer);
    return mergeAllOf(view, members, handle.node);
  }
}

/** A child schema at `key` (and index) of a node as a handle; booleans become `{}` / `{not: {}}`. */
export function subschema(pointer: string, raw: unknown, ...tokens: (string | number)[]): SchemaHandle | undefined {
  const at = child(pointer, ...tokens);
  if (isObject(raw)) return { pointer: at, node: raw };
  if (raw === true) return { pointer: at, node: TRUE_SCHEMA };
  if (raw === false) return { pointer: at, node: FALSE_SCHEMA };
  return undefined;
}

const TRUE_SCHEMA: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;
const FALSE_SCHEMA: Record<string, unknown> = Object.freeze({ not: Object.freeze({}) }) as Record<string, unknown>;

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** 3.0 writes `maximum: 5, exclusiveMaximum: true`; 3.1 writes `exclusiveMaximum: 5`. Both become one bound. */
function bound(inclusive: unknown, exclusive: unknown, pick: (a: number, b: number) => boolean): Bound | undefined {
  const value = num(inclusive);
  if (typeof exclusive === 'number') {
    const excl: Bound = { value: exclusive, exclusive: true };
    if (value === undefined) return excl;
    // Both given: the tighter one is the effective bound; on a tie the exclusive one is tighter.
    return value === exclusive || pick(exclusive, value) ? excl : { value, exclusive: false };
  }
  if (value === undefined) return undefined;
  return { value, exclusive: exclusive === true };
}

function ownView(handle: SchemaHandle): SchemaView {
  const node = handle.node;
  const p = handle.pointer;
  let types: string[] | undefined;
  let nullable = node.nullable === true || node['x-nullable'] === true;
  const rawType = node.type;
  if (typeof rawType === 'string') {
    if (rawType === 'null') {
      nullable = true;
      types = [];
    } else types = [rawType];
  } else if (Array.isArray(rawType)) {
    const list = rawType.filter((t): t is string => typeof t === 'string');
    if (list.includes('null')) nullable = true;
    const rest = list.filter((t) => t !== 'null');
    // `type: [null]` alone accepts only null; `types: []` records that no other type is accepted.
    types = rest.length > 0 || list.length > 0 ? rest : undefined;
  }
  if (types && types.length > 0) {
    const known = [...new Set(types.filter((t) => JSON_TYPES.has(t) || t === 'file'))].sort();
    // Only unknown type names: nothing to compare by, rather than a schema that accepts only null.
    types = known.length > 0 ? known : undefined;
  }

  const properties = new Map<string, SchemaHandle>();
  if (isObject(node.properties)) {
    for (const [name, raw] of Object.entries(node.properties)) {
      const prop = subschema(p, raw, 'properties', name);
      if (prop) properties.set(name, prop);
    }
  }
  const required = new Set(
    Array.isArray(node.required) ? node.required.filter((r): r is string => typeof r === 'string') : [],
  );
  let additionalProperties: AdditionalProperties = true;
  if (node.additionalProperties === false) additionalProperties = false;
  else if (isObject(node.additionalProperties)) {
    additionalProperties =
      Object.keys(node.additionalProperties).length === 0
        ? true
        : { pointer: child(p, 'additionalProperties'), node: node.additionalProperties };
  }
  // A schema with object or array keywords but no `type` is an object or array in practice; treating
  // it so keeps `type: object` being added or dropped from reading as a type change.
  if (types === undefined && rawType === undefined) {
    if (properties.size > 0 || isObject(node.additionalProperties) || node.additionalProperties === false) types = ['object'];
    else if (node.items !== undefined) types = ['array'];
  }

  const view: SchemaView = {
    handle,
    types,
    nullable,
    uniqueItems: node.uniqueItems === true,
    required,
    properties,
    additionalProperties,
    readOnly: node.readOnly === true,
    writeOnly: node.writeOnly === true,
    deprecated: node.deprecated === true,
  };
  if (typeof node.format === 'string') view.format = node.format;
  if (Array.isArray(node.enum)) view.enum = node.enum.filter((v) => v !== null);
  if ('const' in node) view.const = { value: node.const };
  if ('default' in node) view.default = { value: node.default };
  const maximum = bound(node.maximum, node.exclusiveMaximum, (a, b) => a < b);
  if (maximum) view.maximum = maximum;
  const minimum = bound(node.minimum, node.exclusiveMinimum, (a, b) => a > b);
  if (minimum) view.minimum = minimum;
  for (const key of ['multipleOf', 'maxLength', 'minLength', 'maxItems', 'minItems', 'maxProperties', 'minProperties'] as const) {
    const value = num(node[key]);
    if (value !== undefined) view[key] = value;
  }
  if (typeof node.pattern === 'string') view.pattern = node.pattern;
  const items = subschema(p, node.items, 'items');
  if (items) view.items = items;
  for (const key of ['oneOf', 'anyOf'] as const) {
    const list = node[key];
    if (!Array.isArray(list)) continue;
    const branches: SchemaHandle[] = [];
    list.forEach((raw, index) => {
      const branch = subschema(p, raw, key, index);
      if (branch) branches.push(branch);
    });
    view[key] = branches;
  }
  const not = subschema(p, node.not, 'not');
  if (not) view.not = not;
  if (isObject(node.discriminator)) {
    const d = node.discriminator;
    const mapping = new Map<string, string>();
    if (isObject(d.mapping)) {
      for (const [key, value] of Object.entries(d.mapping)) {
        if (typeof value !== 'string') continue;
        // A bare name is short for a schema in components (OpenAPI 3).
        mapping.set(key, value.includes('/') || value.startsWith('#') ? (refToPointer(value) ?? value) : `/components/schemas/${value}`);
      }
    }
    view.discriminator = { mapping };
    if (typeof d.propertyName === 'string') view.discriminator.propertyName = d.propertyName;
  } else if (typeof node.discriminator === 'string') {
    // Swagger 2.0: `discriminator` is the property name itself.
    view.discriminator = { propertyName: node.discriminator, mapping: new Map() };
  }
  return view;
}

/**
 * Merges `allOf` members into the owner's view: properties and `required` are unions, the owner's
 * own keywords win, and otherwise the first member that sets a keyword gives it. This is the
 * reading people mean when they split an object into `allOf: [{$ref: Base}, {properties}]`.
 */
function mergeAllOf(own: SchemaView, members: SchemaView[], node: Record<string, unknown>): SchemaView {
  const merged: SchemaView = { ...own, required: new Set(own.required), properties: new Map(own.properties) };
  for (const member of members) {
    for (const [name, prop] of member.properties) if (!merged.properties.has(name)) merged.properties.set(name, prop);
    for (const name of member.required) merged.required.add(name);
    merged.readOnly ||= member.readOnly;
    merged.writeOnly ||= member.writeOnly;
    merged.deprecated ||= member.deprecated;
    merged.uniqueItems ||= member.uniqueItems;
    if (merged.additionalProperties === true && node.additionalProperties === undefined) {
      merged.additionalProperties = member.additionalProperties;
    }
    if (merged.types === undefined) merged.types = member.types;
    else if (member.types !== undefined) {
      // Every member must hold, so only types all of them accept remain.
      merged.types = intersectTypes(merged.types, member.types);
    }
    for (const key of [
      'format', 'enum', 'const', 'default', 'maximum', 'minimum', 'multipleOf', 'maxLength', 'minLength', 'pattern',
      'maxItems', 'minItems', 'maxProperties', 'minProperties', 'items', 'oneOf', 'anyOf', 'not', 'discriminator',
    ] as const) {
      if (merged[key] === undefined && member[key] !== undefined) (merged as unknown as Record<string, unknown>)[key] = member[key];
    }
  }
  // Null passes an allOf only when every part allows it; a lone `nullable: true` beside a `$ref` is
  // how 3.0 documents say "this reference, or null", so the owner's explicit word also counts.
  const ownSaysNullable = node.nullable === true || node['x-nullable'] === true || (Array.isArray(node.type) && node.type.includes('null'));
  merged.nullable = ownSaysNullable || (members.length > 0 && members.every((m) => m.nullable) && (own.types === undefined || own.nullable));
  return merged;
}

/** Types both lists accept; `integer` is the part of `number` both share. */
function intersectTypes(a: string[], b: string[]): string[] {
  const out = new Set<string>();
  for (const t of a) {
    if (b.includes(t)) out.add(t);
    else if ((t === 'number' && b.includes('integer')) || (t === 'integer' && b.includes('number'))) out.add('integer');
  }
  return [...out].sort();
}
