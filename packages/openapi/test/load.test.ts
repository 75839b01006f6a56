import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModel, loadSpec, parseSpecText, RollgateError } from '../src/index.js';

const MINIMAL = `openapi: 3.0.3
info:
  title: Books
  version: 1.2.0
paths:
  /books:
    get:
      responses:
        '200':
          description: OK.
`;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'rollgate-load-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

async function failure(promise: Promise<unknown>): Promise<RollgateError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RollgateError);
  return error as RollgateError;
}

describe('loadSpec', () => {
  it('reads a YAML file with its title, version and spec version', async () => {
    const spec = await loadSpec(write('min.yaml', MINIMAL));
    expect(spec.specVersion).toBe('3.0');
    expect(spec.title).toBe('Books');
    expect(spec.version).toBe('1.2.0');
    expect(spec.source.kind).toBe('file');
    expect(spec.lineOf('/paths/~1books/get')).toBe(7);
    expect(spec.lineOf('/paths/~1books/get/responses/200/description')).toBe(10);
  });

  it('reads JSON and maps pointers to lines, falling back to the nearest ancestor', async () => {
    const json = JSON.stringify({ openapi: '3.1.0', info: { title: 'J', version: '1' }, paths: { '/a/b': { get: { responses: {} } } } }, null, 2);
    const spec = await loadSpec(write('min.json', json));
    expect(spec.specVersion).toBe('3.1');
    expect(spec.lineOf('/paths/~1a~1b/get')).toBe(json.split('\n').findIndex((l) => l.includes('"get"')) + 1);
    expect(spec.lineOf('/paths/~1a~1b/post/responses')).toBe(json.split('\n').findIndex((l) => l.includes('"/a/b"')) + 1);
  });

  it('keeps JSON lines right past strings holding brackets, quotes and escapes', async () => {
    const json = [
      '{',
      '  "openapi": "3.0.3",',
      '  "info": {"title": "a \\"}{[ title\\\\", "version": "1"},',
      '  "paths": {',
      '    "/x": {"get": {"description": "]}\\\\", "responses": {',
      '      "200": {"description": "ok"}',
      '    }}},',
      '    "/y~z": {',
      '      "post": {"responses": {}}',
      '    }',
      '  }',
      '}',
    ].join('\n');
    const spec = await loadSpec(write('tricky.json', json));
    expect(spec.title).toBe('a "}{[ title\\');
    expect(spec.lineOf('/paths/~1x/get/responses/200')).toBe(6);
    expect(spec.lineOf('/paths/~1y~0z/post')).toBe(9);
    expect(spec.lineOf('/info/version')).toBe(3);
  });

  it('looks many JSON pointers up in one pass, agreeing with lineOf', async () => {
    const json = [
      '{',
      '  "openapi": "3.0.3",',
      '  "info": {"title": "t", "version": "1"},',
      '  "paths": {',
      '    "/x": {"get": {"description": "]}\\\\\\"{[", "parameters": [',
      '      {"name": "a", "in": "query"},',
      '      {"name": "b", "in": "query",',
      '       "schema": {"type": "string"}}',
      '    ], "responses": {"200": {"description": "ok"}}}},',
      '    "/a\\u002fb": {"post": {"responses": {}}},',
      '    "/x": {"put": {"responses": {}}}',
      '  }',
      '}',
    ].join('\n');
    const spec = await loadSpec(write('many.json', json));
    const pointers = [
      '/paths/~1x/get/parameters/1/schema/type',
      '/paths/~1x/get/parameters/0',
      '/paths/~1x/get/responses/200',
      '/paths/~1a~1b/post',
      '/paths/~1x/put',
      '/paths/~1x/get/parameters/7',
      '/paths/~1nowhere/get',
      '/info/title',
      '',
    ];
    const lines = spec.linesOf!(pointers);
    // A repeated key keeps its first occurrence; missing steps fall back to the nearest ancestor.
    expect(lines).toEqual([8, 6, 9, 10, 5, 5, 4, 3, 1]);
    expect(lines).toEqual(pointers.map((p) => spec.lineOf(p)));
    expect(spec.linesOf!([])).toEqual([]);
  });

  it('finds the right lines deep into a long JSON document, past strings holding brackets', async () => {
    // Hundreds of lines, so lookups land past many whole blocks of lines and between them.
    const paths: Record<string, unknown> = {};
    for (let i = 0; i < 150; i++) {
      paths[`/items/${i}`] = {
        get: {
          description: i % 3 === 0 ? `brackets ]}[{ and an escaped quote \\" in item ${i}` : `item ${i}\nsecond line`,
          parameters: [{ name: 'q', in: 'query', schema: { type: 'string', enum: ['[', '{'] } }],
          responses: { '200': { description: 'ok' } },
        },
      };
    }
    const json = JSON.stringify({ openapi: '3.0.3', info: { title: 't', version: '1' }, paths }, null, 2);
    const textLines = json.split('\n');
    const spec = await loadSpec(write('long.json', json));
    const items = [149, 0, 64, 65, 7, 128, 100];
    const pointers = items.flatMap((i) => [`/paths/~1items~1${i}/get/responses/200`, `/paths/~1items~1${i}/get/parameters/0/schema/enum/1`]);
    const lines = spec.linesOf!(pointers);
    items.forEach((i, k) => {
      const item = textLines.indexOf(`    "/items/${i}": {`);
      expect(item).toBeGreaterThan(0);
      // The item's lines in order: its "200" response, and the second value of its parameter's enum.
      expect(lines[2 * k]).toBe(textLines.indexOf('          "200": {', item) + 1);
      expect(lines[2 * k + 1]).toBe(textLines.indexOf('                "{"', item) + 1);
    });
    expect(lines).toEqual(pointers.map((p) => spec.lineOf(p)));
  });

  it('looks many YAML pointers up, agreeing with lineOf', async () => {
    const spec = await loadSpec(write('many.yaml', MINIMAL));
    const pointers = ['/paths/~1books/get', '/paths/~1books/get/responses/200/description', '/paths/~1books/put'];
    expect(spec.linesOf!(pointers)).toEqual([7, 10, 6]);
  });

  it('resolves paths against cwd', async () => {
    write('rel.yaml', MINIMAL);
    const spec = await loadSpec('rel.yaml', { cwd: dir });
    expect(spec.source).toMatchObject({ kind: 'file', name: 'rel.yaml', path: path.join(dir, 'rel.yaml') });
  });

  it('reads stdin for -', async () => {
    const spec = await loadSpec('-', { stdin: async () => MINIMAL });
    expect(spec.source).toEqual({ kind: 'stdin', name: '-' });
    expect(spec.title).toBe('Books');
  });

  it('names a missing file', async () => {
    const error = await failure(loadSpec(path.join(dir, 'missing.yaml')));
    expect(error.code).toBe('SPEC_NOT_FOUND');
    expect(error.message).toContain('missing.yaml');
  });

  it('gives the line of a YAML syntax error', async () => {
    const file = write('bad.yaml', 'openapi: 3.0.3\ninfo:\n  title: x\n  version: 1\npaths:\n  /a: [unclosed\n');
    const error = await failure(loadSpec(file));
    expect(error.code).toBe('SPEC_SYNTAX');
    expect(error.details.file).toBe(file);
    // The parser notices the unclosed flow sequence at the end of input, the line after it.
    expect(error.details.line).toBe(7);
    expect(error.message).toContain(`${file}:${error.details.line}`);
  });

  it('never reads a .json file as YAML, which would take a missing comma for part of a string', async () => {
    const file = write('comma.json', '{"openapi":"3.0.3","info":{"title":"x","version":"1"},"paths":{"/a":{"get":{"deprecated":false "summary":"s","responses":{}}}}}');
    const error = await failure(loadSpec(file));
    expect(error.code).toBe('SPEC_SYNTAX');
    expect(error.message).toMatch(/comma\.json:1: invalid JSON: Expected ',' or '}' after property value/);
    // The same text under another name is flow-style YAML, as YAML reads it.
    const yaml = await loadSpec(write('comma.yaml', '{"openapi":"3.0.3","info":{"title":"x","version":"1"},"paths":{}, "x-note": a b}'));
    expect(yaml.document).toMatchObject({ 'x-note': 'a b' });
  });

  it('applies YAML merge keys, which share parts of mappings', async () => {
    const file = write(
      'merge.yaml',
      'openapi: 3.0.3\ninfo: {title: x, version: "1"}\nx-defs: {base: &base {id: {type: string}, name: {type: string}}}\npaths: {}\ncomponents:\n  schemas:\n    Book:\n      type: object\n      properties: {<<: *base, name: {type: integer}, isbn: {type: string}}\n',
    );
    const spec = await loadSpec(file);
    // The mapping's own keys win over merged ones, as YAML 1.1 says.
    expect((spec.document as { components: { schemas: { Book: unknown } } }).components.schemas.Book).toEqual({
      type: 'object',
      properties: { id: { type: 'string' }, name: { type: 'integer' }, isbn: { type: 'string' } },
    });
  });

  it('keeps version fields written as unquoted numbers as they are written', async () => {
    const spec = await loadSpec(write('versions.yaml', 'openapi: 3.0\ninfo:\n  title: x\n  version: 1.10\npaths: {}\n'));
    expect(spec.specVersion).toBe('3.0');
    expect(spec.version).toBe('1.10');
    expect((spec.document as { openapi: unknown }).openapi).toBe('3.0');
  });

  it('gives the line of a JSON syntax error', async () => {
    const file = write('bad.json', '{\n  "openapi": "3.0.3",\n  "info": {\n    "title": "x",,\n  }\n}\n');
    const error = await failure(loadSpec(file));
    expect(error.code).toBe('SPEC_SYNTAX');
    expect(error.details.line).toBe(4);
  });

  it('refuses documents that are not OpenAPI', async () => {
    expect((await failure(loadSpec(write('plain.yaml', 'name: not a spec\n')))).code).toBe('SPEC_INVALID');
    expect((await failure(loadSpec(write('list.yaml', '- 1\n- 2\n')))).code).toBe('SPEC_INVALID');
    expect((await failure(loadSpec(write('empty.yaml', '\n')))).code).toBe('SPEC_INVALID');
  });

  it('refuses unsupported versions and names the line', async () => {
    const error = await failure(loadSpec(write('v4.yaml', 'info: {title: x, version: "1"}\nopenapi: 4.0.0\npaths: {}\n')));
    expect(error.code).toBe('SPEC_UNSUPPORTED_VERSION');
    expect(error.details.line).toBe(2);
  });

  it('reports an unresolved internal $ref with its line', async () => {
    const text = MINIMAL.replace("description: OK.", "$ref: '#/components/responses/Missing'");
    const error = await failure(loadSpec(write('dangling.yaml', text)));
    expect(error.code).toBe('REF_UNRESOLVED');
    expect(error.message).toContain('#/components/responses/Missing');
    expect(error.details.line).toBe(10);
  });

  describe('$refs in JSON', () => {
    const jsonSpec = (response: unknown, extra: Record<string, unknown> = {}): string =>
      JSON.stringify(
        {
          openapi: '3.0.3',
          info: { title: 'J', version: '1' },
          paths: { '/a': { get: { responses: { '200': response } } } },
          components: { responses: { Ok: { description: 'OK.' } } },
          ...extra,
        },
        null,
        2,
      );
    const lineOf = (json: string, needle: string): number => json.split('\n').findIndex((l) => l.includes(needle)) + 1;

    it('reports an unresolved internal $ref with its line', async () => {
      const json = jsonSpec({ $ref: '#/components/responses/Missing' });
      const error = await failure(loadSpec(write('dangling.json', json)));
      expect(error.code).toBe('REF_UNRESOLVED');
      expect(error.message).toContain('#/components/responses/Missing');
      expect(error.details).toMatchObject({ line: lineOf(json, '"$ref"'), pointer: '/paths/~1a/get/responses/200/$ref' });
    });

    it('finds refs however the JSON spaces and escapes them', async () => {
      const json = jsonSpec({ $ref: '#/components/responses/Ok' }).replace('"$ref": "#/components/responses/Ok"', '"$ref" :\n "#\\/components\\/responses\\/Missing"');
      const error = await failure(loadSpec(write('spaced.json', json)));
      expect(error.code).toBe('REF_UNRESOLVED');
      expect(error.message).toContain('#/components/responses/Missing');
      const escaped = jsonSpec({ $ref: '#/components/responses/Ok' }).replace('"#/components/responses/Ok"', '"#\\/components\\/responses\\/\\u004fk"');
      await expect(loadSpec(write('escaped.json', escaped))).resolves.toMatchObject({ title: 'J' });
    });

    it('leaves $ref-shaped data in examples, and strings that mention $ref, alone', async () => {
      const json = jsonSpec(
        { description: 'Answers {"$ref": "#/nowhere"} and "$ref"', content: { 'application/json': { example: { $ref: '#/nowhere' } } } },
        { 'x-note': ['$ref', { key: '"$ref"' }] },
      );
      await expect(loadSpec(write('data-refs.json', json))).resolves.toMatchObject({ title: 'J' });
    });

    it('refuses remote $refs unless allowed, naming the line', async () => {
      const json = jsonSpec({ $ref: 'https://example.com/responses.json#/Ok' });
      const error = await failure(loadSpec(write('remote.json', json)));
      expect(error.code).toBe('REF_REMOTE_DISALLOWED');
      expect(error.details.line).toBe(lineOf(json, '"$ref"'));
    });

    it('bundles external file $refs', async () => {
      write('ok-response.json', JSON.stringify({ description: 'From another file.' }));
      const spec = await loadSpec(write('external.json', jsonSpec({ $ref: './ok-response.json' })));
      expect(buildModel(spec).operations[0]?.responses[0]).toMatchObject({ status: '200' });
      expect(JSON.stringify(spec.document)).toContain('From another file.');
    });
  });

  it('bundles external file $refs relative to the spec', async () => {
    write('book.yaml', 'type: object\nrequired: [id]\nproperties:\n  id: {type: string}\n');
    const text = MINIMAL.replace(
      "description: OK.",
      "description: OK.\n          content:\n            application/json:\n              schema: {$ref: './book.yaml'}",
    );
    const spec = await loadSpec(write('external.yaml', text));
    const model = buildModel(spec);
    const schema = model.operations[0]?.responses[0]?.content[0]?.schema;
    expect(schema).toBeDefined();
    expect(model.resolveSchema(schema!).node).toMatchObject({ type: 'object', required: ['id'] });
    expect(JSON.stringify(spec.document)).not.toContain('book.yaml');
  });

  it('names a missing external file', async () => {
    const text = MINIMAL.replace("description: OK.", "$ref: './nowhere.yaml'");
    const error = await failure(loadSpec(write('external-missing.yaml', text)));
    expect(error.code).toBe('REF_UNRESOLVED');
    expect(error.message).toContain('nowhere.yaml');
    // The line of the $ref that names it.
    expect(error.details.line).toBe(10);
    expect(error.message).toMatch(/external-missing\.yaml:10: /);
  });

  it('refuses remote $refs unless allowed', async () => {
    const text = MINIMAL.replace("description: OK.", "$ref: 'https://example.com/responses.yaml#/Ok'");
    const error = await failure(loadSpec(write('remote.yaml', text)));
    expect(error.code).toBe('REF_REMOTE_DISALLOWED');
    expect(error.message).toContain('https://example.com/responses.yaml#/Ok');
    expect(error.details.line).toBe(10);
  });

  it('validates on request', async () => {
    const text = 'openapi: 3.0.3\ninfo: {title: x, version: "1"}\npaths:\n  /a:\n    get:\n      responses: 12\n';
    await expect(loadSpec(write('invalid.yaml', text))).resolves.toMatchObject({ title: 'x', version: '1' });
    const error = await failure(loadSpec(write('invalid.yaml', text), { validate: true }));
    expect(error.code).toBe('SPEC_INVALID');
    // Named for the version it is, at the line of the first problem listed.
    expect(error.message).toMatch(/^.*invalid\.yaml:6: the document is not valid: OpenAPI 3\.0 schema validation failed/);
    expect(error.message).toContain('#/paths/~1a/get/responses must be object');
  });

  it('parses text sent by other means', async () => {
    const spec = await parseSpecText(MINIMAL, { kind: 'text', name: 'upload' });
    expect(spec.source.name).toBe('upload');
    expect(buildModel(spec).operations).toHaveLength(1);
  });
});

