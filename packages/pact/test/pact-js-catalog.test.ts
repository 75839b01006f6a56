import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MatchersV3, PactV3 } from '@pact-foundation/pact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSpecs } from '@rollgate/openapi';
import type { ApiModel } from '@rollgate/openapi';
import { extractUsage, parsePact, verifyPact } from '../src/index.js';
import type { Pact } from '../src/index.js';
import { fixtureModel, fixtureText, modelOf } from './helpers.js';

const { like, eachKeyLike, integer, decimal, regex, string, iso8601DateTime } = MatchersV3;

/** A storefront's client of the Catalog API: a region cookie on every call. */
async function call(url: string, init: RequestInit = {}): Promise<number> {
  const response = await fetch(url, init);
  await response.text();
  return response.status;
}

const PRODUCT = {
  id: string('p-1'),
  updatedAt: iso8601DateTime('2024-05-01T10:00:00Z'),
  name: string('Teapot'),
  labels: eachKeyLike('colour', string('red')),
  'unit-price': decimal(19.5),
  stock: eachKeyLike('warehouse-1', { quantity: integer(3) }),
};

const CREATED = {
  id: 'p-4',
  updatedAt: '2024-05-02T09:00:00Z',
  name: 'Kettle',
  labels: { colour: 'black' },
  'unit-price': 35,
  stock: { 'warehouse-2': { quantity: 1 } },
};

