import type { SchemaHandle } from '@rollgate/openapi';
import { RuleIndex, type Step } from '../parse/json-path.js';
import type { Matcher, RuleEntry } from '../parse/types.js';
import { compileMatcherRegex, isObject } from '../shared.js';
import {
  admits,
  alternativeTypes,
  describeTypes,
  typeOf,
  type Alternative,
  type JsonType,
  type Schemas,
  type SchemaView,
} from './schema.js';

/**
 * What a value check found at one location: a value the schema rejects (`mismatch`), a field the
 * schema does not know (`unknown`), or a field the consumer relies on that the provider does not
 * guarantee (`optional`, `nullable`).
 */
export interface ValueIssue {
  kind: 'mismatch' | 'unknown' | 'optional' | 'nullable';
  steps: Step[];
  specPointer: string;
  message: string;
}

/** Which side of the exchange a value is on: requests are validated, responses are read. */
export type Side = 'request' | 'response';

/** How a value is compared: its exact example, or any value of the example's type. */
type Mode = 'exact' | 'type';

interface Scope {
  rules?: RuleIndex;
  /** How many leading steps lie above the rules' `$` (non-zero inside `arrayContains` variants). */
  base: number;
}

const variantIndexes = new WeakMap<object, RuleIndex>();

/**
 * Checks a value against a schema. On the response side, Pact matching rules decide what the
 * consumer accepts: a `type` matcher accepts any value of that type, so only the type is compared.
 */
export function checkValue(
  schemas: Schemas,
  value: unknown,
  handle: SchemaHandle,
  side: Side,
  rules?: RuleIndex,
): ValueIssue[] {
  const walker = new Walker(schemas, side);
  return walker.walk(value, handle, [], { ...(rules && side === 'response' ? { rules } : {}), base: 0 });
}

/** True for issues that make the pact incompatible (as opposed to reliance warnings). */
export function isBlocking(issue: ValueIssue): boolean {
  return issue.kind === 'mismatch' || issue.kind === 'unknown';
}

class Walker {
  constructor(
    private readonly schemas: Schemas,
    private readonly side: Side,
  ) {}

  walk(value: unknown, handle: SchemaHandle, steps: Step[], scope: Scope): ValueIssue[] {
    const resolved = scope.rules?.resolve(steps.slice(scope.base));
    if (!resolved) return this.against(value, handle, steps, scope, 'exact', false);
    return this.entry(value, handle, steps, scope, resolved.entry);
  }

  private entry(value: unknown, handle: SchemaHandle, steps: Step[], scope: Scope, entry: RuleEntry): ValueIssue[] {
    const results = entry.matchers.map((matcher) => this.matcher(value, handle, steps, scope, matcher));
    if (entry.combine === 'OR') return fewest(results);
    return results.flat();
  }

  private matcher(value: unknown, handle: SchemaHandle, steps: Step[], scope: Scope, matcher: Matcher): ValueIssue[] {
    switch (matcher.match) {
      case 'equality':
        return this.against(value, handle, steps, scope, 'exact', false);
      case 'values':
      case 'eachKey':
      case 'eachValue':
        return this.against(value, handle, steps, scope, 'type', true);
      case 'regex':
      case 'include':
      case 'date':
      case 'time':
      case 'timestamp':
      case 'semver':
        return this.scalar(value, handle, steps, matcher, typeOf(value) === 'integer' ? 'number' : typeOf(value));
      case 'integer':
        return this.scalar(value, handle, steps, matcher, 'integer');
      case 'decimal':
        return this.scalar(value, handle, steps, matcher, 'decimal');
      case 'number':
        return this.scalar(value, handle, steps, matcher, 'number');
      case 'boolean':
        return this.scalar(value, handle, steps, matcher, 'boolean');
      case 'null':
        return this.scalar(value, handle, steps, matcher, 'null');
      case 'arrayContains':
        return this.arrayContains(value, handle, steps, matcher);
      case 'contentType':
      case 'statusCode':
        return [];
      default: {
        // `type`, `notEmpty` and kinds of later specifications: compare by type, as the weakest safe reading.
        const issues = this.against(value, handle, steps, scope, 'type', false);
        if (!Array.isArray(value) || (matcher.min === undefined && matcher.max === undefined)) return issues;
        const bounds = this.bounds(handle, steps, matcher);
        if (bounds.length === 0) return issues;
        // The bounds say it for the matcher; the example's own length would say it again.
        const sameArray = (issue: ValueIssue) => issue.steps.length === steps.length && /\/(min|max)Items$/.test(issue.specPointer);
        return [...bounds, ...issues.filter((issue) => !sameArray(issue))];
      }
    }
  }

