import { isRollgateError } from '../errors.js';
import type { ApiModel, SchemaHandle } from '../model/types.js';
import { RawSchemaEquality } from './schema-equal.js';
import { HashTable, SchemaHasher, stableJson } from './schema-hash.js';
import type {
  AdditionalPropertiesDiff,
  Bound,
  CompositionDiff,
  ConstraintsDiff,
  DiscriminatorDiff,
  PropertyFacts,
  SchemaDiff,
  SubschemaDiff,
} from './schema-types.js';
import { SchemaViews, type SchemaView } from './schema-view.js';

export type * from './schema-types.js';

/** One side of a spec pair: its model, its views and its hashes. */
interface Side {
  views: SchemaViews;
  hasher: SchemaHasher;
}

/** A pair being compared: Tarjan's bookkeeping over the graph of schema pairs. */
interface Frame {
  b: SchemaView;
  r: SchemaView;
  index: number;
  low: number;
  diff: SchemaDiff;
  /** A change of this pair's own (not one only inside a subschema diff). */
  own: boolean;
  children: SchemaDiff[];
}

/**
 * State for comparing the schemas of one spec pair: the views and hashes of both documents and the
 * memo of schema pairs, so shared schemas are compared once and recursive ones terminate.
 */
export interface SchemaDiffContext {
  readonly base: ApiModel;
  readonly revision: ApiModel;
  /** @internal */
  readonly sides: { base: Side; revision: Side };
  /** @internal */
  readonly raw: RawSchemaEquality;
  /**
   * @internal Finished pairs (base view, then revision view): their diff, or `null` when they mean
   * the same. Views are unique per schema, so they key the memo without building pointer strings.
   */
  readonly memo: PairMap<SchemaDiff | null>;
  /** @internal Outcomes of `diffSchema` by pair of handles, which the model shares between operations. */
  readonly handles: PairMap<SchemaDiff | null, SchemaHandle>;
  /** @internal Pairs on the Tarjan stack (started, their strongly connected part not finished). */
  readonly open: PairMap<Frame>;
  /** @internal */
  readonly stack: Frame[];
  /** @internal */
  counter: number;
  /** @internal Frames of the diff under way, innermost last. */
  readonly path: Frame[];
}

/** One base key's entries: its first partner inline, further partners in a map. */
interface PairEntry<K, T> {
  r: K | undefined;
  value: T | undefined;
  more: Map<K, T> | undefined;
}

/**
 * A map keyed by a pair of objects (views, handles). A base schema nearly always meets one
 * revision schema, so the first partner is kept inline and a map is made only for a second one.
 */
class PairMap<T, K extends object = SchemaView> {
  private readonly outer = new Map<K, PairEntry<K, T>>();

  get(b: K, r: K): T | undefined {
    const entry = this.outer.get(b);
    if (entry === undefined) return undefined;
    if (entry.r === r) return entry.value;
    return entry.more?.get(r);
  }

  set(b: K, r: K, value: T): void {
    const entry = this.outer.get(b);
    if (entry === undefined) this.outer.set(b, { r, value, more: undefined });
    else if (entry.r === r || entry.r === undefined) {
      entry.r = r;
      entry.value = value;
    } else (entry.more ??= new Map()).set(r, value);
  }

  delete(b: K, r: K): void {
    const entry = this.outer.get(b);
    if (entry === undefined) return;
    if (entry.r === r) {
      entry.r = undefined;
      entry.value = undefined;
    } else entry.more?.delete(r);
  }
}

/** Creates the context for diffing schemas of one base and revision document. */
export function createSchemaDiffContext(base: ApiModel, revision: ApiModel): SchemaDiffContext {
  const table = new HashTable();
  const side = (model: ApiModel): Side => {
    const views = new SchemaViews(model);
    return { views, hasher: new SchemaHasher(views, table) };
  };
  return {
    base,
    revision,
    sides: { base: side(base), revision: side(revision) },
    raw: new RawSchemaEquality(base, revision),
    memo: new PairMap(),
    handles: new PairMap(),
    open: new PairMap(),
    stack: [],
    counter: 0,
    path: [],
  };
}

