import { describe, expect, it } from 'vitest';
import { compareSpecs, parseConfig, parseSpecText, RollgateError } from '@rollgate/openapi';
import type { LoadedSpec } from '@rollgate/openapi';

const BASE = `openapi: 3.0.3
info:
  title: Books
  version: 1.2.0
paths:
  /books:
    get:
      responses:
        '200':
          description: the books
  /legacy/books:
    get:
      deprecated: true
      x-sunset: '2026-03-01'
      responses:
        '200':
          description: the books, the old way
`;

const REVISION = BASE.replace('version: 1.2.0', 'version: 1.3.0').replace(/ {2}\/legacy\/books:[\s\S]*$/, '').concat(`  /authors:
    get:
      responses:
        '200':
          description: the authors
`);

async function load(text: string, name: string): Promise<LoadedSpec> {
  return parseSpecText(text, { kind: 'text', name });
}

describe('compareSpecs', () => {
  it('judges a removal against the sunset date at `now`', async () => {
    const [base, revision] = await Promise.all([load(BASE, 'base.yaml'), load(REVISION, 'revision.yaml')]);

    const early = compareSpecs(base, revision, { now: new Date('2026-01-15T00:00:00Z') });
    expect(early.changes.find((c) => c.operation?.path === '/legacy/books')).toMatchObject({
      id: 'operation-removed-before-sunset',
      level: 'breaking',
      side: 'base',
      line: 12,
    });
    expect(early.summary.breaking).toBe(1);
    expect(early.semver).toEqual({ required: 'major', declared: 'minor', ok: false });

    const late = compareSpecs(base, revision, { now: new Date('2026-03-02T00:00:00Z') });
    expect(late.changes.find((c) => c.operation?.path === '/legacy/books')).toMatchObject({ id: 'operation-removed-after-sunset', level: 'info' });
    expect(late.summary.breaking).toBe(0);
    // The new operation is an addition, so a minor bump is enough.
    expect(late.semver).toEqual({ required: 'minor', declared: 'minor', ok: true });
  });

  it('applies the config and returns exactly the report fields', async () => {
    const [base, revision] = await Promise.all([load(BASE, 'base.yaml'), load(REVISION, 'revision.yaml')]);
    const config = parseConfig(
      'rules:\n  operation-added: off\nwaivers:\n  - operations: ["GET /legacy/**"]\n    reason: the legacy API has no clients left\n',
      'rollgate.yaml',
    );
    const report = compareSpecs(base, revision, { config, now: new Date('2026-01-15T00:00:00Z') });
    expect(Object.keys(report)).toEqual(['base', 'revision', 'summary', 'semver', 'changes', 'expiredWaivers']);
    expect(report.base).toEqual({ title: 'Books', version: '1.2.0', source: 'base.yaml' });
    expect(report.changes.some((c) => c.id === 'operation-added')).toBe(false);
    expect(report.changes.find((c) => c.operation?.path === '/legacy/books')?.waived).toEqual({
      reason: 'the legacy API has no clients left',
    });
    expect(report.summary.breaking).toBe(0);
  });

  it('finds nothing between a document and itself', async () => {
    const spec = await load(BASE, 'base.yaml');
    const report = compareSpecs(spec, spec);
    expect(report.changes).toEqual([]);
    expect(report.summary).toEqual({ breaking: 0, warning: 0, info: 0 });
    expect(report.semver).toEqual({ required: 'none', declared: 'none', ok: true });
  });
});

