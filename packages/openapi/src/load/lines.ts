import { splitPointer } from '../model/pointer.js';

/** Maps a JSON pointer to the 1-based line of that node, or of its nearest ancestor present in the text. */
export type LineLocator = (pointer: string) => number | undefined;

/** The 1-based line holding `offset`, given the offsets where lines start. */
export function lineAt(starts: Int32Array, offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
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
 * 1.6 times as long on GitHub's 13 MB description, and skipping is most of the work of `bracketLines`.
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

/** The offset of the first character at or after `i` that is not JSON whitespace. */
function skipWs(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === SPACE || c === LF || c === CR || c === TAB) i++;
    else return i;
  }
}

/** The offset after the number or literal (`true`, `false`, `null`) starting at `i`. */
function scalarEnd(text: string, i: number): number {
  let j = i;
  while (j < text.length) {
    const d = text.charCodeAt(j);
    if (d === COMMA || d === CLOSE_BRACE || d === CLOSE_BRACKET || d === SPACE || d === LF || d === CR || d === TAB) break;
    j++;
  }
  return j;
}

/**
 * The value offsets of the members of the container at `offset` (keys at their first occurrence,
 * array items by index), reading its text; `skipContainer` gives the offset after a nested one.
 */
function scanMembers(text: string, offset: number, skipContainer: (i: number) => number): Map<string, number> | undefined {
  const open = text.charCodeAt(offset);
  if (open !== OPEN_BRACE && open !== OPEN_BRACKET) return undefined;
  const skipValue = (i: number): number => {
    const c = text.charCodeAt(i);
    if (c === QUOTE) return stringEnd(text, i);
    if (c === OPEN_BRACE || c === OPEN_BRACKET) return skipContainer(i);
    return scalarEnd(text, i);
  };
  const map = new Map<string, number>();
  let i = skipWs(text, offset + 1);
  let n = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === CLOSE_BRACE || c === CLOSE_BRACKET) break;
    if (c === COMMA) {
      i = skipWs(text, i + 1);
      continue;
    }
    if (open === OPEN_BRACE) {
      if (c !== QUOTE) break;
      const end = stringEnd(text, i);
      const key = keyAt(text, i, end);
      i = skipWs(text, end);
      if (text.charCodeAt(i) !== COLON) break;
      const value = skipWs(text, i + 1);
      if (!map.has(key)) map.set(key, value);
      i = skipWs(text, skipValue(value));
    } else {
      map.set(String(n++), i);
      i = skipWs(text, skipValue(i));
    }
  }
  return map;
}

/** The key written as the string from `start` to `end` (quotes included). */
function keyAt(text: string, start: number, end: number): string {
  const raw = text.slice(start + 1, end - 1);
  return raw.includes('\\') ? (JSON.parse(text.slice(start, end)) as string) : raw;
}

/** Follows a pointer through containers' members; the offset of its node or of the nearest ancestor present. */
function locate(pointer: string, root: number, members: (offset: number) => Map<string, number> | undefined): number {
  let offset = root;
  for (const token of splitPointer(pointer)) {
    const next = members(offset)?.get(token);
    if (next === undefined) break;
    offset = next;
  }
  return offset;
}

/**
 * A line locator for any JSON text. Nothing is computed until a line is asked for; then one scan
 * indexes the brackets, and each container on a looked-up path is indexed once, on first visit,
 * so thousands of lookups into a 13 MB document stay cheap and no full pointer map is built.
 */
export function bracketLineLocator(text: string): LineLocator {
  let scan: ReturnType<typeof scanJson> | undefined;
  // Value offsets of the children of each container visited, keyed by the container's offset.
  const index = new Map<number, Map<string, number> | undefined>();
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
  const children = (offset: number): Map<string, number> | undefined => {
    if (index.has(offset)) return index.get(offset);
    const map = scanMembers(text, offset, (i) => closeOf(i) + 1);
    index.set(offset, map);
    return map;
  };
  return (pointer) => {
    scan ??= scanJson(text);
    return lineAt(scan.starts, locate(pointer, skipWs(text, 0), children));
  };
}

/** A node of the pointers' trie: the tokens below it, and where its value starts once found. */
interface Wanted {
  children: Map<string, Wanted> | undefined;
  /** Offset of the value in the text; -1 until the walk reaches it. */
  offset: number;
  /** 1-based line of `offset`, once known; 0 before. */
  line: number;
}

/** The trie of the pointers looked up together, their tokens, and how many nodes are still to find. */
interface Trie {
  root: Wanted;
  paths: string[][];
  pending: number;
}