/**
 * Compares two schemas by meaning: `$ref`s by what they point to, `allOf` merged, branches of
 * `oneOf`/`anyOf` matched regardless of order. Returns undefined when they mean the same; a
 * missing side gives undefined too (adding or removing a whole schema is the caller's change).
 */
export function diffSchema(ctx: SchemaDiffContext, base?: SchemaHandle, revision?: SchemaHandle): SchemaDiff | undefined {
  if (!base || !revision) return undefined;
  // Operations share parameters, responses and bodies through `$ref`s, and the model gives every
  // operation the same handles for them, so the same pair comes back many times. A comparison
  // started with no other under way ends finished, so its outcome can be kept.
  if (ctx.path.length > 0) return pair(ctx, base, revision);
  const known = ctx.handles.get(base, revision);
  if (known !== undefined) return known ?? undefined;
  const diff = pair(ctx, base, revision);
  ctx.handles.set(base, revision, diff ?? null);
  return diff;
}

function pair(ctx: SchemaDiffContext, baseHandle: SchemaHandle, revisionHandle: SchemaHandle): SchemaDiff | undefined {
  // Most pairs are written alike in both documents: a walk over the parsed text settles them
  // without building any view. The rest are compared aspect by aspect, which finds refactors
  // (`allOf` splits, reordered branches, 3.0 against 3.1 spellings) to be no change.
  if (ctx.raw.same(baseHandle.node, revisionHandle.node)) return undefined;
  const b = ctx.sides.base.views.view(baseHandle);
  const r = ctx.sides.revision.views.view(revisionHandle);
  const done = ctx.memo.get(b, r);
  if (done !== undefined) return done ?? undefined;
  const parent = ctx.path[ctx.path.length - 1];
  const open = ctx.open.get(b, r);
  if (open) {
    // A pair already under way: we came round a cycle. Its diff is shared; emptiness is settled when its part finishes.
    if (parent && open.index < parent.low) parent.low = open.index;
    return open.diff;
  }

  const frame: Frame = {
    b,
    r,
    index: ctx.counter,
    low: ctx.counter,
    diff: { base: b.handle, revision: r.handle },
    own: false,
    children: [],
  };
  ctx.counter++;
  ctx.open.set(b, r, frame);
  ctx.stack.push(frame);
  ctx.path.push(frame);
  try {
    compare(ctx, frame, b, r);
  } finally {
    ctx.path.pop();
  }
  if (parent && frame.low < parent.low) parent.low = frame.low;
  if (frame.low < frame.index) return frame.diff; // part of a cycle that an outer pair closes

  // This pair roots a strongly connected part: settle which of its diffs are empty, prune, memoise.
  if (ctx.stack[ctx.stack.length - 1] === frame) {
    // Nearly every part is this one pair alone (no cycle through it): no sets to build.
    ctx.stack.pop();
    ctx.open.delete(b, r);
    const self = frame.diff;
    let nonEmpty = frame.own;
    for (let i = 0; !nonEmpty && i < frame.children.length; i++) nonEmpty = frame.children[i] !== self;
    prune(self, (d) => d !== self || nonEmpty);
    ctx.memo.set(b, r, nonEmpty ? self : null);
    return nonEmpty ? self : undefined;
  }
  const part: Frame[] = [];
  for (;;) {
    const top = ctx.stack.pop()!;
    part.push(top);
    if (top === frame) break;
  }
  const members = new Set(part.map((f) => f.diff));
  const nonEmpty = new Set<SchemaDiff>();
  for (const f of part) if (f.own || f.children.some((c) => !members.has(c))) nonEmpty.add(f.diff);
  for (let grew = true; grew; ) {
    grew = false;
    for (const f of part) {
      if (!nonEmpty.has(f.diff) && f.children.some((c) => nonEmpty.has(c))) {
        nonEmpty.add(f.diff);
        grew = true;
      }
    }
  }
  for (const f of part) {
    ctx.open.delete(f.b, f.r);
    prune(f.diff, (d) => !members.has(d) || nonEmpty.has(d));
    ctx.memo.set(f.b, f.r, nonEmpty.has(f.diff) ? f.diff : null);
  }
  return nonEmpty.has(frame.diff) ? frame.diff : undefined;
}

