#!/usr/bin/env node
// Writes the fixture pairs of the schema rules (fixtures/rules/<rule-id>/{base,revision,expect}.yaml).
// Each case below names a schema change once and the rules it should trigger in each direction; the
// script places it wherever a schema can sit (request body, body property, parameter, response body,
// response property, response header) and writes one folder per rule ID. The expectations are
// stated here by hand, never taken from a run of the checker.
//
//   node scripts/generate-schema-fixtures.mjs [--out DIR]    (default fixtures/rules)
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'packages/openapi/package.json'));
const { stringify } = await import(require.resolve('yaml'));
const { values: args } = parseArgs({ options: { out: { type: 'string' } } });
const out = path.resolve(args.out ?? path.join(root, 'fixtures/rules'));

const PLACES = ['request-body', 'request-property', 'request-parameter', 'response-body', 'response-property', 'response-header'];
const REQUEST = PLACES.slice(0, 3);
const FIELDS = ['request-property', 'request-parameter', 'response-property', 'response-header'];
const VALUES = FIELDS;
const BODIES = ['request-body', 'request-property', 'response-body', 'response-property'];
const NULLABLE = [...BODIES, 'response-header'];
const PROPS = ['request-property', 'response-property'];

const pets = {
  Cat: { type: 'object', required: ['kind', 'meows'], properties: { kind: { type: 'string' }, meows: { type: 'boolean' } } },
  Dog: { type: 'object', required: ['kind', 'barks'], properties: { kind: { type: 'string' }, barks: { type: 'boolean' } } },
  Bird: { type: 'object', required: ['kind', 'sings'], properties: { kind: { type: 'string' }, sings: { type: 'boolean' } } },
};
const ref = (name) => ({ $ref: `#/components/schemas/${name}` });
const mapping = (entries) => Object.fromEntries(entries.map(([k, v]) => [k, `#/components/schemas/${v}`]));

/**
 * A change placed everywhere in `places`. `request` / `response` give [forward, reverse] rule
 * suffixes: forward for base -> revision, reverse for revision -> base (null: nothing reported).
 */