  /**
   * An array matcher's `min`/`max` (`eachLike`, `atLeastOneLike`) against the provider's
   * `minItems`/`maxItems`: the consumer needs at least `min` items where the provider sends at
   * most `maxItems`, or takes at most `max` where the provider sends at least `minItems`.
   */
  private bounds(handle: SchemaHandle, steps: Step[], matcher: Matcher): ValueIssue[] {
    const results: ValueIssue[][] = [];
    for (const alt of this.schemas.alternatives(handle)) {
      if (!admits(alternativeTypes(alt), 'array')) continue;
      let conflict: ValueIssue | undefined;
      for (const view of alt) {
        const { minItems, maxItems } = view.node;
        if (matcher.min !== undefined && typeof maxItems === 'number' && matcher.min > maxItems) {
          conflict = this.issue('mismatch', steps, `${view.pointer}/maxItems`, `the consumer expects at least ${matcher.min} items (${matcher.match} matcher, min) but the provider has at most ${maxItems}`);
        } else if (matcher.max !== undefined && typeof minItems === 'number' && minItems > matcher.max) {
          conflict = this.issue('mismatch', steps, `${view.pointer}/minItems`, `the consumer takes at most ${matcher.max} items (${matcher.match} matcher, max) but the provider has at least ${minItems}`);
        }
        if (conflict) break;
      }
      if (!conflict) return [];
      results.push([conflict]);
    }
    return fewest(results);
  }

  /** Value against every alternative of the schema; the first clean one wins, else the closest. */
  private against(value: unknown, handle: SchemaHandle, steps: Step[], scope: Scope, mode: Mode, anyKeys: boolean): ValueIssue[] {
    let alternatives = this.schemas.alternatives(handle);
    if (alternatives.length > 1 && isObject(value)) {
      const branch = this.schemas.discriminated(this.schemas.view(handle), value);
      if (branch) {
        const target = this.schemas.view(branch).pointer;
        const picked = alternatives.filter((alt) => alt.some((view) => view.pointer === target));
        if (picked.length > 0) alternatives = picked;
      }
    }
    if (alternatives.length === 1) return this.alternative(value, alternatives[0]!, steps, scope, mode, anyKeys);
    const results: ValueIssue[][] = [];
    for (const alternative of alternatives) {
      const issues = this.alternative(value, alternative, steps, scope, mode, anyKeys);
      if (!issues.some(isBlocking)) return issues;
      results.push(issues);
    }
    const closest = fewest(results);
    return closest.map((issue) =>
      isBlocking(issue) ? { ...issue, message: `${issue.message} (closest of ${alternatives.length} alternatives)` } : issue,
    );
  }

  private alternative(value: unknown, alt: Alternative, steps: Step[], scope: Scope, mode: Mode, anyKeys: boolean): ValueIssue[] {
    const type = typeOf(value);
    const types = alternativeTypes(alt);
    const typed = alt.find((view) => view.types) ?? alt[0]!;
    const lenient = mode === 'type' && type === 'number' && types?.has('integer') === true;
    if (!admits(types, type) && !lenient) {
      return [this.issue('mismatch', steps, typed.pointer, `expected ${describeTypes(types)}, found ${type} ${show(value)}`)];
    }
    if (value === null) return [];
    const issues: ValueIssue[] = [];
    for (const view of alt) {
      if (this.side === 'response' && view.writeOnly) {
        issues.push(this.issue('mismatch', steps, view.pointer, 'the provider marks this field writeOnly: it is never returned'));
      }
      if (mode === 'exact') issues.push(...this.constraints(value, type, view, steps));
      if (view.not && mode === 'exact') {
        const notIssues = this.against(value, view.not, steps, { base: 0 }, 'exact', false);
        if (!notIssues.some(isBlocking)) issues.push(this.issue('mismatch', steps, view.not.pointer, `${show(value)} matches a schema under "not"`));
      }
    }
    if (type === 'object') issues.push(...this.object(value as Record<string, unknown>, alt, steps, scope, anyKeys));
    else if (type === 'array') issues.push(...this.array(value as unknown[], alt, steps, scope));
    return issues;
  }

