import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bracketLineLocator, bracketLines, jsonLineIndex, laidOutLines, layoutOf } from '../src/load/lines.js';

/** A JSON value as written, so objects can repeat a key. */
type Json =
  | { kind: 'object'; members: [string, Json][] }
  | { kind: 'array'; items: Json[] }
  | { kind: 'scalar'; value: string | number | boolean | null };

/** Characters that trip up scanners: brackets, quotes, escapes, pointer syntax, non-ASCII. */
const tricky = fc.constantFrom('a', 'b', '', '~', '/', '~1', '~0', 'a/b', 'q"q', 'back\\slash', '{', '}', '[', ']', ',', ':', ' ', 'ü', '💥', '\n', '\t', '\u2028', '0', '1', '10');
const text = fc.oneof(tricky, fc.array(tricky, { maxLength: 4 }).map((parts) => parts.join('')), fc.string({ maxLength: 6 }));

const json = fc.letrec<{ value: Json; object: Json; array: Json; scalar: Json }>((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, tie('scalar'), tie('object'), tie('array')),
  object: fc.array(fc.tuple(text, tie('value')), { maxLength: 5 }).map((members) => ({ kind: 'object' as const, members })),
  array: fc.array(tie('value'), { maxLength: 5 }).map((items) => ({ kind: 'array' as const, items })),
  scalar: fc
    .oneof(text, fc.integer({ min: -1000, max: 1000 }), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null))
    .map((value) => ({ kind: 'scalar' as const, value })),
}));
/** Documents are containers, as specs are; repeated keys show which occurrence a lookup picks. */
const documents = fc.oneof(json.object, json.array).chain((doc) => fc.constantFrom(doc, withRepeatedKey(doc)));

function withRepeatedKey(doc: Json): Json {
  if (doc.kind !== 'object' || doc.members.length === 0) return doc;
  const [key, value] = doc.members[0]!;
  return { kind: 'object', members: [...doc.members, [key, value.kind === 'scalar' ? { kind: 'array', items: [value] } : { kind: 'scalar', value: 1 }]] };
}

/** The value as JavaScript, for `JSON.stringify` (a repeated key keeps its last value). */
function toValue(doc: Json): unknown {
  if (doc.kind === 'scalar') return doc.value;
  if (doc.kind === 'array') return doc.items.map(toValue);
  return Object.fromEntries(doc.members.map(([key, value]) => [key, toValue(value)]));
}

/**
 * Writes a document with choices taken in turn from `choices`: a layout close to what formatters
 * write, with deviations that keep it valid JSON (containers on one line, a bracket on a line of
 * its own, wrong indentation, blank lines, trailing blanks, items sharing a line, keys escaped
 * differently, line breaks of both kinds).
 */
