import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildModel, checkSpecs, diffSpecs, loadSpec, parseSpecText } from '../src/index.js';
import type { ApiModel } from '../src/index.js';

const CONTRACTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../contracts');

async function model(text: string, name = 'spec.yaml'): Promise<ApiModel> {
  return buildModel(await parseSpecText(text, { kind: 'text', name }));
}

const header = 'openapi: 3.0.3\ninfo: {title: Books, version: "1"}\n';

describe('rolling provider A back from v2 to v1', () => {
  it('removes the endpoint v2 added, as a breaking change located in the v2 file', async () => {
    const v2 = await loadSpec(path.join(CONTRACTS, 'a/v2/openapi.yaml'));
    const v1 = await loadSpec(path.join(CONTRACTS, 'a/v1/openapi.yaml'));
    const changes = checkSpecs(buildModel(v2), buildModel(v1));
    const removed = changes.filter((c) => c.id === 'operation-removed');
    expect(removed).toHaveLength(1);
    expect(removed[0]).toMatchObject({
      level: 'breaking',
      operation: { method: 'GET', path: '/orders/{id}/tracking' },
      pointer: '/paths/~1orders~1{id}~1tracking/get',
      side: 'base',
      message: 'operation "GET /orders/{id}/tracking" was removed without being deprecated first',
    });
    const lines = (await import('node:fs')).readFileSync(path.join(CONTRACTS, 'a/v2/openapi.yaml'), 'utf8').split('\n');
    expect(lines[removed[0]!.line! - 1]!.trim()).toBe('get:');
    expect(lines[removed[0]!.line! - 2]!.trim()).toBe('/orders/{id}/tracking:');
  });

  it('finds nothing breaking going forwards', async () => {
    const v1 = buildModel(await loadSpec(path.join(CONTRACTS, 'a/v1/openapi.yaml')));
    const v2 = buildModel(await loadSpec(path.join(CONTRACTS, 'a/v2/openapi.yaml')));
    const changes = checkSpecs(v1, v2);
    expect(changes.map((c) => [c.level, c.id])).toEqual([
      ['info', 'operation-added'],
      ['info', 'response-property-added'],
      ['info', 'response-property-added'],
      ['info', 'api-version-changed'],
    ]);
  });
});

