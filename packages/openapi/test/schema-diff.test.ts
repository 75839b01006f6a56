import { describe, expect, it } from 'vitest';
import { buildModel, parseSpecText } from '../src/index.js';
import type { ApiModel, SchemaHandle } from '../src/index.js';
import { checkSchema, type SchemaSite } from '../src/checker/check-schema.js';
import { RULES_BY_ID } from '../src/checker/rules.js';
import type { Finding } from '../src/checker/emit.js';
import { createSchemaDiffContext, diffSchema, type SchemaDiff } from '../src/diff/schema.js';

type Json = Record<string, unknown>;

/** A document whose `POST /things` takes and returns `body`, with `schemas` in components. */
function document(body: Json, schemas: Json = {}, openapi = '3.0.3'): Json {
  return {
    openapi,
    info: { title: 'Things', version: '1.0.0' },
    paths: {
      '/things': {
        post: {
          requestBody: { content: { 'application/json': { schema: body } } },
          responses: { '200': { description: 'OK', content: { 'application/json': { schema: body } } } },
        },
      },
    },
    components: { schemas },
  };
}

async function model(doc: Json, name: string): Promise<ApiModel> {
  return buildModel(await parseSpecText(JSON.stringify(doc), { kind: 'text', name }));
}

function bodySchema(m: ApiModel): SchemaHandle {
  const schema = m.operations[0]?.requestBody?.content[0]?.schema;
  if (!schema) throw new Error('document has no request body schema');
  return schema;
}

/** Diffs the request body schemas of two documents. */
async function diffBodies(base: Json, revision: Json): Promise<SchemaDiff | undefined> {
  const [b, r] = await Promise.all([model(base, 'base'), model(revision, 'revision')]);
  return diffSchema(createSchemaDiffContext(b, r), bodySchema(b), bodySchema(r));
}

/** The rule IDs (sorted, unique) and fields the schema rules report for a body diff on one side. */
function judge(diff: SchemaDiff | undefined, direction: SchemaSite['direction']): { ids: string[]; fields: string[] } {
  const findings: Finding[] = [];
  if (diff) {
    checkSchema(diff, { direction, operation: { method: 'POST', path: '/things' }, target: { in: 'body', name: '$' } }, (f) => {
      if (!RULES_BY_ID.has(f.id)) throw new Error(`unknown rule ${f.id}`);
      findings.push(f);
    });
  }
  return {
    ids: [...new Set(findings.map((f) => f.id))].sort(),
    fields: [...new Set(findings.map((f) => f.target?.name ?? ''))].sort(),
  };
}

const node = (extra: Json = {}): Json => ({
  type: 'object',
  required: ['name'],
  properties: { name: { type: 'string' }, children: { type: 'array', items: { $ref: '#/components/schemas/Node' } }, ...extra },
});

