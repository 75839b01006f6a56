import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MatchersV3, PactV3, PactV4 } from '@pact-foundation/pact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiModel } from '@rollgate/openapi';
import { diffPacts, extractUsage, parsePact, verifyPact } from '../src/index.js';
import type { Pact } from '../src/index.js';
import { fixtureModel, fixtureText, modelOf } from './helpers.js';

const { like, eachLike, integer, decimal, regex, string, uuid, iso8601DateTime, arrayContaining } = MatchersV3;

/** The consumer under test: a tiny client of the Orders API, as a storefront would write it. */
class OrdersClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  private async call(path: string, init: RequestInit = {}): Promise<{ status: number; body: unknown; headers: Headers }> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      ...init,
      headers: { Authorization: `Bearer ${this.token}`, ...(init.headers as Record<string, string> | undefined) },
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined, headers: response.headers };
  }

  getOrder(id: number, requestId?: string) {
    return this.call(`/orders/${id}`, requestId ? { headers: { 'X-Request-Id': requestId } } : {});
  }

  listOrders(status: string, limit: number) {
    return this.call(`/orders?status=${status}&limit=${limit}`);
  }

  createOrder(order: { customerId: string; lines: { sku: string; quantity: number }[] }) {
    return this.call('/orders', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(order) });
  }
}

const ORDER = {
  id: integer(42),
  status: string('shipped'),
  customerId: string('c-9'),
  createdAt: iso8601DateTime('2024-04-30T08:15:00Z'),
  lines: eachLike({ sku: string('ABC-123'), quantity: integer(1), price: decimal(9.5) }),
};

let dir: string;
let model: ApiModel;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rollgate-pact-js-'));
  model = await fixtureModel('compatible');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function readPact(folder: string, consumer: string): Pact {
  const file = join(folder, `${consumer}-orders.json`);
  return parsePact(readFileSync(file, 'utf8'), file);
}