describe('refactors that change nothing for clients', () => {
  it('matches renamed path parameters instead of removing and adding the operation', async () => {
    const op = (name: string): string => `${header}paths:
  /books/{${name}}/pages/{page}:
    get:
      parameters:
        - {name: ${name}, in: path, required: true, schema: {type: string}}
        - {name: page, in: path, required: true, schema: {type: integer}}
      responses: {'200': {description: ok}}
`;
    const diff = diffSpecs(await model(op('bookId')), await model(op('id')));
    expect(diff.operations.added).toEqual([]);
    expect(diff.operations.deleted).toEqual([]);
    expect(diff.operations.modified).toHaveLength(1);
    expect(diff.operations.modified[0]!.path).toEqual({ from: '/books/{bookId}/pages/{page}', to: '/books/{id}/pages/{page}' });
    const changes = checkSpecs(await model(op('bookId')), await model(op('id')));
    expect(changes.map((c) => [c.id, c.message])).toEqual([['path-parameter-renamed', 'path parameter "bookId" was renamed to "id"']]);
  });

  it('sees a schema moved into components behind a $ref as no change', async () => {
    const inline = `${header}paths:
  /books:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: array
                items:
                  type: object
                  required: [id]
                  properties: {id: {type: string}, title: {type: string}}
`;
    const referenced = `${header}paths:
  /books:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: '#/components/schemas/Book'}}
components:
  schemas:
    Book:
      $ref: '#/components/schemas/BookBody'
    BookBody:
      type: object
      required: [id]
      properties: {title: {type: string}, id: {type: string}}
`;
    const a = await model(inline);
    const b = await model(referenced);
    expect(diffSpecs(a, b).isEmpty).toBe(true);
    expect(checkSpecs(a, b)).toEqual([]);
    expect(checkSpecs(b, a)).toEqual([]);
  });

  it('sees a parameter moved between path level and operation level, or behind a $ref, as no change', async () => {
    const pathLevel = `${header}paths:
  /books:
    parameters:
      - {name: limit, in: query, schema: {type: integer}}
    get:
      responses: {'200': {description: ok}}
`;
    const referenced = `${header}paths:
  /books:
    get:
      parameters:
        - $ref: '#/components/parameters/Limit'
      responses: {'200': {description: ok}}
components:
  parameters:
    Limit: {name: limit, in: query, style: form, explode: true, schema: {type: integer}}
`;
    expect(checkSpecs(await model(pathLevel), await model(referenced))).toEqual([]);
  });

  it('sees a Swagger 2.0 description and its OpenAPI 3 translation as the same API', async () => {
    const swagger = `swagger: "2.0"
info: {title: Books, version: "1"}
consumes: [application/json]
produces: [application/json]
securityDefinitions:
  basic: {type: basic}
security: [{basic: []}]
paths:
  /books:
    post:
      parameters:
        - {name: body, in: body, required: true, schema: {$ref: '#/definitions/Book'}}
        - {name: dryRun, in: query, type: boolean}
      responses:
        '201':
          description: Created.
          headers: {Location: {type: string}}
          schema: {$ref: '#/definitions/Book'}
definitions:
  Book: {type: object, required: [title], properties: {title: {type: string}}}
`;
    const openapi = `${header}security: [{basic: []}]
paths:
  /books:
    post:
      parameters:
        - {name: dryRun, in: query, schema: {type: boolean}}
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Book'}
      responses:
        '201':
          description: Created.
          headers: {Location: {schema: {type: string}}}
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Book'}
components:
  securitySchemes:
    basic: {type: http, scheme: basic}
  schemas:
    Book: {type: object, required: [title], properties: {title: {type: string}}}
`;
    expect(checkSpecs(await model(swagger), await model(openapi))).toEqual([]);
  });
});

describe('operation removal and sunset dates', () => {
  const spec = (extra: string): string => `${header}paths:
  /a:
    get:
      responses: {'200': {description: ok}}
  /old:
    get:
${extra}      responses: {'200': {description: ok}}
`;
  const without = spec('').replace(/ {2}\/old:[\s\S]*$/, '');
  const now = new Date('2026-03-01T00:00:00Z');
  const removal = async (extra: string): Promise<string[]> =>
    checkSpecs(await model(spec(extra)), await model(without), { now }).map((c) => c.id);

  it('depends on deprecation and on whether the sunset date has passed', async () => {
    expect(await removal('')).toEqual(['operation-removed']);
    expect(await removal('      deprecated: true\n')).toEqual(['operation-removed-deprecated']);
    expect(await removal('      deprecated: true\n      x-sunset: "2026-02-28"\n')).toEqual(['operation-removed-after-sunset']);
    expect(await removal('      deprecated: true\n      x-sunset: "2026-03-01"\n')).toEqual(['operation-removed-after-sunset']);
    expect(await removal('      deprecated: true\n      x-sunset: "2026-03-02"\n')).toEqual(['operation-removed-before-sunset']);
    expect(await removal('      deprecated: true\n      x-sunset: "Sat, 28 Feb 2026 12:00:00 GMT"\n')).toEqual(['operation-removed-after-sunset']);
    // A sunset date never made the operation deprecated; its removal still breaks clients.
    expect(await removal('      x-sunset: "2026-02-28"\n')).toEqual(['operation-removed']);
  });

  it('takes a sunset that is no real day as no sunset', async () => {
    for (const sunset of ['2020-13-45', '2099-02-30', '99999-01-01', 'soon']) {
      expect(await removal(`      deprecated: true\n      x-sunset: "${sunset}"\n`), sunset).toEqual(['operation-removed-deprecated']);
    }
  });
});