describe('diffSchema: references', () => {
  it('terminates on a self-referencing schema and finds nothing when it is unchanged', async () => {
    const doc = document({ $ref: '#/components/schemas/Node' }, { Node: node() });
    expect(await diffBodies(doc, doc)).toBeUndefined();
  });

  it('reports a change inside a self-referencing schema once per path, with its JSON path', async () => {
    const base = document({ $ref: '#/components/schemas/Node' }, { Node: node() });
    const revision = document({ $ref: '#/components/schemas/Node' }, { Node: { ...node(), required: ['name', 'children'] } });
    const diff = await diffBodies(base, revision);
    expect(diff?.required).toEqual({ added: ['children'], deleted: [] });
    // The children's items are the same pair as the root: the diff graph closes on itself.
    expect(diff?.properties?.modified.children?.items?.modified).toBe(diff);
    expect(judge(diff, 'request')).toEqual({ ids: ['request-property-became-required'], fields: ['$.children'] });
    expect(judge(diff, 'response')).toEqual({ ids: ['response-property-became-required'], fields: ['$.children'] });
  });

  it('terminates on mutually recursive schemas and reports the change where it happened', async () => {
    const schemas = (authorExtra: Json): Json => ({
      Book: { type: 'object', properties: { title: { type: 'string' }, author: { $ref: '#/components/schemas/Author' } } },
      Author: {
        type: 'object',
        properties: { books: { type: 'array', items: { $ref: '#/components/schemas/Book' } }, ...authorExtra },
      },
    });
    const base = document({ $ref: '#/components/schemas/Book' }, schemas({ name: { type: 'string' } }));
    const revision = document({ $ref: '#/components/schemas/Book' }, schemas({}));
    const diff = await diffBodies(base, revision);
    expect(Object.keys(diff?.properties?.modified.author?.properties?.deleted ?? {})).toEqual(['name']);
    expect(judge(diff, 'response')).toEqual({ ids: ['response-optional-property-removed'], fields: ['$.author.name'] });
    expect(await diffBodies(base, base)).toBeUndefined();
  });

  it('sees no change when a schema moves into components, is renamed, or is inlined', async () => {
    const pet = { type: 'object', required: ['id'], properties: { id: { type: 'integer', format: 'int64' }, tag: { type: 'string' } } };
    const inline = document({ type: 'array', items: pet });
    const moved = document({ type: 'array', items: { $ref: '#/components/schemas/Pet' } }, { Pet: pet });
    const renamed = document({ type: 'array', items: { $ref: '#/components/schemas/Animal' } }, { Animal: pet });
    const chained = document({ type: 'array', items: { $ref: '#/components/schemas/Alias' } }, {
      Alias: { $ref: '#/components/schemas/Animal' },
      Animal: pet,
    });
    expect(await diffBodies(inline, moved)).toBeUndefined();
    expect(await diffBodies(moved, renamed)).toBeUndefined();
    expect(await diffBodies(renamed, inline)).toBeUndefined();
    expect(await diffBodies(moved, chained)).toBeUndefined();
  });

  it('sees no change when an object is split into allOf parts that merge to the same thing', async () => {
    const flat = document({
      type: 'object',
      required: ['id', 'name'],
      properties: { id: { type: 'integer' }, name: { type: 'string' }, tag: { type: 'string' } },
    });
    const split = document(
      { allOf: [{ $ref: '#/components/schemas/Base' }, { type: 'object', required: ['name'], properties: { name: { type: 'string' }, tag: { type: 'string' } } }] },
      { Base: { type: 'object', required: ['id'], properties: { id: { type: 'integer' } } } },
    );
    expect(await diffBodies(flat, split)).toBeUndefined();
    expect(await diffBodies(split, flat)).toBeUndefined();
  });

  it('reports what an allOf refactor really changed', async () => {
    const flat = document({ type: 'object', required: ['id'], properties: { id: { type: 'integer' } } });
    const split = document(
      { allOf: [{ $ref: '#/components/schemas/Base' }, { required: ['name'], properties: { name: { type: 'string' } } }] },
      { Base: { type: 'object', required: ['id'], properties: { id: { type: 'integer' } } } },
    );
    const diff = await diffBodies(flat, split);
    expect(judge(diff, 'request')).toEqual({ ids: ['new-required-request-property'], fields: ['$.name'] });
  });
});

describe('diffSchema: composition', () => {
  const cat = { type: 'object', required: ['meows'], properties: { meows: { type: 'boolean' } } };
  const dog = { type: 'object', required: ['barks'], properties: { barks: { type: 'boolean' } } };
  const bird = { type: 'object', required: ['sings'], properties: { sings: { type: 'boolean' } } };
  const schemas = { Cat: cat, Dog: dog, Bird: bird };
  const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });

  it('matches oneOf branches by meaning, not position', async () => {
    const base = document({ oneOf: [ref('Cat'), ref('Dog')] }, schemas);
    const reordered = document({ oneOf: [ref('Dog'), cat] }, schemas);
    expect(await diffBodies(base, reordered)).toBeUndefined();
  });

  it('treats a new oneOf branch as no break in a request and as a warning in a response', async () => {
    const base = document({ oneOf: [ref('Cat'), ref('Dog')] }, schemas);
    const revision = document({ oneOf: [ref('Dog'), ref('Bird'), ref('Cat')] }, schemas);
    const diff = await diffBodies(base, revision);
    expect(diff?.oneOf?.added.map((h) => h.node.$ref)).toEqual(['#/components/schemas/Bird']);
    expect(diff?.oneOf?.deleted).toEqual([]);
    const request = judge(diff, 'request').ids;
    expect(request).toEqual(['request-property-one-of-added']);
    expect(RULES_BY_ID.get(request[0]!)?.level).toBe('info');
    const response = judge(diff, 'response').ids;
    expect(response).toEqual(['response-property-one-of-added']);
    expect(RULES_BY_ID.get(response[0]!)?.level).toBe('warning');
  });

  it('diffs a matched branch that changed and keeps the field path', async () => {
    const base = document({ oneOf: [ref('Cat'), ref('Dog')] }, schemas);
    const revision = document({ oneOf: [ref('Cat'), ref('Dog')] }, { ...schemas, Dog: { ...dog, required: [] } });
    const diff = await diffBodies(base, revision);
    expect(diff?.oneOf?.modified).toHaveLength(1);
    expect(judge(diff, 'response')).toEqual({ ids: ['response-property-became-optional'], fields: ['$.barks'] });
  });
});

