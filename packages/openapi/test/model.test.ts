import { describe, expect, it } from 'vitest';
import { buildModel, parseSpecText, RollgateError } from '../src/index.js';
import type { ApiModel } from '../src/index.js';

async function model(text: string): Promise<ApiModel> {
  return buildModel(await parseSpecText(text, { kind: 'text', name: 'spec.yaml' }));
}

describe('buildModel (OpenAPI 3)', () => {
  const text = `openapi: 3.0.3
info: {title: Shop, version: "1"}
security:
  - apiKey: []
paths:
  /orders/{orderId}:
    parameters:
      - name: orderId
        in: path
        required: true
        schema: {type: string}
      - name: verbose
        in: query
        schema: {type: boolean}
      - name: X-Trace
        in: header
        schema: {type: string}
    get:
      parameters:
        - name: verbose
          in: query
          required: true
          schema: {type: integer}
        - $ref: '#/components/parameters/Fields'
        - name: Accept
          in: header
          schema: {type: string}
      responses:
        '200':
          $ref: '#/components/responses/Order'
        4xx:
          description: Client error.
        default:
          description: Anything else.
    delete:
      security: []
      requestBody:
        $ref: '#/components/requestBodies/Reason'
      responses:
        '204': {description: Deleted.}
components:
  securitySchemes:
    apiKey: {type: apiKey, in: header, name: X-Api-Key}
  parameters:
    Fields:
      name: fields
      in: query
      style: form
      explode: false
      schema: {type: array, items: {type: string}}
  requestBodies:
    Reason:
      required: true
      content:
        application/json:
          schema: {$ref: '#/components/schemas/Reason'}
  responses:
    Order:
      description: The order.
      headers:
        ETag:
          required: true
          schema: {type: string}
      content:
        application/json:
          schema: {$ref: '#/components/schemas/Order'}
  schemas:
    Reason: {type: object, properties: {text: {type: string}}}
    Order: {$ref: '#/components/schemas/OrderBody'}
    OrderBody: {type: object, properties: {id: {type: string}}}
`;

  it('inherits path-level parameters, letting the operation override by location and name', async () => {
    const get = (await model(text)).findOperation('GET', '/orders/{orderId}')!;
    const byName = Object.fromEntries(get.parameters.map((p) => [`${p.in}:${p.name}`, p]));
    expect(Object.keys(byName).sort()).toEqual(['header:X-Trace', 'path:orderId', 'query:fields', 'query:verbose']);
    expect(byName['query:verbose']).toMatchObject({ required: true, pointer: '/paths/~1orders~1{orderId}/get/parameters/0' });
    expect(byName['query:verbose']!.schema!.node).toEqual({ type: 'integer' });
    expect(byName['path:orderId']!.required).toBe(true);
  });


  it('puts an overriding parameter where the operation lists it, matching header names without case', async () => {
    const get = (
      await model(`openapi: 3.0.3
info: {title: Shop, version: "1"}
paths:
  /items:
    parameters:
      - {name: page, in: query, schema: {type: integer}}
      - {name: X-Tenant, in: header, schema: {type: string}}
      - {name: limit, in: query, schema: {type: integer}}
    get:
      parameters:
        - {name: x-tenant, in: header, required: true, schema: {type: string}}
        - {name: page, in: cookie, schema: {type: string}}
        - {name: limit, in: query, required: true, schema: {type: integer}}
      responses: {'200': {description: ok}}
`)
    ).findOperation('GET', '/items')!;
    expect(get.parameters.map((p) => [p.in, p.name, p.required])).toEqual([
      ['query', 'page', false],
      ['header', 'x-tenant', true],
      ['cookie', 'page', false],
      ['query', 'limit', true],
    ]);
  });
  it('resolves parameter, response and body $refs but keeps schemas lazy', async () => {
    const m = await model(text);
    const get = m.findOperation('get', '/orders/{orderId}')!;
    const fields = get.parameters.find((p) => p.name === 'fields')!;
    expect(fields).toMatchObject({ style: 'form', explode: false, pointer: '/paths/~1orders~1{orderId}/get/parameters/1' });
    expect(fields.schema!.pointer).toBe('/components/parameters/Fields/schema');
    const ok = get.responses.find((r) => r.status === '200')!;
    expect(ok.headers).toMatchObject([{ name: 'ETag', required: true }]);
    const schema = ok.content[0]!.schema!;
    expect(schema.node).toEqual({ $ref: '#/components/schemas/Order' });
    expect(m.resolveSchema(schema)).toEqual({ pointer: '/components/schemas/OrderBody', node: { type: 'object', properties: { id: { type: 'string' } } } });
    const del = m.findOperation('DELETE', '/orders/{orderId}')!;
    expect(del.requestBody).toMatchObject({ required: true, pointer: '/paths/~1orders~1{orderId}/delete/requestBody' });
    expect(del.requestBody!.content[0]!.schema!.pointer).toBe('/components/requestBodies/Reason/content/application~1json/schema');
  });

  it('normalises statuses and drops header parameters OpenAPI 3 ignores', async () => {
    const get = (await model(text)).findOperation('GET', '/orders/{orderId}')!;
    expect(get.responses.map((r) => r.status)).toEqual(['200', '4XX', 'default']);
    expect(get.parameters.some((p) => p.name === 'Accept')).toBe(false);
  });

  it('inherits root security unless the operation sets its own, even to none', async () => {
    const m = await model(text);
    expect(m.findOperation('GET', '/orders/{orderId}')!.security).toEqual([{ apiKey: [] }]);
    expect(m.findOperation('DELETE', '/orders/{orderId}')!.security).toEqual([]);
    expect(m.securitySchemes.apiKey).toMatchObject({ type: 'apiKey' });
  });

  it('finds operations by key whatever the path parameters are called', async () => {
    const m = await model(text);
    expect(m.findOperation('GET', '/orders/{id}')?.path).toBe('/orders/{orderId}');
    expect(m.findOperation('GET', '/orders/{}')?.key).toBe('GET /orders/{}');
    expect(m.findOperation('POST', '/orders/{id}')).toBeUndefined();
  });

  it('fills default style and explode per location', async () => {
    const get = (await model(text)).findOperation('GET', '/orders/{orderId}')!;
    const byName = Object.fromEntries(get.parameters.map((p) => [p.name, p]));
    expect(byName.orderId).toMatchObject({ style: 'simple', explode: false });
    expect(byName.verbose).toMatchObject({ style: 'form', explode: true });
  });

  it('reports a $ref cycle between parameters as an unresolved ref', async () => {
    const cyclic = `openapi: 3.0.3
info: {title: x, version: "1"}
paths:
  /a:
    get:
      parameters:
        - $ref: '#/components/parameters/A'
      responses: {'200': {description: ok}}
components:
  parameters:
    A: {$ref: '#/components/parameters/B'}
    B: {$ref: '#/components/parameters/A'}
`;
    await expect(model(cyclic)).rejects.toThrow(RollgateError);
    // The ref that closes the loop is the one named.
    await expect(model(cyclic)).rejects.toMatchObject({ code: 'REF_UNRESOLVED', message: expect.stringContaining('spec.yaml:12') });
  });
});

