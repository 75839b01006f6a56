import { describe, expect, it } from 'vitest';
import { parsePact, verifyPact } from '../src/index.js';
import type { PactFinding } from '../src/index.js';
import { modelOf } from './helpers.js';

/** A v3 pact from interactions written inline. */
function pactOf(...interactions: object[]) {
  return parsePact({ consumer: { name: 'web' }, provider: { name: 'api' }, interactions, metadata: { pactSpecification: { version: '3.0.0' } } });
}

function get(path: string, response: object, request: object = {}) {
  return { description: `GET ${path}`, request: { method: 'GET', path, ...request }, response: { status: 200, ...response } };
}

const codes = (findings: PactFinding[]) => findings.map((f) => `${f.level} ${f.code}`);

const PETS = `openapi: 3.1.0
info: { title: Pets, version: 2.0.0 }
servers: [{ url: 'https://{region}.pets.example/{base}', variables: { region: { default: eu }, base: { default: v2 } } }]
paths:
  /pets/latest:
    get:
      responses:
        '200': { description: ok, content: { application/json: { schema: { $ref: '#/components/schemas/Pet' } } } }
  /pets/{petId}:
    get:
      parameters: [{ name: petId, in: path, required: true, schema: { type: integer } }]
      security: [{ key: [] }]
      responses:
        '200': { description: ok, content: { application/json: { schema: { $ref: '#/components/schemas/Pet' } } } }
        '401': { description: no key }
  /pets/{petId}/photo:
    put:
      parameters: [{ name: petId, in: path, required: true, schema: { type: integer } }]
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema: { type: object, required: [width], properties: { width: { type: integer, maximum: 4000 }, caption: { type: string } } }
      responses:
        '204': { description: stored }
  /owners:
    post:
      requestBody:
        required: true
        content: { application/json: { schema: { $ref: '#/components/schemas/Owner' } } }
      responses:
        '201':
          description: created
          content: { application/json: { schema: { $ref: '#/components/schemas/Owner' } } }
components:
  securitySchemes:
    key: { type: apiKey, in: header, name: X-Api-Key }
  schemas:
    Pet:
      oneOf: [{ $ref: '#/components/schemas/Cat' }, { $ref: '#/components/schemas/Dog' }]
      discriminator: { propertyName: kind }
    Base:
      type: object
      required: [kind, name]
      properties:
        kind: { type: string }
        name: { type: string }
        nickname: { type: [string, 'null'] }
    Cat:
      allOf:
        - $ref: '#/components/schemas/Base'
        - type: object
          required: [lives]
          properties: { lives: { type: integer, maximum: 9 }, tags: { type: array, items: { type: string, enum: [indoor, outdoor] } } }
    Dog:
      allOf:
        - $ref: '#/components/schemas/Base'
        - type: object
          required: [breed]
          properties: { breed: { type: string } }
    Owner:
      type: object
      required: [id, name]
      properties:
        id: { type: integer, readOnly: true }
        name: { type: string }
        password: { type: string, writeOnly: true }
`;