let dir: string;
let model: ApiModel;
let pact: Pact;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rollgate-pact-js-catalog-'));
  model = await fixtureModel('maps-headers-cookies');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a PactV3 consumer with map values, header matchers and cookies', () => {
  it('writes its pact through the mock server', async () => {
    const v3 = new PactV3({ consumer: 'storefront', provider: 'catalog', dir, logLevel: 'error' });
    v3.uponReceiving('a product with its labels and stock')
      .withRequest({ method: 'GET', path: '/products/p-1', headers: { Cookie: 'region=eu' } })
      .willRespondWith({
        status: 200,
        headers: { 'Content-Type': 'application/json', 'X-RateLimit-Remaining': integer(42), ETag: regex('"[0-9a-f]+"', '"5e1f"') },
        body: PRODUCT,
      });
    await v3.executeTest(async (server) => {
      expect(await call(`${server.url}/products/p-1`, { headers: { Cookie: 'region=eu' } })).toBe(200);
    });
    v3.uponReceiving('a product served from a cache tier the provider never names')
      .withRequest({ method: 'GET', path: '/products/p-2', headers: { Cookie: 'region=asia' } })
      .willRespondWith({
        status: 200,
        headers: { 'Content-Type': 'application/json', 'X-Cache': regex('STALE|EXPIRED', 'STALE'), 'X-RateLimit-Remaining': regex('[a-z]+', 'plenty') },
        body: like({ id: 'p-2', updatedAt: '2024-05-01T10:00:00Z', name: 'Mug', labels: {}, 'unit-price': 4.5, stock: {} }),
      });
    await v3.executeTest(async (server) => {
      expect(await call(`${server.url}/products/p-2`, { headers: { Cookie: 'region=asia' } })).toBe(200);
    });
    v3.uponReceiving('a product without the region cookie')
      .withRequest({ method: 'GET', path: '/products/p-3' })
      .willRespondWith({ status: 200, headers: { 'Content-Type': 'application/json' }, body: { id: string('p-3'), name: string('Cup') } });
    await v3.executeTest(async (server) => {
      expect(await call(`${server.url}/products/p-3`)).toBe(200);
    });
    const sent = { ...CREATED, colour: 'black' };
    v3.uponReceiving('a request to create a product with a field no part of the schema declares')
      .withRequest({ method: 'POST', path: '/products', headers: { Cookie: 'region=us', 'Content-Type': 'application/json' }, body: sent })
      .willRespondWith({
        status: 201,
        headers: { 'Content-Type': 'application/json', Location: like('/products/p-4'), 'X-Request-Count': integer(1) },
        body: like(CREATED),
      });
    await v3.executeTest(async (server) => {
      const init = { method: 'POST', headers: { Cookie: 'region=us', 'Content-Type': 'application/json' }, body: JSON.stringify(sent) };
      expect(await call(`${server.url}/products`, init)).toBe(201);
    });
    const file = join(dir, 'storefront-catalog.json');
    pact = parsePact(readFileSync(file, 'utf8'), file);
    expect(pact.interactions).toHaveLength(4);
  });

  it('gets the verdicts recorded in fixtures/pact/maps-headers-cookies', () => {
    const expected = JSON.parse(fixtureText('maps-headers-cookies', 'expected.json')) as { findings: { code: string; interaction: string }[] };
    const result = verifyPact(pact, model);
    const key = (f: { code: string; interaction: string }): string => `${f.code} @ ${f.interaction}`;
    expect(result.findings.map(key).sort()).toEqual(expected.findings.map(key).sort());
    const byHeader = new Map(result.findings.filter((f) => f.code === 'response.header.incompatible').map((f) => [f.pactPointer.split('/').pop(), f]));
    expect(byHeader.get('X-Cache')!.message).toBe('response header "X-Cache" = "STALE" (regex matcher): ' + "none of the provider's values (HIT, MISS) match the consumer's regex STALE|EXPIRED");
    expect(byHeader.get('X-Cache')!.specPointer).toBe('/paths/~1products~1{productId}/get/responses/200/headers/X-Cache/schema/enum');
    expect(byHeader.get('X-RateLimit-Remaining')!.message).toBe('response header "X-RateLimit-Remaining" = "plenty": the consumer expects string (regex matcher) but the provider declares integer');
    const cookie = result.findings.find((f) => f.interaction.startsWith('a product served'))!;
    expect(cookie).toMatchObject({ code: 'request.cookie.incompatible', pactPointer: '/interactions/0/request/headers/Cookie', specPointer: '/components/parameters/Region/schema/enum' });
    expect(result.findings.find((f) => f.code === 'request.body.incompatible')!.message).toBe('request body $.colour: field "colour" is not allowed by the provider\'s schema');
  });

  it('checks header matchers against the schema rather than the example', async () => {
    // The example "42" is a valid string, but a string header may carry "abc", which `integer(42)` rejects.
    const asString = await modelOf(fixtureText('maps-headers-cookies', 'openapi.yaml').replace('X-RateLimit-Remaining: { schema: { type: integer, minimum: 0 } }', 'X-RateLimit-Remaining: { schema: { type: string } }'));
    const findings = verifyPact(pact, asString).findings.filter((f) => f.interaction === 'a product with its labels and stock');
    expect(findings.map((f) => [f.code, f.pactPointer])).toEqual([['response.header.incompatible', '/interactions/1/response/headers/X-RateLimit-Remaining']]);
    expect(findings[0]!.message).toBe('response header "X-RateLimit-Remaining" = "42": the consumer expects integer (integer matcher) but the provider declares string');
    // A `type` matcher accepts any header text: the provider may change the Location header's schema freely.
    const location = await modelOf(fixtureText('maps-headers-cookies', 'openapi.yaml').replace('Location: { schema: { type: string } }', "Location: { schema: { type: string, enum: ['/products/new'] } }"));
    expect(verifyPact(pact, location).findings.filter((f) => f.pactPointer.endsWith('/Location'))).toEqual([]);
  });

  it('names map values with a wildcard, as the schema diff does, with and without a provider spec', async () => {
    const usage = extractUsage(pact, model);
    const get = usage.operations.find((op) => op.method === 'GET')!;
    expect(get.path).toBe('/products/{productId}');
    expect(get.response.fields).toEqual(['$', '$.id', '$.labels', '$.labels.*', '$.name', '$.stock', '$.stock.*', '$.stock.*.quantity', '$.updatedAt', '$["unit-price"]']);
    expect(get.request.parameters).toEqual([
      { in: 'cookie', name: 'region' },
      { in: 'path', name: 'productId' },
    ]);
    // Without a matcher the keys of an `additionalProperties` map still read as `*` through the schema.
    const create = usage.operations.find((op) => op.method === 'POST')!;
    expect(create.request.bodyFields).toEqual(['$', '$.colour', '$.id', '$.labels', '$.labels.*', '$.name', '$.stock', '$.stock.*', '$.stock.*.quantity', '$.updatedAt', '$["unit-price"]']);
    // Without a spec only the `values` matcher says the keys are free.
    const bare = extractUsage(pact).operations.find((op) => op.path === '/products/p-1')!;
    expect(bare.response.fields).toContain('$.stock.*.quantity');
    expect(extractUsage(pact).operations.find((op) => op.path === '/products')!.request.bodyFields).toContain('$.stock["warehouse-2"].quantity');

    // The join the registry makes: a change to the map's values is a change to a field the consumer reads.
    const revision = await modelOf(fixtureText('maps-headers-cookies', 'openapi.yaml').replace('quantity: { type: integer }', 'quantity: { type: string }'));
    const changes = checkSpecs(model, revision).filter((c) => c.operation?.method === 'GET' && c.direction === 'response');
    expect(changes.map((c) => c.target?.name)).toContain('$.stock.*.quantity');
    for (const change of changes) expect(get.response.fields).toContain(change.target!.name);
  });
});