  private object(value: Record<string, unknown>, alt: Alternative, steps: Step[], scope: Scope, anyKeys: boolean): ValueIssue[] {
    const issues: ValueIssue[] = [];
    for (const [key, child] of Object.entries(value)) {
      const childSteps = [...steps, key];
      const declared: SchemaHandle[] = [];
      for (const view of alt) {
        const property = view.properties?.get(key);
        if (property) declared.push(property);
      }
      // The parts of an `allOf` are read merged, as their authors mean them: a field declared by
      // any part is allowed, and one declared by none is an extra, forbidden when any part is closed.
      const closed = declared.length > 0 ? undefined : alt.find((view) => view.additional === false);
      const targets = declared.length > 0 ? declared : closed ? [] : additionalOf(alt);
      if (targets.length === 0) {
        const documented = alt.find((view) => view.properties && view.properties.size > 0);
        if (this.side === 'request' && closed) {
          issues.push(this.issue('mismatch', childSteps, closed.pointer, `field "${key}" is not allowed by the provider's schema`));
        } else if (this.side === 'response' && !anyKeys && (closed ?? documented)) {
          const where = (closed ?? documented)!;
          issues.push(this.issue('unknown', childSteps, `${where.pointer}/properties`, `field "${key}" is not in the provider's response schema`));
        }
        continue;
      }
      for (const target of targets) issues.push(...this.walk(child, target, childSteps, scope));
      if (this.side === 'response' && declared.length > 0 && !anyKeys) issues.push(...this.reliance(key, child, alt, declared, childSteps));
    }
    if (this.side === 'request') {
      for (const view of alt) {
        for (const name of view.required) {
          if (name in value) continue;
          const property = alt.map((v) => v.properties?.get(name)).find((p) => p !== undefined);
          // OpenAPI: a required readOnly property is required in responses only.
          if (property && this.schemas.view(property).readOnly) continue;
          issues.push(this.issue('mismatch', steps, `${view.pointer}/required`, `required field "${name}" is missing`));
        }
      }
    }
    return issues;
  }

  /** Response fields the consumer reads although the provider may omit them or send null. */
  private reliance(key: string, child: unknown, alt: Alternative, declared: SchemaHandle[], steps: Step[]): ValueIssue[] {
    const issues: ValueIssue[] = [];
    if (!alt.some((view) => view.required.has(key))) {
      issues.push(this.issue('optional', steps, declared[0]!.pointer, `the consumer relies on "${key}" but the provider marks it optional`));
    }
    if (child !== null) {
      const nullable = declared.some((handle) =>
        this.schemas.alternatives(handle).some((a) => alternativeTypes(a)?.has('null') === true),
      );
      if (nullable) {
        issues.push(this.issue('nullable', steps, declared[0]!.pointer, `the consumer relies on "${key}" but the provider marks it nullable`));
      }
    }
    return issues;
  }

  private array(value: unknown[], alt: Alternative, steps: Step[], scope: Scope): ValueIssue[] {
    const issues: ValueIssue[] = [];
    const prefix = alt.find((view) => view.prefixItems)?.prefixItems;
    const items = alt.filter((view) => view.items).map((view) => view.items!);
    value.forEach((element, index) => {
      const targets = prefix?.[index] ? [prefix[index]] : items;
      for (const target of targets) issues.push(...this.walk(element, target, [...steps, index], scope));
    });
    return issues;
  }

