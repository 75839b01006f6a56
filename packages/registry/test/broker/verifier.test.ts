import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MatchersV3, PactV4, Verifier } from '@pact-foundation/pact';
import { pactBroker, plain, startRegistry } from './helpers.js';
import type { RunningRegistry } from './helpers.js';

// A provider without an OpenAPI document: here only the pact-js Verifier's results can decide.
const TOKEN = 'write-token-for-verifier-tests';
const CONSUMER = 'Storefront';
const PROVIDER = 'Inventory';

/** Runs a pact-js consumer test that writes `Storefront-Inventory.json` into `dir`. */
async function writeConsumerPact(dir: string): Promise<void> {
  const pact = new PactV4({ consumer: CONSUMER, provider: PROVIDER, dir, logLevel: 'error' });
  await pact
    .addInteraction()
    .given('item 7 is in stock')
    .uponReceiving('a request for item 7')
    .withRequest('GET', '/items/7', (builder) => builder.headers({ accept: 'application/json' }))
    .willRespondWith(200, (builder) =>
      builder.jsonBody({ id: MatchersV3.integer(7), name: MatchersV3.string('kettle'), inStock: MatchersV3.boolean(true) }),
    )
    .executeTest(async (mock) => {
      const response = await fetch(`${mock.url}/items/7`, { headers: { accept: 'application/json' } });
      const item = (await response.json()) as { name: string };
      expect(item.name).toBe('kettle');
    });
}

/** A tiny provider; `inStockAs` lets a test break the contract (a string where a boolean is expected). */
async function startProvider(inStockAs: boolean | string): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((request, response) => {
    if (request.method === 'GET' && request.url === '/items/7') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ id: 7, name: 'kettle', inStock: inStockAs }));
      return;
    }
    response.writeHead(request.method === 'POST' ? 200 : 404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

function verifier(registry: RunningRegistry, providerBaseUrl: string, providerVersion: string): Verifier {
  return new Verifier({
    provider: PROVIDER,
    providerBaseUrl,
    pactBrokerUrl: registry.url,
    pactBrokerToken: TOKEN,
    consumerVersionSelectors: [{ branch: 'main' }, { deployedOrReleased: true }],
    publishVerificationResult: true,
    providerVersion,
    providerVersionBranch: 'main',
    stateHandlers: { 'item 7 is in stock': async () => undefined },
    logLevel: 'error',
  });
}

describe('the pact-js Verifier against the registry', () => {
  let registry: RunningRegistry;
  let dir: string;

  beforeAll(async () => {
    registry = await startRegistry(TOKEN);
    dir = await mkdtemp(path.join(tmpdir(), 'rollgate-pactjs-'));
    await writeConsumerPact(dir);
    const broker = (...args: string[]) => pactBroker(registry, TOKEN, args);
    const published = await broker('publish', dir, '--consumer-app-version', '1.4.0', '--branch', 'main');
    expect(published.code, published.stdout).toBe(0);
    expect((await broker('create-environment', '--name', 'production')).code).toBe(0);
    expect((await broker('record-deployment', '--pacticipant', CONSUMER, '--version', '1.4.0', '--environment', 'production')).code).toBe(0);
  });

  afterAll(async () => {
    await registry?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('offers the pact once, however many selectors pick it', async () => {
    const response = await registry.app.inject({
      method: 'POST',
      url: `/pacts/provider/${PROVIDER}/for-verification`,
      headers: { accept: 'application/hal+json', authorization: `Bearer ${TOKEN}` },
      payload: { consumerVersionSelectors: [{ branch: 'main' }, { deployedOrReleased: true }], providerVersionBranch: 'main' },
    });
    expect(response.statusCode).toBe(200);
    const pacts = (response.json() as { _embedded: { pacts: { shortDescription: string }[] } })._embedded.pacts;
    expect(pacts).toHaveLength(1);
    expect(pacts[0]?.shortDescription).toContain('latest version from branch main of Storefront (1.4.0)');
    expect(pacts[0]?.shortDescription).toContain('deployed or released of Storefront (1.4.0)');
  });

  it('fetches the pacts to verify, verifies them and publishes a successful result', async () => {
    const provider = await startProvider(true);
    try {
      await verifier(registry, provider.url, '3.1.0').verifyProvider();
    } finally {
      await provider.close();
    }
    const pact = await registry.store.getPact(CONSUMER, '1.4.0', PROVIDER);
    const results = await registry.store.listVerifications({ provider: PROVIDER, providerVersion: '3.1.0' });
    expect(results).toEqual([expect.objectContaining({ pactHash: pact?.hash, consumer: CONSUMER, success: true })]);
    expect((await registry.store.getVersion(PROVIDER, '3.1.0'))?.branches).toEqual(['main']);

    const canDeploy = await pactBroker(registry, TOKEN, ['can-i-deploy', '--pacticipant', PROVIDER, '--version', '3.1.0', '--to-environment', 'production']);
    expect(canDeploy.code, plain(canDeploy.stdout)).toBe(0);
    expect(plain(canDeploy.stdout)).toMatch(/Storefront\s+┆ 1\.4\.0\s+┆ Inventory\s+┆ 3\.1\.0\s+┆ true .*pact-verification/);
  });

  it('publishes a failed result when the provider breaks the pact, and can-i-deploy then says no', async () => {
    const provider = await startProvider('yes');
    try {
      await expect(verifier(registry, provider.url, '3.2.0').verifyProvider()).rejects.toThrow();
    } finally {
      await provider.close();
    }
    const results = await registry.store.listVerifications({ provider: PROVIDER, providerVersion: '3.2.0' });
    expect(results).toEqual([expect.objectContaining({ consumer: CONSUMER, success: false })]);

    const canDeploy = await pactBroker(registry, TOKEN, ['can-i-deploy', '--pacticipant', PROVIDER, '--version', '3.2.0', '--to-environment', 'production']);
    expect(canDeploy.code).toBe(1);
    expect(plain(canDeploy.stdout)).toContain("Inventory 3.2.0 failed to verify Storefront 1.4.0's pact");
  });
});