describe('verifyPact', () => {
  it('strips the server base path and prefers literal segments over parameters', async () => {
    const model = await modelOf(PETS);
    const cat = { kind: 'Cat', name: 'Tom', lives: 9 };
    const result = verifyPact(pactOf(get('/v2/pets/latest', { body: cat }), get('/pets/latest', { body: cat })), model);
    expect(result.findings).toEqual([]);
    expect(result.compatible).toBe(true);
  });

  it('checks a discriminated oneOf against the branch the value names, through allOf', async () => {
    const model = await modelOf(PETS);
    const headers = { 'X-Api-Key': 'k' };
    const result = verifyPact(
      pactOf(
        get('/pets/1', { body: { kind: 'Dog', name: 'Rex', breed: 'collie' } }, { headers }),
        get('/pets/2', { body: { kind: 'Dog', name: 'Rex', lives: 3 } }, { headers }),
        get('/pets/3', { body: { kind: 'Cat', name: 'Tom', lives: 10, tags: ['indoor'] } }, { headers }),
      ),
      model,
    );
    const errors = result.findings.filter((f) => f.level === 'error');
    expect(errors.map((f) => [f.interaction, f.code, f.message])).toEqual([
      ['GET /pets/2', 'response.body.incompatible', 'response body $.lives: field "lives" is not in the provider\'s response schema'],
      ['GET /pets/3', 'response.body.incompatible', 'response body $.lives: 10 is above the maximum 9'],
    ]);
    expect(errors[1]!.specPointer).toBe('/components/schemas/Cat/allOf/1/properties/lives/maximum');
    expect(errors[1]!.pactPointer).toBe('/interactions/2/response/body/lives');
    expect(result.findings.filter((f) => f.level === 'warning').map((f) => f.message)).toEqual([
      'response body $.tags: the consumer relies on "tags" but the provider marks it optional',
    ]);
  });

  it('warns on OpenAPI 3.1 nullable fields the consumer relies on, or fails with optionalFieldLevel error', async () => {
    const model = await modelOf(PETS);
    const pact = pactOf(get('/pets/latest', { body: { kind: 'Cat', name: 'Tom', lives: 1, nickname: 'T' } }));
    const warned = verifyPact(pact, model);
    expect(warned.compatible).toBe(true);
    expect(warned.findings.map((f) => f.message)).toEqual([
      'response body $.nickname: the consumer relies on "nickname" but the provider marks it optional',
      'response body $.nickname: the consumer relies on "nickname" but the provider marks it nullable',
    ]);
    const strict = verifyPact(pact, model, { optionalFieldLevel: 'error' });
    expect(strict.compatible).toBe(false);
    expect(codes(strict.findings)).toEqual(['error response.body.field-not-guaranteed', 'error response.body.field-not-guaranteed']);
  });

  it('needs the API key unless the interaction expects the rejection', async () => {
    const model = await modelOf(PETS);
    const result = verifyPact(
      pactOf(
        get('/pets/1', { body: { kind: 'Dog', name: 'Rex', breed: 'collie' } }),
        { description: 'no key', request: { method: 'GET', path: '/pets/1' }, response: { status: 401 } },
        get('/pets/1', { body: { kind: 'Dog', name: 'Rex', breed: 'collie' } }, { headers: { 'x-api-key': 'k' } }),
      ),
      model,
    );
    expect(result.findings.map((f) => [f.interactionIndex, f.code])).toEqual([[0, 'request.authorization.missing']]);
  });

  it('flags an Accept header the operation cannot satisfy', async () => {
    const model = await modelOf(PETS);
    const result = verifyPact(pactOf(get('/pets/latest', {}, { headers: { Accept: 'application/xml, text/html;q=0.9' } })), model);
    expect(codes(result.findings)).toEqual(['error request.accept.incompatible']);
  });

  it('reads form bodies field by field with the declared types', async () => {
    const model = await modelOf(PETS);
    const put = (body: string) => ({
      description: body,
      request: { method: 'PUT', path: '/pets/1/photo', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body },
      response: { status: 204 },
    });
    const result = verifyPact(pactOf(put('width=800&caption=on+the+sofa'), put('width=9000'), put('caption=x')), model);
    expect(result.findings.map((f) => [f.interaction, f.message])).toEqual([
      ['width=9000', 'request body $.width: 9000 is above the maximum 4000'],
      ['caption=x', 'request body $: required field "width" is missing'],
    ]);
  });

  it('keeps form fields that are not valid percent-encoding as written', async () => {
    const model = await modelOf(PETS);
    const put = (body: string) => ({
      description: body,
      request: { method: 'PUT', path: '/pets/1/photo', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body },
      response: { status: 204 },
    });
    const result = verifyPact(pactOf(put('width=800&caption=100%'), put('width=%E0%A4%A')), model);
    expect(result.findings.map((f) => [f.interaction, f.message])).toEqual([
      ['width=%E0%A4%A', 'request body $.width: expected integer, found string "%E0%A4%A"'],
    ]);
  });

  it('honours readOnly in requests and writeOnly in responses', async () => {
    const model = await modelOf(PETS);
    const post = (response: object) => ({
      description: 'create owner',
      request: { method: 'POST', path: '/owners', headers: { 'Content-Type': 'application/json' }, body: { name: 'Ann', password: 'secret' } },
      response: { status: 201, headers: { 'Content-Type': 'application/json' }, ...response },
    });
    expect(verifyPact(pactOf(post({ body: { id: 1, name: 'Ann' } })), model).findings).toEqual([]);
    const leaked = verifyPact(pactOf(post({ body: { id: 1, name: 'Ann', password: 'secret' } })), model);
    expect(leaked.findings.map((f) => f.message)).toEqual([
      'response body $.password: the provider marks this field writeOnly: it is never returned',
      'response body $.password: the consumer relies on "password" but the provider marks it optional',
    ]);
  });

  it('checks arrayContains variants against the array items', async () => {
    const model = await modelOf(PETS);
    const body = { kind: 'Cat', name: 'Tom', lives: 1, tags: ['indoor', 'garden'] };
    const variant = (regex: string) => ({
      body: {
        '$.tags': { matchers: [{ match: 'arrayContains', variants: [{ index: 1, rules: { $: { matchers: [{ match: 'regex', regex }] } } }] }] },
      },
    });
    const ok = verifyPact(pactOf(get('/pets/latest', { body, matchingRules: variant('indoor|outdoor|garden') })), model);
    expect(ok.findings.filter((f) => f.level === 'error')).toEqual([]);
    const bad = verifyPact(pactOf(get('/pets/latest', { body, matchingRules: variant('garden|patio') })), model);
    expect(bad.findings.filter((f) => f.level === 'error').map((f) => f.message)).toEqual([
      "response body $.tags[1]: none of the provider's values (indoor, outdoor) match the consumer's regex garden|patio",
    ]);
  });

  it('reads a regex matcher as Pact does: the whole value, alternation included, with Java-style flags and anchors', async () => {
    const model = await modelOf(PETS);
    const body = { kind: 'Cat', name: 'Tom', lives: 1, tags: ['indoor', 'garden'] };
    const variant = (regex: string) => ({
      body: {
        '$.tags': { matchers: [{ match: 'arrayContains', variants: [{ index: 1, rules: { $: { matchers: [{ match: 'regex', regex }] } } }] }] },
      },
    });
    const errors = (regex: string) =>
      verifyPact(pactOf(get('/pets/latest', { body, matchingRules: variant(regex) })), model).findings.filter((f) => f.level === 'error').length;
    // "in" matches a prefix of "indoor", but the whole value is what counts.
    expect(errors('in|indoor')).toBe(0);
    expect(errors('(?i)INDOOR|PATIO')).toBe(0);
    expect(errors('\\Aindoor\\z')).toBe(0);
    expect(errors('in')).toBe(1);
    expect(errors('(?i)patio')).toBe(1);
  });

  it('compares eachLike bounds with minItems and maxItems', async () => {
    const model = await modelOf(`openapi: 3.0.3
info: { title: L, version: 1.0.0 }
paths:
  /l:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  atMostOne: { type: array, maxItems: 1, items: { type: integer } }
                  atLeastTwo: { type: array, minItems: 2, items: { type: integer } }
`);
    const reply = (body: object, rules: object) => pactOf(get('/l', { body, matchingRules: { body: rules } }));
    const messages = (pact: ReturnType<typeof pactOf>) => verifyPact(pact, model).findings.filter((f) => f.level === 'error').map((f) => f.message);
    expect(messages(reply({ atMostOne: [1] }, { '$.atMostOne': { matchers: [{ match: 'type', min: 3 }] } }))).toEqual([
      'response body $.atMostOne: the consumer expects at least 3 items (type matcher, min) but the provider has at most 1',
    ]);
    expect(messages(reply({ atLeastTwo: [1] }, { '$.atLeastTwo': { matchers: [{ match: 'type', max: 1 }] } }))).toEqual([
      'response body $.atLeastTwo: the consumer takes at most 1 items (type matcher, max) but the provider has at least 2',
    ]);
    expect(messages(reply({ atLeastTwo: [1, 2] }, { '$.atLeastTwo': { matchers: [{ match: 'type', min: 1, max: 5 }] } }))).toEqual([]);
  });

  it('reads repeated form keys as an array, and leaves bodies it cannot read unchecked', async () => {
    const model = await modelOf(`openapi: 3.0.3
info: { title: F, version: 1.0.0 }
paths:
  /f:
    post:
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema: { type: object, properties: { qty: { type: integer }, tags: { type: array, items: { type: string } } } }
      responses:
        '200':
          description: ok
          content:
            application/xml: { schema: { type: object, properties: { a: { type: integer } } } }
            text/plain: { schema: { type: integer } }
`);
    const post = (body: string, type: string, response: object = {}) =>
      pactOf({ description: 'post', request: { method: 'POST', path: '/f', headers: { 'Content-Type': type }, body }, response: { status: 200, ...response } });
    const errors = (pact: ReturnType<typeof pactOf>) => verifyPact(pact, model).findings.filter((f) => f.level === 'error').map((f) => f.message);
    expect(errors(post('qty=2&tags=a&tags=b', 'application/x-www-form-urlencoded'))).toEqual([]);
    expect(errors(post('qty=2&tags=a', 'application/x-www-form-urlencoded'))).toEqual([]);
    expect(errors(post('qty=two', 'application/x-www-form-urlencoded'))).toEqual(['request body $.qty: expected integer, found string "two"']);
    // XML against a schema of objects: nothing to compare; text against a schema of integers: still compared.
    expect(errors(post('qty=2', 'application/x-www-form-urlencoded', { headers: { 'Content-Type': 'application/xml' }, body: '<r><a>1</a></r>' }))).toEqual([]);
    expect(errors(post('qty=2', 'application/x-www-form-urlencoded', { headers: { 'Content-Type': 'text/plain' }, body: 'many' }))).toHaveLength(1);
  });

  it('matches paths under the servers a path item or an operation declares for itself', async () => {
    const model = await modelOf(`openapi: 3.0.3
info: { title: S, version: 1.0.0 }
servers: [{ url: 'https://api.example.com/v2' }]
paths:
  /a:
    servers: [{ url: 'https://other.example.com/legacy' }]
    get:
      responses: { '200': { description: ok } }
  /b:
    get:
      servers: [{ url: 'https://other.example.com/opbase/' }]
      responses: { '200': { description: ok } }
`);
    const errors = (path: string) => verifyPact(pactOf(get(path, {})), model).findings.filter((f) => f.level === 'error').map((f) => f.code);
    expect(errors('/legacy/a')).toEqual([]);
    expect(errors('/opbase/b')).toEqual([]);
    expect(errors('/v2/a')).toEqual([]);
    expect(errors('/elsewhere/a')).toEqual(['request.path-or-method.unknown']);
  });

  it('checks object query parameters: deepObject keys and exploded form properties', async () => {
    const model = await modelOf(`openapi: 3.0.3
info: { title: Q, version: 1.0.0 }
paths:
  /d:
    get:
      parameters:
        - { name: filter, in: query, required: true, style: deepObject, schema: { type: object, required: [age], properties: { age: { type: integer }, name: { type: string } } } }
        - { name: page, in: query, schema: { type: object, properties: { size: { type: integer } } } }
      responses: { '200': { description: ok } }
`);
    const errors = (query: Record<string, string[]>) =>
      verifyPact(pactOf(get('/d', {}, { query })), model).findings.filter((f) => f.level === 'error').map((f) => f.message);
    expect(errors({ 'filter[age]': ['42'], 'filter[name]': ['x'], size: ['10'] })).toEqual([]);
    expect(errors({})).toEqual(['required query parameter "filter" is missing']);
    expect(errors({ 'filter[name]': ['x'] })).toEqual(['query parameter "filter" $: required field "age" is missing']);
    expect(errors({ 'filter[age]': ['old'], size: ['big'] })).toEqual([
      'query parameter "filter" $.age: expected integer, found string "old"',
      'query parameter "page" $.size: expected integer, found string "big"',
    ]);
  });

  it('reads a header list with spaces after its commas, as HTTP allows', async () => {
    const model = await modelOf(`openapi: 3.0.3
info: { title: H, version: 1.0.0 }
paths:
  /h:
    get:
      parameters: [{ name: X-List, in: header, required: true, schema: { type: array, items: { type: integer } } }]
      responses:
        '200': { description: ok, headers: { X-Ids: { schema: { type: array, items: { type: integer } } } } }
`);
    const errors = (sent: string, received: string) =>
      verifyPact(pactOf(get('/h', { headers: { 'X-Ids': received } }, { headers: { 'X-List': sent } })), model).findings.filter((f) => f.level === 'error').map((f) => f.message);
    expect(errors('1, 2,3', '4 ,5')).toEqual([]);
    expect(errors('1, two', '4')).toHaveLength(1);
  });

  it('gives the same answer on a second run over the cached model', async () => {
    const model = await modelOf(PETS);
    const pact = pactOf(get('/pets/3', { body: { kind: 'Cat', name: 'Tom', lives: 10 } }, { headers: { 'X-Api-Key': 'k' } }));
    expect(verifyPact(pact, model)).toEqual(verifyPact(pact, model));
  });
});