  /** A matcher that fixes the type (or format) of a scalar, checked against what the provider declares. */
  private scalar(value: unknown, handle: SchemaHandle, steps: Step[], matcher: Matcher, expect: JsonType | 'decimal'): ValueIssue[] {
    const results: ValueIssue[][] = [];
    for (const alt of this.schemas.alternatives(handle)) {
      const types = alternativeTypes(alt);
      const typed = alt.find((view) => view.types) ?? alt[0]!;
      let ok: boolean;
      if (expect === 'decimal') ok = !types || types.has('number');
      else if (expect === 'number') ok = admits(types, 'number') || admits(types, 'integer');
      else ok = admits(types, expect);
      if (!ok) {
        const wanted = expect === 'decimal' ? 'a decimal number' : expect;
        results.push([this.issue('mismatch', steps, typed.pointer, `the consumer expects ${wanted} (${matcher.match} matcher) but the provider declares ${describeTypes(types)}`)]);
        continue;
      }
      if (matcher.match === 'regex' && matcher.regex !== undefined) {
        const issue = this.enumAgainstRegex(alt, matcher.regex, steps);
        if (issue) {
          results.push([issue]);
          continue;
        }
      }
      return [];
    }
    return fewest(results);
  }

  private enumAgainstRegex(alt: Alternative, source: string, steps: Step[]): ValueIssue | undefined {
    const view = alt.find((v) => Array.isArray(v.node.enum));
    if (!view) return undefined;
    const regex = compileMatcherRegex(source);
    if (!regex) return undefined;
    const values = (view.node.enum as unknown[]).filter((v): v is string => typeof v === 'string');
    if (values.length === 0 || values.some((v) => regex.test(v))) return undefined;
    return this.issue('mismatch', steps, `${view.pointer}/enum`, `none of the provider's values (${values.slice(0, 5).join(', ')}) match the consumer's regex ${source}`);
  }

  private arrayContains(value: unknown, handle: SchemaHandle, steps: Step[], matcher: Matcher): ValueIssue[] {
    if (!Array.isArray(value)) return this.against(value, handle, steps, { base: 0 }, 'type', false);
    const results: ValueIssue[][] = [];
    for (const alt of this.schemas.alternatives(handle)) {
      const types = alternativeTypes(alt);
      if (!admits(types, 'array')) {
        results.push([this.issue('mismatch', steps, (alt.find((v) => v.types) ?? alt[0]!).pointer, `expected ${describeTypes(types)}, found array`)]);
        continue;
      }
      const items = alt.find((view) => view.items)?.items;
      if (!items) return [];
      const issues: ValueIssue[] = [];
      for (const variant of matcher.variants ?? []) {
        if (variant.index >= value.length) continue;
        let rules = variantIndexes.get(variant);
        if (!rules) {
          rules = new RuleIndex(variant.rules);
          variantIndexes.set(variant, rules);
        }
        const elementSteps = [...steps, variant.index];
        issues.push(...this.walk(value[variant.index], items, elementSteps, { rules, base: elementSteps.length }));
      }
      if (!issues.some(isBlocking)) return issues;
      results.push(issues);
    }
    return fewest(results);
  }