/** Drops references to subschema diffs that turned out empty, and aspects left with nothing in them. */
function prune(diff: SchemaDiff, keep: (d: SchemaDiff) => boolean): void {
  if (diff.properties) {
    const modified = diff.properties.modified;
    for (const name in modified) if (!keep(modified[name]!)) delete modified[name];
    if (isEmptyProperties(diff.properties)) delete diff.properties;
  }
  if (diff.items) pruneSubschema(diff, 'items', keep);
  if (diff.not) pruneSubschema(diff, 'not', keep);
  if (diff.additionalProperties?.modified && !keep(diff.additionalProperties.modified)) delete diff.additionalProperties;
  if (diff.oneOf) pruneComposition(diff, 'oneOf', keep);
  if (diff.anyOf) pruneComposition(diff, 'anyOf', keep);
}

function pruneSubschema(diff: SchemaDiff, key: 'items' | 'not', keep: (d: SchemaDiff) => boolean): void {
  const s = diff[key]!;
  if (s.modified && !keep(s.modified)) {
    delete s.modified;
    if (s.from && s.to) delete diff[key];
  }
}

function pruneComposition(diff: SchemaDiff, key: 'oneOf' | 'anyOf', keep: (d: SchemaDiff) => boolean): void {
  const c = diff[key]!;
  c.modified = c.modified.filter((m) => keep(m.diff));
  if (c.added.length === 0 && c.deleted.length === 0 && c.modified.length === 0) delete diff[key];
}

function isEmptyProperties(p: { added: object; deleted: object; modified: object }): boolean {
  return !hasOwnKeys(p.added) && !hasOwnKeys(p.deleted) && !hasOwnKeys(p.modified);
}

/** `Object.keys(o).length > 0` without building the list. */
function hasOwnKeys(o: object): boolean {
  for (const key in o) if (Object.hasOwn(o, key)) return true;
  return false;
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || stableJson(a) === stableJson(b);
}

function sameBound(a: Bound | undefined, b: Bound | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && a.value === b.value && a.exclusive === b.exclusive);
}