describe('diffSchema: types across versions', () => {
  it('reads a 3.1 type array with null as the 3.0 nullable form', async () => {
    const v30 = document({ type: 'object', properties: { note: { type: 'string', nullable: true } } });
    const v31 = document({ type: 'object', properties: { note: { type: ['string', 'null'] } } }, {}, '3.1.0');
    expect(await diffBodies(v30, v31)).toBeUndefined();
    expect(await diffBodies(v31, v30)).toBeUndefined();
  });

  it('reports null dropped from a 3.1 type array', async () => {
    const base = document({ type: 'object', properties: { note: { type: ['string', 'null'] } } }, {}, '3.1.0');
    const revision = document({ type: 'object', properties: { note: { type: 'string' } } }, {}, '3.1.0');
    const diff = await diffBodies(base, revision);
    expect(judge(diff, 'request').ids).toEqual(['request-property-became-not-nullable']);
    expect(judge(diff, 'response').ids).toEqual(['response-property-became-not-nullable']);
  });

  it('tells a widened type from a changed one by direction', async () => {
    const base = document({ type: 'object', properties: { n: { type: 'integer' } } });
    const revision = document({ type: 'object', properties: { n: { type: ['integer', 'string'] } } }, {}, '3.1.0');
    const diff = await diffBodies(base, revision);
    expect(judge(diff, 'request').ids).toEqual(['request-property-type-widened']);
    expect(judge(diff, 'response').ids).toEqual(['response-property-type-changed']);
  });

  describe('a schema that accepts only null', () => {
    const withValue = (value: Json): Json => document({ type: 'object', properties: { value } }, {}, '3.1.0');
    const untyped = withValue({});
    const onlyNull = withValue({ type: 'null' });

    it('is no change between its two spellings', async () => {
      expect(await diffBodies(onlyNull, withValue({ type: ['null'] }))).toBeUndefined();
    });

    it('differs from a schema without a type, as a change of type alone', async () => {
      const forward = await diffBodies(untyped, onlyNull);
      expect(forward?.properties?.modified.value?.type).toEqual({ from: [], to: ['null'], added: ['null'], deleted: [] });
      expect(forward?.properties?.modified.value?.nullable).toBeUndefined();
      expect(judge(forward, 'request')).toEqual({ ids: ['request-property-type-changed'], fields: ['$.value'] });
      expect(judge(forward, 'response')).toEqual({ ids: ['response-property-type-narrowed'], fields: ['$.value'] });
      const reverse = await diffBodies(onlyNull, untyped);
      expect(judge(reverse, 'request')).toEqual({ ids: ['request-property-type-widened'], fields: ['$.value'] });
      expect(judge(reverse, 'response')).toEqual({ ids: ['response-property-type-changed'], fields: ['$.value'] });
    });

    it('is widened, not changed, when a type joins null', async () => {
      const forward = await diffBodies(onlyNull, withValue({ type: ['string', 'null'] }));
      expect(judge(forward, 'request').ids).toEqual(['request-property-type-widened']);
      expect(judge(forward, 'response').ids).toEqual(['response-property-type-changed']);
      const reverse = await diffBodies(withValue({ type: ['string', 'null'] }), onlyNull);
      expect(judge(reverse, 'request').ids).toEqual(['request-property-type-changed']);
      expect(judge(reverse, 'response').ids).toEqual(['response-property-type-narrowed']);
    });

    it('is changed, and no longer nullable, when a type replaces null', async () => {
      const forward = await diffBodies(onlyNull, withValue({ type: 'string' }));
      expect(judge(forward, 'request').ids).toEqual(['request-property-became-not-nullable', 'request-property-type-changed']);
      expect(judge(forward, 'response').ids).toEqual(['response-property-became-not-nullable', 'response-property-type-changed']);
    });
  });

  it('reads 3.0 boolean and 3.1 numeric exclusive bounds alike', async () => {
    const v30 = document({ type: 'integer', maximum: 10, exclusiveMaximum: true, minimum: 0 });
    const v31 = document({ type: 'integer', exclusiveMaximum: 10, minimum: 0 }, {}, '3.1.0');
    expect(await diffBodies(v30, v31)).toBeUndefined();
  });
});

