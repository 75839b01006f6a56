import { child, escapeToken, isObject, refToPointer } from '../model/pointer.js';
import type { ApiModel, SchemaHandle } from '../model/types.js';
import type { AdditionalProperties, Bound } from './schema-types.js';

/**
 * A schema as the diff sees it: `$ref` resolved, keywords normalised across OpenAPI versions and
 * `allOf` members merged in shallowly. Subschemas stay handles, so nothing recursive is expanded.
 * Every view has every key (`undefined` when the keyword is absent), written in one order, so all
 * views share one object shape and the code reading them stays monomorphic.
 */
export interface SchemaView {
  handle: SchemaHandle;
  /** JSON types without `null`, sorted; undefined when any type is accepted, `[]` when only `null` is. */
  types: string[] | undefined;
  nullable: boolean;
  format: string | undefined;
  enum: unknown[] | undefined;
  /** Boxed so that `const: null` stays distinct from no `const`. */
  const: { value: unknown } | undefined;
  default: { value: unknown } | undefined;
  maximum: Bound | undefined;
  minimum: Bound | undefined;
  multipleOf: number | undefined;
  maxLength: number | undefined;
  minLength: number | undefined;
  pattern: string | undefined;
  maxItems: number | undefined;
  minItems: number | undefined;
  uniqueItems: boolean;
  maxProperties: number | undefined;
  minProperties: number | undefined;
  required: ReadonlySet<string>;
  properties: ReadonlyMap<string, SchemaHandle>;
  additionalProperties: AdditionalProperties;
  items: SchemaHandle | undefined;
  readOnly: boolean;
  writeOnly: boolean;
  deprecated: boolean;
  oneOf: SchemaHandle[] | undefined;
  anyOf: SchemaHandle[] | undefined;
  not: SchemaHandle | undefined;
  discriminator: { propertyName: string | undefined; mapping: Map<string, string> } | undefined;
}

/** Shared by every view without `required` or `properties`: views are never changed once built. */
const NO_NAMES: ReadonlySet<string> = new Set();
const NO_PROPERTIES: ReadonlyMap<string, SchemaHandle> = new Map();

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
    if (types.length === 1) {
      // Only unknown type names: nothing to compare by, rather than a schema that accepts only null.
      if (!JSON_TYPES.has(types[0]!) && types[0] !== 'file') types = undefined;
    } else {
      const known = [...new Set(types.filter((t) => JSON_TYPES.has(t) || t === 'file'))].sort();
      types = known.length > 0 ? known : undefined;
    }
  }

  let properties = NO_PROPERTIES;
  const rawProperties = node.properties;
  if (isObject(rawProperties)) {
    const map = new Map<string, SchemaHandle>();
    const at = `${p}/properties/`;
    for (const name in rawProperties) {
      const raw = rawProperties[name];
      const prop = isObject(raw) ? { pointer: at + escapeToken(name), node: raw } : subschema(p, raw, 'properties', name);
      if (prop) map.set(name, prop);
    }
    if (map.size > 0) properties = map;
  }
  let required = NO_NAMES;
  if (Array.isArray(node.required) && node.required.length > 0) {
    required = new Set(node.required.filter((r): r is string => typeof r === 'string'));
  }
  let additionalProperties: AdditionalProperties = true;
  const rawAdditional = node.additionalProperties;
  if (rawAdditional === false) additionalProperties = false;
  else if (isObject(rawAdditional)) {
    additionalProperties = isEmpty(rawAdditional) ? true : { pointer: `${p}/additionalProperties`, node: rawAdditional };
  }
  // A schema with object or array keywords but no `type` is an object or array in practice; treating
  // it so keeps `type: object` being added or dropped from reading as a type change.
  if (types === undefined && rawType === undefined) {
    if (properties.size > 0 || isObject(rawAdditional) || rawAdditional === false) types = ['object'];
    else if (node.items !== undefined) types = ['array'];
  }

  let discriminator: SchemaView['discriminator'];
  const rawDiscriminator = node.discriminator;
  if (isObject(rawDiscriminator)) {
    const mapping = new Map<string, string>();
    if (isObject(rawDiscriminator.mapping)) {
      for (const [key, value] of Object.entries(rawDiscriminator.mapping)) {
        if (typeof value !== 'string') continue;
        // A bare name is short for a schema in components (OpenAPI 3).
        mapping.set(key, value.includes('/') || value.startsWith('#') ? (refToPointer(value) ?? value) : `/components/schemas/${value}`);
      }
    }
    const propertyName = typeof rawDiscriminator.propertyName === 'string' ? rawDiscriminator.propertyName : undefined;
    discriminator = { propertyName, mapping };
  } else if (typeof rawDiscriminator === 'string') {
    // Swagger 2.0: `discriminator` is the property name itself.
    discriminator = { propertyName: rawDiscriminator, mapping: new Map() };
  }

  return {
    handle,
    types,
    nullable,
    format: typeof node.format === 'string' ? node.format : undefined,
    enum: Array.isArray(node.enum) ? node.enum.filter((v) => v !== null) : undefined,
    const: 'const' in node ? { value: node.const } : undefined,
    default: 'default' in node ? { value: node.default } : undefined,
    maximum: node.maximum === undefined && node.exclusiveMaximum === undefined ? undefined : bound(node.maximum, node.exclusiveMaximum, (a, b) => a < b),
    minimum: node.minimum === undefined && node.exclusiveMinimum === undefined ? undefined : bound(node.minimum, node.exclusiveMinimum, (a, b) => a > b),
    multipleOf: num(node.multipleOf),
    maxLength: num(node.maxLength),
    minLength: num(node.minLength),
    pattern: typeof node.pattern === 'string' ? node.pattern : undefined,
    maxItems: num(node.maxItems),
    minItems: num(node.minItems),
    uniqueItems: node.uniqueItems === true,
    maxProperties: num(node.maxProperties),
    minProperties: num(node.minProperties),
    required,
    properties,
    additionalProperties,
    items: node.items === undefined ? undefined : subschema(p, node.items, 'items'),
    readOnly: node.readOnly === true,
    writeOnly: node.writeOnly === true,
    deprecated: node.deprecated === true,
    oneOf: branches(p, node.oneOf, 'oneOf'),
    anyOf: branches(p, node.anyOf, 'anyOf'),
    not: node.not === undefined ? undefined : subschema(p, node.not, 'not'),
    discriminator,
  };
}