/** Fills the frame's diff with every aspect in which the two views differ. */
function compare(ctx: SchemaDiffContext, frame: Frame, b: SchemaView, r: SchemaView): void {
  const diff = frame.diff;
  const mark = (): void => {
    frame.own = true;
  };
  const subdiff = (x: SchemaHandle, y: SchemaHandle): SchemaDiff | undefined => {
    const d = pair(ctx, x, y);
    if (d) frame.children.push(d);
    return d;
  };

  // A schema turned into `oneOf: [it, other]` (or back) is a branch added or removed, not a rewrite
  // of every keyword: compare the plain side as the only branch of a composition.
  const bBranches = b.oneOf ?? b.anyOf;
  const rBranches = r.oneOf ?? r.anyOf;
  if (!bBranches !== !rBranches && isPureComposition(bBranches ? b : r)) {
    const key = (bBranches ? b : r).oneOf ? 'oneOf' : 'anyOf';
    const c = compareBranches(ctx, bBranches ?? [b.handle], rBranches ?? [r.handle], subdiff);
    if (c) {
      diff[key] = c;
      if (c.added.length > 0 || c.deleted.length > 0) mark();
    }
    if (compareFlags(diff, b, r)) mark();
    return;
  }

  const bt = typeList(b);
  const rt = typeList(r);
  if (!sameStrings(bt, rt)) {
    diff.type = { from: bt, to: rt, added: rt.filter((t) => !bt.includes(t)), deleted: bt.filter((t) => !rt.includes(t)) };
    mark();
  }
  // Any type and only null both accept null: the change between them is one of type alone.
  const onlyNullVersusAny = (b.types === undefined && r.types?.length === 0) || (r.types === undefined && b.types?.length === 0);
  if (b.nullable !== r.nullable && !onlyNullVersusAny) {
    diff.nullable = { from: b.nullable, to: r.nullable };
    mark();
  }
  if (b.format !== r.format) {
    diff.format = { from: b.format, to: r.format };
    mark();
  }
  if (b.enum !== undefined || r.enum !== undefined) {
    const enumDiff = compareEnum(b.enum, r.enum);
    if (enumDiff) {
      diff.enum = enumDiff;
      mark();
    }
  }
  if (b.const !== undefined || r.const !== undefined) {
    if (b.const === undefined || r.const === undefined || !sameValue(b.const.value, r.const.value)) {
      diff.const = { from: b.const?.value, to: r.const?.value };
      mark();
    }
  }
  if (b.default !== undefined || r.default !== undefined) {
    if (b.default === undefined || r.default === undefined || !sameValue(b.default.value, r.default.value)) {
      diff.default = { from: b.default?.value, to: r.default?.value };
      mark();
    }
  }

  const constraints = compareConstraints(b, r);
  if (constraints) {
    diff.constraints = constraints;
    mark();
  }

  if (b.required.size > 0 || r.required.size > 0) {
    const requiredAdded = missingFrom(r.required, b.required);
    const requiredDeleted = missingFrom(b.required, r.required);
    if (requiredAdded.length > 0 || requiredDeleted.length > 0) {
      diff.required = { added: requiredAdded, deleted: requiredDeleted };
      mark();
    }
  }

  if (b.properties.size > 0 || r.properties.size > 0) {
    const properties = { added: {}, deleted: {}, modified: {} } as NonNullable<SchemaDiff['properties']>;
    b.properties.forEach((handle, name) => {
      const other = r.properties.get(name);
      if (!other) {
        properties.deleted[name] = handle;
        return;
      }
      const d = subdiff(handle, other);
      if (d) properties.modified[name] = d;
    });
    r.properties.forEach((handle, name) => {
      if (!b.properties.has(name)) properties.added[name] = handle;
    });
    if (!isEmptyProperties(properties)) {
      diff.properties = properties;
      if (hasOwnKeys(properties.added) || hasOwnKeys(properties.deleted)) mark();
    }
  }

  if (diff.properties || diff.required) {
    // Visibility matters only for the properties that changed; reading it for all would build a view of each.
    const changed: string[] = [];
    if (diff.required) changed.push(...diff.required.added, ...diff.required.deleted);
    if (diff.properties) {
      changed.push(...Object.keys(diff.properties.added), ...Object.keys(diff.properties.deleted), ...Object.keys(diff.properties.modified));
    }
    changed.sort();
    diff.propertyFacts = { base: facts(ctx.sides.base, b, changed), revision: facts(ctx.sides.revision, r, changed) };
  }

  const ap = compareAdditional(b.additionalProperties, r.additionalProperties, subdiff);
  if (ap) {
    diff.additionalProperties = ap;
    if (!ap.modified) mark();
  }
  if (b.items !== undefined || r.items !== undefined) {
    const s = compareSubschema(b.items, r.items, subdiff);
    if (s) {
      diff.items = s;
      if (!s.modified) mark();
    }
  }
  if (b.not !== undefined || r.not !== undefined) {
    const s = compareSubschema(b.not, r.not, subdiff);
    if (s) {
      diff.not = s;
      if (!s.modified) mark();
    }
  }
  if (compareFlags(diff, b, r)) mark();
  if (b.oneOf !== undefined || r.oneOf !== undefined) {
    const c = compareBranches(ctx, b.oneOf, r.oneOf, subdiff);
    if (c) {
      diff.oneOf = c;
      if (c.added.length > 0 || c.deleted.length > 0) mark();
    }
  }
  if (b.anyOf !== undefined || r.anyOf !== undefined) {
    const c = compareBranches(ctx, b.anyOf, r.anyOf, subdiff);
    if (c) {
      diff.anyOf = c;
      if (c.added.length > 0 || c.deleted.length > 0) mark();
    }
  }
  if (b.discriminator !== undefined || r.discriminator !== undefined) {
    const disc = compareDiscriminator(ctx, b.discriminator, r.discriminator);
    if (disc) {
      diff.discriminator = disc;
      mark();
    }
  }
}