describe('diffSchema: dense reference cycles', () => {
  /** Ten components that each hold a reference to every other one: paths through them are countless. */
  function clique(changed: boolean): Json {
    const names = Array.from({ length: 10 }, (_, i) => `N${i}`);
    const schemas: Json = {};
    for (const name of names) {
      const properties: Json = { id: { type: 'string', maxLength: changed && name === 'N9' ? 10 : 20 } };
      for (const other of names) if (other !== name) properties[other.toLowerCase()] = { $ref: `#/components/schemas/${other}` };
      schemas[name] = { type: 'object', properties };
    }
    return document({ $ref: '#/components/schemas/N0' }, schemas);
  }

  it('diffs and judges them without walking every path', async () => {
    const diff = await diffBodies(clique(false), clique(true));
    expect(diff).toBeDefined();
    expect(await diffBodies(clique(true), clique(true))).toBeUndefined();
    const { ids, fields } = judge(diff, 'request');
    expect(ids).toEqual(['request-property-max-length-decreased']);
    // The change is reported at least where it is nearest to the root.
    expect(fields).toContain('$.n9.id');
  });
});

describe('diffSchema: schemas written alike', () => {
  it('sees no change where only descriptions, titles, examples and extensions differ', async () => {
    const base = document({ $ref: '#/components/schemas/Pet' }, {
      Pet: { type: 'object', description: 'A pet.', properties: { name: { type: 'string', example: 'Rex' } } },
    });
    const revision = document({ $ref: '#/components/schemas/Animal' }, {
      Animal: { type: 'object', title: 'Animal', 'x-internal': true, properties: { name: { type: 'string', description: 'Its name.' } } },
    });
    expect(await diffBodies(base, revision)).toBeUndefined();
  });

  it('tells a default of true from a default of "true"', async () => {
    const base = document({ type: 'object', properties: { latest: { type: 'string', default: true } } });
    const revision = document({ type: 'object', properties: { latest: { type: 'string', default: 'true' } } });
    const diff = await diffBodies(base, revision);
    expect(diff?.properties?.modified.latest?.default).toEqual({ from: true, to: 'true' });
    expect(judge(diff, 'request')).toEqual({ ids: ['request-property-default-changed'], fields: ['$.latest'] });
  });

  it('sees a change in a schema a discriminator maps to, where the mapping reads the same', async () => {
    const pets = (catExtra: Json): Json => ({
      Cat: { type: 'object', properties: { kind: { type: 'string' }, ...catExtra } },
      Dog: { type: 'object', properties: { kind: { type: 'string' } } },
    });
    const body = { oneOf: [{ $ref: '#/components/schemas/Cat' }, { $ref: '#/components/schemas/Dog' }], discriminator: { propertyName: 'kind', mapping: { cat: 'Cat' } } };
    const diff = await diffBodies(document(body, pets({})), document(body, pets({ lives: { type: 'integer' } })));
    expect(diff).toBeDefined();
    // The mapping still names the same schema: the change is the branch's own, not the mapping's.
    expect(judge(diff, 'response')).toEqual({ ids: ['response-property-added'], fields: ['$.lives'] });
  });
});

describe('diffSchema: defaults written out', () => {
  it('sees no change when a count bound of 0, the default, is written or dropped', async () => {
    const plain = { type: 'object', properties: { a: { type: 'string' }, b: { type: 'array', items: { type: 'string' } }, c: { type: 'object' } } };
    const zeros = { type: 'object', minProperties: 0, properties: { a: { type: 'string', minLength: 0 }, b: { type: 'array', minItems: 0, items: { type: 'string' } }, c: { type: 'object', minProperties: 0 } } };
    expect(judge(await diffBodies(document(plain), document(zeros)), 'request').ids).toEqual([]);
    expect(judge(await diffBodies(document(zeros), document(plain)), 'request').ids).toEqual([]);
    // A bound of 1 is a real one.
    const one = { ...plain, properties: { ...plain.properties, a: { type: 'string', minLength: 1 } } };
    expect(judge(await diffBodies(document(zeros), document(one)), 'request').ids).toEqual(['request-property-min-length-increased']);
  });
});

