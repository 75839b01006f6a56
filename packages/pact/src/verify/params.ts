import type { ParameterModel, SchemaHandle } from '@rollgate/openapi';
import { RuleIndex } from '../parse/json-path.js';
import type { RuleEntry } from '../parse/types.js';
import { checkValue, isBlocking, type ValueIssue } from './check-value.js';
import { admits, alternativeTypes, type JsonType, type Schemas } from './schema.js';

/** The outcome of checking the raw text values of a parameter or header against its schema. */
export interface ParamIssue {
  specPointer: string;
  message: string;
}

/**
 * Checks the string values a request carries for a parameter (path segment, query values,
 * header values) against the parameter's schema, decoding them by its style first.
 */
export function checkParameter(schemas: Schemas, param: ParameterModel, raw: readonly string[]): ParamIssue | undefined {
  const media = param.content?.[0];
  if (media?.schema) {
    const text = raw[0] ?? '';
    let value: unknown = text;
    try {
      value = JSON.parse(text);
    } catch {
      // A non-JSON value is checked as the string it is.
    }
    return firstIssue(checkValue(schemas, value, media.schema, 'request'));
  }
  if (!param.schema) return undefined;
  return checkText(schemas, param.schema, raw, param.style, param.explode, param.in === 'header');
}

/** Checks text values against a schema: arrays split by style, scalars coerced to the declared type. */
export function checkText(
  schemas: Schemas,
  schema: SchemaHandle,
  raw: readonly string[],
  style = 'simple',
  explode = false,
  header = false,
): ParamIssue | undefined {
  const alternatives = schemas.alternatives(schema);
  const types = new Set<JsonType>();
  let anyType = false;
  for (const alt of alternatives) {
    const t = alternativeTypes(alt);
    if (!t) anyType = true;
    else for (const type of t) types.add(type);
  }
  if (!anyType && types.has('object') && !types.has('string')) return undefined; // exploded objects: keys vary by style
  if (!anyType && types.has('array')) {
    const items = alternatives.flatMap((alt) => alt.filter((view) => view.items).map((view) => view.items!))[0];
    const split = raw.length > 1 || explode ? [...raw] : splitByStyle(raw[0] ?? '', style);
    // HTTP lets a header list put spaces around its commas (`1, 2`).
    const parts = header ? split.map((part) => part.trim()) : split;
    const values = parts.map((part) => (items ? coerce(schemas, items, part) : part));
    return firstIssue(checkValue(schemas, values, schema, 'request'));
  }
  if (raw.length > 1) {
    return { specPointer: schema.pointer, message: `${raw.length} values sent where the parameter takes one` };
  }
  const text = raw[0] ?? '';
  const candidates = anyType ? [text] : [...new Set([coerce(schemas, schema, text), text])];
  let first: ParamIssue | undefined;
  for (const value of candidates) {
    const issue = firstIssue(checkValue(schemas, value, schema, 'request'));
    if (!issue) return undefined;
    // The typed reading says more ("0 is below the minimum 1") than the raw text does.
    first ??= issue;
  }
  return first;
}

function splitByStyle(text: string, style: string): string[] {
  if (text === '') return [];
  const separator = style === 'spaceDelimited' ? /\s+|%20/ : style === 'pipeDelimited' ? '|' : style === 'tabDelimited' ? '\t' : ',';
  return text.split(separator);
}

/** The typed value a text stands for under a schema: `"42"` is 42 for an integer, `"true"` is true. */
export function coerce(schemas: Schemas, schema: SchemaHandle, text: string): unknown {
  let types: Set<JsonType> | undefined;
  for (const alt of schemas.alternatives(schema)) {
    const t = alternativeTypes(alt);
    if (!t) return text;
    types ??= new Set();
    for (const type of t) types.add(type);
  }
  if (!types) return text;
  if (admits(types, 'integer') && /^-?\d+$/.test(text)) return Number(text);
  if (admits(types, 'number') && text.trim() !== '' && Number.isFinite(Number(text))) return Number(text);
  if (types.has('boolean') && (text === 'true' || text === 'false')) return text === 'true';
  if (types.has('null') && text === 'null' && !types.has('string')) return null;
  return text;
}

/** Matcher kinds that accept any header text: a header value is always a string. */
const ANY_TEXT = new Set(['type', 'notEmpty', 'values', 'eachKey', 'eachValue', 'contentType']);

/**
 * Checks an expected response header that carries a matcher. The consumer accepts any text the
 * matcher admits, not only the example, so the question is whether the provider's header schema
 * can produce such text: `regex` needs the example's type (and, with an `enum`, a value the regex
 * matches), `integer`/`decimal`/`number`/`boolean` need that type, `type` accepts any text.
 */
export function checkHeaderMatcher(schemas: Schemas, schema: SchemaHandle, text: string, entry: RuleEntry): ParamIssue | undefined {
  const constraining = entry.matchers.filter((matcher) => !ANY_TEXT.has(matcher.match));
  if (constraining.length === 0) return undefined;
  // One unconstrained alternative of an OR accepts any text already.
  if (entry.combine === 'OR' && constraining.length < entry.matchers.length) return undefined;
  const rules = new RuleIndex({ $: { matchers: constraining, combine: entry.combine } });
  return firstIssue(checkValue(schemas, coerce(schemas, schema, text), schema, 'response', rules));
}

function firstIssue(issues: ValueIssue[]): ParamIssue | undefined {
  const issue = issues.find(isBlocking);
  return issue ? { specPointer: issue.specPointer, message: issue.message } : undefined;
}
