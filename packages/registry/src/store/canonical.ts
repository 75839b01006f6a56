import { createHash } from 'node:crypto';
import { RollgateError } from '@rollgate/openapi';
import type { JsonValue } from './types.js';

/**
 * The canonical JSON text of a value: object keys sorted by code unit, no whitespace, numbers as
 * `JSON.stringify` writes them. Two documents that differ only in key order or formatting (a YAML
 * spec and its JSON twin) get the same text, hence the same hash.
 */
export function canonicalJson(value: unknown, what = 'content'): string {
  const parts: string[] = [];
  write(value, '', parts, new Set<object>(), what);
  return parts.join('');
}

/** The sha256 (lower-case hex) of a value's canonical JSON text, with that text. */
export function hashContent(value: unknown, what = 'content'): { hash: string; text: string } {
  const text = canonicalJson(value, what);
  return { hash: sha256(text), text };
}

/** The sha256 of a text, lower-case hex. */
export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Parses text the store wrote with `canonicalJson`. */
export function parseStored(text: string): JsonValue {
  return JSON.parse(text) as JsonValue;
}

function write(value: unknown, pointer: string, out: string[], open: Set<object>, what: string): void {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    // Same as JSON.stringify: a Date (which a YAML parser may produce) becomes its ISO string.
    value = (value as { toJSON: () => unknown }).toJSON();
  }
  switch (typeof value) {
    case 'string':
      out.push(JSON.stringify(value));
      return;
    case 'boolean':
      out.push(value ? 'true' : 'false');
      return;
    case 'number':
      if (!Number.isFinite(value)) throw invalid(what, pointer, `the number ${String(value)} has no JSON form`);
      out.push(JSON.stringify(value));
      return;
    case 'object':
      break;
    default:
      throw invalid(what, pointer, `a ${typeof value} is not a JSON value`);
  }
  if (value === null) {
    out.push('null');
    return;
  }
  if (open.has(value)) throw invalid(what, pointer, 'the value contains a cycle');
  open.add(value);
  if (Array.isArray(value)) {
    out.push('[');
    value.forEach((item: unknown, index) => {
      if (index > 0) out.push(',');
      write(item === undefined ? null : item, `${pointer}/${index}`, out, open, what);
    });
    out.push(']');
  } else {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) {
      throw invalid(what, pointer, `a ${(value as object).constructor?.name ?? 'non-plain'} object is not a JSON value`);
    }
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort();
    out.push('{');
    keys.forEach((key, index) => {
      if (index > 0) out.push(',');
      out.push(JSON.stringify(key), ':');
      write(record[key], `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, out, open, what);
    });
    out.push('}');
  }
  open.delete(value);
}

function invalid(what: string, pointer: string, problem: string): RollgateError {
  return new RollgateError('INVALID_INPUT', `${what} at ${pointer === '' ? '/' : pointer}: ${problem}`, { pointer });
}
