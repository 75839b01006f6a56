import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildModel, checkSpecs, parseSpecText } from '../src/index.js';
import type { ApiModel } from '../src/index.js';

type Json = Record<string, unknown>;

/**
 * Single mutations of a random schema, judged end to end (document, model, diff, rules): a narrowing
 * in a request must be reported as the one breaking change it is, at the field it touched, and its
 * reverse (a widening) must break nothing; likewise a lost guarantee in a response.
 */

const leaf: fc.Arbitrary<Json> = fc.oneof(
  fc.record(
    {
      type: fc.constant('string'),
      maxLength: fc.integer({ min: 0, max: 8 }),
      enum: fc.uniqueArray(fc.constantFrom('x', 'y', 'z'), { minLength: 1, maxLength: 3 }),
      format: fc.constantFrom('uuid', 'email'),
    },
    { requiredKeys: ['type'] },
  ),
  fc.record({ type: fc.constant('integer'), maximum: fc.integer({ min: 0, max: 100 }) }, { requiredKeys: ['type'] }),
  fc.constant({ type: 'boolean' }),
);

function schemaOf(depth: number): fc.Arbitrary<Json> {
  if (depth === 0) return leaf;
  return fc.oneof(leaf, objectOf(depth - 1), fc.record({ type: fc.constant('array'), items: schemaOf(depth - 1) }));
}

function objectOf(depth: number): fc.Arbitrary<Json> {
  return fc
    .dictionary(fc.constantFrom('a', 'b', 'c', 'd'), schemaOf(depth), { minKeys: 1, maxKeys: 4 })
    .chain((properties) =>
      fc.record({ required: fc.subarray(Object.keys(properties)), closed: fc.boolean() }).map(({ required, closed }) => {
        const out: Json = { type: 'object', properties };
        if (required.length > 0) out.required = required;
        if (closed) out.additionalProperties = false;
        return out;
      }),
    );
}

/** The body schema is always an object, written inline or reached through a component. */
const bodies = fc.record({ schema: objectOf(2), viaRef: fc.boolean(), pick: fc.nat() });

/** A schema inside the body and its JSON path, as the rules name fields. */
interface Site {
  node: Json;
  field: string;
  root: boolean;
}

function sitesOf(node: Json, field = '$', root = true): Site[] {
  const out: Site[] = [{ node, field, root }];
  if (node.type === 'object') {
    for (const [name, prop] of Object.entries(node.properties as Record<string, Json>)) out.push(...sitesOf(prop, `${field}.${name}`, false));
  }
  if (node.type === 'array') out.push(...sitesOf(node.items as Json, `${field}[*]`, false));
  return out;
}

type Position = 'request' | 'response';

function document(schema: Json, position: Position, viaRef: boolean): Json {
  const body = viaRef ? { $ref: '#/components/schemas/Body' } : schema;
  const content = { 'application/json': { schema: body } };
  const post: Json = { operationId: 'send', responses: { '200': { description: 'OK.' } } };
  if (position === 'request') post.requestBody = { content };
  else post.responses = { '200': { description: 'OK.', content } };
  return {
    openapi: '3.0.3',
    info: { title: 'Mutations', version: '1.0.0' },
    paths: { '/things': { post } },
    components: { schemas: viaRef ? { Body: schema } : {} },
  };
}

async function model(doc: Json, name: string): Promise<ApiModel> {
  return buildModel(await parseSpecText(JSON.stringify(doc), { kind: 'text', name }));
}

/** The breaking changes between two documents, as rule ID and field. */
async function breaking(base: Json, revision: Json): Promise<{ id: string; field: string | undefined }[]> {
  const [b, r] = await Promise.all([model(base, 'base'), model(revision, 'revision')]);
  return checkSpecs(b, r, { now: new Date('2026-01-01T00:00:00Z') })
    .filter((c) => c.level === 'breaking')
    .map((c) => ({ id: c.id, field: c.target?.name }));
}

/** A mutation: where it applies, how it changes a site (in place), and the change it must be reported as. */
interface Mutation {
  name: string;
  applies(site: Site): boolean;
  /** Mutates the site and returns the expected rule ID and field. */
  apply(site: Site): { id: string; field: string };
  /** Whether the reverse mutation widens, so that it must break nothing. */
  reverseWidens: boolean;
}

const isLeaf = (site: Site): boolean => site.node.type !== 'object' && site.node.type !== 'array';
const placeOf = (site: Site, position: Position): string => `${position}-${site.root ? 'body' : 'property'}`;
const requiredOf = (node: Json): string[] => (node.required as string[] | undefined) ?? [];
const propertiesOf = (node: Json): Record<string, Json> => node.properties as Record<string, Json>;

/** A type other than the leaf's, neither a widening nor a narrowing of it. */
function otherType(node: Json): string {
  return node.type === 'string' ? 'boolean' : node.type === 'boolean' ? 'integer' : 'string';
}

function changeType(position: Position): Mutation {
  return {
    name: 'change the type',
    applies: isLeaf,
    apply(site) {
      const type = otherType(site.node);
      for (const key of Object.keys(site.node)) delete site.node[key];
      site.node.type = type;
      return { id: `${position}-property-type-changed`, field: site.field };
    },
    reverseWidens: false,
  };
}