/** Records `readOnly`, `writeOnly` and `deprecated` changes; true when there was one. */
function compareFlags(diff: SchemaDiff, b: SchemaView, r: SchemaView): boolean {
  let changed = false;
  if (b.readOnly !== r.readOnly) {
    diff.readOnly = { from: b.readOnly, to: r.readOnly };
    changed = true;
  }
  if (b.writeOnly !== r.writeOnly) {
    diff.writeOnly = { from: b.writeOnly, to: r.writeOnly };
    changed = true;
  }
  if (b.deprecated !== r.deprecated) {
    diff.deprecated = { from: b.deprecated, to: r.deprecated };
    changed = true;
  }
  return changed;
}

/** Changes of the validation keywords, or undefined when there are none. */
function compareConstraints(b: SchemaView, r: SchemaView): ConstraintsDiff | undefined {
  let out: ConstraintsDiff | undefined;
  if (!sameBound(b.maximum, r.maximum)) (out ??= {}).maximum = { from: b.maximum, to: r.maximum };
  if (!sameBound(b.minimum, r.minimum)) (out ??= {}).minimum = { from: b.minimum, to: r.minimum };
  if (b.multipleOf !== r.multipleOf) (out ??= {}).multipleOf = { from: b.multipleOf, to: r.multipleOf };
  if (b.maxLength !== r.maxLength) (out ??= {}).maxLength = { from: b.maxLength, to: r.maxLength };
  if (b.minLength !== r.minLength) (out ??= {}).minLength = { from: b.minLength, to: r.minLength };
  if (b.maxItems !== r.maxItems) (out ??= {}).maxItems = { from: b.maxItems, to: r.maxItems };
  if (b.minItems !== r.minItems) (out ??= {}).minItems = { from: b.minItems, to: r.minItems };
  if (b.maxProperties !== r.maxProperties) (out ??= {}).maxProperties = { from: b.maxProperties, to: r.maxProperties };
  if (b.minProperties !== r.minProperties) (out ??= {}).minProperties = { from: b.minProperties, to: r.minProperties };
  if (b.pattern !== r.pattern) (out ??= {}).pattern = { from: b.pattern, to: r.pattern };
  if (b.uniqueItems !== r.uniqueItems) (out ??= {}).uniqueItems = { from: b.uniqueItems, to: r.uniqueItems };
  return out;
}