describe('PactV3 consumer tests', () => {
  it('write a v3 pact through the mock server', async () => {
    const pact = new PactV3({ consumer: 'storefront-v3', provider: 'orders', dir: join(dir, 'v1'), logLevel: 'error' });

    pact
      .given('order 42 exists', { id: 42 })
      .uponReceiving('an order by id')
      .withRequest({ method: 'GET', path: '/orders/42', headers: { Authorization: 'Bearer t0k3n', 'X-Request-Id': uuid('1b4e28ba-2fa1-11d2-883f-0016d3cca427') } })
      .willRespondWith({ status: 200, headers: { 'Content-Type': 'application/json' }, body: ORDER });
    await pact.executeTest(async (server) => {
      const result = await new OrdersClient(server.url, 't0k3n').getOrder(42, '1b4e28ba-2fa1-11d2-883f-0016d3cca427');
      expect(result.status).toBe(200);
      expect(result.body).toMatchObject({ id: 42, status: 'shipped' });
    });

    pact
      .given('there are pending orders')
      .uponReceiving('a page of pending orders')
      .withRequest({ method: 'GET', path: '/orders', query: { status: 'pending', limit: integer(10) }, headers: { Authorization: 'Bearer t0k3n' } })
      .willRespondWith({ status: 200, headers: { 'Content-Type': 'application/json' }, body: { items: eachLike(ORDER), total: integer(1) } });
    await pact.executeTest(async (server) => {
      const result = await new OrdersClient(server.url, 't0k3n').listOrders('pending', 10);
      expect((result.body as { items: unknown[] }).items).toHaveLength(1);
    });

    pact
      .uponReceiving('a request to create an order')
      .withRequest({
        method: 'POST',
        path: '/orders',
        headers: { Authorization: 'Bearer t0k3n', 'Content-Type': 'application/json' },
        body: { customerId: like('c-1'), lines: eachLike({ sku: regex('[A-Z]{3}-\\d{3}', 'ABC-123'), quantity: integer(2) }) },
      })
      .willRespondWith({
        status: 201,
        headers: { 'Content-Type': 'application/json', Location: regex('/orders/\\d+', '/orders/8') },
        body: like({ id: 8, status: 'pending', customerId: 'c-1', createdAt: '2024-05-01T10:00:00Z', lines: [{ sku: 'ABC-123', quantity: 2, price: 9.5 }] }),
      });
    await pact.executeTest(async (server) => {
      const result = await new OrdersClient(server.url, 't0k3n').createOrder({ customerId: 'c-1', lines: [{ sku: 'ABC-123', quantity: 2 }] });
      expect(result.status).toBe(201);
      expect(result.headers.get('location')).toBe('/orders/8');
    });

    // The storefront also reads a gift-wrap flag the provider has never documented.
    pact
      .given('order 7 is a gift')
      .uponReceiving('a gift order')
      .withRequest({ method: 'GET', path: '/orders/7', headers: { Authorization: 'Bearer t0k3n' } })
      .willRespondWith({ status: 200, headers: { 'Content-Type': 'application/json' }, body: { ...ORDER, id: integer(7), giftWrap: true } });
    await pact.executeTest(async (server) => {
      const result = await new OrdersClient(server.url, 't0k3n').getOrder(7);
      expect((result.body as { giftWrap: boolean }).giftWrap).toBe(true);
    });
  });

  it('verify against the provider spec and flag exactly the undocumented field', () => {
    const pact = readPact(join(dir, 'v1'), 'storefront-v3');
    expect(pact.specMajor).toBe(3);
    expect(pact.interactions).toHaveLength(4);
    const result = verifyPact(pact, model);
    expect(result.findings.map((f) => [f.code, f.interaction, f.path])).toEqual([
      ['response.body.incompatible', 'a gift order', '/orders/{orderId}'],
    ]);
    expect(result.findings[0]!.message).toContain('giftWrap');
    expect(result.compatible).toBe(false);
  });

  it('turn the same pact incompatible when the provider changes a type the consumer reads', async () => {
    const pact = readPact(join(dir, 'v1'), 'storefront-v3');
    const changed = await modelOf(fixtureText('compatible', 'openapi.yaml').replace('total: { type: integer }', 'total: { type: string }'));
    const codes = verifyPact(pact, changed).findings.filter((f) => f.interaction === 'a page of pending orders');
    expect(codes.map((f) => f.code)).toEqual(['response.body.incompatible']);
    expect(codes[0]!.message).toMatch(/\$\.total: the consumer expects integer/);
  });

  it('give the usage: operations by template, parameters and fields', () => {
    const usage = extractUsage(readPact(join(dir, 'v1'), 'storefront-v3'), model);
    expect(usage.operations.map((op) => `${op.method} ${op.path}`)).toEqual(['GET /orders', 'POST /orders', 'GET /orders/{orderId}']);
    const list = usage.operations[0]!;
    expect(list.request.parameters).toEqual([
      { in: 'query', name: 'limit' },
      { in: 'query', name: 'status' },
    ]);
    expect(list.response.fields).toContain('$.items[*].lines[*].price');
    const get = usage.operations[2]!;
    expect(get.interactions.sort()).toEqual(['a gift order', 'an order by id']);
    expect(get.request.parameters).toEqual([
      { in: 'header', name: 'X-Request-Id' },
      { in: 'path', name: 'orderId' },
    ]);
    expect(get.response.fields).toContain('$.giftWrap');
    const create = usage.operations[1]!;
    expect(create.request.bodyFields).toEqual(['$', '$.customerId', '$.lines', '$.lines[*]', '$.lines[*].quantity', '$.lines[*].sku']);
    expect(create.response.statuses).toEqual(['201']);
  });
});