describe('verifyPact on Swagger 2.0', () => {
  const SWAGGER = `swagger: '2.0'
info: { title: Legacy, version: '1' }
basePath: /legacy
securityDefinitions:
  token: { type: apiKey, in: query, name: access_token }
security: [{ token: [] }]
paths:
  /items:
    get:
      parameters:
        - { name: page, in: query, type: integer, minimum: 1 }
        - { name: ids, in: query, type: array, items: { type: integer }, collectionFormat: csv }
      responses:
        '200': { description: ok, schema: { type: array, items: { type: object, required: [id], properties: { id: { type: integer }, label: { type: string, x-nullable: true } } } } }
    post:
      consumes: [application/json]
      parameters: [{ name: item, in: body, required: true, schema: { type: object, required: [label], properties: { label: { type: string } } } }]
      responses:
        '201': { description: created }
`;

  it('matches under basePath, splits csv arrays, takes an API key in the query and validates body parameters', async () => {
    const model = await modelOf(SWAGGER);
    const result = verifyPact(
      pactOf(
        get('/legacy/items', { body: [{ id: 1 }] }, { query: { page: ['2'], ids: ['1,2,3'], access_token: ['t'] } }),
        get('/legacy/items', { body: [{ id: 1 }] }, { query: { ids: ['1,x'], access_token: ['t'] } }),
        {
          description: 'create',
          request: { method: 'POST', path: '/legacy/items', query: { access_token: ['t'] }, headers: { 'Content-Type': 'application/json' }, body: { name: 'x' } },
          response: { status: 201 },
        },
      ),
      model,
    );
    expect(result.findings.map((f) => [f.interactionIndex, f.code, f.message])).toEqual([
      [1, 'request.query.incompatible', 'query parameter "ids" = "1,x": expected integer, found string "x"'],
      [2, 'request.body.incompatible', 'request body $: required field "label" is missing'],
    ]);
  });
});

