import { RollgateError } from '@rollgate/openapi';

/**
 * Rack-style query strings, as the Pact Broker clients send them.
 *
 * `q[][pacticipant]=A&q[][version]=1&q[][pacticipant]=B` means two selectors: inside an
 * array of objects (`q[]`), a key that the last object already has starts a new object.
 * Node's `querystring` keeps the brackets as part of the key and `qs` merges the objects,
 * so neither reads what the Pact CLI meant. This module follows Rack's `normalize_params`.
 */

/** A decoded query value: a string, an array (`a[]`), or a nested object (`a[b]`). */
export type RackValue = string | RackValue[] | RackObject;
/** A decoded query object; keys are own properties only (no prototype lookups). */
export interface RackObject {
  [key: string]: RackValue;
}

/** Limits that keep a hostile query from costing more than a normal one. */
export interface RackQueryLimits {
  /** Most `key=value` pairs read (Rack's default is 65,536; clients send a few dozen). */
  maxPairs: number;
  /** Deepest bracket nesting accepted. */
  maxDepth: number;
}

const DEFAULT_LIMITS: RackQueryLimits = { maxPairs: 1_000, maxDepth: 8 };

/** Parses a Rack-style query string (without or with its leading `?`). */
export function parseRackQuery(query: string, limits: Partial<RackQueryLimits> = {}): RackObject {
  const { maxPairs, maxDepth } = { ...DEFAULT_LIMITS, ...limits };
  const params: RackObject = {};
  const text = query.startsWith('?') ? query.slice(1) : query;
  if (text === '') return params;
  const pairs = text.split(/[&;]/);
  if (pairs.length > maxPairs) {
    throw new RollgateError('BROKER_QUERY_INVALID', `query has ${pairs.length} parameters, more than the ${maxPairs} accepted`);
  }
  for (const pair of pairs) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const rawKey = eq === -1 ? pair : pair.slice(0, eq);
    const rawValue = eq === -1 ? '' : pair.slice(eq + 1);
    const key = decodeComponent(rawKey, 'name');
    if (key === '') continue;
    normalize(params, key, decodeComponent(rawValue, `value of "${key}"`), 0, key, maxDepth);
  }
  return params;
}

function decodeComponent(raw: string, what: string): string {
  const spaced = raw.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    throw new RollgateError('BROKER_QUERY_INVALID', `query parameter ${what} has a malformed percent-encoding: "${raw}"`);
  }
}

/**
 * Sets `value` at the path named by `name` (`a`, `a[]`, `a[b]`, `a[][b]`, ...) inside `params`
 * and returns what the caller stores (the same object, or a one-element list for `a[][]`).
 * `fullName` is kept for error messages.
 */
function normalize(params: RackObject, name: string, value: string, depth: number, fullName: string, maxDepth: number): RackValue {
  if (depth > maxDepth) {
    throw new RollgateError('BROKER_QUERY_INVALID', `query parameter "${fullName}" is nested deeper than ${maxDepth} levels`);
  }
  const { key, after } = splitName(name, depth);
  if (key === '') return params;

  if (after === '') {
    if (key === '[]' && depth !== 0) return [value];
    setOwn(params, key, value);
  } else if (after === '[') {
    setOwn(params, name, value);
  } else if (after === '[]') {
    arrayAt(params, key, fullName).push(value);
  } else if (after.startsWith('[]')) {
    // `a[][child]`: fill the last object unless it already has `child`, then start a new one.
    const simple = /^\[([^[\]]+)\]$/.exec(after.slice(2));
    const childName = simple?.[1] ?? after.slice(2);
    const list = arrayAt(params, key, fullName);
    const last = list[list.length - 1];
    if (isObject(last) && !hasPath(last, childName)) {
      normalize(last, childName, value, depth + 1, fullName, maxDepth);
    } else {
      list.push(normalize({}, childName, value, depth + 1, fullName, maxDepth));
    }
  } else {
    setOwn(params, key, normalize(objectAt(params, key, fullName), after, value, depth + 1, fullName, maxDepth));
  }
  return params;
}

/** Splits `a[b][c]` into `a` + `[b][c]` at the top, and `[b][c]` into `b` + `[c]` below it. */
function splitName(name: string, depth: number): { key: string; after: string } {
  if (depth === 0) {
    // The first character is never a bracket opener, so `[a]=1` keeps `[a]` as its name.
    const open = name.indexOf('[', 1);
    return open === -1 ? { key: name, after: '' } : { key: name.slice(0, open), after: name.slice(open) };
  }
  if (name.startsWith('[]')) return { key: '[]', after: name.slice(2) };
  const close = name.startsWith('[') ? name.indexOf(']', 1) : -1;
  if (close !== -1) return { key: name.slice(1, close), after: name.slice(close + 1) };
  return { key: name, after: '' };
}

/** Whether `object` already holds a value at the bracket path `name` (`b`, `[b][c]`). */
function hasPath(object: RackObject, name: string): boolean {
  if (name.includes('[]')) return false;
  let current: RackValue = object;
  for (const part of name.split(/[[\]]+/)) {
    if (part === '') continue;
    if (!isObject(current) || !Object.hasOwn(current, part)) return false;
    current = current[part] as RackValue;
  }
  return true;
}

function arrayAt(params: RackObject, key: string, fullName: string): RackValue[] {
  if (!Object.hasOwn(params, key)) setOwn(params, key, []);
  const current = params[key];
  if (!Array.isArray(current)) throw typeConflict(fullName, key, 'a list');
  return current;
}

function objectAt(params: RackObject, key: string, fullName: string): RackObject {
  if (!Object.hasOwn(params, key)) setOwn(params, key, {});
  const current = params[key];
  if (!isObject(current)) throw typeConflict(fullName, key, 'an object');
  return current;
}

function typeConflict(fullName: string, key: string, expected: string): RollgateError {
  return new RollgateError(
    'BROKER_QUERY_INVALID',
    `query parameter "${fullName}" uses "${key}" as ${expected}, but an earlier parameter gave it another shape`,
  );
}

function isObject(value: RackValue | undefined): value is RackObject {
  return typeof value === 'object' && !Array.isArray(value);
}

// defineProperty keeps `__proto__` and friends as plain data instead of touching prototypes.
function setOwn(object: RackObject, key: string, value: RackValue): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}
