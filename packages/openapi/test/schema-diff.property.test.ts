import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildModel, parseSpecText } from '../src/index.js';
import type { ApiModel } from '../src/index.js';
import { createSchemaDiffContext, diffSchema } from '../src/diff/schema.js';

type Json = Record<string, unknown>;

const NAMES = ['A', 'B'] as const;

/** Schemas over a small vocabulary, with `$ref`s to two components that may refer to each other. */
const arbitraries = fc.letrec<{ schema: Json; leaf: Json; object: Json; array: Json; choice: Json; ref: Json }>((tie) => ({
  schema: fc.oneof({ depthSize: 'small', withCrossShrink: true }, tie('leaf'), tie('object'), tie('array'), tie('choice'), tie('ref')),
  leaf: fc.record(
    {
      type: fc.constantFrom('string', 'integer', 'number', 'boolean'),
      format: fc.constantFrom('date', 'uuid', 'int64'),
      maxLength: fc.integer({ min: 0, max: 5 }),
      minimum: fc.integer({ min: -3, max: 3 }),
      enum: fc.uniqueArray(fc.constantFrom('x', 'y', 'z'), { minLength: 1 }),
      nullable: fc.boolean(),
      readOnly: fc.boolean(),
    },
    { requiredKeys: ['type'] },
  ),
  object: fc.record(
    {
      type: fc.constant('object'),
      properties: fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), tie('schema'), { maxKeys: 4 }),
      required: fc.subarray(['a', 'b', 'c']),
      additionalProperties: fc.boolean(),
    },
    { requiredKeys: ['type', 'properties'] },
  ),
  array: fc.record({ type: fc.constant('array'), items: tie('schema'), maxItems: fc.integer({ min: 1, max: 9 }) }, { requiredKeys: ['type', 'items'] }),
  choice: fc.record({ oneOf: fc.array(tie('schema'), { minLength: 1, maxLength: 3 }) }),
  ref: fc.constantFrom(...NAMES).map((name) => ({ $ref: `#/components/schemas/${name}` })),
}));

/** A component that is only a `$ref` could close a chain of references on itself, which is invalid input. */
const component = fc.oneof(arbitraries.leaf, arbitraries.object, arbitraries.array, arbitraries.choice);
const documents = fc.record({ body: arbitraries.schema, A: component, B: component });

function document(body: unknown, schemas: Json): Json {
  return {
    openapi: '3.0.3',
    info: { title: 'Generated', version: '1.0.0' },
    paths: { '/x': { post: { requestBody: { content: { 'application/json': { schema: body } } }, responses: { '200': { description: 'OK' } } } } },
    components: { schemas },
  };
}

/**
 * The same meaning written differently: components renamed (and reached through an alias), every
 * inline property schema moved into components, objects split into `allOf` halves, branches reversed.
 */
function refactor(doc: { body: Json; A: Json; B: Json }): Json {
  const extra: Json = {};
  let counter = 0;
  const rewrite = (schema: Json): Json => {
    if (typeof schema.$ref === 'string') {
      const name = schema.$ref.slice('#/components/schemas/'.length);
      return { $ref: `#/components/schemas/${name === 'A' ? 'Renamed' : 'AliasB'}` };
    }
    const out: Json = { ...schema };
    if (Array.isArray(schema.oneOf)) out.oneOf = (schema.oneOf as Json[]).map(rewrite).reverse();
    if (schema.items) out.items = rewrite(schema.items as Json);
    if (schema.properties) {
      const props: Json = {};
      for (const [name, prop] of Object.entries(schema.properties as Record<string, Json>)) {
        const moved = `Moved${counter++}`;
        extra[moved] = rewrite(prop);
        props[name] = { $ref: `#/components/schemas/${moved}` };
      }
      out.properties = props;
      const names = Object.keys(props);
      if (names.length >= 2 && schema.additionalProperties === undefined) {
        const half = Math.ceil(names.length / 2);
        const required = (schema.required as string[] | undefined) ?? [];
        const part = (keys: string[], first: boolean): Json => ({
          type: 'object',
          properties: Object.fromEntries(keys.map((k) => [k, props[k]])),
          required: required.filter((r) => keys.includes(r) || (first && !names.includes(r))),
        });
        return { allOf: [part(names.slice(0, half), true), part(names.slice(half), false)] };
      }
    }
    return out;
  };
  const body = rewrite(doc.body);
  return document(body, { Renamed: rewrite(doc.A), Real: rewrite(doc.B), AliasB: { $ref: '#/components/schemas/Real' }, ...extra });
}

async function model(doc: Json): Promise<ApiModel> {
  return buildModel(await parseSpecText(JSON.stringify(doc), { kind: 'text', name: 'generated' }));
}

async function diffBodies(base: Json, revision: Json): Promise<unknown> {
  const [b, r] = await Promise.all([model(base), model(revision)]);
  const schema = (m: ApiModel) => m.operations[0]!.requestBody!.content[0]!.schema!;
  return diffSchema(createSchemaDiffContext(b, r), schema(b), schema(r));
}

describe('diffSchema properties', () => {
  it('finds no change between a schema and itself, cycles included', async () => {
    await fc.assert(
      fc.asyncProperty(documents, async (doc) => {
        const d = document(doc.body, { A: doc.A, B: doc.B });
        expect(await diffBodies(d, structuredClone(d))).toBeUndefined();
      }),
      { numRuns: 150 },
    );
  });

  it('finds no change between a schema and a copy refactored through $refs, renames, allOf and branch order', async () => {
    await fc.assert(
      fc.asyncProperty(documents, async (doc) => {
        const original = document(doc.body, { A: doc.A, B: doc.B });
        const refactored = refactor(doc);
        expect(await diffBodies(original, refactored)).toBeUndefined();
        expect(await diffBodies(refactored, original)).toBeUndefined();
      }),
      { numRuns: 150 },
    );
  });
});
