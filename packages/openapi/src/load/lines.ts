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
 * Text up to the next bracket that is not inside a string: runs of other characters and whole
 * strings (escapes included), so brackets in descriptions and patterns do not count.
 */
const FLAT = /[^"{}[\]]*(?:"[^"\\]*(?:\\.[^"\\]*)*"[^"{}[\]]*)*/y;

/**
 * The offset after the object or array opening at `i` in valid JSON text. The regular expression
 * runs the stretches between brackets in native code; a character loop in JavaScript took about
 * 1.6 times as long on GitHub's 13 MB description, and skipping is most of the work of `jsonLines`.
 */
function containerEnd(text: string, i: number): number {
  let depth = 0;
  let j = i;
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      if (--depth === 0) return j + 1;
    } else {
      // Only an unterminated string stops the expression elsewhere, and parsed text has none.
      return text.length;
    }
    FLAT.lastIndex = j + 1;
    FLAT.test(text);
    j = FLAT.lastIndex;
  }
  return text.length;
}

const LINES_PER_BLOCK = 64;
/** `LINES_PER_BLOCK` whole lines. */
const LINE_BLOCK = new RegExp(`(?:[^\\n]*\\n){${LINES_PER_BLOCK}}`, 'y');


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


/** A node of the pointers' trie: the tokens below it, and where its value starts once found. */
interface Wanted {
  children: Map<string, Wanted> | undefined;
  /** Offset of the value in the text; -1 until the walk reaches it. */
  offset: number;
  /** 1-based line of `offset`, once known. */
  line: number;
}

/**
 * Lines of many pointers in one forward pass over JSON text: a trie of the pointers guides the
 * walk, which reads keys only in containers some pointer enters and skips every other value with
 * a plain bracket scan. Each result is the line of the node, or of its nearest ancestor present.
 * Reports with thousands of changes into a 13 MB document cost one scan, not one per change.
 */
export function jsonLines(text: string, pointers: readonly string[]): number[] {
  const root: Wanted = { children: undefined, offset: -1, line: 1 };
  let pending = 1;
  const paths = pointers.map(splitPointer);
  for (const tokens of paths) {
    let node = root;
    for (const token of tokens) {
      node.children ??= new Map();
      let next = node.children.get(token);
      if (!next) {
        next = { children: undefined, offset: -1, line: 1 };
        node.children.set(token, next);
        pending++;
      }
      node = next;
    }
  }

  const n = text.length;
  const skipWs = (i: number): number => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else return i;
    }
  };
  /** The offset after the value at `i`. */
  const skipValue = (i: number): number => {
    const first = text.charCodeAt(i);
    if (first === QUOTE) return stringEnd(text, i);
    if (first === OPEN_BRACE || first === OPEN_BRACKET) return containerEnd(text, i);
    let j = i;
    while (j < n) {
      const d = text.charCodeAt(j);
      if (d === COMMA || d === CLOSE_BRACE || d === CLOSE_BRACKET || d === 32 || d === 10 || d === 13 || d === 9) break;
      j++;
    }
    return j;
  };
  /** Walks the value at `i` for `node`; returns the offset after it, or -1 once every pointer is found. */
  const walk = (i: number, node: Wanted): number => {
    node.offset = i;
    if (--pending === 0) return -1;
    const children = node.children;
    const open = text.charCodeAt(i);
    if (!children || (open !== OPEN_BRACE && open !== OPEN_BRACKET)) return skipValue(i);
    let index = 0;
    let j = skipWs(i + 1);
    while (j < n) {
      const c = text.charCodeAt(j);
      if (c === CLOSE_BRACE || c === CLOSE_BRACKET) return j + 1;
      if (c === COMMA) {
        j = skipWs(j + 1);
        continue;
      }
      let key: string;
      let value: number;
      if (open === OPEN_BRACE) {
        if (c !== QUOTE) return n;
        const end = stringEnd(text, j);
        const raw = text.slice(j + 1, end - 1);
        key = raw.includes('\\') ? (JSON.parse(text.slice(j, end)) as string) : raw;
        j = skipWs(end);
        if (text.charCodeAt(j) !== COLON) return n;
        value = skipWs(j + 1);
      } else {
        key = String(index++);
        value = j;
      }
      const next = children.get(key);
      // A repeated key keeps its first occurrence, as the locator of single pointers does.
      j = next !== undefined && next.offset === -1 ? walk(value, next) : skipValue(value);
      if (j === -1) return -1;
      j = skipWs(j);
    }
    return n;
  };
  walk(skipWs(0), root);

  // Offsets to lines: the found offsets, sorted, meet the newlines in one more forward pass.
  const found: Wanted[] = [];
  const collect = (node: Wanted): void => {
    if (node.offset === -1) return;
    found.push(node);
    if (node.children) for (const next of node.children.values()) collect(next);
  };
  collect(root);
  found.sort((a, b) => a.offset - b.offset);
  const last = found.length > 0 ? found[found.length - 1]!.offset : 0;
  // Where every block of LINES_PER_BLOCK lines ends, up to the last node, matched in native code;
  // from the nearest block end before a node, newlines are counted one at a time. The text is
  // valid JSON, so every newline in it is a break between tokens, never inside a string.
  const blockEnds: number[] = [];
  LINE_BLOCK.lastIndex = 0;
  while (LINE_BLOCK.test(text) && LINE_BLOCK.lastIndex <= last) blockEnds.push(LINE_BLOCK.lastIndex);
  let line = 1;
  let at = 0;
  let block = 0;
  for (const node of found) {
    while (block < blockEnds.length && blockEnds[block]! <= node.offset) block++;
    if (block > 0 && blockEnds[block - 1]! > at) {
      at = blockEnds[block - 1]!;
      line = block * LINES_PER_BLOCK + 1;
    }
    for (let newline = text.indexOf('\n', at); newline !== -1 && newline < node.offset; newline = text.indexOf('\n', at)) {
      line++;
      at = newline + 1;
    }
    node.line = line;
  }
  return paths.map((tokens) => {
    // The deepest node of the pointer's path that the text holds.
    let node = root;
    let best = root.line;
    for (const token of tokens) {
      const next = node.children?.get(token);
      if (next === undefined || next.offset === -1) break;
      node = next;
      best = next.line;
    }
    return best;
  });
}