function trieOf(pointers: readonly string[]): Trie {
  const trie: Trie = { root: { children: undefined, offset: -1, line: 0 }, paths: pointers.map(splitPointer), pending: 1 };
  for (const tokens of trie.paths) {
    let node = trie.root;
    for (const token of tokens) {
      node.children ??= new Map();
      let next = node.children.get(token);
      if (!next) {
        next = { children: undefined, offset: -1, line: 0 };
        node.children.set(token, next);
        trie.pending++;
      }
      node = next;
    }
  }
  return trie;
}

/** The deepest node of each pointer's path that the walk found: the node, or its nearest ancestor present. */
function deepestFound(trie: Trie): Wanted[] {
  return trie.paths.map((tokens) => {
    let node = trie.root;
    for (const token of tokens) {
      const next = node.children?.get(token);
      if (next === undefined || next.offset === -1) break;
      node = next;
    }
    return node;
  });
}

/**
 * Walks the value at `i` for `node`, reading brackets: keys only in containers some pointer enters,
 * every other value skipped by a bracket scan. Returns the offset after the value, or -1 once every
 * node of the trie is found.
 */
function scanWalk(text: string, trie: Trie, i: number, node: Wanted): number {
  node.offset = i;
  if (--trie.pending === 0) return -1;
  const n = text.length;
  /** The offset after the value at `j`. */
  const skipValue = (j: number): number => {
    const first = text.charCodeAt(j);
    if (first === QUOTE) return stringEnd(text, j);
    if (first === OPEN_BRACE || first === OPEN_BRACKET) return containerEnd(text, j);
    return scalarEnd(text, j);
  };
  const children = node.children;
  const open = text.charCodeAt(i);
  if (!children || (open !== OPEN_BRACE && open !== OPEN_BRACKET)) return skipValue(i);
  let index = 0;
  let j = skipWs(text, i + 1);
  while (j < n) {
    const c = text.charCodeAt(j);
    if (c === CLOSE_BRACE || c === CLOSE_BRACKET) return j + 1;
    if (c === COMMA) {
      j = skipWs(text, j + 1);
      continue;
    }
    let key: string;
    let value: number;
    if (open === OPEN_BRACE) {
      if (c !== QUOTE) return n;
      const end = stringEnd(text, j);
      key = keyAt(text, j, end);
      j = skipWs(text, end);
      if (text.charCodeAt(j) !== COLON) return n;
      value = skipWs(text, j + 1);
    } else {
      key = String(index++);
      value = j;
    }
    const next = children.get(key);
    // A repeated key keeps its first occurrence, as the locator of single pointers does.
    j = next !== undefined && next.offset === -1 ? scanWalk(text, trie, value, next) : skipValue(value);
    if (j === -1) return -1;
    j = skipWs(text, j);
  }
  return n;
}

/**
 * Lines of many pointers in one forward pass over any JSON text: a trie of the pointers guides the
 * walk (`scanWalk`). Each result is the line of the node, or of its nearest ancestor present.
 * Reports with thousands of changes into a 13 MB document cost one scan, not one per change.
 */
export function bracketLines(text: string, pointers: readonly string[]): number[] {
  const trie = trieOf(pointers);
  scanWalk(text, trie, skipWs(text, 0), trie.root);

  // Offsets to lines: the found offsets, sorted, meet the newlines in one more forward pass.
  const found: Wanted[] = [];
  const collect = (node: Wanted): void => {
    if (node.offset === -1) return;
    found.push(node);
    if (node.children) for (const next of node.children.values()) collect(next);
  };
  collect(trie.root);
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
  // The first newline at or after `at`, or -1: kept between nodes, so a text with few newlines
  // (a minified document is one line) is not searched to its end once per node.
  let newline = text.indexOf('\n');
  for (const node of found) {
    while (block < blockEnds.length && blockEnds[block]! <= node.offset) block++;
    if (block > 0 && blockEnds[block - 1]! > at) {
      at = blockEnds[block - 1]!;
      line = block * LINES_PER_BLOCK + 1;
      newline = text.indexOf('\n', at);
    }
    while (newline !== -1 && newline < node.offset) {
      line++;
      at = newline + 1;
      newline = text.indexOf('\n', at);
    }
    node.line = line;
  }
  return deepestFound(trie).map((node) => node.line);
}

