#!/usr/bin/env node
// Regenerates the demo's consumer contracts: B's pacts with A, written by pact-js consumer tests
// that exercise a small client of A against Pact's mock server (B v1 as a V3 pact, B v2 as V4).
// pact-js V4 builders set the content type of JSON bodies themselves.
// Run with `node scripts/generate-demo-pacts.mjs`; the files land in contracts/b/v1 and contracts/b/v2.
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// pact-js is a dev dependency of the registry package, which tests against these files.
const require = createRequire(path.join(root, 'packages/registry/package.json'));
const { PactV3, PactV4, MatchersV3 } = require('@pact-foundation/pact');
const { like, eachLike, integer, decimal, regex, datetime } = MatchersV3;

/** B's client of A: the code the consumer tests exercise. */
function ordersClient(baseUrl) {
  const call = async (method, path, body) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}`);
    return response.json();
  };
  return {
    getOrder: (id) => call('GET', `/orders/${id}`),
    placeOrder: (lines) => call('POST', '/orders', { lines }),
    getTracking: (id) => call('GET', `/orders/${id}/tracking`),
  };
}

function expect(condition, message) {
  if (!condition) throw new Error(`consumer test failed: ${message}`);
}

const STATUS = regex('placed|paid|shipped|delivered|cancelled', 'shipped');

async function placeOrderInteraction(pact) {
  await pact
    .addInteraction()
    .uponReceiving('a request to place an order')
    .withRequest('POST', '/orders', (request) =>
      request.jsonBody({ lines: eachLike({ sku: like('SKU-1'), quantity: integer(2) }) }),
    )
    .willRespondWith(201, (response) =>
      response.jsonBody({ id: like('ord-43'), status: STATUS, total: decimal(19.9) }),
    )
    .executeTest(async (server) => {
      const order = await ordersClient(server.url).placeOrder([{ sku: 'SKU-1', quantity: 2 }]);
      expect(typeof order.id === 'string', 'placing an order returns its id');
    });
}

async function consumerV1(dir) {
  const pact = new PactV3({ consumer: 'B', provider: 'A', dir, logLevel: 'warn' });
  pact
    .given('order ord-42 exists')
    .uponReceiving('a request for order ord-42')
    .withRequest({ method: 'GET', path: '/orders/ord-42', headers: { accept: 'application/json' } })
    .willRespondWith({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: { id: like('ord-42'), status: STATUS, total: decimal(59.9) },
    });
  await pact.executeTest(async (server) => {
    const order = await ordersClient(server.url).getOrder('ord-42');
    expect(order.total === 59.9, 'the order total is read');
  });
  const create = new PactV3({ consumer: 'B', provider: 'A', dir, logLevel: 'warn' });
  create
    .uponReceiving('a request to place an order')
    .withRequest({
      method: 'POST',
      path: '/orders',
      headers: { 'content-type': 'application/json' },
      body: { lines: eachLike({ sku: like('SKU-1'), quantity: integer(2) }) },
    })
    .willRespondWith({
      status: 201,
      headers: { 'content-type': 'application/json' },
      body: { id: like('ord-43'), status: STATUS, total: decimal(19.9) },
    });
  await create.executeTest(async (server) => {
    const order = await ordersClient(server.url).placeOrder([{ sku: 'SKU-1', quantity: 2 }]);
    expect(typeof order.id === 'string', 'placing an order returns its id');
  });
}

async function consumerV2(dir) {
  const pact = new PactV4({ consumer: 'B', provider: 'A', dir, logLevel: 'warn' });
  await pact
    .addInteraction()
    .given('order ord-42 has shipped')
    .uponReceiving('a request for order ord-42 with its delivery date')
    .withRequest('GET', '/orders/ord-42', (request) => request.headers({ accept: 'application/json' }))
    .willRespondWith(200, (response) =>
      response.jsonBody({
        id: like('ord-42'),
        status: STATUS,
        total: decimal(59.9),
        estimatedDelivery: regex('\\d{4}-\\d{2}-\\d{2}', '2025-06-02'),
      }),
    )
    .executeTest(async (server) => {
      const order = await ordersClient(server.url).getOrder('ord-42');
      expect(order.estimatedDelivery === '2025-06-02', 'the delivery date is read');
    });
  await pact
    .addInteraction()
    .given('order ord-42 has shipped')
    .uponReceiving('a request for the tracking of order ord-42')
    .withRequest('GET', '/orders/ord-42/tracking', (request) => request.headers({ accept: 'application/json' }))
    .willRespondWith(200, (response) =>
      response.jsonBody({
        orderId: like('ord-42'),
        carrier: like('DHL'),
        status: regex('in_transit|out_for_delivery|delivered', 'in_transit'),
        updatedAt: datetime("yyyy-MM-dd'T'HH:mm:ssXXX", '2025-06-01T08:30:00+00:00'),
      }),
    )
    .executeTest(async (server) => {
      const tracking = await ordersClient(server.url).getTracking('ord-42');
      expect(tracking.carrier === 'DHL', 'the carrier is read');
    });
  await placeOrderInteraction(pact);
}

async function generate(version, run) {
  const dir = path.join(root, 'contracts/b', version);
  const scratch = path.join(root, '.cache/pacts', version);
  await rm(scratch, { recursive: true, force: true });
  await mkdir(scratch, { recursive: true });
  await run(scratch);
  const [file] = await readdir(scratch);
  if (!file) throw new Error(`no pact file written for B ${version}`);
  await mkdir(dir, { recursive: true });
  await rename(path.join(scratch, file), path.join(dir, 'B-A.json'));
  console.log(`wrote ${path.relative(root, path.join(dir, 'B-A.json'))}`);
}

await generate('v1', consumerV1);
await generate('v2', consumerV2);