describe('diffSchema: keywords beside a $ref', () => {
  const schemas = { Name: { type: 'string' }, Addr: { type: 'object', properties: { city: { type: 'string' } } } };
  const body = (n: Json, addr: Json = { $ref: '#/components/schemas/Addr' }): Json => ({ type: 'object', properties: { n, addr } });
  const ref: Json = { $ref: '#/components/schemas/Name' };

  it('applies them in 3.1, where they constrain the schema the $ref names', async () => {
    const narrowed = body({ ...ref, maxLength: 5, description: 'short' }, { $ref: '#/components/schemas/Addr', required: ['city'] });
    const diff = await diffBodies(document(body(ref), schemas, '3.1.0'), document(narrowed, schemas, '3.1.0'));
    expect(judge(diff, 'request')).toEqual({ ids: ['request-property-became-required', 'request-property-max-length-decreased'], fields: ['$.addr.city', '$.n'] });
  });

  it('reads them as the allOf they mean, and ignores annotations beside a $ref', async () => {
    const siblings = body({ ...ref, maxLength: 5 });
    const allOf = body({ allOf: [ref, { maxLength: 5 }] });
    expect(judge(await diffBodies(document(siblings, schemas, '3.1.0'), document(allOf, schemas, '3.1.0')), 'request').ids).toEqual([]);
    const annotated = body({ ...ref, description: 'the name', title: 'Name', 'x-internal': true });
    expect(judge(await diffBodies(document(body(ref), schemas, '3.1.0'), document(annotated, schemas, '3.1.0')), 'request').ids).toEqual([]);
  });

  it('ignores them in 3.0, which says keywords beside a $ref are ignored', async () => {
    const diff = await diffBodies(document(body(ref), schemas), document(body({ ...ref, maxLength: 5 }), schemas));
    expect(judge(diff, 'request').ids).toEqual([]);
  });
});

describe('diffSchema: "X or null" written three ways', () => {
  const schemas = { Addr: { type: 'object', properties: { city: { type: 'string' } } } };
  const forms: Record<string, Json> = {
    'anyOf with a null branch': { anyOf: [{ type: 'string' }, { type: 'null' }] },
    'oneOf with a null branch': { oneOf: [{ type: ['null'] }, { type: 'string', description: 'the ISBN' }] },
    'a type list': { type: ['string', 'null'] },
  };

  it('compares anyOf/oneOf [X, null] equal to a type list that names null', async () => {
    for (const [a, x] of Object.entries(forms)) {
      for (const [b, y] of Object.entries(forms)) {
        const diff = await diffBodies(document({ type: 'object', properties: { isbn: x } }, schemas, '3.1.0'), document({ type: 'object', properties: { isbn: y } }, schemas, '3.1.0'));
        expect(judge(diff, 'response').ids, `${a} -> ${b}`).toEqual([]);
      }
    }
    // A reference or null, in 3.0 and in 3.1.
    const v30 = await model(document({ type: 'object', properties: { addr: { allOf: [{ $ref: '#/components/schemas/Addr' }], nullable: true } } }, schemas), '3.0');
    const v31 = await model(document({ type: 'object', properties: { addr: { oneOf: [{ $ref: '#/components/schemas/Addr' }, { type: 'null' }] } } }, schemas, '3.1.0'), '3.1');
    expect(judge(diffSchema(createSchemaDiffContext(v30, v31), bodySchema(v30), bodySchema(v31)), 'response').ids).toEqual([]);
  });

  it('still sees null dropped or added, and keeps a real two-branch anyOf', async () => {
    const plain = document({ type: 'object', properties: { isbn: { type: 'string' } } }, schemas, '3.1.0');
    const orNull = document({ type: 'object', properties: { isbn: forms['anyOf with a null branch']! } }, schemas, '3.1.0');
    expect(judge(await diffBodies(plain, orNull), 'response').ids).toEqual(['response-property-became-nullable']);
    expect(judge(await diffBodies(orNull, plain), 'request').ids).toEqual(['request-property-became-not-nullable']);
    const twoTypes = document({ type: 'object', properties: { isbn: { anyOf: [{ type: 'string' }, { type: 'integer' }] } } }, schemas, '3.1.0');
    expect(judge(await diffBodies(twoTypes, plain), 'response').ids).toContain('response-property-any-of-removed');
  });
});