describe('allOf with additionalProperties: false', () => {
  const SPEC = `openapi: 3.0.3
info: { title: Accounts, version: 1.0.0 }
paths:
  /accounts:
    post:
      requestBody:
        required: true
        content: { application/json: { schema: { $ref: '#/components/schemas/NewAccount' } } }
      responses:
        '201':
          description: created
          content: { application/json: { schema: { $ref: '#/components/schemas/Account' } } }
components:
  schemas:
    Identified:
      type: object
      required: [id]
      properties: { id: { type: string } }
      additionalProperties: false
    Named:
      type: object
      required: [name]
      properties: { name: { type: string } }
      additionalProperties: { type: string }
    Open:
      type: object
      properties: { note: { type: string } }
    NewAccount:
      allOf: [{ $ref: '#/components/schemas/Named' }, { $ref: '#/components/schemas/Open' }, { type: object, properties: { plan: { type: string } }, additionalProperties: false }]
    Account:
      allOf: [{ $ref: '#/components/schemas/Identified' }, { $ref: '#/components/schemas/Named' }]
`;
  const post = (body: object, response: object = { id: 'a-1', name: 'Ada' }) => ({
    description: 'POST /accounts',
    request: { method: 'POST', path: '/accounts', headers: { 'Content-Type': 'application/json' }, body },
    response: { status: 201, headers: { 'Content-Type': 'application/json' }, body: response },
  });

  it('allows a field declared by any member and refuses one declared by none', async () => {
    const model = await modelOf(SPEC);
    // `note` is declared only by Open, `plan` only by the closed inline member: both allowed.
    expect(verifyPact(pactOf(post({ name: 'Ada', note: 'vip', plan: 'gold' })), model).findings).toEqual([]);
    const extra = verifyPact(pactOf(post({ name: 'Ada', referrer: 'bob' })), model).findings;
    expect(extra.map((f) => [f.code, f.pactPointer, f.specPointer])).toEqual([
      ['request.body.incompatible', '/interactions/0/request/body/referrer', '/components/schemas/NewAccount/allOf/2'],
    ]);
    expect(extra[0]!.message).toBe('request body $.referrer: field "referrer" is not allowed by the provider\'s schema');
  });

  it('lets a closed member win over another member\'s additionalProperties schema', async () => {
    // Named alone would take `referrer` as one of its string extras; the closed member forbids extras.
    const alone = SPEC.replace("allOf: [{ $ref: '#/components/schemas/Named' }, { $ref: '#/components/schemas/Open' }, { type: object, properties: { plan: { type: string } }, additionalProperties: false }]", "allOf: [{ $ref: '#/components/schemas/Named' }, { $ref: '#/components/schemas/Open' }]");
    expect(verifyPact(pactOf(post({ name: 'Ada', referrer: 'bob' })), await modelOf(alone)).findings).toEqual([]);
    expect(codes(verifyPact(pactOf(post({ name: 'Ada', referrer: 7 })), await modelOf(alone)).findings)).toEqual(['error request.body.incompatible']);
  });

  it('reads response fields through the merged members', async () => {
    const model = await modelOf(SPEC);
    expect(verifyPact(pactOf(post({ name: 'Ada' }, { id: 'a-1', name: 'Ada' })), model).findings).toEqual([]);
    const unknown = verifyPact(pactOf(post({ name: 'Ada' }, { id: 'a-1', name: 'Ada', tier: 'gold' })), model).findings;
    expect(unknown.map((f) => [f.code, f.pactPointer, f.specPointer])).toEqual([
      ['response.body.incompatible', '/interactions/0/response/body/tier', '/components/schemas/Identified/properties'],
    ]);
  });
});