/** The names of `names` that `other` lacks, sorted. */
function missingFrom(names: ReadonlySet<string>, other: ReadonlySet<string>): string[] {
  const out: string[] = [];
  names.forEach((name) => {
    if (!other.has(name)) out.push(name);
  });
  return out.sort();
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The diff's spelling of a view's types: `[]` for any type, `['null']` when null is all it accepts. */
function typeList(view: SchemaView): string[] {
  if (view.types === undefined) return [];
  return view.types.length === 0 ? ['null'] : view.types;
}

/** A schema that only chooses between branches: nothing of its own beyond the choice. */
function isPureComposition(view: SchemaView): boolean {
  return view.properties.size === 0 && view.items === undefined && view.enum === undefined && view.const === undefined;
}

/** Property facts of one side; `changed` is sorted and may name a property twice. */
function facts(side: Side, view: SchemaView, changed: readonly string[]): PropertyFacts {
  // Every diff of a view reports the same sorted names, so the lists are shared.
  const out: PropertyFacts = { declared: side.views.propertyNames(view), required: side.views.requiredNames(view), readOnly: [], writeOnly: [] };
  for (let i = 0; i < changed.length; i++) {
    const name = changed[i]!;
    if (i > 0 && changed[i - 1] === name) continue;
    const handle = view.properties.get(name);
    if (!handle) continue;
    const prop = side.views.view(handle);
    if (prop.readOnly) out.readOnly.push(name);
    if (prop.writeOnly) out.writeOnly.push(name);
  }
  return out;
}

function compareEnum(from: unknown[] | undefined, to: unknown[] | undefined): SchemaDiff['enum'] {
  if (from === undefined && to === undefined) return undefined;
  const a = new Map((from ?? []).map((v) => [stableJson(v), v]));
  const b = new Map((to ?? []).map((v) => [stableJson(v), v]));
  const added = [...b].filter(([k]) => !a.has(k)).map(([, v]) => v);
  const deleted = [...a].filter(([k]) => !b.has(k)).map(([, v]) => v);
  if (from !== undefined && to !== undefined && added.length === 0 && deleted.length === 0) return undefined;
  return { from, to, added, deleted };
}

function compareSubschema(
  from: SchemaHandle | undefined,
  to: SchemaHandle | undefined,
  subdiff: (x: SchemaHandle, y: SchemaHandle) => SchemaDiff | undefined,
): SubschemaDiff | undefined {
  if (!from && !to) return undefined;
  if (from && to) {
    const modified = subdiff(from, to);
    return modified ? { from, to, modified } : undefined;
  }
  return { from, to };
}

function compareAdditional(
  from: SchemaView['additionalProperties'],
  to: SchemaView['additionalProperties'],
  subdiff: (x: SchemaHandle, y: SchemaHandle) => SchemaDiff | undefined,
): AdditionalPropertiesDiff | undefined {
  if (typeof from === 'boolean' || typeof to === 'boolean') return from === to ? undefined : { from, to };
  const modified = subdiff(from, to);
  return modified ? { from, to, modified } : undefined;
}

/**
 * Matches branches by meaning: branches written alike, then structurally equal ones, then the same
 * schema referenced, then the same `title`, then the most similar (shared property names, same
 * types). Only what is left over counts as added or deleted, so reordering or renaming branches is
 * no change.
 */
function compareBranches(
  ctx: SchemaDiffContext,
  from: SchemaHandle[] | undefined,
  to: SchemaHandle[] | undefined,
  subdiff: (x: SchemaHandle, y: SchemaHandle) => SchemaDiff | undefined,
): CompositionDiff | undefined {
  if (!from && !to) return undefined;
  const a = from ?? [];
  const b = to ?? [];
  const bs = ctx.sides.base;
  const rs = ctx.sides.revision;
  const freeA = new Set(a.map((_, i) => i));
  const freeB = new Set(b.map((_, i) => i));
  const pairs: [number, number][] = [];
  const matchBy = (score: (i: number, j: number) => number, threshold: number): void => {
    for (const i of [...freeA]) {
      let best = -1;
      let bestScore = threshold;
      for (const j of freeB) {
        const s = score(i, j);
        if (s > bestScore || (best === -1 && s >= threshold && s > 0)) {
          best = j;
          bestScore = s;
        }
      }
      if (best >= 0) {
        pairs.push([i, best]);
        freeA.delete(i);
        freeB.delete(best);
      }
    }
  };
  matchBy((i, j) => (ctx.raw.same(a[i]!.node, b[j]!.node) ? 1 : 0), 1);
  // The other ways cost views and hashes of what lies below a branch: only for branches left on both sides.
  const unmatched = (): boolean => freeA.size > 0 && freeB.size > 0;
  // One branch left on each side is paired by the later ways whenever the hashes would pair it
  // (equal hashes mean equal types and property names, which similarity pairs), so hashing it,
  // which views everything below it, would settle nothing.
  if (unmatched() && (freeA.size > 1 || freeB.size > 1)) {
    // Equal hashes need equal own keywords, which a view of the branch alone shows, and then equal
    // own keywords one level down: only branches with a counterpart that agrees on both are hashed
    // (a hash views everything below a branch).
    const shallowA = a.map((h, i) => (freeA.has(i) ? bs.hasher.shallow(h) : undefined));
    const shallowB = b.map((h, j) => (freeB.has(j) ? rs.hasher.shallow(h) : undefined));
    const outlineA = a.map((h, i) => (shallowA[i] !== undefined && shallowB.includes(shallowA[i]) ? bs.hasher.outline(h) : undefined));
    const outlineB = b.map((h, j) => (shallowB[j] !== undefined && shallowA.includes(shallowB[j]) ? rs.hasher.outline(h) : undefined));
    const hashA = a.map((h, i) => (outlineA[i] !== undefined && outlineB.includes(outlineA[i]) ? bs.hasher.hash(h) : undefined));
    const hashB = b.map((h, j) => (outlineB[j] !== undefined && outlineA.includes(outlineB[j]) ? rs.hasher.hash(h) : undefined));
    matchBy((i, j) => (hashA[i] !== undefined && hashA[i] === hashB[j] ? 1 : 0), 1);
  }
  if (unmatched()) {
    const refA = a.map((h) => (typeof h.node.$ref === 'string' ? bs.views.resolve(h).pointer : undefined));
    const refB = b.map((h) => (typeof h.node.$ref === 'string' ? rs.views.resolve(h).pointer : undefined));
    matchBy((i, j) => (refA[i] !== undefined && refA[i] === refB[j] ? 1 : 0), 1);
  }
  if (unmatched()) {
    const viewA = a.map((h) => bs.views.view(h));
    const viewB = b.map((h) => rs.views.view(h));
    const title = (v: SchemaView): unknown => v.handle.node.title;
    matchBy((i, j) => (title(viewA[i]!) !== undefined && title(viewA[i]!) === title(viewB[j]!) ? 1 : 0), 1);
    matchBy((i, j) => similarity(viewA[i]!, viewB[j]!), 0.5);
  }

  const out: CompositionDiff = { added: [], deleted: [], modified: [] };
  for (const [i, j] of pairs) {
    const d = subdiff(a[i]!, b[j]!);
    if (d) out.modified.push({ base: i, revision: j, diff: d });
  }
  for (const i of [...freeA].sort((x, y) => x - y)) out.deleted.push(a[i]!);
  for (const j of [...freeB].sort((x, y) => x - y)) out.added.push(b[j]!);
  return out.added.length > 0 || out.deleted.length > 0 || out.modified.length > 0 ? out : undefined;
}

/** 0..1: shared property names over all names for objects; same types (and format) for the rest. */
function similarity(a: SchemaView, b: SchemaView): number {
  const ta = typeList(a).join('|');
  const tb = typeList(b).join('|');
  if (a.properties.size > 0 || b.properties.size > 0) {
    let shared = 0;
    for (const name of a.properties.keys()) if (b.properties.has(name)) shared++;
    const all = a.properties.size + b.properties.size - shared;
    return shared / all;
  }
  if (ta !== tb) return 0;
  return a.format === b.format ? 0.9 : 0.6;
}

function compareDiscriminator(
  ctx: SchemaDiffContext,
  from: SchemaView['discriminator'],
  to: SchemaView['discriminator'],
): DiscriminatorDiff | undefined {
  if (!from && !to) return undefined;
  const out: DiscriminatorDiff = {};
  if (from?.propertyName !== to?.propertyName) out.propertyName = { from: from?.propertyName, to: to?.propertyName };
  const a = from?.mapping ?? new Map<string, string>();
  const b = to?.mapping ?? new Map<string, string>();
  const mapping: NonNullable<DiscriminatorDiff['mapping']> = { added: {}, deleted: {}, modified: {} };
  for (const [key, target] of a) {
    const other = b.get(key);
    if (other === undefined) mapping.deleted[key] = target;
    else if (!sameTarget(ctx, target, other)) mapping.modified[key] = { from: target, to: other };
  }
  for (const [key, target] of b) if (!a.has(key)) mapping.added[key] = target;
  if (!isEmptyProperties(mapping)) out.mapping = mapping;
  return out.propertyName || out.mapping ? out : undefined;
}

/** Mapping targets are the same when they name the same pointer or schemas that hash alike. */
function sameTarget(ctx: SchemaDiffContext, from: string, to: string): boolean {
  if (from === to) return true;
  try {
    const a = ctx.sides.base.hasher.hash({ pointer: '', node: { $ref: `#${from}` } });
    return a !== undefined && a === ctx.sides.revision.hasher.hash({ pointer: '', node: { $ref: `#${to}` } });
  } catch (error) {
    // A mapping to a schema that does not exist is compared by its text alone.
    if (isRollgateError(error)) return false;
    throw error;
  }
}

