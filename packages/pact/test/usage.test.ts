import { describe, expect, it } from 'vitest';
import { extractUsage, parsePact } from '../src/index.js';
import { fixtureModel, fixtureText } from './helpers.js';

describe('extractUsage', () => {
  it('keys operations by concrete path when there is no provider spec', () => {
    const pact = parsePact(fixtureText('compatible', 'pact.json'));
    const usage = extractUsage(pact);
    expect(usage.consumer).toBe('storefront');
    expect(usage.operations.map((op) => [op.method, op.path, op.matched])).toEqual([
      ['GET', '/api/orders', false],
      ['GET', '/health', false],
      ['POST', '/orders', false],
      ['GET', '/orders/42', false],
      ['GET', '/orders/999', false],
    ]);
    expect(usage.operations[0]!.request.parameters).toEqual([
      { in: 'query', name: 'limit' },
      { in: 'query', name: 'status' },
    ]);
  });

  it('folds concrete paths into the provider templates and lists every field read', async () => {
    const usage = extractUsage(parsePact(fixtureText('compatible', 'pact.json')), await fixtureModel('compatible'));
    expect(usage.operations.map((op) => `${op.method} ${op.path}`)).toEqual(['GET /health', 'GET /orders', 'POST /orders', 'GET /orders/{orderId}']);
    const byId = usage.operations[3]!;
    expect(byId.matched).toBe(true);
    expect(byId.interactions).toEqual(['an order by id', 'an order that does not exist']);
    expect(byId.response.statuses).toEqual(['200', '404']);
    expect(byId.response.fields).toEqual(['$', '$.createdAt', '$.customerId', '$.id', '$.lines', '$.status', '$.title']);
    const list = usage.operations[1]!;
    expect(list.response.fields).toEqual([
      '$',
      '$.items',
      '$.items[*]',
      '$.items[*].createdAt',
      '$.items[*].customerId',
      '$.items[*].id',
      '$.items[*].lines',
      '$.items[*].lines[*]',
      '$.items[*].lines[*].price',
      '$.items[*].lines[*].quantity',
      '$.items[*].lines[*].sku',
      '$.items[*].status',
      '$.total',
    ]);
    expect(usage.operations[2]!.request.bodyFields).toEqual(['$', '$.customerId', '$.lines', '$.lines[*]', '$.lines[*].quantity', '$.lines[*].sku', '$.note']);
  });
});