describe('buildModel (Swagger 2.0)', () => {
  const text = `swagger: "2.0"
info: {title: Pets, version: "1"}
consumes: [application/json]
produces: [application/json, application/xml]
securityDefinitions:
  basic: {type: basic}
security:
  - basic: []
paths:
  /pets:
    post:
      parameters:
        - name: body
          in: body
          required: true
          schema: {$ref: '#/definitions/Pet'}
        - name: tags
          in: query
          type: array
          collectionFormat: multi
          items: {type: string}
      responses:
        '201':
          description: Created.
          headers:
            Location: {type: string, format: uri}
          schema: {$ref: '#/definitions/Pet'}
  /pets/{id}/photo:
    put:
      consumes: [multipart/form-data]
      parameters:
        - {name: id, in: path, required: true, type: integer, format: int64}
        - {name: file, in: formData, required: true, type: file}
        - {name: caption, in: formData, type: string, maxLength: 100}
      responses:
        '204': {description: Stored.}
definitions:
  Pet: {type: object, properties: {name: {type: string}}}
`;

  it('turns a body parameter into a request body per consumes, and responses per produces', async () => {
    const post = (await model(text)).findOperation('POST', '/pets')!;
    expect(post.requestBody).toMatchObject({ required: true, pointer: '/paths/~1pets/post/parameters/0' });
    expect(post.requestBody!.content.map((c) => c.mediaType)).toEqual(['application/json']);
    expect(post.requestBody!.content[0]!.schema!.node).toEqual({ $ref: '#/definitions/Pet' });
    const created = post.responses[0]!;
    expect(created.content.map((c) => c.mediaType)).toEqual(['application/json', 'application/xml']);
    expect(created.headers[0]).toMatchObject({ name: 'Location', required: false });
    expect(created.headers[0]!.schema!.node).toEqual({ type: 'string', format: 'uri' });
  });

  it('lifts parameter types into schemas and maps collectionFormat onto style', async () => {
    const post = (await model(text)).findOperation('POST', '/pets')!;
    expect(post.parameters).toHaveLength(1);
    expect(post.parameters[0]).toMatchObject({ name: 'tags', in: 'query', style: 'form', explode: true });
    expect(post.parameters[0]!.schema!.node).toEqual({ type: 'array', items: { type: 'string' } });
  });

  it('gathers formData parameters into one object schema', async () => {
    const put = (await model(text)).findOperation('PUT', '/pets/{id}/photo')!;
    expect(put.parameters.map((p) => p.name)).toEqual(['id']);
    expect(put.requestBody!.required).toBe(true);
    expect(put.requestBody!.content.map((c) => c.mediaType)).toEqual(['multipart/form-data']);
    expect(put.requestBody!.content[0]!.schema!.node).toEqual({
      type: 'object',
      properties: { file: { type: 'string', format: 'binary' }, caption: { type: 'string', maxLength: 100 } },
      required: ['file'],
    });
  });

  it('reads securityDefinitions and root security', async () => {
    const m = await model(text);
    expect(m.securitySchemes).toEqual({ basic: { type: 'basic' } });
    expect(m.findOperation('PUT', '/pets/{petId}/photo')!.security).toEqual([{ basic: [] }]);
  });
});

