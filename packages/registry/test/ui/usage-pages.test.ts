import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry, type TestRegistry } from './registry.js';
import { MatchersV3, PactV3 } from '@pact-foundation/pact';

function catalogSpec(version: string, v1Item: Record<string, unknown>, required: string[]): string {
  const item = (properties: Record<string, unknown>, req: string[]) => ({
    type: 'object',
    required: req,
    properties,
  });
  return JSON.stringify({
    openapi: '3.0.3',
    info: { title: 'catalog', version },
    paths: {
      '/v1/items/{id}': {
        get: {
          deprecated: true,
          summary: 'An item (old shape)',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'the item', content: { 'application/json': { schema: item(v1Item, required) } } } },
        },
      },
      '/v2/items/{id}': {
        get: {
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': {
              description: 'the item',
              content: { 'application/json': { schema: item({ id: { type: 'string' }, title: { type: 'string' } }, ['id', 'title']) } },
            },
          },
        },
      },
    },
  });
}

/** The consumer "shop" reads an item's id and name from the deprecated v1 endpoint. */
async function shopPact(dir: string): Promise<string> {
  const pact = new PactV3({ consumer: 'shop', provider: 'catalog', dir, logLevel: 'warn' });
  pact
    .uponReceiving('a request for item 42')
    .withRequest({ method: 'GET', path: '/v1/items/42', headers: { accept: 'application/json' } })
    .willRespondWith({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: { id: MatchersV3.like('42'), name: MatchersV3.like('Teapot') },
    });
  await pact.executeTest(async (server) => {
    const response = await fetch(`${server.url}/v1/items/42`, { headers: { accept: 'application/json' } });
    const item = (await response.json()) as { name: string };
    expect(item.name).toBe('Teapot');
  });
  return readFile(join(dir, 'shop-catalog.json'), 'utf8');
}

describe('usage on the service and diff pages (pact written by pact-js)', () => {
  let registry: TestRegistry;
  let pactDir: string;

  beforeAll(async () => {
    pactDir = await mkdtemp(join(tmpdir(), 'rollgate-ui-pact-'));
    registry = await startRegistry();
    const inject = async (method: 'PUT' | 'POST', url: string, payload: string | object, type = 'application/json') => {
      const response = await registry.app.inject({ method, url, payload, headers: { 'content-type': type } });
      expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeLessThan(300);
    };
    const full = { id: { type: 'string' }, name: { type: 'string' }, price: { type: 'number' } };
    await inject('PUT', '/services/catalog/versions/1.0.0/openapi', catalogSpec('1.0.0', full, ['id', 'name', 'price']));
    await inject('PUT', '/services/catalog/versions/1.1.0/openapi', catalogSpec('1.1.0', { id: { type: 'string' } }, ['id']));
    await inject('PUT', '/services/shop/versions/1.0.0/pacts/catalog', await shopPact(pactDir));
    await inject('POST', '/deployments', { service: 'catalog', version: '1.0.0', environment: 'production' });
    await inject('POST', '/deployments', { service: 'shop', version: '1.0.0', environment: 'production' });
  });

  afterAll(async () => {
    await registry?.close();
    if (pactDir) await rm(pactDir, { recursive: true, force: true });
  });

  const page = async (url: string): Promise<string> => {
    const response = await registry.app.inject({ url });
    expect(response.statusCode, url).toBe(200);
    return response.body;
  };

  it('marks the deprecated endpoint with the consumer that still uses it and the fields it reads', async () => {
    const body = await page('/ui/services/catalog?version=1.0.0');
    const sections = body.split('<section class="endpoint"').slice(1);
    const v1 = sections.find((section) => section.includes('<code>/v1/items/{id}</code>'))!;
    const v2 = sections.find((section) => section.includes('<code>/v2/items/{id}</code>'))!;
    expect(v1).toContain('<span class="badge level-warning">deprecated</span>');
    expect(v1).toContain('Deprecated but still used by <strong>shop 1.0.0</strong> (running in production).');
    expect(v1).toMatch(/<td>production<\/td><td><div><span class="visually-hidden">sends: <\/span><ul class="fields" aria-label="sends"><li><code>path id<\/code><\/li><\/ul><\/div><\/td>/);
    expect(v1).toContain('<li><code>$.id</code></li><li><code>$.name</code></li>');
    expect(v2).toContain('No consumer uses this endpoint.');
    // The index above the sections answers the same at a glance.
    expect(body).toMatch(/<code>\/v1\/items\/\{id\}<\/code><\/a> <span class="badge level-warning">deprecated<\/span><\/th><td class="num">1<\/td><td>shop 1\.0\.0 \(production\)<\/td>/);
    expect(body).toMatch(/<code>\/v2\/items\/\{id\}<\/code><\/a><\/th><td class="num">0<\/td><td><span class="cell-empty">unused<\/span><\/td>/);
  });

  it('names the consumer a removed field breaks, and only that field', async () => {
    const body = await page('/ui/services/catalog/diff?from=1.0.0&to=1.1.0');
    const items = [...body.matchAll(/<li><span class="badge level-(\w+)">\w+<\/span> ([^<]*) <code class="muted">([^<]+)<\/code>(.*?)<\/li>/gs)].map((m) => ({
      level: m[1],
      message: m[2]!.replace(/&quot;/g, '"'),
      affected: m[4]!.replace(/<[^>]+>/g, ''),
    }));
    const name = items.find((i) => i.message.includes('"$.name"'));
    const price = items.find((i) => i.message.includes('"$.price"'));
    expect(name?.level).toBe('breaking');
    expect(name?.affected).toBe('Affects shop 1.0.0 (production) via $.name');
    expect(price?.affected).toBe('No known consumer uses what changed.');
  });
});
