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
 * Views for one document. A view belongs to a place in the document (its pointer), and a place
 * holds one node, so views are found by node, which needs no pointer string hashed; a node that
 * sits at several places (a YAML alias, a shared boolean schema) keeps one view per pointer. A
 * handle seen before (the same object) skips even the `$ref` resolution, which is most lookups,
 * since views hand out the same subschema handles every time.
 */
export class SchemaViews {
  private readonly byNode = new Map<Record<string, unknown>, SchemaView>();
  /** Views of nodes met again at another pointer than their first view's. */
  private readonly byPointer = new Map<string, SchemaView>();
  private readonly byHandle = new Map<SchemaHandle, SchemaView>();
  private readonly sortedProperties = new Map<SchemaView, string[]>();
  private readonly sortedRequired = new Map<SchemaView, string[]>();

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
    view = this.cached(resolved);
    if (!view) {
      view = this.build(resolved, undefined);
      if (this.byNode.has(resolved.node)) this.byPointer.set(resolved.pointer, view);
      else this.byNode.set(resolved.node, view);
    }
    this.byHandle.set(handle, view);
    return view;
  }

  /** The view already built for the schema at this handle's place, if any. */
  private cached(resolved: SchemaHandle): SchemaView | undefined {
    const view = this.byNode.get(resolved.node);
    if (view === undefined) return undefined;
    if (view.handle === resolved || view.handle.pointer === resolved.pointer) return view;
    return this.byPointer.get(resolved.pointer);
  }

  /** Property names of a view, sorted; a view never changes, so they are sorted once. */
  propertyNames(view: SchemaView): string[] {
    let names = this.sortedProperties.get(view);
    if (names === undefined) this.sortedProperties.set(view, (names = [...view.properties.keys()].sort()));
    return names;
  }

  /** Required names of a view, sorted once. */
  requiredNames(view: SchemaView): string[] {
    let names = this.sortedRequired.get(view);
    if (names === undefined) this.sortedRequired.set(view, (names = [...view.required].sort()));
    return names;
  }

  private build(handle: SchemaHandle, within: Set<string> | undefined): SchemaView {
    let view = ownView(handle);
    const allOf = handle.node.allOf;
    const orNull = orNullBranch(handle.node);
    if ((!Array.isArray(allOf) || allOf.length === 0) && !orNull) return view;
    // An allOf member that leads back to a schema being merged adds nothing new to the merge.
    const merging = within ?? new Set<string>();
    merging.add(handle.pointer);
    const members: SchemaView[] = [];
    const merge = (member: SchemaHandle | undefined): void => {
      if (!member) return;
      const resolved = this.resolve(member);
      if (merging.has(resolved.pointer)) return;
      members.push(this.cached(resolved) ?? this.build(resolved, merging));
    };
    if (Array.isArray(allOf)) allOf.forEach((raw, index) => merge(subschema(handle.pointer, raw, 'allOf', index)));
    if (orNull) {
      // `anyOf: [X, {type: 'null'}]` is X or null, as `type: [X's type, 'null']` and 3.0's
      // `nullable: true` say: read X as merged in and the schema as nullable, so the three forms compare equal.
      merge(subschema(handle.pointer, (handle.node[orNull.key] as unknown[])[orNull.index], orNull.key, orNull.index));
      view = { ...view, [orNull.key]: undefined };
    }
    merging.delete(handle.pointer);
    const merged = mergeAllOf(view, members, handle.node);
    if (orNull) merged.nullable = true;
    return merged;
  }
}

/**
 * The other branch of an `anyOf` or `oneOf` of two whose one branch accepts only null (`{type:
 * 'null'}`), when the schema itself sets no type that leaves null out; undefined otherwise.
 */
function orNullBranch(node: Record<string, unknown>): { key: 'anyOf' | 'oneOf'; index: number } | undefined {
  if (node.type !== undefined && node.type !== 'null' && !(Array.isArray(node.type) && node.type.includes('null'))) return undefined;
  for (const key of ['anyOf', 'oneOf'] as const) {
    const branches = node[key];
    if (!Array.isArray(branches) || branches.length !== 2) continue;
    const nulls = branches.map(onlyNull);
    if (nulls[0] !== nulls[1]) return { key, index: nulls[0] ? 1 : 0 };
  }
  return undefined;
}