  /** Keyword constraints a value must meet when the consumer expects that exact value. */
  private constraints(value: unknown, type: JsonType, view: SchemaView, steps: Step[]): ValueIssue[] {
    const node = view.node;
    const out: ValueIssue[] = [];
    const fail = (keyword: string, message: string): void => {
      out.push(this.issue('mismatch', steps, `${view.pointer}/${keyword}`, message));
    };
    if (Array.isArray(node.enum) && !node.enum.some((allowed) => deepEqual(allowed, value))) {
      fail('enum', `${show(value)} is not one of the provider's values (${node.enum.slice(0, 8).map((v) => show(v)).join(', ')})`);
    }
    if ('const' in node && !deepEqual(node.const, value)) fail('const', `${show(value)} is not the provider's constant ${show(node.const)}`);
    if (type === 'string') {
      const text = value as string;
      const length = codePoints(text);
      if (typeof node.minLength === 'number' && length < node.minLength) fail('minLength', `${show(text)} is shorter than ${node.minLength}`);
      if (typeof node.maxLength === 'number' && length > node.maxLength) fail('maxLength', `${show(text)} is longer than ${node.maxLength}`);
      if (view.pattern && !view.pattern.test(text)) fail('pattern', `${show(text)} does not match pattern ${String(node.pattern)}`);
      if (typeof node.format === 'string' && !formatOk(node.format, text)) fail('format', `${show(text)} is not a valid ${node.format}`);
    } else if (type === 'number' || type === 'integer') {
      const n = value as number;
      const exMin = node.exclusiveMinimum;
      const exMax = node.exclusiveMaximum;
      if (typeof node.minimum === 'number' && (exMin === true ? n <= node.minimum : n < node.minimum)) fail('minimum', `${n} is below the minimum ${node.minimum}`);
      if (typeof node.maximum === 'number' && (exMax === true ? n >= node.maximum : n > node.maximum)) fail('maximum', `${n} is above the maximum ${node.maximum}`);
      if (typeof exMin === 'number' && n <= exMin) fail('exclusiveMinimum', `${n} is not above ${exMin}`);
      if (typeof exMax === 'number' && n >= exMax) fail('exclusiveMaximum', `${n} is not below ${exMax}`);
      if (typeof node.multipleOf === 'number' && node.multipleOf > 0 && !isMultiple(n, node.multipleOf)) fail('multipleOf', `${n} is not a multiple of ${node.multipleOf}`);
      if (type === 'integer' && node.format === 'int32' && (n < -(2 ** 31) || n >= 2 ** 31)) fail('format', `${n} does not fit int32`);
    } else if (type === 'array') {
      const length = (value as unknown[]).length;
      if (typeof node.minItems === 'number' && length < node.minItems) fail('minItems', `the array has ${length} items, fewer than ${node.minItems}`);
      if (typeof node.maxItems === 'number' && length > node.maxItems) fail('maxItems', `the array has ${length} items, more than ${node.maxItems}`);
    } else if (type === 'object') {
      const count = Object.keys(value as object).length;
      if (typeof node.minProperties === 'number' && count < node.minProperties) fail('minProperties', `the object has fewer than ${node.minProperties} fields`);
      if (typeof node.maxProperties === 'number' && count > node.maxProperties) fail('maxProperties', `the object has more than ${node.maxProperties} fields`);
    }
    return out;
  }

  private issue(kind: ValueIssue['kind'], steps: Step[], specPointer: string, message: string): ValueIssue {
    return { kind, steps, specPointer, message };
  }
}

function additionalOf(alt: Alternative): SchemaHandle[] {
  const out: SchemaHandle[] = [];
  for (const view of alt) if (view.additional) out.push(view.additional);
  return out;
}

function fewest(results: ValueIssue[][]): ValueIssue[] {
  let best: ValueIssue[] | undefined;
  let bestCount = Infinity;
  for (const issues of results) {
    const count = issues.filter(isBlocking).length;
    if (count < bestCount) {
      best = issues;
      bestCount = count;
    }
  }
  return best ?? [];
}

/** A short rendering of a value for messages. */
function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** Characters (code points) of a text, counted without making an array of them. */
function codePoints(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

function isMultiple(n: number, of: number): boolean {
  const q = n / of;
  return Math.abs(q - Math.round(q)) < 1e-9;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?(Z|[+-]([01]\d|2[0-3]):?[0-5]\d)?$/i;

function validDate(text: string): boolean {
  const match = DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function formatOk(format: string, text: string): boolean {
  switch (format) {
    case 'date':
      return validDate(text);
    case 'date-time': {
      const at = text.search(/[Tt ]/);
      return at === 10 && validDate(text.slice(0, 10)) && TIME.test(text.slice(11)) && /([Zz]|[+-]\d{2}:?\d{2})$/.test(text);
    }
    case 'time':
      return TIME.test(text);
    case 'uuid':
      return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text);
    case 'email':
      return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text);
    case 'ipv4':
      return /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/.test(text);
    case 'uri':
      return /^[A-Za-z][A-Za-z0-9+.-]*:/.test(text);
    default:
      // Unknown and annotation-only formats (`password`, `byte`, vendor formats) constrain nothing here.
      return true;
  }
}
