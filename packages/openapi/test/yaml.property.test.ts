import fc from 'fast-check';
import { dump } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { LineCounter, isAlias, isMap, isPair, isScalar, isSeq, parse, parseDocument, stringify, type Document, type Pair } from 'yaml';
import { escapeToken } from '../src/model/pointer.js';
import { parseYaml } from '../src/load/yaml.js';
import { RollgateError } from '../src/errors.js';

// The YAML loader reads documents with js-yaml's event parser and finds lines by walking the
// events. The oracle is the `yaml` package's document model: its parse gives the value, and a
// walk over its nodes (following a pointer by key, first occurrence, and by index, through
// aliases) gives the line of the deepest node found, a mapping entry at its key.

function oracleLine(doc: Document, counter: LineCounter, pointer: string): number {
  let node: unknown = doc.contents;
  let offset = (node as { range?: number[] }).range?.[0] ?? 0;
  const tokens = pointer === '' ? [] : pointer.slice(1).split('/').map((t) => t.replaceAll('~1', '/').replaceAll('~0', '~'));
  for (const token of tokens) {
    if (isAlias(node)) node = node.resolve(doc);
    let next: unknown;
    let at: number | undefined;
    if (isMap(node)) {
      const pair = node.items.find((item): item is Pair => isPair(item) && isScalar(item.key) && String(item.key.value) === token);
      if (pair) {
        next = pair.value;
        at = (pair.key as { range?: number[] }).range?.[0];
      }
    } else if (isSeq(node) && /^\d+$/.test(token)) {
      next = node.items[Number(token)];
      at = (next as { range?: number[] } | undefined)?.range?.[0];
    }
    if (at === undefined) break;
    offset = at;
    node = next;
  }
  return counter.linePos(offset).line;
}

/** Every pointer into a value, and one that leaves it below each container. */
function pointersOf(value: unknown, at = ''): string[] {
  const out = [at];
  if (Array.isArray(value)) {
    value.forEach((item, i) => out.push(...pointersOf(item, `${at}/${i}`)));
    out.push(`${at}/${value.length}`);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) out.push(...pointersOf(item, `${at}/${escapeToken(key)}`));
    out.push(`${at}/no-such-key`);
  }
  return out;
}

const key = fc.oneof(
  fc.constantFrom('a', 'b', 'get', '200', '4XX', '1.0', 'true', 'null', '~', '-', 'x: y', '#c', "it's", 'q"q', '/books/{id}', 'a/b', '~1', ' lead', 'trail ', 'ü', '💥', ''),
  fc.string({ maxLength: 6 }),
);
const scalar = fc.oneof(
  fc.constantFrom('', 'plain', 'two\nlines', 'ends\n', '  indented', '- dash', '* star', '&amp', 'a: b', '# no', '|', '>', 'yes', '0o17', '2024-01-01'),
  fc.string({ maxLength: 8 }),
  fc.integer({ min: -1000, max: 1000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
);
const value = fc.letrec<{ value: unknown; object: Record<string, unknown>; array: unknown[] }>((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('object'), tie('array')),
  object: fc.dictionary(key, tie('value'), { maxKeys: 5 }),
  array: fc.array(tie('value'), { maxLength: 4 }),
}));

/** The same value written the ways YAML writers write it. */
const writers: Array<(v: unknown) => string> = [
  (v) => stringify(v),
  (v) => stringify(v, { indent: 4, indentSeq: false }),
  (v) => stringify(v, { collectionStyle: 'flow' }),
  (v) => stringify(v, { lineWidth: 20, minContentWidth: 0 }),
  (v) => dump(v),
  (v) => dump(v, { indent: 3, noArrayIndent: true, lineWidth: 15 }),
  (v) => dump(v, { flowLevel: 2 }),
];

describe('YAML documents read through js-yaml events', () => {
  it('give the value and the lines that the yaml document model gives', () => {
    fc.assert(
      fc.property(fc.oneof(value.object, value.array), fc.nat(writers.length - 1), (doc, w) => {
        const text = writers[w]!(doc);
        const expected = parse(text) as unknown;
        const { document, lineOf } = parseYaml(text, 'doc.yaml');
        expect(document).toEqual(expected);
        const counter = new LineCounter();
        const model = parseDocument(text, { lineCounter: counter });
        for (const pointer of pointersOf(expected)) expect([pointer, lineOf(pointer)]).toEqual([pointer, oracleLine(model, counter, pointer)]);
      }),
      { numRuns: 300 },
    );
  });

  it('follow anchors and aliases, and find lines in hand-written YAML', () => {
    const text = [
      '# a comment',
      'openapi: 3.0.3',
      'paths:',
      '  /books/{id}:',
      '    get: &op',
      '      responses:',
      "        '200':",
      '          description: ok',
      '          content: {application/json: {schema: {type: object}}}',
      '    put: *op',
      '  "/authors":',
      '    post:',
      '      tags:',
      '      - a',
      '      - b',
      '      description: |',
      '        Two',
      '        lines.',
      '      summary: >-',
      '        folded',
      '      200: plain numeric key',
      '',
    ].join('\n');
    const { document, lineOf } = parseYaml(text, 'doc.yaml');
    expect(document).toEqual(parse(text));
    const counter = new LineCounter();
    const model = parseDocument(text, { lineCounter: counter });
    for (const pointer of [...pointersOf(document), '/paths/~1books~1{id}/put/responses/200/description']) {
      expect([pointer, lineOf(pointer)]).toEqual([pointer, oracleLine(model, counter, pointer)]);
    }
    expect(lineOf('/paths/~1books~1{id}/put/responses/200/description')).toBe(8);
    expect(lineOf('/paths/~1authors/post/tags/1')).toBe(15);
  });

  it('refuse aliases that expand without end, naming the file', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
    expect(() => parseYaml(lines.join('\n'), 'laughs.yaml')).toThrow(RollgateError);
    expect(() => parseYaml(lines.join('\n'), 'laughs.yaml')).toThrow(/laughs\.yaml: invalid YAML: its aliases expand the document to more than 10,000,000 nodes/);
  });

  it('name the line of a syntax error, and refuse several documents', () => {
    expect(() => parseYaml('a: 1\nb: [2\nc: 3\n', 'bad.yaml')).toThrow(/^bad\.yaml:\d+: invalid YAML: /);
    expect(() => parseYaml('a: 1\na: 2\n', 'dup.yaml')).toThrow(/^dup\.yaml:2: invalid YAML: duplicated mapping key/);
    expect(() => parseYaml('a: 1\n---\nb: 2\n', 'two.yaml')).toThrow('two.yaml: invalid YAML: the text holds 2 documents, and a spec is one');
  });
});
