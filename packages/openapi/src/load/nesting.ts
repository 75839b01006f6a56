import { RollgateError } from '../errors.js';
import { escapeToken } from '../model/pointer.js';
import type { LoadedSpec } from './types.js';

/** The most deeply nested container of a JSON value: how many containers enclose it, and its pointer. */
export interface Deepest {
  depth: number;
  pointer: string;
}

interface Frame {
  value: unknown;
  depth: number;
  parent: Frame | undefined;
  key: string;
}

/**
 * Finds the most deeply nested object or array of a parsed JSON value, without recursion (the
 * value may be nested deeper than the call stack allows). The root container is depth 1.
 */
export function deepestContainer(root: unknown): Deepest {
  let deepest: Frame | undefined;
  const stack: Frame[] = [{ value: root, depth: 1, parent: undefined, key: '' }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const { value } = frame;
    if (value === null || typeof value !== 'object') continue;
    if (!deepest || frame.depth > deepest.depth) deepest = frame;
    const entries: [string, unknown][] = Array.isArray(value) ? value.map((item, i) => [String(i), item]) : Object.entries(value);
    for (const [key, child] of entries) {
      if (child !== null && typeof child === 'object') stack.push({ value: child, depth: frame.depth + 1, parent: frame, key });
    }
  }
  if (!deepest) return { depth: 0, pointer: '' };
  const tokens: string[] = [];
  for (let frame: Frame | undefined = deepest; frame?.parent; frame = frame.parent) tokens.push(escapeToken(frame.key));
  return { depth: deepest.depth, pointer: tokens.length === 0 ? '' : `/${tokens.reverse().join('/')}` };
}

/** A pointer shortened for a message: its start and its end, which tell where and what. */
export function shortPointer(pointer: string, max = 120): string {
  if (pointer.length <= max) return pointer;
  const half = Math.floor((max - 1) / 2);
  return `${pointer.slice(0, half)}…${pointer.slice(-half)}`;
}

/** True for the error V8 throws when the call stack is exhausted. */
export function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack size/i.test(error.message);
}

/**
 * The error to give when comparing documents exhausted the call stack: the document nested most
 * deeply, with the line and pointer of its deepest point.
 */
export function tooDeeplyNested(specs: readonly LoadedSpec[]): RollgateError {
  const found = specs.map((spec) => ({ spec, deepest: deepestContainer(spec.document) }));
  const { spec, deepest } = found.reduce((a, b) => (b.deepest.depth > a.deepest.depth ? b : a));
  const line = spec.lineOf(deepest.pointer);
  const where = line === undefined ? spec.source.name : `${spec.source.name}:${line}`;
  return new RollgateError(
    'SPEC_TOO_DEEP',
    `${where}: nests ${deepest.depth} levels deep at ${shortPointer(deepest.pointer)}, too deep to compare (the call stack ran out)`,
    { file: spec.source.name, ...(line === undefined ? {} : { line }), pointer: deepest.pointer },
  );
}
