import { createHash } from 'node:crypto';
import { isRollgateError } from '../errors.js';
import type { SchemaHandle } from '../model/types.js';
import type { SchemaView, SchemaViews } from './schema-view.js';

/**
 * Nodes one hash may visit before it gives up. Inside a reference cycle, nodes are hashed again
 * for every path that reaches them; the cap keeps a dense cycle from costing more than the plain
 * pairwise walk the hash is meant to save.
 */
const VISIT_BUDGET = 2_000;

class BudgetExceeded extends Error {}

/**
 * Structural hashes of one document's schemas: two schemas (in the same or different documents)
 * with the same hash mean the same to the diff, whatever their `$ref` names, `allOf` split or
 * branch order. A reference back to a schema on the current path hashes as its distance up the
 * path, so cycles terminate and equal recursive shapes still hash alike.
 */
export class SchemaHasher {
  /** Hash by resolved pointer; `null` when the budget ran out for it. Only context-free hashes are kept. */
  private readonly memo = new Map<string, string | null>();
  private readonly stack: string[] = [];
  private readonly onStack = new Map<string, number>();
  private budget = 0;

  constructor(private readonly views: SchemaViews) {}

  /** The structural hash of a schema, or undefined when it is too entangled to hash cheaply. */
  hash(handle: SchemaHandle): string | undefined {
    const pointer = this.views.resolve(handle).pointer;
    const known = this.memo.get(pointer);
    if (known !== undefined) return known ?? undefined;
    this.budget = VISIT_BUDGET;
    try {
      return this.walk(handle).hash;
    } catch (error) {
      if (!(error instanceof BudgetExceeded)) throw error;
      // Everything on the path when the budget ran out sits in the same tangle: it would run out too.
      for (const p of this.stack) this.memo.set(p, null);
      this.stack.length = 0;
      this.onStack.clear();
      this.memo.set(pointer, null);
      return undefined;
    }
  }

  private walk(handle: SchemaHandle): { hash: string; low: number } {
    const view = this.views.view(handle);
    const pointer = view.handle.pointer;
    const known = this.memo.get(pointer);
    if (typeof known === 'string') return { hash: known, low: Infinity };
    if (known === null) throw new BudgetExceeded();
    const depth = this.onStack.get(pointer);
    if (depth !== undefined) return { hash: `^${this.stack.length - depth}`, low: depth };
    if (--this.budget < 0) throw new BudgetExceeded();

    const index = this.stack.length;
    this.stack.push(pointer);
    this.onStack.set(pointer, index);
    let low = Infinity;
    const sub = (h: SchemaHandle): string => {
      const r = this.walk(h);
      if (r.low < low) low = r.low;
      return r.hash;
    };
    const target = (to: string): string => {
      try {
        return sub({ pointer: '', node: { $ref: `#${to}` } });
      } catch (error) {
        // A discriminator mapping to a schema that does not exist hashes by its text.
        if (isRollgateError(error)) return `?${to}`;
        throw error;
      }
    };
    const text = canonical(view, sub, target);
    this.stack.pop();
    this.onStack.delete(pointer);

    const hash = createHash('sha1').update(text).digest('base64');
    // A hash that saw a schema above this one on the path depends on how it was reached: not reusable.
    if (low >= index) {
      this.memo.set(pointer, hash);
      return { hash, low: Infinity };
    }
    return { hash, low };
  }
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

/** Everything the diff compares, in a fixed order, with subschemas replaced by their hashes. */
function canonical(
  view: SchemaView,
  sub: (h: SchemaHandle) => string,
  target: (pointer: string) => string,
): string {
  const parts: string[] = [];
  const put = (key: string, value: unknown): void => {
    if (value !== undefined) parts.push(`${key}=${typeof value === 'string' ? value : stableJson(value)}`);
  };
  put('t', view.types?.join('|'));
  if (view.nullable) put('n', 1);
  put('f', view.format);
  if (view.enum) put('e', view.enum.map(stableJson).sort());
  if (view.const) put('c', view.const.value);
  if (view.default) put('d', view.default.value);
  put('max', view.maximum);
  put('min', view.minimum);
  put('mo', view.multipleOf);
  put('xl', view.maxLength);
  put('nl', view.minLength);
  put('p', view.pattern);
  put('xi', view.maxItems);
  put('ni', view.minItems);
  if (view.uniqueItems) put('u', 1);
  put('xp', view.maxProperties);
  put('np', view.minProperties);
  if (view.required.size > 0) put('r', [...view.required].sort());
  if (view.properties.size > 0) {
    const names = [...view.properties.keys()].sort();
    put('P', names.map((name) => `${JSON.stringify(name)}:${sub(view.properties.get(name)!)}`).join(','));
  }
  const ap = view.additionalProperties;
  put('a', typeof ap === 'boolean' ? String(ap) : sub(ap));
  if (view.items) put('i', sub(view.items));
  if (view.readOnly) put('ro', 1);
  if (view.writeOnly) put('wo', 1);
  if (view.deprecated) put('dp', 1);
  // Branch order carries no meaning, so the branch hashes are sorted.
  if (view.oneOf) put('O', view.oneOf.map(sub).sort().join(','));
  if (view.anyOf) put('A', view.anyOf.map(sub).sort().join(','));
  if (view.not) put('N', sub(view.not));
  const d = view.discriminator;
  if (d) {
    put('D', d.propertyName ?? '');
    const keys = [...d.mapping.keys()].sort();
    put('M', keys.map((k) => `${JSON.stringify(k)}:${target(d.mapping.get(k)!)}`).join(','));
  }
  return parts.join(';');
}