function writeMangled(doc: Json, unit: string, choices: number[]): string {
  let next = 0;
  const pick = (n: number): number => choices[next++ % choices.length]! % n;
  const eol = pick(4) === 0 ? '\r\n' : '\n';
  const key = (k: string): string => {
    const written = JSON.stringify(k);
    switch (pick(8)) {
      case 0:
        return written.replace(/[a-z/]/, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
      case 1:
        return written.replace(/\//g, '\\/');
      default:
        return written;
    }
  };
  const indent = (depth: number): string => {
    const base = unit.repeat(depth);
    switch (pick(24)) {
      case 0:
        return base + ' ';
      case 1:
        return base.slice(1);
      case 2:
        return '\t' + base;
      default:
        return base;
    }
  };
  const write = (value: Json, depth: number): string => {
    if (value.kind === 'scalar') return JSON.stringify(value.value);
    const [open, close] = value.kind === 'object' ? ['{', '}'] : ['[', ']'];
    const items = value.kind === 'object' ? value.members.map(([k, v]) => `${key(k)}${[': ', ':', ' : '][pick(3)]}${member(v, depth + 1)}`) : value.items.map((v) => member(v, depth + 1));
    if (items.length === 0) return [`${open}${close}`, `${open} ${close}`, `${open}${eol}${indent(depth)}${close}`][pick(3)]!;
    if (pick(8) === 0) return `${open}${items.join(', ')}${close}`;
    let body = '';
    items.forEach((item, i) => {
      body += indent(depth + 1) + item;
      if (i === items.length - 1) return;
      // Mostly a line per item; now and then two items on a line, or a blank line between them.
      body += [`, `, `,${eol}${eol}`][pick(16)] ?? `,${eol}`;
    });
    return `${open}${eol}${body}${pick(16) === 0 ? ' ' : ''}${eol}${indent(depth)}${close}`;
  };
  /** A member's value: on its line, or, now and then, on the next one. */
  const member = (value: Json, depth: number): string => (value.kind !== 'scalar' && pick(16) === 0 ? `${eol}${indent(depth)}` : '') + write(value, depth);
  return write(doc, 0);
}

/** Every pointer into the document, and variations that leave it: missing keys, indexes out of range, odd tokens. */
function pointersOf(doc: Json): string[] {
  const escape = (token: string): string => token.replace(/~/g, '~0').replace(/\//g, '~1');
  const out: string[] = [''];
  const visit = (value: Json, pointer: string): void => {
    out.push(`${pointer}/nowhere`, `${pointer}/`);
    if (value.kind === 'object') {
      for (const [k, v] of value.members) {
        out.push(`${pointer}/${escape(k)}`);
        visit(v, `${pointer}/${escape(k)}`);
      }
    } else if (value.kind === 'array') {
      out.push(`${pointer}/${value.items.length}`, `${pointer}/-`, `${pointer}/01`);
      value.items.forEach((v, i) => {
        out.push(`${pointer}/${i}`);
        visit(v, `${pointer}/${i}`);
      });
    }
  };
  visit(doc, '');
  return out;
}

/** A plain recursive-descent reading of the text: where each value starts, keys at their first occurrence. */
interface Node {
  offset: number;
  children?: Map<string, Node>;
}

function referenceTree(source: string): Node {
  let i = 0;
  const ws = (): void => {
    while (' \t\n\r'.includes(source[i] ?? 'x')) i++;
  };
  const string = (): string => {
    const start = i++;
    while (source[i] !== '"') i += source[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(source.slice(start, i)) as string;
  };
  const value = (): Node => {
    ws();
    const node: Node = { offset: i };
    const c = source[i];
    if (c === '{' || c === '[') {
      node.children = new Map();
      i++;
      ws();
      let index = 0;
      while (source[i] !== '}' && source[i] !== ']') {
        let key = String(index++);
        if (c === '{') {
          key = string();
          ws();
          i++; // the colon
        }
        const child = value();
        if (!node.children.has(key)) node.children.set(key, child);
        ws();
        if (source[i] === ',') i++;
        ws();
      }
      i++;
    } else if (c === '"') {
      string();
    } else {
      while (i < source.length && !' \t\n\r,]}'.includes(source[i]!)) i++;
    }
    return node;
  };
  return value();
}

function referenceLine(source: string, tree: Node, pointer: string): number {
  let node = tree;
  const tokens = pointer === '' ? [] : pointer.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
  for (const token of tokens) {
    const child = node.children?.get(token);
    if (!child) break;
    node = child;
  }
  return source.slice(0, node.offset).split('\n').length;
}

/** All four lookups agree with the reference reading, pointer by pointer. */
function expectReferenceLines(source: string, pointers: string[]): void {
  expect(() => JSON.parse(source)).not.toThrow();
  const tree = referenceTree(source);
  const expected = pointers.map((pointer) => referenceLine(source, tree, pointer));
  expect(jsonLineIndex(source).linesOf(pointers)).toEqual(expected);
  const single = jsonLineIndex(source);
  expect(pointers.map((pointer) => single.lineOf(pointer))).toEqual(expected);
  expect(bracketLines(source, pointers)).toEqual(expected);
  const scanned = bracketLineLocator(source);
  expect(pointers.map((pointer) => scanned(pointer))).toEqual(expected);
}

describe('JSON line lookups', () => {
  it('agree with a plain reading of JSON.stringify output at every indentation', () => {
    fc.assert(
      fc.property(documents, fc.constantFrom<number | string>(0, 1, 2, 4, '\t'), fc.boolean(), (doc, indent, crlf) => {
        let source = JSON.stringify(toValue(doc), null, indent);
        if (crlf) source = source.replace(/\n/g, '\r\n');
        const pointers = pointersOf(doc);
        expectReferenceLines(source, pointers);
        // Indented text with items takes the line-by-line path, and never needs the bracket scanner.
        const items = doc.kind === 'object' ? Object.keys(toValue(doc) as object).length : doc.kind === 'array' ? doc.items.length : 0;
        const layout = layoutOf(source);
        expect(layout !== undefined).toBe(indent !== 0 && items > 0);
        if (layout) {
          const scanned: number[] = [];
          expect(laidOutLines(source, layout, pointers, (offset) => scanned.push(offset))).toEqual(bracketLines(source, pointers));
          expect(scanned).toEqual([]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('agree with a plain reading of hand-formatted text, whatever its layout', () => {
    fc.assert(
      fc.property(documents, fc.constantFrom('  ', '    ', ' ', '\t'), fc.array(fc.nat(), { minLength: 1, maxLength: 64 }), (doc, unit, choices) => {
        expectReferenceLines(writeMangled(doc, unit, choices), pointersOf(doc));
      }),
      { numRuns: 500 },
    );
  });

  it('agree with a plain reading of indented text edited line by line', () => {
    // Runs of lines shifted by a unit, as a careless paste leaves them, and lines joined or split.
    const edit = fc.record({ at: fc.nat(), length: fc.integer({ min: 1, max: 6 }), how: fc.constantFrom('in', 'out', 'join', 'split') });
    fc.assert(
      fc.property(documents, fc.constantFrom('  ', '\t'), fc.array(edit, { minLength: 1, maxLength: 3 }), (doc, unit, edits) => {
        const lines = JSON.stringify(toValue(doc), null, unit).split('\n');
        for (const { at, length, how } of edits) {
          const first = at % lines.length;
          if (how === 'join' && first + 1 < lines.length) lines.splice(first, 2, `${lines[first]!} ${lines[first + 1]!.trimStart()}`);
          else if (how === 'split') lines.splice(first, 1, ...lines[first]!.replace(/^(\s*"[^"\\]*"):\s/, `$1:\n${unit}`).split('\n'));
          else for (let i = first; i < Math.min(first + length, lines.length); i++) lines[i] = how === 'in' ? unit + lines[i]! : lines[i]!.replace(unit, '');
        }
        expectReferenceLines(lines.join('\n'), pointersOf(doc));
      }),
      { numRuns: 500 },
    );
  });

  it('fall back per container where one breaks the layout', () => {
    const source = ['{', '  "a": {"x": [1, 2]},', '  "b": [', '    {', '      "y": 1, "z": 2', '    },', '    3', '  ],', '  "c": "d"', '}'].join('\n');
    expect(layoutOf(source)).toBeDefined();
    expectReferenceLines(source, ['/a/x/1', '/b/0/z', '/b/1', '/c', '/b/0/w']);
    expect(jsonLineIndex(source).linesOf(['/a/x/1', '/b/0/z', '/b/1', '/c'])).toEqual([2, 5, 7, 9]);
  });

  it('count a blank line as a line, even when the next one is indented to make up for it', () => {
    const source = ['{', '  "a": {', '    "b": 1,', '', '   "c": 2', '  },', '  "d": 3', '}'].join('\n');
    expectReferenceLines(source, ['/a/c', '/d']);
    expect(jsonLineIndex(source).linesOf(['/a/c', '/d'])).toEqual([5, 7]);
  });

  it('refuse the line-by-line path for text whose indentation does not follow its brackets', () => {
    // The inner closing bracket and the next key are indented as if they belonged to the document.
    const source = ['{', '  "a": {', '    "x": {', '      "y": 1', '  },', '  "k": {', '      "w": 2', '    }', '  },', '  "b": 3', '}'].join('\n');
    expect(layoutOf(source)).toBeUndefined();
    expectReferenceLines(source, ['/k', '/a/k/w', '/b']);
  });
});