describe('loadSpec from a git revision', () => {
  let repo: string;
  const git = (...args: string[]): string =>
    execFileSync('git', args, { cwd: repo, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' } });

  beforeAll(() => {
    repo = mkdtempSync(path.join(tmpdir(), 'rollgate-git-'));
    git('init', '-q', '-b', 'main');
    execFileSync('mkdir', ['-p', path.join(repo, 'api')]);
    writeFileSync(path.join(repo, 'api/openapi.yaml'), MINIMAL.replace("description: OK.", "$ref: './responses.yaml#/Ok'"));
    writeFileSync(path.join(repo, 'api/responses.yaml'), 'Ok:\n  description: From the first commit.\n');
    git('add', '.');
    git('commit', '-q', '-m', 'first');
    writeFileSync(path.join(repo, 'api/openapi.yaml'), MINIMAL.replace('1.2.0', '2.0.0'));
    writeFileSync(path.join(repo, 'api/responses.yaml'), 'Ok:\n  description: Changed in the working tree.\n');
  });
  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  it('reads the file, and its external refs, as of the revision', async () => {
    const spec = await loadSpec('HEAD:api/openapi.yaml', { cwd: repo });
    expect(spec.source).toEqual({ kind: 'git', name: 'HEAD:api/openapi.yaml' });
    expect(spec.version).toBe('1.2.0');
    const response = buildModel(spec).operations[0]?.responses[0];
    expect(response?.status).toBe('200');
    expect(JSON.stringify(spec.document)).toContain('From the first commit.');
  });

  it('names a missing revision', async () => {
    const error = await failure(loadSpec('no-such-branch:api/openapi.yaml', { cwd: repo }));
    expect(error.code).toBe('GIT_REVISION');
    expect(error.message).toContain('no-such-branch');
  });

  it('names a path missing from the revision', async () => {
    const error = await failure(loadSpec('HEAD:api/other.yaml', { cwd: repo }));
    expect(error.code).toBe('GIT_REVISION');
    expect(error.message).toContain('api/other.yaml');
  });
});