/** `{type: 'null'}` (or `['null']`), with nothing else but annotations. */
function onlyNull(raw: unknown): boolean {
  if (!isObject(raw)) return false;
  const type = raw.type;
  if (type !== 'null' && !(Array.isArray(type) && type.length === 1 && type[0] === 'null')) return false;
  for (const key in raw) if (key !== 'type' && key !== 'description' && key !== 'title' && !key.startsWith('x-')) return false;
  return true;
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

/** A lower bound on a count (`minLength`, `minItems`, `minProperties`): 0 is the default, no bound at all. */
function atLeastOne(value: unknown): number | undefined {
  const n = num(value);
  return n === undefined || n <= 0 ? undefined : n;
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

/** The keywords a view reads, each with its slot in `scanned`. */
const enum Slot {
  Type,
  Nullable,
  XNullable,
  Format,
  Enum,
  Const,
  Default,
  Maximum,
  ExclusiveMaximum,
  Minimum,
  ExclusiveMinimum,
  MultipleOf,
  MaxLength,
  MinLength,
  Pattern,
  MaxItems,
  MinItems,
  UniqueItems,
  MaxProperties,
  MinProperties,
  Properties,
  Required,
  AdditionalProperties,
  Items,
  ReadOnly,
  WriteOnly,
  Deprecated,
  OneOf,
  AnyOf,
  Not,
  Discriminator,
  Count,
}

const SLOTS = new Map<string, Slot>([
  ['type', Slot.Type],
  ['nullable', Slot.Nullable],
  ['x-nullable', Slot.XNullable],
  ['format', Slot.Format],
  ['enum', Slot.Enum],
  ['const', Slot.Const],
  ['default', Slot.Default],
  ['maximum', Slot.Maximum],
  ['exclusiveMaximum', Slot.ExclusiveMaximum],
  ['minimum', Slot.Minimum],
  ['exclusiveMinimum', Slot.ExclusiveMinimum],
  ['multipleOf', Slot.MultipleOf],
  ['maxLength', Slot.MaxLength],
  ['minLength', Slot.MinLength],
  ['pattern', Slot.Pattern],
  ['maxItems', Slot.MaxItems],
  ['minItems', Slot.MinItems],
  ['uniqueItems', Slot.UniqueItems],
  ['maxProperties', Slot.MaxProperties],
  ['minProperties', Slot.MinProperties],
  ['properties', Slot.Properties],
  ['required', Slot.Required],
  ['additionalProperties', Slot.AdditionalProperties],
  ['items', Slot.Items],
  ['readOnly', Slot.ReadOnly],
  ['writeOnly', Slot.WriteOnly],
  ['deprecated', Slot.Deprecated],
  ['oneOf', Slot.OneOf],
  ['anyOf', Slot.AnyOf],
  ['not', Slot.Not],
  ['discriminator', Slot.Discriminator],
]);

/** Marks a keyword the schema does not have (`undefined` may be a value, as in `const`). */
const ABSENT: unique symbol = Symbol('absent');

/**
 * The keywords of the schema `ownView` is reading, by slot. One pass over the keywords present
 * fills it: documents give nearly every schema its own object shape, so reading thirty keywords by
 * name would miss the property caches for each, and one array in place of thirty variables keeps
 * the function small for the optimising compiler. `ownView` never re-enters, so one array serves.
 */
const scanned: unknown[] = new Array<unknown>(Slot.Count).fill(ABSENT);

/** A scanned keyword's value; `undefined` when absent. */
function read(slot: Slot): unknown {
  const value = scanned[slot];
  return value === ABSENT ? undefined : value;
}

function ownView(handle: SchemaHandle): SchemaView {
  const node = handle.node;
  const p = handle.pointer;
  scanned.fill(ABSENT);
  for (const key in node) {
    const slot = SLOTS.get(key);
    if (slot !== undefined) scanned[slot] = node[key];
  }
  const rawType = read(Slot.Type);
  const rawAdditional = read(Slot.AdditionalProperties);
  const rawItems = read(Slot.Items);
  const rawNot = read(Slot.Not);
  const rawEnum = read(Slot.Enum);
  const maximum = read(Slot.Maximum);
  const exclusiveMaximum = read(Slot.ExclusiveMaximum);
  const minimum = read(Slot.Minimum);
  const exclusiveMinimum = read(Slot.ExclusiveMinimum);
  const format = read(Slot.Format);
  const pattern = read(Slot.Pattern);
  const constValue = scanned[Slot.Const];
  const defaultValue = scanned[Slot.Default];
  const properties = propertiesOf(p, read(Slot.Properties));

  let types = typesOf(rawType);
  // A schema with object or array keywords but no `type` is an object or array in practice; treating
  // it so keeps `type: object` being added or dropped from reading as a type change.
  if (types === undefined && rawType === undefined) {
    if (properties.size > 0 || isObject(rawAdditional) || rawAdditional === false) types = ['object'];
    else if (rawItems !== undefined) types = ['array'];
  }
  return {
    handle,
    types,
    nullable: read(Slot.Nullable) === true || read(Slot.XNullable) === true || typeAllowsNull(rawType),
    format: typeof format === 'string' ? format : undefined,
    enum: Array.isArray(rawEnum) ? withoutNull(rawEnum) : undefined,
    const: constValue === ABSENT ? undefined : { value: constValue },
    default: defaultValue === ABSENT ? undefined : { value: defaultValue },
    maximum: maximum === undefined && exclusiveMaximum === undefined ? undefined : bound(maximum, exclusiveMaximum, (a, b) => a < b),
    minimum: minimum === undefined && exclusiveMinimum === undefined ? undefined : bound(minimum, exclusiveMinimum, (a, b) => a > b),
    multipleOf: num(read(Slot.MultipleOf)),
    maxLength: num(read(Slot.MaxLength)),
    minLength: atLeastOne(read(Slot.MinLength)),
    pattern: typeof pattern === 'string' ? pattern : undefined,
    maxItems: num(read(Slot.MaxItems)),
    minItems: atLeastOne(read(Slot.MinItems)),
    uniqueItems: read(Slot.UniqueItems) === true,
    maxProperties: num(read(Slot.MaxProperties)),
    minProperties: atLeastOne(read(Slot.MinProperties)),
    required: requiredOf(read(Slot.Required)),
    properties,
    additionalProperties: additionalOf(p, rawAdditional),
    items: rawItems === undefined ? undefined : subschema(p, rawItems, 'items'),
    readOnly: read(Slot.ReadOnly) === true,
    writeOnly: read(Slot.WriteOnly) === true,
    deprecated: read(Slot.Deprecated) === true,
    oneOf: branches(p, read(Slot.OneOf), 'oneOf'),
    anyOf: branches(p, read(Slot.AnyOf), 'anyOf'),
    not: rawNot === undefined ? undefined : subschema(p, rawNot, 'not'),
    discriminator: discriminatorOf(read(Slot.Discriminator)),
  };
}

/** JSON types without `null`, sorted; undefined for any type, `[]` when only `null` is accepted. */
function typesOf(rawType: unknown): string[] | undefined {
  let types: string[] | undefined;
  if (typeof rawType === 'string') types = rawType === 'null' ? [] : [rawType];
  else if (Array.isArray(rawType)) {
    const list = rawType.filter((t): t is string => typeof t === 'string');
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
  return types;
}

/** `type: 'null'`, or a type list naming `null` (3.1). */
function typeAllowsNull(rawType: unknown): boolean {
  return rawType === 'null' || (Array.isArray(rawType) && rawType.includes('null'));
}

function propertiesOf(pointer: string, raw: unknown): ReadonlyMap<string, SchemaHandle> {
  if (!isObject(raw)) return NO_PROPERTIES;
  const map = new Map<string, SchemaHandle>();
  const prefix = `${pointer}/properties/`;
  for (const name in raw) {
    const value = raw[name];
    const prop = isObject(value) ? { pointer: prefix + escapeToken(name), node: value } : subschema(pointer, value, 'properties', name);
    if (prop) map.set(name, prop);
  }
  return map.size > 0 ? map : NO_PROPERTIES;
}

function requiredOf(raw: unknown): ReadonlySet<string> {
  if (!Array.isArray(raw) || raw.length === 0) return NO_NAMES;
  return new Set(raw.filter((r): r is string => typeof r === 'string'));
}

function additionalOf(pointer: string, raw: unknown): AdditionalProperties {
  if (raw === false) return false;
  if (isObject(raw) && !isEmpty(raw)) return { pointer: `${pointer}/additionalProperties`, node: raw };
  return true;
}

function discriminatorOf(raw: unknown): SchemaView['discriminator'] {
  if (isObject(raw)) {
    const mapping = new Map<string, string>();
    if (isObject(raw.mapping)) {
      for (const [key, value] of Object.entries(raw.mapping)) {
        if (typeof value !== 'string') continue;
        // A bare name is short for a schema in components (OpenAPI 3).
        mapping.set(key, value.includes('/') || value.startsWith('#') ? (refToPointer(value) ?? value) : `/components/schemas/${value}`);
      }
    }
    const propertyName = typeof raw.propertyName === 'string' ? raw.propertyName : undefined;
    return { propertyName, mapping };
  }
  // Swagger 2.0: `discriminator` is the property name itself.
  if (typeof raw === 'string') return { propertyName: raw, mapping: new Map() };
  return undefined;
}

/** An enum's values without `null`, which belongs to `nullable`. */
function withoutNull(values: unknown[]): unknown[] {
  return values.filter((v) => v !== null);
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