/**
 * The lines of JSON text written one item per line, as `JSON.stringify(value, null, indent)` and
 * most formatters write it: every member or array item starts a line indented one unit deeper than
 * its container's line; a container with items opens at the end of a line and closes at the start
 * of a later line, indented as the line that opened it. Strings hold no raw newlines, so the items
 * of a container are the lines between, one per line, and nested containers are skipped through
 * the links from opening to closing lines without reading them.
 */
export interface Layout {
  /** Offset of the first character of each line. */
  starts: Int32Array;
  /** For a line ending with an opening bracket, the line of the matching closing bracket; else 0. */
  closes: Int32Array;
}

/**
 * Checks that `text` follows the layout and indexes its lines, or returns undefined (minified text,
 * blank lines, a bracket opening a line, misplaced indentation, mixed line breaks). One native
 * `indexOf` per line and a few character reads: little more than counting the newlines, which any
 * lookup needs. Each line's indentation is checked against the depth that the brackets at line ends
 * and starts give it, so brackets hidden in the middle of a line, which the links cannot see, would
 * also have to be hidden by the indentation of every line after them; and the lines a lookup reads
 * are checked again, one by one (`itemAt`).
 */
export function layoutOf(text: string): Layout | undefined {
  const n = text.length;
  const root = text.charCodeAt(0);
  if (root !== OPEN_BRACE && root !== OPEN_BRACKET) return undefined;
  const crlf = text.charCodeAt(1) === CR;
  let eol = crlf ? 2 : 1;
  if (text.charCodeAt(eol) !== LF) return undefined;
  // The indentation unit: the run of spaces, or of tabs, before the first item.
  const pad = text.charCodeAt(eol + 1);
  if (pad !== SPACE && pad !== TAB) return undefined;
  let unit = 1;
  while (text.charCodeAt(eol + 1 + unit) === pad) unit++;

  let capacity = (n >> 5) + 64;
  let starts = new Int32Array(capacity);
  let closes = new Int32Array(capacity);
  // The lines whose containers are still open, innermost last, and the bracket each opened with.
  let open = new Int32Array(64);
  let kinds = new Uint8Array(64);
  kinds[0] = root;
  let depth = 1;
  // The column of the innermost open container's closing bracket; its items stand one unit further.
  let indent = 0;
  let line = 0;
  for (;;) {
    const start = eol + 1;
    if (++line === capacity) {
      capacity *= 2;
      starts = grown(starts, capacity);
      closes = grown(closes, capacity);
    }
    starts[line] = start;
    eol = text.indexOf('\n', start);
    const end = eol === -1 ? n : eol;
    let last = text.charCodeAt(end - 1);
    if (crlf && eol !== -1) {
      if (last !== CR) return undefined;
      last = text.charCodeAt(end - 2);
    }
    const opens = last === OPEN_BRACE || last === OPEN_BRACKET;
    const at = start + indent;
    const first = text.charCodeAt(at);
    // Each branch checks that what it read stands on this line, before its line break.
    if (first === pad) {
      // An item, one unit in.
      const c = text.charCodeAt(at + unit);
      if (at + unit >= end || c <= SPACE || c === CLOSE_BRACE || c === CLOSE_BRACKET || text.charCodeAt(at + unit - 1) !== pad) return undefined;
      if (opens) {
        if (depth === open.length) {
          open = grown(open, depth * 2);
          kinds = grown(kinds, depth * 2);
        }
        open[depth] = line;
        kinds[depth++] = last;
        indent += unit;
      }
    } else if (first === kinds[depth - 1]! + 2 && at < end) {
      // The closing bracket of the innermost container (`}` and `]` follow `{` and `[` by two);
      // `}, {` would close and open on one line, which the links cannot tell.
      if ((indent > 0 && text.charCodeAt(at - 1) !== pad) || opens) return undefined;
      closes[open[--depth]!] = line;
      if (depth === 0) {
        // Only whitespace may follow the document.
        if (skipWs(text, end) < n) return undefined;
        return { starts: starts.subarray(0, line + 1), closes: closes.subarray(0, line + 1) };
      }
      indent -= unit;
    } else {
      return undefined;
    }
    if (eol === -1) return undefined;
  }
}

function grown<T extends Int32Array | Uint8Array>(array: T, length: number): T {
  const bigger = new (array.constructor as new (length: number) => T)(length);
  bigger.set(array);
  return bigger;
}

/** The offset of the first character at or after `i` that is not a space or a tab. */
function skipBlanks(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === SPACE || c === TAB) i++;
    else return i;
  }
}

