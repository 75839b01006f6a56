import { isRollgateError } from '../errors.js';
import { isObject, refToPointer } from '../model/pointer.js';
import { refWithSiblings } from '../model/ref-siblings.js';
import type { ApiModel } from '../model/types.js';

type Node = Record<string, unknown>;

/** Walks that meet up to this many pairs find pairs met before by scanning rather than through a map. */
const SCANNED_PAIRS = 16;

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
  /** Pairs met in the current walk, base then revision node; `visitedCount` entries are in use. */
  private readonly visited: Node[] = [];
  private visitedCount = 0;
  /**
   * The same pairs indexed: a base node's partner, or its partners once there are several. Most
   * walks meet a few pairs, which are found by scanning `visited`; the index is filled only once a
   * walk grows past that.
   */
  private readonly seen = new Map<Node, Node | Set<Node>>();
  private indexed = false;
  /** Pairs entered and not yet left, base then revision node; `pathCount` entries are in use. */
  private readonly path: Node[] = [];
  private pathCount = 0;
  /** What each `$ref` string names, per side; `null` when it does not resolve. */
  private readonly baseRefs = new Map<string, Node | null>();
  private readonly revisionRefs = new Map<string, Node | null>();

  constructor(
    private readonly base: ApiModel,
    private readonly revision: ApiModel,
  ) {}

  /** True when the two schema nodes (maybe `$ref`s) are written alike where the diff looks. */
  same(base: Node, revision: Node): boolean {
    // Differences return false all the way up rather than throw: a walk ends at its first
    // difference thousands of times per document pair, and unwinding an exception costs more.
    const equal = this.walk(base, revision);
    if (equal) for (let i = 0; i < this.visitedCount; i += 2) this.equalTo.set(this.visited[i]!, this.visited[i + 1]!);
    else for (let i = 0; i < this.pathCount; i += 2) this.unequalTo.set(this.path[i]!, this.path[i + 1]!);
    // The arrays keep their room for the next walk; only the counts go back.
    this.visitedCount = 0;
    this.pathCount = 0;
    if (this.indexed) {
      this.seen.clear();
      this.indexed = false;
    }
    return equal;
  }

  /** Records a pair as met in this walk; false when it was met already. */
  private meet(b: Node, r: Node): boolean {
    if (!this.indexed) {
      const n = this.visitedCount;
      if (n < 2 * SCANNED_PAIRS) {
        for (let i = 0; i < n; i += 2) if (this.visited[i] === b && this.visited[i + 1] === r) return false;
        return true;
      }
      for (let i = 0; i < n; i += 2) this.index(this.visited[i]!, this.visited[i + 1]!);
      this.indexed = true;
    }
    return this.index(b, r);
  }

  /** Adds a pair to the index; false when it was there already. */
  private index(b: Node, r: Node): boolean {
    const seen = this.seen.get(b);
    if (seen === undefined) this.seen.set(b, r);
    else if (seen === r) return false;
    else if (seen instanceof Set) {
      if (seen.has(r)) return false;
      seen.add(r);
    } else this.seen.set(b, new Set([seen, r]));
    return true;
  }

  private walk(baseNode: Node, revisionNode: Node): boolean {
    const b = this.resolve(this.baseRefs, this.base, baseNode);
    const r = this.resolve(this.revisionRefs, this.revision, revisionNode);
    if (b === null || r === null) return false;
    if (this.equalTo.get(b) === r) return true;
    if (this.unequalTo.get(b) === r) return false;
    if (!this.meet(b, r)) return true;
    this.visited[this.visitedCount++] = b;
    this.visited[this.visitedCount++] = r;
    this.path[this.pathCount++] = b;
    this.path[this.pathCount++] = r;

    // Only the keywords present are looked at (a schema has a handful, the diff reads thirty), and
    // plain values first: most differences show there, before any subschema is walked.
    let deeper = false;
    for (const key in b) {
      const kind = KINDS.get(key);
      if (kind === Kind.Value) {
        if (!sameValue(b[key], r[key])) return false;
      } else if (kind !== undefined) deeper = true;
    }
    for (const key in r) if (KINDS.has(key) && !(key in b)) return false;
    if (deeper) {
      for (const key in b) {
        const kind = KINDS.get(key);
        if (kind === Kind.Subschema) {
          if (!this.sub(b[key], r[key])) return false;
        } else if (kind === Kind.List) {
          if (!this.list(b[key], r[key])) return false;
        } else if (kind === Kind.Properties) {
          if (!this.properties(b[key], r[key])) return false;
        } else if (kind === Kind.Discriminator && !this.sameDiscriminator(b[key], r[key])) return false;
      }
    }
    // Step back out of a pair that held no difference.
    this.pathCount -= 2;
    return true;
  }

  private list(x: unknown, y: unknown): boolean {
    if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!this.sub(x[i], y[i])) return false;
    return true;
  }

  private properties(x: unknown, y: unknown): boolean {
    if (!isObject(x) || !isObject(y)) return sameValue(x, y);
    let count = 0;
    for (const name in x) {
      count++;
      if (!(name in y)) return false;
    }
    for (const _ in y) count--;
    if (count !== 0) return false;
    for (const name in x) if (!this.sub(x[name], y[name])) return false;
    return true;
  }

  /** A subschema on both sides: objects are walked, anything else (booleans) compared as a value. */
  private sub(x: unknown, y: unknown): boolean {
    if (isObject(x) && isObject(y)) return this.walk(x, y);
    return !isObject(x) && !isObject(y) && sameValue(x, y);
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
      if (!this.walk({ $ref: mappingRef(a) }, { $ref: mappingRef(b) })) return false;
    }
    return true;
  }

  /**
   * Follows `$ref`s, each reference string once per side; `null` for a reference that does not
   * resolve, which counts as a difference, left for the full diff to report.
   */
  private resolve(known: Map<string, Node | null>, model: ApiModel, node: Node): Node | null {
    const ref = node.$ref;
    if (typeof ref !== 'string') return node;
    // Keywords beside the `$ref` (3.1) make it another schema than the one the string names.
    if (model.spec.specVersion === '3.1') {
      const siblings = refWithSiblings(node);
      if (siblings) return siblings;
    }
    let target = known.get(ref);
    if (target === undefined) {
      try {
        target = model.resolveSchema({ pointer: '', node }).node;
      } catch (error) {
        if (!isRollgateError(error)) throw error;
        target = null;
      }
      known.set(ref, target);
    }
    return target;
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