function isEmpty(object: Record<string, unknown>): boolean {
  for (const _ in object) return false;
  return true;
}

function branches(pointer: string, list: unknown, key: 'oneOf' | 'anyOf'): SchemaHandle[] | undefined {
  if (!Array.isArray(list)) return undefined;
  const out: SchemaHandle[] = [];
  list.forEach((raw, index) => {
    const branch = subschema(pointer, raw, key, index);
    if (branch) out.push(branch);
  });
  return out;
}

/**
 * Merges `allOf` members into the owner's view: properties and `required` are unions, the owner's
 * own keywords win, and otherwise the first member that sets a keyword gives it. This is the
 * reading people mean when they split an object into `allOf: [{$ref: Base}, {properties}]`.
 */
function mergeAllOf(own: SchemaView, members: SchemaView[], node: Record<string, unknown>): SchemaView {
  const required = new Set(own.required);
  const properties = new Map(own.properties);
  const merged: SchemaView = { ...own, required, properties };
  for (const member of members) {
    for (const [name, prop] of member.properties) if (!properties.has(name)) properties.set(name, prop);
    for (const name of member.required) required.add(name);
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
    for (const key of FIRST_MEMBER_WINS) {
      if (merged[key] === undefined && member[key] !== undefined) (merged as unknown as Record<string, unknown>)[key] = member[key];
    }
  }
  // Null passes an allOf only when every part allows it; a lone `nullable: true` beside a `$ref` is
  // how 3.0 documents say "this reference, or null", so the owner's explicit word also counts.
  const ownSaysNullable = node.nullable === true || node['x-nullable'] === true || (Array.isArray(node.type) && node.type.includes('null'));
  merged.nullable = ownSaysNullable || (members.length > 0 && members.every((m) => m.nullable) && (own.types === undefined || own.nullable));
  return merged;
}

/** Keywords an `allOf` owner takes from its first member that sets them, unless it sets them itself. */
const FIRST_MEMBER_WINS = [
  'format', 'enum', 'const', 'default', 'maximum', 'minimum', 'multipleOf', 'maxLength', 'minLength', 'pattern',
  'maxItems', 'minItems', 'maxProperties', 'minProperties', 'items', 'oneOf', 'anyOf', 'not', 'discriminator',
] as const;

/** Types both lists accept; `integer` is the part of `number` both share. */
function intersectTypes(a: string[], b: string[]): string[] {
  const out = new Set<string>();
  for (const t of a) {
    if (b.includes(t)) out.add(t);
    else if ((t === 'number' && b.includes('integer')) || (t === 'integer' && b.includes('number'))) out.add('integer');
  }
  return [...out].sort();
}
