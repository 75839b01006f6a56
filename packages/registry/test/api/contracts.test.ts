import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { body, contract, deploy, publishDemo, testRegistry } from './helpers.js';
import type { TestRegistry } from './helpers.js';

let registry: TestRegistry | undefined;
afterEach(async () => {
  await registry?.close();
  registry = undefined;
});

type ErrorBody = { error: { code: string; message: string } };

describe('publishing OpenAPI documents', () => {
  it('answers 201, then 200 for the same content, then 409 for different content and keeps the first', async () => {
    registry = await testRegistry();
    const { app, store } = registry;
    const url = '/services/A/versions/1.0.0/openapi';
    const v1 = await contract('a/v1/openapi.yaml');
    const first = await app.inject({ method: 'PUT', url, payload: v1, headers: { 'content-type': 'application/yaml' } });
    expect(first.statusCode).toBe(201);
    expect(body(first)).toMatchObject({ service: 'A', version: '1.0.0', kind: 'openapi', created: true });
    const stored = body<{ hash: string }>(first).hash;

    const again = await app.inject({ method: 'PUT', url, payload: v1, headers: { 'content-type': 'text/yaml' } });
    expect(again.statusCode).toBe(200);
    expect(body(again)).toMatchObject({ created: false, hash: stored });

    const different = await app.inject({ method: 'PUT', url, payload: await contract('a/v2/openapi.yaml'), headers: { 'content-type': 'application/yaml' } });
    expect(different.statusCode).toBe(409);
    expect(body<ErrorBody>(different).error.code).toBe('CONFLICT');
    expect(body<ErrorBody>(different).error.message).toContain(stored.slice(0, 12));
    const kept = await store.getOpenApi('A', '1.0.0');
    expect(kept?.hash).toBe(stored);
    expect(JSON.stringify(kept?.document)).not.toContain('tracking');
  });

  it('takes the JSON twin of a YAML document as the same content', async () => {
    registry = await testRegistry();
    const { parse } = await import('yaml');
    const yamlText = await contract('a/v1/openapi.yaml');
    const url = '/services/A/versions/1.0.0/openapi';
    expect((await registry.app.inject({ method: 'PUT', url, payload: yamlText, headers: { 'content-type': 'application/yaml' } })).statusCode).toBe(201);
    const asJson = JSON.stringify(parse(yamlText), null, 2);
    const twin = await registry.app.inject({ method: 'PUT', url, payload: asJson, headers: { 'content-type': 'application/json' } });
    expect(twin.statusCode).toBe(200);
  });

  it('answers 400 naming the problem and the line for an invalid document', async () => {
    registry = await testRegistry();
    const broken = (await contract('a/v1/openapi.yaml')).replace("$ref: '#/components/schemas/OrderLine'", "$ref: '#/components/schemas/Missing'");
    const response = await registry.app.inject({
      method: 'PUT',
      url: '/services/A/versions/1.0.0/openapi',
      payload: broken,
      headers: { 'content-type': 'application/yaml' },
    });
    expect(response.statusCode).toBe(400);
    const { error } = body<ErrorBody>(response);
    expect(error.code).toBe('REF_UNRESOLVED');
    expect(error.message).toMatch(/#\/components\/schemas\/Missing/);
    expect(error.message).toMatch(/:\d+/);
    expect(await registry.store.getService('A')).toBeUndefined();
  });

  it('answers 400 for YAML syntax errors, non-OpenAPI documents and empty bodies', async () => {
    registry = await testRegistry();
    const url = '/services/A/versions/1.0.0/openapi';
    const cases: [string, string][] = [
      ['openapi: 3.0.3\ninfo: [unclosed\n', 'SPEC_SYNTAX'],
      [stringify({ hello: 'world' }), 'SPEC_'],
      ['', 'BAD_REQUEST|SPEC_INVALID'],
    ];
    for (const [payload, code] of cases) {
      const response = await registry.app.inject({ method: 'PUT', url, payload, headers: { 'content-type': 'application/yaml' } });
      expect(response.statusCode, payload).toBe(400);
      expect(body<ErrorBody>(response).error.code).toMatch(new RegExp(code));
    }
  });

  it('refuses an external $ref instead of reading the server\'s files', async () => {
    registry = await testRegistry();
    const spec = (await contract('a/v1/openapi.yaml')).replace("$ref: '#/components/schemas/OrderLine'", "$ref: '/etc/passwd#/x'");
    const response = await registry.app.inject({
      method: 'PUT',
      url: '/services/A/versions/1.0.0/openapi',
      payload: spec,
      headers: { 'content-type': 'application/yaml' },
    });
    expect(response.statusCode).toBe(400);
    expect(body<ErrorBody>(response).error.message).toMatch(/external \$ref/);
  });
});

describe('publishing pacts', () => {
  it('answers 201, 200 and 409 like specs, and stores usages keyed by the provider\'s templates', async () => {
    registry = await testRegistry();
    const { app, store } = registry;
    await app.inject({
      method: 'PUT',
      url: '/services/A/versions/2.0.0/openapi',
      payload: await contract('a/v2/openapi.yaml'),
      headers: { 'content-type': 'application/yaml' },
    });
    const url = '/services/B/versions/2.0.0/pacts/A';
    const pact = await contract('b/v2/B-A.json');
    const first = await app.inject({ method: 'PUT', url, payload: pact, headers: { 'content-type': 'application/json' } });
    expect(first.statusCode).toBe(201);
    expect(body(first)).toMatchObject({ service: 'B', version: '2.0.0', kind: 'pact', provider: 'A', created: true });
    expect((await app.inject({ method: 'PUT', url, payload: pact, headers: { 'content-type': 'application/json' } })).statusCode).toBe(200);
    const other = await app.inject({ method: 'PUT', url, payload: await contract('b/v1/B-A.json'), headers: { 'content-type': 'application/json' } });
    expect(other.statusCode).toBe(409);
    expect((await store.getPact('B', '2.0.0', 'A'))?.hash).toBe(body<{ hash: string }>(first).hash);

    const usages = await store.usagesOfConsumer('B', '2.0.0', 'A');
    expect(usages.map((usage) => `${usage.method} ${usage.path}`).sort()).toEqual(['GET /orders/{id}', 'GET /orders/{id}/tracking', 'POST /orders']);
    expect(usages.every((usage) => usage.matched)).toBe(true);
    expect(usages.find((usage) => usage.path === '/orders/{id}')?.responseFields).toContain('$.estimatedDelivery');
  });

  it('re-keys usages of a pact published before any spec once the spec arrives', async () => {
    registry = await testRegistry();
    const { app, store } = registry;
    await app.inject({
      method: 'PUT',
      url: '/services/B/versions/2.0.0/pacts/A',
      payload: await contract('b/v2/B-A.json'),
      headers: { 'content-type': 'application/json' },
    });
    const before = await store.usagesOfConsumer('B', '2.0.0', 'A');
    expect(before.some((usage) => usage.path === '/orders/ord-42/tracking' && !usage.matched)).toBe(true);
    await app.inject({
      method: 'PUT',
      url: '/services/A/versions/2.0.0/openapi',
      payload: await contract('a/v2/openapi.yaml'),
      headers: { 'content-type': 'application/yaml' },
    });
    const after = await store.usagesOfConsumer('B', '2.0.0', 'A');
    expect(after.map((usage) => usage.path)).toContain('/orders/{id}/tracking');
    expect(after.every((usage) => usage.matched)).toBe(true);
  });

  it('answers 400 when the pact names another consumer or provider than the URL, or is not a pact', async () => {
    registry = await testRegistry();
    const pact = await contract('b/v1/B-A.json');
    const wrongProvider = await registry.app.inject({ method: 'PUT', url: '/services/B/versions/1.0.0/pacts/C', payload: pact });
    expect(wrongProvider.statusCode).toBe(400);
    expect(body<ErrorBody>(wrongProvider).error.message).toMatch(/provider is "A", not "C"/);
    const wrongConsumer = await registry.app.inject({ method: 'PUT', url: '/services/X/versions/1.0.0/pacts/A', payload: pact });
    expect(wrongConsumer.statusCode).toBe(400);
    const notPact = await registry.app.inject({ method: 'PUT', url: '/services/B/versions/1.0.0/pacts/A', payload: '{"hello": 1}' });
    expect(notPact.statusCode).toBe(400);
    expect(body<ErrorBody>(notPact).error.code).toMatch(/^PACT_/);
  });
});

describe('deployments and service views', () => {
  it('ends the previous deployment of a service in an environment, and 404s unknown versions', async () => {
    registry = await testRegistry();
    const { app } = registry;
    await publishDemo(app);
    expect((await deploy(app, 'A', '1.0.0', 'production')).statusCode).toBe(201);
    const second = await deploy(app, 'A', '2.0.0', 'production');
    expect(second.statusCode).toBe(201);
    expect(body(second)).toMatchObject({
      deployment: { service: 'A', version: '2.0.0', environment: 'production', instance: null, endedAt: null },
      ended: { version: '1.0.0' },
    });
    expect((await deploy(app, 'A', '2.0.0', 'production')).statusCode).toBe(200);
    const unknown = await deploy(app, 'A', '7.0.0', 'production');
    expect(unknown.statusCode).toBe(404);
    expect(body<ErrorBody>(unknown).error.message).toBe('unknown version "A@7.0.0"');
    const invalid = await app.inject({ method: 'POST', url: '/deployments', payload: { service: 'A', version: '1.0.0' } });
    expect(invalid.statusCode).toBe(400);

    const list = await app.inject({ method: 'GET', url: '/deployments?environment=production' });
    expect(body<{ deployments: { service: string; version: string }[] }>(list).deployments).toEqual([
      expect.objectContaining({ service: 'A', version: '2.0.0' }),
    ]);
  });

  it('lists services, a service and a version with their contracts and environments', async () => {
    registry = await testRegistry();
    const { app } = registry;
    await publishDemo(app);
    await deploy(app, 'A', '2.0.0', 'production');
    await deploy(app, 'B', '2.0.0', 'production');
    await deploy(app, 'B', '1.0.0', 'staging');

    const services = body<{ services: Record<string, unknown>[] }>(await app.inject({ method: 'GET', url: '/services' })).services;
    expect(services).toEqual([
      { name: 'A', versions: 2, latestVersion: '2.0.0', consumers: 1, providers: 0, environments: { production: ['2.0.0'] } },
      { name: 'B', versions: 2, latestVersion: '2.0.0', consumers: 0, providers: 1, environments: { production: ['2.0.0'], staging: ['1.0.0'] } },
    ]);

    const a = body<{ versions: { version: string; openapi: unknown; environments: string[] }[]; consumers: string[] }>(
      await app.inject({ method: 'GET', url: '/services/A' }),
    );
    expect(a.versions.map((version) => version.version)).toEqual(['1.0.0', '2.0.0']);
    expect(a.versions[1]).toMatchObject({ environments: ['production'], openapi: { hash: expect.any(String) } });
    expect(a.consumers).toEqual(['B']);

    const b1 = await app.inject({ method: 'GET', url: '/services/B/versions/1.0.0' });
    expect(body(b1)).toMatchObject({ service: 'B', version: '1.0.0', openapi: null, pacts: [{ provider: 'A' }], environments: ['staging'] });
    expect((await app.inject({ method: 'GET', url: '/services/Q' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/services/B/versions/9' })).statusCode).toBe(404);
  });

  it('lists endpoints with the consumer versions, environments and fields using each', async () => {
    registry = await testRegistry();
    const { app } = registry;
    await publishDemo(app);
    await deploy(app, 'B', '2.0.0', 'production');
    await deploy(app, 'B', '1.0.0', 'staging');

    type Endpoints = {
      version: string;
      endpoints: { method: string; path: string; inSpec: boolean; consumers: { service: string; version: string; environments: string[]; responseFields: string[] }[] }[];
    };
    const latest = body<Endpoints>(await app.inject({ method: 'GET', url: '/services/A/endpoints' }));
    expect(latest.version).toBe('2.0.0');
    const tracking = latest.endpoints.find((endpoint) => endpoint.path === '/orders/{id}/tracking');
    expect(tracking?.inSpec).toBe(true);
    expect(tracking?.consumers).toEqual([expect.objectContaining({ service: 'B', version: '2.0.0', environments: ['production'] })]);
    expect(tracking?.consumers[0]?.responseFields).toContain('$.carrier');
    const order = latest.endpoints.find((endpoint) => endpoint.method === 'GET' && endpoint.path === '/orders/{id}');
    expect(order?.consumers.map((consumer) => consumer.version).sort()).toEqual(['1.0.0', '2.0.0']);
    const list = latest.endpoints.find((endpoint) => endpoint.method === 'GET' && endpoint.path === '/orders');
    expect(list?.consumers).toEqual([]);

    // Against A 1.0.0 the tracking endpoint B 2.0.0 uses is missing: listed, marked not in the spec.
    const old = body<Endpoints>(await app.inject({ method: 'GET', url: '/services/A/endpoints?version=1.0.0' }));
    expect(old.endpoints.find((endpoint) => endpoint.path === '/orders/{id}/tracking')).toMatchObject({ inSpec: false });
  });
});
