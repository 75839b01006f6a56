import { describe, expect, it } from 'vitest';
import { buildModel, checkSpecs, diffSpecs, parseSpecText } from '../src/index.js';
import type { Change, LoadedSpec } from '../src/index.js';

// Shapes found in large public API descriptions that a small hand-written spec rarely has: path
// templates that differ only in their parameter names, one security scheme listed several times
// with other scopes, base schemas inherited by hundreds of subtypes, discriminator mappings that
// list every subtype, and minified JSON.

async function spec(doc: unknown, name = 'spec.json', minified = false): Promise<LoadedSpec> {
  return parseSpecText(minified ? JSON.stringify(doc) : JSON.stringify(doc, null, 2), { kind: 'text', name });
}

async function compare(base: unknown, revision: unknown): Promise<Change[]> {
  return checkSpecs(buildModel(await spec(base, 'base.json')), buildModel(await spec(revision, 'revision.json')));
}

const ok = { responses: { '200': { description: 'ok' } } };

function api(paths: Record<string, unknown>, components: Record<string, unknown> = {}): Record<string, unknown> {
  return { openapi: '3.0.3', info: { title: 'Large', version: '1' }, paths, components };
}

describe('paths whose templates differ only in parameter names', () => {
  // `/v1/{name}` and `/v1/{parent}` are one template to a router, and yet real descriptions list both.
  const base = api({
    '/v1/{name}': { get: { operationId: 'get', ...ok }, delete: { operationId: 'delete', ...ok } },
    '/v1/{parent}': { get: { operationId: 'list', ...ok } },
  });

  it('finds no change between a document and itself', async () => {
    expect(await compare(base, base)).toEqual([]);
  });

  it('pairs each path with its own partner when the document lists them in another order', async () => {
    const reordered = api({
      '/v1/{parent}': { get: { operationId: 'list', ...ok } },
      '/v1/{name}': { delete: { operationId: 'delete', ...ok }, get: { operationId: 'get', ...ok } },
    });
    expect(await compare(base, reordered)).toEqual([]);
  });

  it('reports the removal of one of them once, forwards and reversed', async () => {
    const without = api({ '/v1/{name}': { get: { operationId: 'get', ...ok }, delete: { operationId: 'delete', ...ok } } });
    const forward = await compare(base, without);
    expect(forward.map((c) => [c.id, c.operation?.path])).toEqual([['operation-removed', '/v1/{parent}']]);
    const reversed = await compare(without, base);
    expect(reversed.map((c) => [c.id, c.operation?.path])).toEqual([['operation-added', '/v1/{parent}']]);
  });

  it('still matches a renamed parameter when the name is the only difference', async () => {
    const diff = diffSpecs(
      buildModel(await spec(api({ '/books/{bookId}': { get: ok } }))),
      buildModel(await spec(api({ '/books/{id}': { get: ok } }))),
    );
    expect(diff.operations.added).toEqual([]);
    expect(diff.operations.deleted).toEqual([]);
    expect(diff.operations.modified.map((d) => d.path)).toEqual([{ from: '/books/{bookId}', to: '/books/{id}' }]);
  });
});

describe('security requirements that list the same schemes with other scopes', () => {
  const schemes = {
    securitySchemes: {
      oauth: { type: 'oauth2', flows: { implicit: { authorizationUrl: 'https://auth.example/', scopes: { read: 'r', admin: 'a', full: 'f' } } } },
      key: { type: 'apiKey', in: 'header', name: 'X-Key' },
    },
  };
  const secured = (security: unknown): Record<string, unknown> => api({ '/items': { get: { security, ...ok } } }, schemes);
  const alternatives = [{ oauth: ['read'], key: [] }, { oauth: ['admin'], key: [] }, { oauth: ['full'], key: [] }];

  it('finds no change between a document and itself', async () => {
    expect(await compare(secured(alternatives), secured(alternatives))).toEqual([]);
  });

  it('finds no change when the alternatives are listed in another order', async () => {
    expect(await compare(secured(alternatives), secured([...alternatives].reverse()))).toEqual([]);
  });

  it('reports the one alternative that went away', async () => {
    const changes = await compare(secured(alternatives), secured([alternatives[0], alternatives[2]]));
    expect(changes.map((c) => c.id)).toEqual(['security-requirement-removed']);
    // The scopes tell the alternative apart from the others with the same schemes.
    expect(changes[0]!.message).toBe('security alternative "key + oauth (admin)" was removed');
  });
});