describe('buildModel (OpenAPI 3.1 webhooks, servers, query flags)', () => {
  const text = `openapi: 3.1.0
info: {title: Pets, version: "1"}
servers: [{url: https://api.example.com/}]
paths:
  /pets:
    servers: [{url: https://eu.example.com/}]
    get:
      parameters:
        - {name: q, in: query, allowEmptyValue: true, allowReserved: true, schema: {type: string}}
        - {name: X-Id, in: header, allowEmptyValue: true, schema: {type: string}}
      responses: {'200': {description: ok}}
    post:
      servers: [{url: https://write.example.com}]
      responses: {'201': {description: created}}
  /owners:
    get:
      responses: {'200': {description: ok}}
webhooks:
  newPet:
    $ref: '#/components/pathItems/NewPet'
components:
  pathItems:
    NewPet:
      post:
        requestBody:
          content: {application/json: {schema: {type: object}}}
        responses: {'200': {description: ok}}
`;

  it('models webhooks apart from the paths, named by the webhook', async () => {
    const m = await model(text);
    expect(m.operations.map((op) => `${op.method} ${op.path}`)).toEqual(['GET /pets', 'POST /pets', 'GET /owners']);
    expect(m.webhooks.map((op) => [op.method, op.path, op.webhook, op.pointer])).toEqual([
      ['POST', 'newPet', true, '/components/pathItems/NewPet/post'],
    ]);
    expect(m.webhooks[0]!.requestBody!.content[0]!.schema!.pointer).toBe('/components/pathItems/NewPet/post/requestBody/content/application~1json/schema');
    expect(m.findOperation('POST', 'newPet')).toBeUndefined();
  });

  it('keeps servers an operation declares, its own before its path item\'s', async () => {
    const m = await model(text);
    expect(m.servers).toEqual(['https://api.example.com']);
    expect(m.findOperation('GET', '/pets')!.servers).toEqual(['https://eu.example.com']);
    expect(m.findOperation('POST', '/pets')!.servers).toEqual(['https://write.example.com']);
    expect(m.findOperation('GET', '/owners')!.servers).toBeUndefined();
  });

  it('reads allowEmptyValue and allowReserved on query parameters only', async () => {
    const [q, header] = (await model(text)).findOperation('GET', '/pets')!.parameters;
    expect([q!.allowEmptyValue, q!.allowReserved]).toEqual([true, true]);
    expect([header!.allowEmptyValue, header!.allowReserved]).toEqual([undefined, undefined]);
  });
});
