import { isRollgateError } from '../errors.js';
import { isObject, refToPointer } from '../model/pointer.js';
import type { ApiModel } from '../model/types.js';

type Node = Record<string, unknown>;

/** How the walk compares a keyword; keywords not listed mean nothing to the diff. */
const enum Kind {
  /** A value the view reads as it is. */
  Value,
  /** One subschema (`items`, `not`, `additionalProperties`). */
  Subschema,
  /** A list of subschemas (`allOf`, `oneOf`, `anyOf`). */
  List,
  Properties,
  Discriminator,
}

/**
 * The keywords a view reads. Everything else (descriptions, titles, examples, extensions) means
 * nothing to the diff, so two schemas that differ only there are equal here too.
 */
const KINDS = new Map<string, Kind>([
  ...[
    'type', 'nullable', 'x-nullable', 'format', 'enum', 'const', 'default', 'maximum', 'exclusiveMaximum', 'minimum',
    'exclusiveMinimum', 'multipleOf', 'maxLength', 'minLength', 'pattern', 'maxItems', 'minItems', 'uniqueItems',
    'maxProperties', 'minProperties', 'required', 'readOnly', 'writeOnly', 'deprecated',
  ].map((k) => [k, Kind.Value] as const),
  ['items', Kind.Subschema],
  ['not', Kind.Subschema],
  ['additionalProperties', Kind.Subschema],
  ['allOf', Kind.List],
  ['oneOf', Kind.List],
  ['anyOf', Kind.List],
  ['properties', Kind.Properties],
  ['discriminator', Kind.Discriminator],
]);

/** Thrown to leave a walk at the first difference. */
const DIFFERENT = Symbol('different');

/**
 * Whether two schemas are written the same, keyword for keyword, with `$ref`s followed on each side
 * and only the keywords the diff reads compared. It reads the parsed documents as they are, building
 * nothing, so for the common case (a schema both versions share) it is far cheaper than building
 * views and hashing them. Equal here implies equal in meaning; unequal only says "look closer".
 *
 * References are followed pairwise, and a pair met again within one walk counts as equal: if the
 * walk ends without a difference, every pair it met is equal (they form a bisimulation), and all are
 * remembered. The first difference ends the walk; the pairs on the path to it are unequal.
 */
export class RawSchemaEquality {
  /**
   * Outcomes of earlier walks, one partner per base node: a base schema is nearly always compared
   * with one revision schema, so a single entry (not a map per node) keeps the memo cheap to fill.
   */
  private readonly equalTo = new Map<Node, Node>();
  private readonly unequalTo = new Map<Node, Node>();
  private readonly visited: Node[] = [];
  /** Pairs met in the current walk: a base node's partner, or its partners once there are several. */
  private readonly seen = new Map<Node, Node | Set<Node>>();
  private readonly path: Node[] = [];

  constructor(
    private readonly base: ApiModel,
    private readonly revision: ApiModel,
  ) {}

  /** True when the two schema nodes (maybe `$ref`s) are written alike where the diff looks. */
  same(base: Node, revision: Node): boolean {
    try {
      this.walk(base, revision);
      for (let i = 0; i < this.visited.length; i += 2) this.equalTo.set(this.visited[i]!, this.visited[i + 1]!);
      return true;
    } catch (error) {
      if (error !== DIFFERENT) throw error;
      for (let i = 0; i < this.path.length; i += 2) this.unequalTo.set(this.path[i]!, this.path[i + 1]!);
      return false;
    } finally {
      this.visited.length = 0;
      this.seen.clear();
      this.path.length = 0;
    }
  }

  /** Records a pair as met in this walk; false when it was met already. */
  private meet(b: Node, r: Node): boolean {
    const seen = this.seen.get(b);
    if (seen === undefined) this.seen.set(b, r);
    else if (seen === r) return false;
    else if (seen instanceof Set) {
      if (seen.has(r)) return false;
      seen.add(r);
    } else this.seen.set(b, new Set([seen, r]));
    return true;
  }