/** Where line `m` of a laid-out text ends: at its newline, or at the carriage return before it. */
function lineEnd(text: string, starts: Int32Array, m: number): number {
  const end = m + 1 < starts.length ? starts[m + 1]! - 1 : text.length;
  return text.charCodeAt(end - 1) === CR ? end - 1 : end;
}

/** Whether only a comma, if anything, follows the value ending at `after` on line `m`. */
function endsItem(text: string, starts: Int32Array, m: number, after: number): boolean {
  let i = skipBlanks(text, after);
  if (text.charCodeAt(i) === COMMA) i = skipBlanks(text, i + 1);
  return i === lineEnd(text, starts, m);
}

/**
 * The item on line `m` of a laid-out container: its key (objects) and the offset of its value, and
 * the line of the next item. Undefined when the line breaks the layout: not indented `indent` (the
 * first item's indentation), more than one item on the line, a value on the next line, or a nested
 * container with more than a comma after its closing bracket.
 */
function itemAt(text: string, layout: Layout, m: number, indent: string, object: boolean): { key: string | undefined; value: number; next: number } | undefined {
  const { starts, closes } = layout;
  const start = starts[m]!;
  const at = start + indent.length;
  const first = text.charCodeAt(at);
  if (!text.startsWith(indent, start) || first === SPACE || first === TAB) return undefined;
  const end = lineEnd(text, starts, m);
  let key: string | undefined;
  let value = at;
  if (object) {
    if (first !== QUOTE) return undefined;
    // Strings hold no line breaks, so the key ends on its line.
    const keyEnd = stringEnd(text, at);
    const colon = skipBlanks(text, keyEnd);
    if (text.charCodeAt(colon) !== COLON) return undefined;
    key = keyAt(text, at, keyEnd);
    value = skipBlanks(text, colon + 1);
  }
  if (value >= end) return undefined;
  const close = closes[m]!;
  if (close !== 0) {
    // A container with items: its bracket ends this line, and its closing bracket stands alone.
    const bracket = skipBlanks(text, starts[close]!);
    return value + 1 === end && endsItem(text, starts, close, bracket + 1) ? { key, value, next: close + 1 } : undefined;
  }
  const c = text.charCodeAt(value);
  const after = c === QUOTE ? stringEnd(text, value) : c === OPEN_BRACE || c === OPEN_BRACKET ? containerEnd(text, value) : scalarEnd(text, value);
  return endsItem(text, starts, m, after) ? { key, value, next: m + 1 } : undefined;
}

/** The indentation of the first item of the container opening on line `m` of a laid-out text. */
function firstIndent(text: string, layout: Layout, m: number): string {
  const start = layout.starts[m + 1]!;
  return text.slice(start, skipBlanks(text, start));
}

/** The line of `offset` in a laid-out text, and whether a container with items opens there. */
function openingLine(text: string, layout: Layout, offset: number): number | undefined {
  const c = text.charCodeAt(offset);
  if (c !== OPEN_BRACE && c !== OPEN_BRACKET) return undefined;
  const m = lineAt(layout.starts, offset) - 1;
  return layout.closes[m] !== 0 && lineEnd(text, layout.starts, m) === offset + 1 ? m : undefined;
}

/**
 * The members of the container opening at `offset` of a laid-out text, read line by line (keys at
 * their first occurrence, array items by index); undefined when it is not a container opening at
 * the end of its line, or when a line breaks the layout.
 */
function laidOutMembers(text: string, layout: Layout, offset: number): Map<string, number> | undefined {
  const m = openingLine(text, layout, offset);
  if (m === undefined) return undefined;
  const object = text.charCodeAt(offset) === OPEN_BRACE;
  const close = layout.closes[m]!;
  const map = new Map<string, number>();
  const indent = firstIndent(text, layout, m);
  let n = 0;
  for (let k = m + 1; k < close; ) {
    const item = itemAt(text, layout, k, indent, object);
    if (!item) return undefined;
    const key = item.key ?? String(n++);
    if (!map.has(key)) map.set(key, item.value);
    k = item.next;
  }
  return map;
}

/** What `walkItems` returns when a container breaks the layout. */
const BROKEN = -2;

/**
 * Lines of many pointers in one forward pass over a laid-out text: the pointers' trie guides the
 * walk from line to line; a container no pointer enters, and the rest of one where every pointer
 * has found its node, are skipped through the line links. A container written on one line, or one
 * that breaks the layout, is walked again by `scanWalk`, bracket by bracket (and reported to
 * `scanned`, for tests).
 */