const placed = [
  { base: { type: 'integer' }, revision: { type: 'number' }, places: PLACES, request: ['type-widened', 'type-changed'], response: ['type-changed', 'type-narrowed'] },
  { base: { type: 'string' }, revision: { type: 'string', nullable: true }, places: NULLABLE, request: ['became-nullable', 'became-not-nullable'], response: ['became-nullable', 'became-not-nullable'] },
  { base: { type: 'string' }, revision: { type: 'string', format: 'date' }, places: FIELDS, request: ['format-added', 'format-removed'], response: ['format-added', 'format-removed'] },
  { base: { type: 'string', format: 'date' }, revision: { type: 'string', format: 'date-time' }, places: FIELDS, request: ['format-changed', 'format-changed'], response: ['format-changed', 'format-changed'] },
  { base: { type: 'string', enum: ['red', 'green'] }, revision: { type: 'string', enum: ['red', 'green', 'blue'] }, places: FIELDS, request: ['enum-value-added', 'enum-value-removed'], response: ['enum-value-added', 'enum-value-removed'] },
  { base: { type: 'string' }, revision: { type: 'string', enum: ['red', 'green'] }, places: FIELDS, request: ['enum-added', 'enum-removed'], response: ['enum-added', 'enum-removed'] },
  { openapi: '3.1.0', base: { type: 'string', const: 'v1' }, revision: { type: 'string', const: 'v2' }, places: VALUES, request: ['const-changed', 'const-changed'], response: ['const-changed', 'const-changed'] },
  { openapi: '3.1.0', base: { type: 'string' }, revision: { type: 'string', const: 'v1' }, places: VALUES, request: ['const-added', 'const-removed'], response: ['const-added', 'const-removed'] },
  { base: { type: 'integer', default: 10 }, revision: { type: 'integer', default: 20 }, places: VALUES, request: ['default-changed', 'default-changed'], response: ['default-changed', 'default-changed'] },
  { base: { type: 'integer' }, revision: { type: 'integer', default: 10 }, places: VALUES, request: ['default-added', 'default-removed'], response: ['default-added', 'default-removed'] },
  { base: { type: 'integer', maximum: 100 }, revision: { type: 'integer', maximum: 50 }, places: VALUES, request: ['max-decreased', 'max-increased'], response: ['max-decreased', 'max-increased'] },
  { base: { type: 'integer', minimum: 1 }, revision: { type: 'integer', minimum: 5 }, places: VALUES, request: ['min-increased', 'min-decreased'], response: ['min-increased', 'min-decreased'] },
  { base: { type: 'string', maxLength: 100 }, revision: { type: 'string', maxLength: 50 }, places: VALUES, request: ['max-length-decreased', 'max-length-increased'], response: ['max-length-decreased', 'max-length-increased'] },
  { base: { type: 'string', minLength: 1 }, revision: { type: 'string', minLength: 5 }, places: VALUES, request: ['min-length-increased', 'min-length-decreased'], response: ['min-length-increased', 'min-length-decreased'] },
  { base: { type: 'array', items: { type: 'string' }, maxItems: 100 }, revision: { type: 'array', items: { type: 'string' }, maxItems: 50 }, places: VALUES, request: ['max-items-decreased', 'max-items-increased'], response: ['max-items-decreased', 'max-items-increased'] },
  { base: { type: 'array', items: { type: 'string' }, minItems: 1 }, revision: { type: 'array', items: { type: 'string' }, minItems: 5 }, places: VALUES, request: ['min-items-increased', 'min-items-decreased'], response: ['min-items-increased', 'min-items-decreased'] },
  { base: { type: 'object', additionalProperties: { type: 'string' }, maxProperties: 100 }, revision: { type: 'object', additionalProperties: { type: 'string' }, maxProperties: 50 }, places: PROPS, request: ['max-properties-decreased', 'max-properties-increased'], response: ['max-properties-decreased', 'max-properties-increased'] },
  { base: { type: 'object', additionalProperties: { type: 'string' }, minProperties: 1 }, revision: { type: 'object', additionalProperties: { type: 'string' }, minProperties: 5 }, places: PROPS, request: ['min-properties-increased', 'min-properties-decreased'], response: ['min-properties-increased', 'min-properties-decreased'] },
  { base: { type: 'string' }, revision: { type: 'string', pattern: '^[a-z]+$' }, places: VALUES, request: ['pattern-added', 'pattern-removed'], response: ['pattern-added', 'pattern-removed'] },
  { base: { type: 'string', pattern: '^[a-z]+$' }, revision: { type: 'string', pattern: '^[a-z0-9]+$' }, places: VALUES, request: ['pattern-changed', 'pattern-changed'], response: ['pattern-changed', 'pattern-changed'] },
  // Steps of 2 to steps of 4 only drop values: a narrowing for requests, nothing lost for responses.
  { base: { type: 'integer', multipleOf: 2 }, revision: { type: 'integer', multipleOf: 4 }, places: VALUES, request: ['multiple-of-changed', 'multiple-of-widened'], response: ['multiple-of-narrowed', 'multiple-of-changed'] },
  { base: { type: 'array' }, revision: { type: 'array', items: { type: 'string' } }, places: VALUES, request: ['items-added', 'items-removed'], response: ['items-added', 'items-removed'] },
  { base: { type: 'string' }, revision: { type: 'string', not: { enum: ['admin'] } }, places: FIELDS, request: ['not-added', 'not-removed'], response: ['not-added', 'not-removed'] },
  { base: { type: 'string', not: { enum: ['admin'] } }, revision: { type: 'string', not: { enum: ['root'] } }, places: FIELDS, request: ['not-changed', 'not-changed'], response: ['not-changed', 'not-changed'] },
  { base: { type: 'array', items: { type: 'string' } }, revision: { type: 'array', items: { type: 'string' }, uniqueItems: true }, places: VALUES, request: ['unique-items-added', 'unique-items-removed'], response: ['unique-items-added', 'unique-items-removed'] },
  {
    base: { type: 'object', properties: { id: { type: 'string' } } },
    revision: { type: 'object', properties: { id: { type: 'string' } }, additionalProperties: false },
    places: BODIES,
    request: ['additional-properties-disallowed', 'additional-properties-allowed'],
    response: ['additional-properties-disallowed', 'additional-properties-allowed'],
  },
  {
    base: { type: 'object', properties: { id: { type: 'string' } } },
    revision: { type: 'object', properties: { id: { type: 'string' } }, additionalProperties: { type: 'string' } },
    places: BODIES,
    request: ['additional-properties-schema-added', 'additional-properties-schema-removed'],
    response: ['additional-properties-schema-added', 'additional-properties-schema-removed'],
  },
  { schemas: pets, base: { oneOf: [ref('Cat'), ref('Dog')] }, revision: { oneOf: [ref('Dog'), ref('Cat'), ref('Bird')] }, places: PROPS, request: ['one-of-added', 'one-of-removed'], response: ['one-of-added', 'one-of-removed'] },
  { schemas: pets, base: { anyOf: [ref('Cat'), ref('Dog')] }, revision: { anyOf: [ref('Bird'), ref('Cat'), ref('Dog')] }, places: PROPS, request: ['any-of-added', 'any-of-removed'], response: ['any-of-added', 'any-of-removed'] },
  {
    schemas: pets,
    base: { oneOf: [ref('Cat'), ref('Dog')], discriminator: { propertyName: 'kind' } },
    revision: { oneOf: [ref('Cat'), ref('Dog')], discriminator: { propertyName: 'type' } },
    places: PROPS,
    request: ['discriminator-property-changed', 'discriminator-property-changed'],
    response: ['discriminator-property-changed', 'discriminator-property-changed'],
  },
  {
    schemas: pets,
    base: { oneOf: [ref('Cat'), ref('Dog')], discriminator: { propertyName: 'kind', mapping: mapping([['cat', 'Cat']]) } },
    revision: { oneOf: [ref('Cat'), ref('Dog')], discriminator: { propertyName: 'kind', mapping: mapping([['cat', 'Cat'], ['dog', 'Dog']]) } },
    places: PROPS,
    request: ['discriminator-mapping-added', 'discriminator-mapping-removed'],
    response: ['discriminator-mapping-added', 'discriminator-mapping-removed'],
  },
  {
    schemas: pets,
    base: { oneOf: [ref('Cat'), ref('Dog')], discriminator: { propertyName: 'kind', mapping: mapping([['pet', 'Cat']]) } },
    revision: { oneOf: [ref('Cat'), ref('Dog')], discriminator: { propertyName: 'kind', mapping: mapping([['pet', 'Dog']]) } },
    places: PROPS,
    request: ['discriminator-mapping-changed', 'discriminator-mapping-changed'],
    response: ['discriminator-mapping-changed', 'discriminator-mapping-changed'],
  },
];