describe('PactV4 consumer tests', () => {
  it('write a v4 pact with HTTP and message interactions', async () => {
    const pact = new PactV4({ consumer: 'storefront-v4', provider: 'orders', dir: join(dir, 'v4'), logLevel: 'error' });
    await pact
      .addInteraction()
      .given('order 42 exists')
      .uponReceiving('an order by id')
      .withRequest('GET', '/orders/42', (b) => b.headers({ Authorization: 'Bearer t0k3n' }))
      .willRespondWith(200, (b) => b.jsonBody({ ...ORDER, tags: arrayContaining(string('express')) }))
      .executeTest(async (server) => {
        const result = await new OrdersClient(server.url, 't0k3n').getOrder(42);
        expect(result.status).toBe(200);
      });
    await pact
      .addInteraction()
      .uponReceiving('a page of orders with a limit in words')
      .withRequest('GET', '/orders', (b) => b.query({ status: 'pending', limit: 'ten' }).headers({ Authorization: 'Bearer t0k3n' }))
      .willRespondWith(200, (b) => b.jsonBody({ items: [], total: integer(0) }))
      .executeTest(async (server) => {
        const response = await fetch(`${server.url}/orders?status=pending&limit=ten`, { headers: { Authorization: 'Bearer t0k3n' } });
        expect(response.status).toBe(200);
      });
    await pact
      .addAsynchronousInteraction()
      .expectsToReceive('an order shipped event', (b) => b.withJSONContent({ orderId: integer(42) }))
      .executeTest(async (message) => {
        expect(message.contents.content).toBeDefined();
      });
  });

  it('verify the HTTP interactions and report the message one as unsupported', () => {
    const pact = readPact(join(dir, 'v4'), 'storefront-v4');
    expect(pact.specMajor).toBe(4);
    expect(pact.unsupported.map((u) => u.description)).toEqual(['an order shipped event']);
    const result = verifyPact(pact, model);
    const summary = result.findings.map((f) => [f.level, f.code, f.interaction]);
    expect(summary).toEqual(
      expect.arrayContaining([
        ['error', 'request.query.incompatible', 'a page of orders with a limit in words'],
        ['warning', 'interaction.unsupported', 'an order shipped event'],
        ['error', 'response.body.incompatible', 'an order by id'],
      ]),
    );
    // `tags` is not in the Order schema: the arrayContains expectation cannot be met.
    expect(result.findings.find((f) => f.interaction === 'an order by id')!.message).toContain('"tags"');
    expect(summary).toHaveLength(3);
  });
});

describe('pact diff between two consumer versions', () => {
  it('lists interactions and dependencies added, removed and changed', async () => {
    const pact = new PactV3({ consumer: 'storefront-v3', provider: 'orders', dir: join(dir, 'v2'), logLevel: 'error' });
    // Version 2 drops three interactions, reads tracking in "an order by id" and lists cancelled orders.
    pact
      .given('order 42 exists', { id: 42 })
      .uponReceiving('an order by id')
      .withRequest({ method: 'GET', path: '/orders/42', headers: { Authorization: 'Bearer t0k3n' } })
      .willRespondWith({ status: 200, headers: { 'Content-Type': 'application/json' }, body: { ...ORDER, tracking: like({ carrier: 'DHL' }) } });
    await pact.executeTest(async (server) => {
      await new OrdersClient(server.url, 't0k3n').getOrder(42);
    });
    pact
      .given('there are cancelled orders')
      .uponReceiving('a page of cancelled orders')
      .withRequest({ method: 'GET', path: '/orders', query: { status: 'cancelled', limit: integer(10) }, headers: { Authorization: 'Bearer t0k3n' } })
      .willRespondWith({ status: 200, headers: { 'Content-Type': 'application/json' }, body: { items: eachLike(ORDER), total: integer(1) } });
    await pact.executeTest(async (server) => {
      await new OrdersClient(server.url, 't0k3n').listOrders('cancelled', 10);
    });

    const before = readPact(join(dir, 'v1'), 'storefront-v3');
    const after = readPact(join(dir, 'v2'), 'storefront-v3');
    const diff = diffPacts(before, after, model);
    expect(diff.interactions.added.map((i) => i.description)).toEqual(['a page of cancelled orders']);
    expect(diff.interactions.removed.map((i) => i.description).sort()).toEqual([
      'a gift order',
      'a page of pending orders',
      'a request to create an order',
    ]);
    expect(diff.interactions.changed).toHaveLength(1);
    const changed = diff.interactions.changed[0]!;
    expect(changed.description).toBe('an order by id');
    expect(changed.changes.map((c) => c.part)).toEqual(['request.headers', 'request.matchingRules', 'response.body', 'response.matchingRules']);
    expect(changed.changes.find((c) => c.part === 'response.body')!.summary).toContain('$.tracking.carrier');
    expect(diff.operations.removed).toEqual([{ method: 'POST', path: '/orders' }]);
    expect(diff.operations.added).toEqual([]);
    const added = diff.fields.added.map((d) => `${d.method} ${d.path} ${d.kind} ${d.name}`);
    expect(added).toEqual(['GET /orders/{orderId} response-field $.tracking', 'GET /orders/{orderId} response-field $.tracking.carrier']);
    const removed = diff.fields.removed.map((d) => `${d.method} ${d.path} ${d.kind} ${d.name}`);
    expect(removed).toContain('GET /orders/{orderId} response-field $.giftWrap');
    expect(removed).toContain('GET /orders/{orderId} parameter X-Request-Id');
  });
});