describe('a schema met at several paths of one body', () => {
  const pet = { type: 'object', properties: { name: { type: 'string' }, tag: { type: 'string' } } };
  const body = {
    type: 'object',
    properties: {
      pet: { $ref: '#/components/schemas/Pet' },
      friends: { type: 'array', items: { $ref: '#/components/schemas/Pet' } },
      owner: { type: 'object', properties: { pets: { type: 'array', items: { $ref: '#/components/schemas/Pet' } } } },
    },
  };
  const reading = (petSchema: unknown): Record<string, unknown> =>
    api(
      {
        '/pets': { get: { responses: { '200': { description: 'ok', content: { 'application/json': { schema: body } } } } } },
        '/shelter': { get: { responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Pet' } } } } } } },
      },
      { schemas: { Pet: petSchema } },
    );

  it('is one change per body, at its shortest path, listing the others', async () => {
    const { tag: _tag, ...fewer } = pet.properties;
    const changes = await compare(reading(pet), reading({ ...pet, properties: fewer }));
    expect(changes).toHaveLength(2);
    const pets = changes.find((c) => c.operation?.path === '/pets')!;
    expect(pets.id).toBe('response-optional-property-removed');
    expect(pets.pointer).toBe('/components/schemas/Pet/properties/tag');
    expect(pets.target).toEqual({
      in: 'body',
      name: '$.pet.tag',
      status: '200',
      mediaType: 'application/json',
      alsoAt: ['$.friends[*].tag', '$.owner.pets[*].tag'],
      pathCount: 3,
    });
    expect(pets.message).toBe('optional response property "$.pet.tag" was removed (also at 2 other paths)');
    // Another operation that returns the schema gets its own change.
    const shelter = changes.find((c) => c.operation?.path === '/shelter')!;
    expect(shelter.target).toEqual({ in: 'body', name: '$.tag', status: '200', mediaType: 'application/json' });
    expect(shelter.message).toBe('optional response property "$.tag" was removed');
  });
});

describe('a base schema that many subtypes inherit', () => {
  // An edit to the base is one edit: one change per body, however many subtypes carry it.
  const SUBTYPES = 40;
  const document = (idSchema: Record<string, unknown>): Record<string, unknown> => {
    const schemas: Record<string, unknown> = { entity: { type: 'object', properties: { id: idSchema } } };
    const properties: Record<string, unknown> = {};
    for (let i = 0; i < SUBTYPES; i++) {
      schemas[`kind${i}`] = { allOf: [{ $ref: '#/components/schemas/entity' }, { type: 'object', properties: { [`field${i}`]: { type: 'string' } } }] };
      properties[`kind${i}`] = { $ref: `#/components/schemas/kind${i}` };
    }
    schemas.bundle = { allOf: [{ $ref: '#/components/schemas/entity' }, { type: 'object', properties }] };
    const content = { 'application/json': { schema: { $ref: '#/components/schemas/bundle' } } };
    return api({ '/bundles': { post: { requestBody: { content }, responses: { '200': { description: 'ok', content } } } } }, { schemas });
  };

  it('reports a narrowed property of the base once per request and once per response', async () => {
    const changes = await compare(document({ type: 'string' }), document({ type: 'string', maxLength: 10 }));
    // The property has SUBTYPES + 1 paths in the body; the walk follows the 16 shortest of one schema.
    expect(changes.map((c) => [c.id, c.target?.name, c.target?.pathCount])).toEqual([
      ['request-property-max-length-decreased', '$.id', 16],
      ['response-property-max-length-decreased', '$.id', 16],
    ]);
    expect(changes[0]!.level).toBe('breaking');
    expect(changes[0]!.target?.alsoAt).toHaveLength(15);
    expect(changes[0]!.target?.alsoAt?.[0]).toBe('$.kind0.id');
  });
});

describe('a discriminator mapping that lists every subtype', () => {
  const document = (count: number): Record<string, unknown> => {
    const schemas: Record<string, unknown> = {};
    const mapping: Record<string, string> = {};
    for (let i = 0; i < count; i++) {
      schemas[`Kind${i}`] = { type: 'object', properties: { kind: { type: 'string' } } };
      mapping[`kind${i}`] = `#/components/schemas/Kind${i}`;
    }
    schemas.Base = {
      type: 'object',
      properties: { kind: { type: 'string' } },
      discriminator: { propertyName: 'kind', mapping },
    };
    const content = { 'application/json': { schema: { type: 'object', properties: { item: { $ref: '#/components/schemas/Base' } } } } };
    return api({ '/items': { get: { responses: { '200': { description: 'ok', content } } } } }, { schemas });
  };

  it('reports the values one release adds as one change that lists them', async () => {
    const changes = await compare(document(3), document(10));
    expect(changes.map((c) => c.id)).toEqual(['response-property-discriminator-mapping-added']);
    expect(changes[0]!.pointer).toBe('/components/schemas/Base/discriminator/mapping');
    expect(changes[0]!.message).toBe(
      'response property "$.item" discriminator mapping gained "kind3", "kind4", "kind5", "kind6", "kind7" and 2 more',
    );
  });

  it('points at the value itself when only one changed', async () => {
    const changes = await compare(document(4), document(3));
    expect(changes.map((c) => [c.id, c.pointer, c.side])).toEqual([
      ['response-property-discriminator-mapping-removed', '/components/schemas/Base/discriminator/mapping/kind3', 'base'],
    ]);
    expect(changes[0]!.message).toBe('response property "$.item" discriminator mapping lost "kind3"');
  });
});

describe('minified JSON', () => {
  it('locates every change on the one line there is', async () => {
    const many: Record<string, unknown> = {};
    for (let i = 0; i < 300; i++) many[`/r${i}`] = { get: ok };
    const base = await spec(api(many), 'base.json', true);
    const revision = await spec(api({ '/r0': { get: ok } }), 'revision.json', true);
    const changes = checkSpecs(buildModel(base), buildModel(revision));
    expect(changes).toHaveLength(299);
    expect(new Set(changes.map((c) => c.line))).toEqual(new Set([1]));
  });
});

describe('oneOf branches that name the same schema', () => {
  it('list no path twice', async () => {
    const doc = (tag: Record<string, unknown>): Record<string, unknown> =>
      api(
        {
          '/pets': {
            get: {
              responses: {
                '200': {
                  description: 'ok',
                  content: {
                    'application/json': {
                      schema: { oneOf: [{ $ref: '#/components/schemas/Pet' }, { allOf: [{ $ref: '#/components/schemas/Pet' }], title: 'Also a pet' }] },
                    },
                  },
                },
              },
            },
          },
        },
        { schemas: { Pet: { type: 'object', properties: { tag } } } },
      );
    const changes = await compare(doc({ type: 'string' }), doc({ type: 'string', maxLength: 5 }));
    expect(changes.map((c) => [c.id, c.target?.name, c.target?.alsoAt, c.target?.pathCount])).toEqual([
      ['response-property-max-length-decreased', '$.tag', undefined, undefined],
    ]);
  });
});