const REQUEST_NARROWINGS: Mutation[] = [
  {
    name: 'add a required property',
    applies: (site) => site.node.type === 'object' && Object.keys(propertiesOf(site.node)).length < 4,
    apply(site) {
      const name = ['e', 'f', 'g', 'h'].find((n) => !(n in propertiesOf(site.node)))!;
      propertiesOf(site.node)[name] = { type: 'string' };
      site.node.required = [...requiredOf(site.node), name];
      return { id: 'new-required-request-property', field: `${site.field}.${name}` };
    },
    reverseWidens: true,
  },
  {
    name: 'lower maxLength',
    applies: (site) => site.node.type === 'string' && site.node.maxLength !== 0,
    apply(site) {
      site.node.maxLength = typeof site.node.maxLength === 'number' ? site.node.maxLength - 1 : 3;
      return { id: 'request-property-max-length-decreased', field: site.field };
    },
    reverseWidens: true,
  },
  {
    name: 'remove an enum value',
    applies: (site) => Array.isArray(site.node.enum) && site.node.enum.length >= 2,
    apply(site) {
      site.node.enum = (site.node.enum as unknown[]).slice(1);
      return { id: 'request-property-enum-value-removed', field: site.field };
    },
    reverseWidens: true,
  },
  changeType('request'),
  {
    name: 'add additionalProperties: false',
    applies: (site) => site.node.type === 'object' && site.node.additionalProperties !== false,
    apply(site) {
      site.node.additionalProperties = false;
      return { id: `${placeOf(site, 'request')}-additional-properties-disallowed`, field: site.field };
    },
    reverseWidens: true,
  },
  {
    name: 'give additional properties a schema',
    applies: (site) => site.node.type === 'object' && site.node.additionalProperties === undefined,
    apply(site) {
      site.node.additionalProperties = { type: 'string' };
      return { id: `${placeOf(site, 'request')}-additional-properties-schema-added`, field: site.field };
    },
    reverseWidens: true,
  },
  {
    name: 'exclude a value with not',
    applies: (site) => site.node.type === 'string',
    apply(site) {
      site.node.not = { enum: ['forbidden'] };
      return { id: 'request-property-not-added', field: site.field };
    },
    reverseWidens: true,
  },
  {
    name: 'require a multiple',
    applies: (site) => site.node.type === 'integer',
    apply(site) {
      site.node.multipleOf = 5;
      return { id: 'request-property-multiple-of-changed', field: site.field };
    },
    reverseWidens: true,
  },
];

const RESPONSE_REMOVALS: Mutation[] = [
  {
    name: 'remove a required property',
    applies: (site) => site.node.type === 'object' && requiredOf(site.node).length > 0 && Object.keys(propertiesOf(site.node)).length > 1,
    apply(site) {
      const name = requiredOf(site.node)[0]!;
      delete propertiesOf(site.node)[name];
      const rest = requiredOf(site.node).filter((n) => n !== name);
      if (rest.length > 0) site.node.required = rest;
      else delete site.node.required;
      return { id: 'response-property-removed', field: `${site.field}.${name}` };
    },
    reverseWidens: true,
  },
  {
    name: 'make a required property optional',
    applies: (site) => site.node.type === 'object' && requiredOf(site.node).length > 0,
    apply(site) {
      const [name, ...rest] = requiredOf(site.node);
      if (rest.length > 0) site.node.required = rest;
      else delete site.node.required;
      return { id: 'response-property-became-optional', field: `${site.field}.${name!}` };
    },
    reverseWidens: true,
  },
  {
    name: 'make a value nullable',
    applies: (site) => site.node.nullable !== true,
    apply(site) {
      site.node.nullable = true;
      return { id: `${placeOf(site, 'response')}-became-nullable`, field: site.field };
    },
    reverseWidens: true,
  },
  changeType('response'),
];

function mutationProperty(position: Position, mutations: Mutation[]) {
  return fc.asyncProperty(bodies, fc.constantFrom(...mutations), async ({ schema, viaRef, pick }, mutation) => {
    const sites = sitesOf(schema).filter((s) => mutation.applies(s));
    fc.pre(sites.length > 0);
    const index = pick % sites.length;
    // A JSON round trip, not structuredClone: generated schemas may share one object in several places.
    const mutated = JSON.parse(JSON.stringify(schema)) as Json;
    const expected = mutation.apply(sitesOf(mutated).filter((s) => mutation.applies(s))[index]!);
    const base = document(schema, position, viaRef);
    const revision = document(mutated, position, viaRef);
    expect(await breaking(base, revision), `${mutation.name} at ${expected.field}`).toEqual([expected]);
    if (mutation.reverseWidens) expect(await breaking(revision, base), `reverse of ${mutation.name}`).toEqual([]);
  });
}

describe('single schema mutations, judged end to end', () => {
  it('reports each narrowing of a request schema as its breaking rule, and its reverse as no break', async () => {
    await fc.assert(mutationProperty('request', REQUEST_NARROWINGS), { numRuns: 120 });
  });

  it('reports each lost guarantee of a response schema as its breaking rule, and its reverse as no break', async () => {
    await fc.assert(mutationProperty('response', RESPONSE_REMOVALS), { numRuns: 120 });
  });
});
