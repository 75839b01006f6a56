import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node as YamlNode, type Pair } from 'yaml';
import { splitPointer } from '../model/pointer.js';

/** Maps a JSON pointer to the 1-based line of that node, or of its nearest ancestor present in the text. */
export type LineLocator = (pointer: string) => number | undefined;

function lineAt(starts: Int32Array, offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const COLON = 58;
const COMMA = 44;

/** The offset after the string opening at `i`: native `indexOf` jumps over long descriptions. */
function stringEnd(text: string, i: number): number {
  let j = i;
  for (;;) {
    j = text.indexOf('"', j + 1);
    if (j === -1) return text.length;
    // A quote is escaped when an odd number of backslashes precede it.
    let k = j - 1;
    while (text.charCodeAt(k) === BACKSLASH) k--;
    if ((j - k) % 2 === 1) return j + 1;
  }
}

/**
 * One pass over JSON text: the line starts, and every container's opening and closing offsets
 * (sorted by opening), so skipping a nested value is a binary search instead of a rescan.
 */
function scanJson(text: string): { starts: Int32Array; opens: Int32Array; closes: Int32Array } {
  const n = text.length;
  let lines: Int32Array<ArrayBuffer> = new Int32Array(1 << 16);
  let lineCount = 1;
  let opens = new Int32Array(1 << 16);
  let closes = new Int32Array(1 << 16);
  let openCount = 0;
  let stack = new Int32Array(256);
  let depth = 0;
  const grow = (a: Int32Array): Int32Array<ArrayBuffer> => {
    const b = new Int32Array(a.length * 2);
    b.set(a);
    return b;
  };
  // Native indexOf finds line ends far faster than the character loop below could.
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    if (lineCount === lines.length) lines = grow(lines);
    lines[lineCount++] = i + 1;
  }
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c <= 32) continue;
    if (c === QUOTE) {
      i = stringEnd(text, i) - 1;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (openCount === opens.length) {
        opens = grow(opens);
        closes = grow(closes);
      }
      if (depth === stack.length) stack = grow(stack);
      stack[depth++] = openCount;
      opens[openCount] = i;
      closes[openCount++] = n;
    } else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && depth > 0) {
      closes[stack[--depth]!] = i;
    }
  }
  return { starts: lines.subarray(0, lineCount), opens: opens.subarray(0, openCount), closes: closes.subarray(0, openCount) };
}

/**
 * A line locator for JSON text. Nothing is computed until a line is asked for; then one scan
 * indexes the brackets, and each container on a looked-up path is indexed once, on first visit,
 * so thousands of lookups into a 13 MB document stay cheap and no full pointer map is built.
 */
export function jsonLineLocator(text: string): LineLocator {
  let scan: ReturnType<typeof scanJson> | undefined;
  // Value offsets of the children of each container visited, keyed by the container's offset.
  const index = new Map<number, Map<string, number>>();

  const skipWs = (i: number): number => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else return i;
    }
  };
  const skipString = (i: number): number => stringEnd(text, i);
  const closeOf = (offset: number): number => {
    const { opens, closes } = scan!;
    let lo = 0;
    let hi = opens.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const at = opens[mid]!;
      if (at === offset) return closes[mid]!;
      if (at < offset) lo = mid + 1;
      else hi = mid - 1;
    }
    return text.length;
  };
  const skipValue = (i: number): number => {
    const c = text.charCodeAt(i);
    if (c === QUOTE) return skipString(i);
    if (c === OPEN_BRACE || c === OPEN_BRACKET) return closeOf(i) + 1;
    let j = i;
    while (j < text.length) {
      const d = text.charCodeAt(j);
      if (d === COMMA || d === CLOSE_BRACE || d === CLOSE_BRACKET || d === 32 || d === 10 || d === 13 || d === 9) break;
      j++;
    }
    return j;
  };
  const children = (offset: number): Map<string, number> | undefined => {
    const cached = index.get(offset);
    if (cached) return cached;
    const open = text.charCodeAt(offset);
    if (open !== OPEN_BRACE && open !== OPEN_BRACKET) return undefined;
    const map = new Map<string, number>();
    let i = skipWs(offset + 1);
    let n = 0;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === CLOSE_BRACE || c === CLOSE_BRACKET) break;
      if (c === COMMA) {
        i = skipWs(i + 1);
        continue;
      }
      if (open === OPEN_BRACE) {
        if (c !== QUOTE) break;
        const end = skipString(i);
        const raw = text.slice(i + 1, end - 1);
        const key = raw.includes('\\') ? (JSON.parse(text.slice(i, end)) as string) : raw;
        i = skipWs(end);
        if (text.charCodeAt(i) !== COLON) break;
        const value = skipWs(i + 1);
        if (!map.has(key)) map.set(key, value);
        i = skipWs(skipValue(value));
      } else {
        map.set(String(n++), i);
        i = skipWs(skipValue(i));
      }
    }
    index.set(offset, map);
    return map;
  };

  return (pointer) => {
    scan ??= scanJson(text);
    let offset = skipWs(0);
    for (const token of splitPointer(pointer)) {
      const next = children(offset)?.get(token);
      if (next === undefined) break;
      offset = next;
    }
    return lineAt(scan.starts, offset);
  };
}

/** A line locator over a parsed YAML document: walks its nodes along the pointer. */
export function yamlLineLocator(doc: Document, counter: LineCounter): LineLocator {
  const mapIndex = new WeakMap<object, Map<string, Pair>>();
  const keyOf = (pair: Pair): string | undefined => {
    const key = pair.key;
    if (isScalar(key)) return String(key.value);
    return typeof key === 'string' || typeof key === 'number' ? String(key) : undefined;
  };
  return (pointer) => {
    let node: unknown = doc.contents;
    let offset = isNodeWithRange(node) ? node.range[0] : 0;
    for (const token of splitPointer(pointer)) {
      if (isAlias(node)) node = node.resolve(doc);
      let next: unknown;
      let at: number | undefined;
      if (isMap(node)) {
        let pairs = mapIndex.get(node);
        if (!pairs) {
          pairs = new Map();
          for (const item of node.items) {
            const key = isPair(item) ? keyOf(item) : undefined;
            if (key !== undefined && !pairs.has(key)) pairs.set(key, item);
          }
          mapIndex.set(node, pairs);
        }
        const pair = pairs.get(token);
        if (pair) {
          next = pair.value;
          at = isNodeWithRange(pair.key) ? pair.key.range[0] : isNodeWithRange(pair.value) ? pair.value.range[0] : undefined;
        }
      } else if (isSeq(node) && /^\d+$/.test(token)) {
        next = node.items[Number(token)];
        at = isNodeWithRange(next) ? next.range[0] : undefined;
      }
      if (at === undefined) break;
      offset = at;
      node = next;
    }
    return counter.linePos(offset).line;
  };
}

function isNodeWithRange(node: unknown): node is YamlNode & { range: [number, number, number] } {
  return node !== null && typeof node === 'object' && Array.isArray((node as { range?: unknown }).range);
}