  private walk(baseNode: Node, revisionNode: Node): void {
    const b = this.resolve(this.base, baseNode);
    const r = this.resolve(this.revision, revisionNode);
    if (this.equalTo.get(b) === r) return;
    if (this.unequalTo.get(b) === r) throw DIFFERENT;
    if (!this.meet(b, r)) return;
    this.visited.push(b, r);
    this.path.push(b, r);

    // Only the keywords present are looked at (a schema has a handful, the diff reads thirty), and
    // plain values first: most differences show there, before any subschema is walked.
    let deeper = false;
    for (const key in b) {
      const kind = KINDS.get(key);
      if (kind === Kind.Value) {
        if (!sameValue(b[key], r[key])) throw DIFFERENT;
      } else if (kind !== undefined) deeper = true;
    }
    for (const key in r) if (KINDS.has(key) && !(key in b)) throw DIFFERENT;
    if (!deeper) return this.leave();
    for (const key in b) {
      const kind = KINDS.get(key);
      if (kind === Kind.Subschema) this.sub(b[key], r[key]);
      else if (kind === Kind.List) this.list(b[key], r[key]);
      else if (kind === Kind.Properties) this.properties(b[key], r[key]);
      else if (kind === Kind.Discriminator && !this.sameDiscriminator(b[key], r[key])) throw DIFFERENT;
    }
    this.leave();
  }

  /** Steps back out of a pair that held no difference. */
  private leave(): void {
    this.path.length -= 2;
  }

  private list(x: unknown, y: unknown): void {
    if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length) throw DIFFERENT;
    for (let i = 0; i < x.length; i++) this.sub(x[i], y[i]);
  }

  private properties(x: unknown, y: unknown): void {
    if (!isObject(x) || !isObject(y)) {
      if (!sameValue(x, y)) throw DIFFERENT;
      return;
    }
    let count = 0;
    for (const name in x) {
      count++;
      if (!(name in y)) throw DIFFERENT;
    }
    for (const _ in y) count--;
    if (count !== 0) throw DIFFERENT;
    for (const name in x) this.sub(x[name], y[name]);
  }

  /** A subschema on both sides: objects are walked, anything else (booleans) compared as a value. */
  private sub(x: unknown, y: unknown): void {
    if (isObject(x) && isObject(y)) this.walk(x, y);
    else if (isObject(x) || isObject(y) || !sameValue(x, y)) throw DIFFERENT;
  }

  /** Discriminators are equal when they name the same property and map the same values to equal schemas. */
  private sameDiscriminator(x: unknown, y: unknown): boolean {
    if (!isObject(x) || !isObject(y)) return sameValue(x, y);
    if (x.propertyName !== y.propertyName) return false;
    const xm = x.mapping;
    const ym = y.mapping;
    if (!isObject(xm) || !isObject(ym)) return sameValue(xm, ym);
    if (Object.keys(xm).length !== Object.keys(ym).length) return false;
    for (const key in xm) {
      const a = xm[key];
      const b = ym[key];
      if (typeof a !== 'string' || typeof b !== 'string') {
        if (!sameValue(a, b)) return false;
        continue;
      }
      this.walk({ $ref: mappingRef(a) }, { $ref: mappingRef(b) });
    }
    return true;
  }

  /** Follows `$ref`s; a reference that does not resolve is a difference, left for the full diff to report. */
  private resolve(model: ApiModel, node: Node): Node {
    if (typeof node.$ref !== 'string') return node;
    try {
      return model.resolveSchema({ pointer: '', node }).node;
    } catch (error) {
      if (isRollgateError(error)) throw DIFFERENT;
      throw error;
    }
  }
}

/** A discriminator mapping value as a `$ref`: a bare name is short for a schema in components. */
function mappingRef(value: string): string {
  if (value.startsWith('#')) return value;
  return value.includes('/') ? `#${refToPointer(value) ?? value}` : `#/components/schemas/${value}`;
}

/** Deep equality of JSON values; key order of objects does not matter. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let count = 0;
  for (const key in x) {
    count++;
    if (!(key in y) || !sameValue(x[key], y[key])) return false;
  }
  for (const _ in y) count--;
  return count === 0;
}