describe('response headers with matchers', () => {
  const SPEC = `openapi: 3.0.3
info: { title: Cache, version: 1.0.0 }
paths:
  /items:
    get:
      responses:
        '200':
          description: ok
          headers:
            X-Cache: { schema: { type: string, enum: [HIT, MISS] } }
            X-Count: { schema: { type: integer } }
`;
  const v2 = (headers: Record<string, string>, rules: object) =>
    parsePact({
      consumer: { name: 'web' },
      provider: { name: 'api' },
      interactions: [{ description: 'GET /items', request: { method: 'GET', path: '/items' }, response: { status: 200, headers, matchingRules: rules } }],
      metadata: { pactSpecification: { version: '2.0.0' } },
    });

  it('reads v2 header rules and compares the regex with the enum, not the example', async () => {
    const model = await modelOf(SPEC);
    // The example is not an enum value, but the regex admits one: the provider can satisfy the consumer.
    expect(verifyPact(v2({ 'X-Cache': 'hit' }, { '$.headers.X-Cache': { match: 'regex', regex: 'HIT|hit' } }), model).findings).toEqual([]);
    expect(codes(verifyPact(v2({ 'X-Cache': 'hit' }, {}), model).findings)).toEqual(['error response.header.incompatible']);
    const none = verifyPact(v2({ 'X-Cache': 'STALE' }, { '$.headers.X-Cache': { match: 'regex', regex: 'STALE|EXPIRED' } }), model).findings;
    expect(none.map((f) => [f.code, f.pactPointer, f.specPointer])).toEqual([
      ['response.header.incompatible', '/interactions/0/response/headers/X-Cache', '/paths/~1items/get/responses/200/headers/X-Cache/schema/enum'],
    ]);
  });

  it('honours type, number kinds and OR combinations', async () => {
    const model = await modelOf(SPEC);
    const v3 = (value: string, matchers: object[], combine = 'AND') =>
      pactOf(get('/items', { headers: { 'X-Count': value }, matchingRules: { header: { 'X-Count': { combine, matchers } } } }));
    expect(verifyPact(v3('many', [{ match: 'type' }]), model).findings).toEqual([]);
    expect(verifyPact(v3('12', [{ match: 'integer' }]), model).findings).toEqual([]);
    expect(codes(verifyPact(v3('1.5', [{ match: 'decimal' }]), model).findings)).toEqual(['error response.header.incompatible']);
    expect(codes(verifyPact(v3('many', [{ match: 'regex', regex: '[a-z]+' }]), model).findings)).toEqual(['error response.header.incompatible']);
    expect(verifyPact(v3('many', [{ match: 'regex', regex: '[a-z]+' }, { match: 'type' }], 'OR'), model).findings).toEqual([]);
    expect(verifyPact(v3('7', [{ match: 'regex', regex: '\\d+' }, { match: 'boolean' }], 'OR'), model).findings).toEqual([]);
  });
});