const obj = (properties, required, extra = {}) => ({ type: 'object', ...(required ? { required } : {}), properties, ...extra });
const str = (extra = {}) => ({ type: 'string', ...extra });

/** Object property rules: the schema is the whole request body or response body. */
const whole = [
  { id: 'new-required-request-property', side: 'request', base: obj({ a: str() }), revision: obj({ a: str(), b: str() }, ['b']), reverse: ['request-property-removed'] },
  { id: 'new-optional-request-property', side: 'request', base: obj({ a: str() }), revision: obj({ a: str(), b: str() }), reverse: ['request-property-removed'] },
  { id: 'request-property-removed', side: 'request', base: obj({ a: str(), b: str() }), revision: obj({ a: str() }), reverse: ['new-optional-request-property'] },
  { id: 'request-property-became-required', side: 'request', base: obj({ a: str() }), revision: obj({ a: str() }, ['a']), reverse: ['request-property-became-optional'] },
  { id: 'request-property-became-optional', side: 'request', base: obj({ a: str() }, ['a']), revision: obj({ a: str() }), reverse: ['request-property-became-required'] },
  { id: 'request-property-became-read-only', side: 'request', base: obj({ a: str() }), revision: obj({ a: str({ readOnly: true }) }), reverse: ['request-property-became-not-read-only'] },
  // A required property that clients could not send before must be sent now.
  { id: 'request-property-became-not-read-only', side: 'request', base: obj({ a: str({ readOnly: true }) }, ['a']), revision: obj({ a: str() }, ['a']), forward: ['request-property-became-not-read-only', 'request-property-became-required'], reverse: ['request-property-became-read-only'] },
  { id: 'request-property-deprecated', side: 'request', base: obj({ a: str() }), revision: obj({ a: str({ deprecated: true }) }), reverse: ['request-property-deprecation-removed'] },
  { id: 'request-property-deprecation-removed', side: 'request', base: obj({ a: str({ deprecated: true }) }), revision: obj({ a: str() }), reverse: ['request-property-deprecated'] },
  { id: 'response-property-removed', side: 'response', base: obj({ a: str(), b: str() }, ['a', 'b']), revision: obj({ a: str() }, ['a']), reverse: ['response-property-added'] },
  { id: 'response-optional-property-removed', side: 'response', base: obj({ a: str(), b: str() }), revision: obj({ a: str() }), reverse: ['response-property-added'] },
  { id: 'response-property-added', side: 'response', base: obj({ a: str() }), revision: obj({ a: str(), b: str() }), reverse: ['response-optional-property-removed'] },
  { id: 'response-property-became-optional', side: 'response', base: obj({ a: str() }, ['a']), revision: obj({ a: str() }), reverse: ['response-property-became-required'] },
  { id: 'response-property-became-required', side: 'response', base: obj({ a: str() }), revision: obj({ a: str() }, ['a']), reverse: ['response-property-became-optional'] },
  { id: 'response-property-became-write-only', side: 'response', base: obj({ a: str() }), revision: obj({ a: str({ writeOnly: true }) }), reverse: ['response-property-became-not-write-only'] },
  { id: 'response-property-became-not-write-only', side: 'response', base: obj({ a: str({ writeOnly: true }) }), revision: obj({ a: str() }), reverse: ['response-property-became-write-only'] },
  { id: 'response-property-deprecated', side: 'response', base: obj({ a: str() }), revision: obj({ a: str({ deprecated: true }) }), reverse: ['response-property-deprecation-removed'] },
  { id: 'response-property-deprecation-removed', side: 'response', base: obj({ a: str({ deprecated: true }) }), revision: obj({ a: str() }), reverse: ['response-property-deprecated'] },
];

