import type { Matcher, RuleEntry, RuleSet } from './types.js';

/** A step of a concrete location inside a body: a property name or an array index. */
export type Step = string | number;

/** A step of a matching-rule path: `*` matches any property or index. */
type RuleToken = { kind: 'name'; name: string } | { kind: 'index'; index: number } | { kind: 'star' };

const IDENTIFIER = /^[A-Za-z_$][\w$-]*$/;

/** Names `ChangeTarget.name` writes without brackets (the schema checks' form, `-` excluded). */
const FIELD_IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * The JSON path of a location, `$.items[0].name`; with `wildcards`, indexes become `[*]` and
 * names are spelled as `ChangeTarget.name` spells them (`$.items[*]["unit-price"]`), the form
 * usage records so consumers' fields join the schema diff's.
 */
export function jsonPath(steps: readonly Step[], wildcards = false): string {
  let out = '$';
  for (const step of steps) {
    if (typeof step === 'number') out += wildcards ? '[*]' : `[${step}]`;
    else if (wildcards) out = fieldStep(out, step);
    else if (IDENTIFIER.test(step)) out += `.${step}`;
    else out += `['${step.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}']`;
  }
  return out;
}

/** One property step of a field path in the `ChangeTarget.name` form. */
export function fieldStep(parent: string, name: string): string {
  return FIELD_IDENTIFIER.test(name) ? `${parent}.${name}` : `${parent}[${JSON.stringify(name)}]`;
}

/** Parses a matching-rule path (`$.a[*].b`, `$['x y'][0]`, `$.*`); undefined when it is not one. */
export function parseRulePath(path: string): RuleToken[] | undefined {
  if (!path.startsWith('$')) return undefined;
  const tokens: RuleToken[] = [];
  let i = 1;
  while (i < path.length) {
    const char = path[i];
    if (char === '.') {
      let end = i + 1;
      while (end < path.length && path[end] !== '.' && path[end] !== '[') end++;
      const name = path.slice(i + 1, end);
      if (name === '') return undefined;
      tokens.push(name === '*' ? { kind: 'star' } : { kind: 'name', name });
      i = end;
    } else if (char === '[') {
      const close = findClose(path, i);
      if (close === -1) return undefined;
      const inner = path.slice(i + 1, close).trim();
      if (inner === '*') tokens.push({ kind: 'star' });
      else if (/^\d+$/.test(inner)) tokens.push({ kind: 'index', index: Number(inner) });
      else if (/^(['"]).*\1$/s.test(inner)) tokens.push({ kind: 'name', name: inner.slice(1, -1).replace(/\\(.)/g, '$1') });
      else return undefined;
      i = close + 1;
    } else {
      return undefined;
    }
  }
  return tokens;
}

function findClose(path: string, open: number): number {
  const quote = path[open + 1];
  if (quote === "'" || quote === '"') {
    for (let j = open + 2; j < path.length; j++) {
      if (path[j] === '\\') j++;
      else if (path[j] === quote) return path[j + 1] === ']' ? j + 1 : -1;
    }
    return -1;
  }
  return path.indexOf(']', open);
}

interface IndexedRule {
  tokens: RuleToken[];
  entry: RuleEntry;
  /** Count of exact (non-wildcard) tokens: the more specific rule wins among equally long ones. */
  weight: number;
}

/** Matcher kinds that carry over to the children of the value they sit on, as Pact applies them. */
const CASCADING = new Set(['type', 'values', 'equality', 'eachValue', 'notEmpty']);

/** The matchers that apply at one location, and whether they were written there or inherited. */
export interface ResolvedRule {
  entry: RuleEntry;
  inherited: boolean;
}

const INHERITED_TYPE: RuleEntry = { matchers: [{ match: 'type' }], combine: 'AND' };
const INHERITED_EQUALITY: RuleEntry = { matchers: [{ match: 'equality' }], combine: 'AND' };

/** The body matching rules of one request or response, indexed for lookups by concrete location. */
export class RuleIndex {
  private readonly rules: IndexedRule[] = [];

  constructor(rules: RuleSet) {
    for (const [path, entry] of Object.entries(rules)) {
      const tokens = parseRulePath(path);
      if (!tokens) continue;
      this.rules.push({ tokens, entry, weight: tokens.filter((t) => t.kind !== 'star').length });
    }
    // Longest first, then most specific: the first hit is the best.
    this.rules.sort((a, b) => b.tokens.length - a.tokens.length || b.weight - a.weight);
  }

  get empty(): boolean {
    return this.rules.length === 0;
  }

  /**
   * The rule for a location: one written for it, else the nearest ancestor's `type`-like matcher
   * (Pact applies `like()` to everything below it; `eachLike`'s length bounds stay on the array).
   */
  resolve(steps: readonly Step[]): ResolvedRule | undefined {
    for (const rule of this.rules) {
      if (rule.tokens.length > steps.length || !matches(rule.tokens, steps)) continue;
      if (rule.tokens.length === steps.length) return { entry: rule.entry, inherited: false };
      const cascade = cascadeOf(rule.entry.matchers);
      if (cascade) return { entry: cascade, inherited: true };
    }
    return undefined;
  }
}

function matches(tokens: RuleToken[], steps: readonly Step[]): boolean {
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const step = steps[i]!;
    if (token.kind === 'star') continue;
    if (token.kind === 'name' ? token.name !== step : token.index !== step) return false;
  }
  return true;
}

function cascadeOf(matchers: Matcher[]): RuleEntry | undefined {
  const kinds = matchers.map((m) => m.match).filter((kind) => CASCADING.has(kind));
  if (kinds.length === 0) return undefined;
  return kinds.every((kind) => kind === 'equality') ? INHERITED_EQUALITY : INHERITED_TYPE;
}
