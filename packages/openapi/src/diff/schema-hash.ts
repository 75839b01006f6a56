import { isRollgateError } from '../errors.js';
import type { SchemaHandle } from '../model/types.js';
import type { Bound } from './schema-types.js';
import type { SchemaView, SchemaViews } from './schema-view.js';

/**
 * Nodes one hash may visit before it gives up. Inside a reference cycle, nodes are hashed again
 * for every path that reaches them; the cap keeps a dense cycle from costing more than the plain
 * pairwise walk the hash is meant to save.
 */
const VISIT_BUDGET = 2_000;

class BudgetExceeded extends Error {}

/**
 * Canonical texts of schemas, numbered in order of first appearance. Both documents' hashers share
 * one table, so a hash is a short name for an exact text: equal hashes mean equal texts, with no
 * digest to compute and no collision to fear.
 */
export class HashTable {
  private readonly ids = new Map<string, string>();

  /** The hash of a canonical text. */
  id(text: string): string {
    let id = this.ids.get(text);
    if (id === undefined) {
      id = this.ids.size.toString(36);
      this.ids.set(text, id);
    }
    return id;
  }
}

/**
 * Structural hashes of one document's schemas: two schemas (in the same or different documents)
 * with the same hash mean the same to the diff, whatever their `$ref` names, `allOf` split or
 * branch order. A reference back to a schema on the current path hashes as its distance up the
 * path, so cycles terminate and equal recursive shapes still hash alike.
 */
export class SchemaHasher {
  /** Hash by view; `null` when the budget ran out for it. Only context-free hashes are kept. */
  private readonly memo = new Map<SchemaView, string | null>();
  private readonly shallowMemo = new Map<SchemaView, string>();
  private readonly outlineMemo = new Map<SchemaView, string>();
  private readonly stack: SchemaView[] = [];
  private readonly onStack = new Map<SchemaView, number>();
  private budget = 0;

  constructor(
    private readonly views: SchemaViews,
    private readonly table: HashTable,
  ) {}

  /**
   * The schema's own keywords in the hash's words, with every subschema left blank and the
   * discriminator left out: equal hashes need equal shallow texts, and a shallow text needs a view
   * of the schema alone, where a hash needs views of everything below it.
   */
  shallow(handle: SchemaHandle): string {
    const view = this.views.view(handle);
    let text = this.shallowMemo.get(view);
    if (text === undefined) this.shallowMemo.set(view, (text = canonical(this.views, view, blank, undefined)));
    return text;
  }

  /**
   * `shallow` one level deeper: each direct subschema's shallow text stands where its hash would.
   * Equal hashes need equal outlines too, and an outline needs views only of the direct subschemas.
   */
  outline(handle: SchemaHandle): string {
    const view = this.views.view(handle);
    let text = this.outlineMemo.get(view);
    if (text === undefined) this.outlineMemo.set(view, (text = canonical(this.views, view, this.shallowOf, undefined)));
    return text;
  }

  private readonly shallowOf = (handle: SchemaHandle): string => this.shallow(handle);

  /** The structural hash of a schema, or undefined when it is too entangled to hash cheaply. */
  hash(handle: SchemaHandle): string | undefined {
    const view = this.views.view(handle);
    const known = this.memo.get(view);
    if (known !== undefined) return known ?? undefined;
    this.budget = VISIT_BUDGET;
    try {
      return this.walk(view).hash;
    } catch (error) {
      if (!(error instanceof BudgetExceeded)) throw error;
      // Everything on the path when the budget ran out sits in the same tangle: it would run out too.
      for (const v of this.stack) this.memo.set(v, null);
      this.stack.length = 0;
      this.onStack.clear();
      this.memo.set(view, null);
      return undefined;
    }
  }