/** A small document with the schema at one place. */
function documentFor(place, schema, { openapi = '3.0.3', schemas } = {}) {
  const op = { operationId: 'sendThing', responses: { '200': { description: 'OK.' } } };
  const wrap = (s) => ({ type: 'object', properties: { value: s } });
  switch (place) {
    case 'request-body':
      op.requestBody = { content: { 'application/json': { schema } } };
      break;
    case 'request-property':
      op.requestBody = { content: { 'application/json': { schema: wrap(schema) } } };
      break;
    case 'request-parameter':
      op.parameters = [{ name: 'value', in: 'query', schema }];
      break;
    case 'response-body':
      op.responses['200'].content = { 'application/json': { schema } };
      break;
    case 'response-property':
      op.responses['200'].content = { 'application/json': { schema: wrap(schema) } };
      break;
    case 'response-header':
      op.responses['200'].headers = { 'X-Value': { schema } };
      break;
    default:
      throw new Error(`unknown place ${place}`);
  }
  const doc = { openapi, info: { title: 'Things', version: '1.0.0' }, paths: { '/things': { post: op } } };
  if (schemas) doc.components = { schemas };
  return doc;
}

const written = new Map();

function write(id, base, revision, forward, reverse) {
  if (written.has(id)) return;
  written.set(id, true);
  const dir = path.join(out, id);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'base.yaml'), stringify(base));
  writeFileSync(path.join(dir, 'revision.yaml'), stringify(revision));
  writeFileSync(path.join(dir, 'expect.yaml'), stringify({ forward: [...forward].sort(), reverse: [...reverse].sort() }));
}

for (const c of placed) {
  for (const place of c.places) {
    const side = REQUEST.includes(place) ? c.request : c.response;
    const [fwd, rev] = side;
    const opts = { openapi: c.openapi, schemas: c.schemas };
    const base = documentFor(place, c.base, opts);
    const revision = documentFor(place, c.revision, opts);
    const idOf = (suffix) => (suffix ? [`${place}-${suffix}`] : []);
    if (fwd) write(`${place}-${fwd}`, base, revision, idOf(fwd), idOf(rev));
    if (rev) write(`${place}-${rev}`, revision, base, idOf(rev), idOf(fwd));
  }
}
for (const c of whole) {
  const place = c.side === 'request' ? 'request-body' : 'response-body';
  write(c.id, documentFor(place, c.base), documentFor(place, c.revision), c.forward ?? [c.id], c.reverse);
}
console.log(`wrote ${written.size} fixture folders under ${path.relative(root, out)}/`);