export function laidOutLines(text: string, layout: Layout, pointers: readonly string[], scanned?: (offset: number) => void): number[] {
  const trie = trieOf(pointers);
  const { starts, closes } = layout;
  /** Walks the value at `i`, on line `k`, for `node`; true once every node of the trie is found. */
  const walk = (i: number, k: number, node: Wanted): boolean => {
    const pending = trie.pending;
    node.offset = i;
    node.line = k + 1;
    if (--trie.pending === 0) return true;
    if (!node.children) return false;
    // A line with a link opens a container at its end (`itemAt` checked that the value ends it).
    const opens = closes[k] !== 0;
    // Nothing to find below a scalar or an empty container.
    if (!opens && isEmpty(text, i)) return false;
    const found = opens ? walkItems(k, node.children, text.charCodeAt(i) === OPEN_BRACE) : BROKEN;
    if (found !== BROKEN) return found === -1;
    // Read this container bracket by bracket, forgetting what its lines gave.
    const forget = (wanted: Wanted): void => {
      wanted.offset = -1;
      wanted.line = 0;
      if (wanted.children) for (const below of wanted.children.values()) if (below.offset !== -1) forget(below);
    };
    forget(node);
    trie.pending = pending;
    scanned?.(i);
    return scanWalk(text, trie, i, node) === -1;
  };
  /** Walks the items of the container opening on line `m`: -1 once every node is found, BROKEN, or 0. */
  const walkItems = (m: number, children: Map<string, Wanted>, object: boolean): number => {
    const close = closes[m]!;
    const indent = firstIndent(text, layout, m);
    let missing = children.size;
    let n = 0;
    for (let k = m + 1; k < close; ) {
      const item = itemAt(text, layout, k, indent, object);
      if (!item) return BROKEN;
      const next = children.get(item.key ?? String(n++));
      // A repeated key keeps its first occurrence, as everywhere else.
      if (next !== undefined && next.offset === -1) {
        if (walk(item.value, k, next)) return -1;
        if (--missing === 0) return 0;
      }
      k = item.next;
    }
    return 0;
  };
  walk(0, 0, trie.root);
  // Nodes the bracket scanner found have offsets only.
  return deepestFound(trie).map((node) => node.line || lineAt(starts, node.offset));
}

/** Whether the value at `i` is not a container, or an empty one. */
function isEmpty(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c !== OPEN_BRACE && c !== OPEN_BRACKET) return true;
  const d = text.charCodeAt(skipWs(text, i + 1));
  return d === CLOSE_BRACE || d === CLOSE_BRACKET;
}

/** Line lookups into one JSON text: single pointers and batches share the index of its lines. */
export interface JsonLines {
  lineOf: LineLocator;
  linesOf(pointers: readonly string[]): number[];
}

/**
 * Line lookups into JSON text. A text laid out one item per line (what large specs are) is walked
 * from line to line, skipping the containers no pointer enters without reading them; any other
 * text, and any container of a laid-out text that breaks the layout, is read by the bracket
 * scanners. Both give the line of the node, or of its nearest ancestor present, and the first
 * occurrence of a repeated key. Nothing is computed before the first lookup.
 */
export function jsonLineIndex(text: string): JsonLines {
  let layout: Layout | null | undefined;
  let locator: LineLocator | undefined;
  const laidOut = (): Layout | undefined => {
    if (layout === undefined) layout = layoutOf(text) ?? null;
    return layout ?? undefined;
  };
  const laidOutLocator = (lines: Layout): LineLocator => {
    // Value offsets of the members of each container visited, keyed by the container's offset.
    const index = new Map<number, Map<string, number> | undefined>();
    const members = (offset: number): Map<string, number> | undefined => {
      if (index.has(offset)) return index.get(offset);
      // A container breaking the layout (one written on a single line, say) is read bracket by bracket.
      const map = laidOutMembers(text, lines, offset) ?? scanMembers(text, offset, (i) => containerEnd(text, i));
      index.set(offset, map);
      return map;
    };
    return (pointer) => lineAt(lines.starts, locate(pointer, 0, members));
  };
  return {
    lineOf: (pointer) => {
      if (!locator) {
        const lines = laidOut();
        locator = lines ? laidOutLocator(lines) : bracketLineLocator(text);
      }
      return locator(pointer);
    },
    linesOf: (pointers) => {
      const lines = laidOut();
      return lines ? laidOutLines(text, lines, pointers) : bracketLines(text, pointers);
    },
  };
}

/** A line locator for JSON text (see `jsonLineIndex`). */
export function jsonLineLocator(text: string): LineLocator {
  return jsonLineIndex(text).lineOf;
}