  private walk(view: SchemaView): { hash: string; low: number } {
    const known = this.memo.get(view);
    if (typeof known === 'string') return { hash: known, low: Infinity };
    if (known === null) throw new BudgetExceeded();
    const depth = this.onStack.get(view);
    if (depth !== undefined) return { hash: `^${this.stack.length - depth}`, low: depth };
    if (--this.budget < 0) throw new BudgetExceeded();

    const index = this.stack.length;
    this.stack.push(view);
    this.onStack.set(view, index);
    let low = Infinity;
    const sub = (h: SchemaHandle): string => {
      const r = this.walk(this.views.view(h));
      if (r.low < low) low = r.low;
      return r.hash;
    };
    const target = (to: string): string => {
      let v: SchemaView;
      try {
        v = this.views.view({ pointer: '', node: { $ref: `#${to}` } });
      } catch (error) {
        // A discriminator mapping to a schema that does not exist hashes by its text.
        if (isRollgateError(error)) return `?${to}`;
        throw error;
      }
      const r = this.walk(v);
      if (r.low < low) low = r.low;
      return r.hash;
    };
    const text = canonical(this.views, view, sub, target);
    this.stack.pop();
    this.onStack.delete(view);

    const hash = this.table.id(text);
    // A hash that saw a schema above this one on the path depends on how it was reached, and one
    // that came back to this schema describes its cycle as entered here: a walk that enters the
    // cycle elsewhere would write it differently. Only schemas on no cycle keep their hash.
    if (low > index) {
      this.memo.set(view, hash);
      return { hash, low: Infinity };
    }
    return { hash, low };
  }
}

function blank(): string {
  return '';
}

/** JSON with sorted keys, so key order never matters. */
export function stableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  const entries = Object.keys(value as Record<string, unknown>)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(',')}}`;
}

/** Sorted keys of a map or set, without building an intermediate array when there is at most one. */
function sortedKeys(keys: Iterable<string>, size: number): string[] {
  if (size === 0) return [];
  const out = [...keys];
  if (size > 1) out.sort();
  return out;
}

function boundText(bound: Bound): string {
  return bound.exclusive ? `${bound.value}x` : String(bound.value);
}

/**
 * Everything the diff compares, in a fixed order, with subschemas replaced by their hashes. Texts
 * from the document (formats, patterns, names, values) are JSON-quoted so that no choice of them
 * can imitate another schema's text. Without `target`, the discriminator is left out.
 */
function canonical(
  views: SchemaViews,
  view: SchemaView,
  sub: (h: SchemaHandle) => string,
  target: ((pointer: string) => string) | undefined,
): string {
  let text = view.types === undefined ? '' : `t=${view.types.join('|')}`;
  if (view.nullable) text += ';n';
  if (view.format !== undefined) text += `;f=${JSON.stringify(view.format)}`;
  if (view.enum) text += `;e=${view.enum.map(stableJson).sort().join(',')}`;
  if (view.const) text += `;c=${stableJson(view.const.value)}`;
  if (view.default) text += `;d=${stableJson(view.default.value)}`;
  if (view.maximum) text += `;max=${boundText(view.maximum)}`;
  if (view.minimum) text += `;min=${boundText(view.minimum)}`;
  if (view.multipleOf !== undefined) text += `;mo=${view.multipleOf}`;
  if (view.maxLength !== undefined) text += `;xl=${view.maxLength}`;
  if (view.minLength !== undefined) text += `;nl=${view.minLength}`;
  if (view.maxItems !== undefined) text += `;xi=${view.maxItems}`;
  if (view.minItems !== undefined) text += `;ni=${view.minItems}`;
  if (view.maxProperties !== undefined) text += `;xp=${view.maxProperties}`;
  if (view.minProperties !== undefined) text += `;np=${view.minProperties}`;
  if (view.pattern !== undefined) text += `;p=${JSON.stringify(view.pattern)}`;
  if (view.uniqueItems) text += ';u';
  if (view.required.size > 0) text += `;r=${JSON.stringify(views.requiredNames(view))}`;
  if (view.properties.size > 0) {
    text += ';P=';
    const names = views.propertyNames(view);
    for (let i = 0; i < names.length; i++) text += `${JSON.stringify(names[i])}:${sub(view.properties.get(names[i]!)!)},`;
  }
  const ap = view.additionalProperties;
  text += typeof ap === 'boolean' ? (ap ? '' : ';a=false') : `;a=${sub(ap)}`;
  if (view.items) text += `;i=${sub(view.items)}`;
  if (view.readOnly) text += ';ro';
  if (view.writeOnly) text += ';wo';
  if (view.deprecated) text += ';dp';
  // Branch order carries no meaning, so the branch hashes are sorted.
  if (view.oneOf) text += `;O=${view.oneOf.map(sub).sort().join(',')}`;
  if (view.anyOf) text += `;A=${view.anyOf.map(sub).sort().join(',')}`;
  if (view.not) text += `;N=${sub(view.not)}`;
  const d = view.discriminator;
  if (d && target) {
    text += `;D=${JSON.stringify(d.propertyName ?? '')};M=`;
    for (const k of sortedKeys(d.mapping.keys(), d.mapping.size)) text += `${JSON.stringify(k)}:${target(d.mapping.get(k)!)},`;
  }
  return text;
}