describe('compareSpecs on documents nested past the call stack', () => {
  /** A document whose one response schema nests `depth` objects, the innermost of type `leaf`. */
  const nested = (depth: number, leaf: string) =>
    `{"openapi":"3.0.3","info":{"title":"Deep","version":"1.0.0"},\n"paths":{"/a":{"get":{"responses":{"200":{"description":"ok","content":{"application/json":{"schema":` +
    '{"type":"object","properties":{"p":'.repeat(depth) +
    `{"type":"${leaf}"}` +
    '}}'.repeat(depth) +
    '}}}}}}}}';

  it('names the deeper document, its line and where it nests, instead of crashing', async () => {
    const [base, revision] = await Promise.all([load(nested(5000, 'string'), 'shallower.json'), load(nested(6000, 'integer'), 'deep.json')]);
    let thrown: unknown;
    try {
      compareSpecs(base, revision);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(RollgateError);
    const error = thrown as RollgateError;
    expect(error.code).toBe('SPEC_TOO_DEEP');
    expect(error.message).toMatch(/^deep\.json:2: nests 12009 levels deep at \/paths\/~1a\/get\/responses\/200\/content\/application~1json\/sche….*\/properties\/p, too deep to compare/);
    expect(error.details).toMatchObject({ file: 'deep.json', line: 2 });
  });

  it('still compares documents nested a few hundred levels', async () => {
    const [base, revision] = await Promise.all([load(nested(300, 'string'), 'a.json'), load(nested(300, 'integer'), 'b.json')]);
    expect(compareSpecs(base, revision).summary.breaking).toBe(1);
  });
});

describe('compareSpecs on security alternatives', () => {
  const doc = (security: string) => `openapi: 3.0.3
info: {title: S, version: 1.0.0}
components:
  securitySchemes:
    a: {type: apiKey, in: header, name: X-A}
    b: {type: apiKey, in: header, name: X-B}
    c: {type: apiKey, in: header, name: X-C}
paths:
  /x:
    get:
      security: ${security}
      responses:
        '200': {description: ok}
`;
  const ids = async (from: string, to: string) =>
    compareSpecs(await load(doc(from), 'base.yaml'), await load(doc(to), 'revision.yaml')).changes.map((c) => `${c.level} ${c.id} ${c.message}`);

  it('does not call it breaking when a removed alternative is still met by one asking for part of it', async () => {
    // a AND b becomes a OR b: clients sending both still pass.
    expect(await ids('[{a: [], b: []}]', '[{a: []}, {b: []}]')).toEqual([
      'info security-requirement-added security alternative "a" was added',
      'info security-requirement-added security alternative "b" was added',
    ]);
  });

  it('still calls it breaking when no remaining alternative is met by the removed one', async () => {
    expect(await ids('[{a: []}, {b: []}]', '[{a: [], b: []}]')).toContain('breaking security-requirement-removed security alternative "a" was removed');
    expect(await ids('[{a: [], b: []}]', '[{a: [], c: []}]')).toContain('breaking security-requirement-removed security alternative "a + b" was removed');
  });
});

describe('compareSpecs on media type parameters', () => {
  const doc = (...types: string[]) => `openapi: 3.0.3
info: {title: M, version: 1.0.0}
paths:
  /x:
    get:
      responses:
        '200':
          description: ok
          content:
${types.map((type) => `            '${type}': {schema: {type: object, properties: {id: {type: string}}}}`).join('\n')}
`;
  const changes = async (from: string[], to: string[]) =>
    compareSpecs(await load(doc(...from), 'base.yaml'), await load(doc(...to), 'revision.yaml')).changes.map((c) => `${c.level} ${c.id}`);

  it('pairs a media type with the same type written with parameters, as one body format', async () => {
    expect(await changes(['application/json'], ['application/json; charset=utf-8'])).toEqual([]);
    expect(await changes(['application/json', 'text/plain'], ['text/plain', 'Application/JSON;charset=UTF-8'])).toEqual([]);
  });

  it('still reports a media type that is gone', async () => {
    expect(await changes(['application/json', 'application/xml'], ['application/json; charset=utf-8'])).toEqual(['breaking response-media-type-removed']);
  });
});

describe('compareSpecs across a Swagger 2.0 to OpenAPI 3 migration', () => {
  const paths = `paths:
  /a:
    get:
      responses:
        '200': {description: ok}
`;
  const swagger = (servers: string) => `swagger: '2.0'\ninfo: {title: T, version: 1.0.0}\n${servers}\n${paths}`;
  const openapi = (urls: string[]) => `openapi: 3.0.3\ninfo: {title: T, version: 1.0.0}\nservers: [${urls.map((url) => `{url: '${url}'}`).join(', ')}]\n${paths}`;
  const changes = async (base: string, revision: string) =>
    compareSpecs(await load(base, 'base.yaml'), await load(revision, 'revision.yaml')).changes.map((c) => `${c.id} ${c.message}`);

  it('reads host, basePath and schemes as the server URLs they mean', async () => {
    expect(await changes(swagger('host: api.example.com\nbasePath: /v1/\nschemes: [HTTPS, http]'), openapi(['https://api.example.com/v1', 'http://api.example.com/v1']))).toEqual([]);
    expect(await changes(swagger('basePath: /v1'), openapi(['/v1']))).toEqual([]);
    expect(await changes(swagger('host: api.example.com\nschemes: [https, http]'), openapi(['https://api.example.com']))).toEqual(['api-server-removed server "http://api.example.com" was removed']);
  });
});

describe('compareSpecs on callbacks', () => {
  const doc = (payload: string, extra = '') => `openapi: 3.0.3
info: {title: C, version: 1.0.0}
paths:
  /subscriptions/{id}:
    post:
      responses:
        '201': {description: subscribed}
      callbacks:
        onEvent:
          '{$request.body#/callbackUrl}':
            post:
              requestBody:
                content:
                  application/json:
                    schema: ${payload}
              responses:
                '200': {description: ok}
${extra}`;
  const shared = `        onClose: {$ref: '#/components/callbacks/Close'}
components:
  callbacks:
    Close:
      '{$request.body#/callbackUrl}/close':
        post:
          responses:
            '200': {description: ok}
`;
  const changes = async (base: string, revision: string) =>
    compareSpecs(await load(base, 'base.yaml'), await load(revision, 'revision.yaml')).changes.map((c) => ({ id: c.id, operation: c.operation, message: c.message, callback: c.target?.callback }));

  it('judges a callback payload as data the API sends, under the operation that registers it', async () => {
    const before = doc('{type: object, required: [a, b], properties: {a: {type: string}, b: {type: string}}}');
    const after = doc('{type: object, required: [a], properties: {a: {type: string}}}');
    expect(await changes(before, after)).toEqual([
      {
        id: 'response-property-removed',
        operation: { method: 'POST', path: '/subscriptions/{id}' },
        message: 'response property "$.b" was removed in callback onEvent POST {$request.body#/callbackUrl}',
        callback: 'onEvent POST {$request.body#/callbackUrl}',
      },
    ]);
  });

  it('reports a callback removed or added, a $ref to components included', async () => {
    const payload = '{type: object}';
    expect(await changes(doc(payload, shared), doc(payload))).toEqual([
      {
        id: 'callback-removed',
        operation: { method: 'POST', path: '/subscriptions/{id}' },
        message: 'callback "onClose POST {$request.body#/callbackUrl}/close" was removed',
        callback: 'onClose POST {$request.body#/callbackUrl}/close',
      },
    ]);
    expect((await changes(doc(payload), doc(payload, shared))).map((c) => c.id)).toEqual(['callback-added']);
    // Removing the operation removes its callbacks with it: one change says so.
    const removed = doc(payload, shared).replace(/ {2}\/subscriptions\/\{id\}:[\s\S]*?(?=components:)/, '  /other:\n    get:\n      responses:\n        "200": {description: ok}\n');
    expect((await changes(doc(payload, shared), removed)).map((c) => c.id)).toEqual(['operation-removed', 'operation-added']);
    // Renaming the path parameter of the operation that owns it is no change to the callback.
    expect(await changes(doc(payload, shared), doc(payload, shared).replace('/subscriptions/{id}', '/subscriptions/{subscriptionId}'))).toEqual([]);
  });
});
