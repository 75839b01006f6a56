import { describe, expect, it } from 'vitest';
import type { Change } from '@rollgate/openapi';
import { changeAffects, displayField, fieldSteps, fieldsOverlap, leafFields, pathMatches, type UsageLike } from '../../src/ui/usage-match.js';

const usage = (over: Partial<UsageLike> = {}): UsageLike => ({
  method: 'GET',
  path: '/orders/{id}',
  params: [],
  requestFields: [],
  responseFields: [],
  statuses: [200],
  ...over,
});

const change = (over: Partial<Change>): Pick<Change, 'id' | 'direction' | 'operation' | 'target'> => ({
  id: 'response-property-removed',
  direction: 'response',
  operation: { method: 'GET', path: '/orders/{orderId}' },
  ...over,
});

describe('fieldSteps and displayField', () => {
  it('reads JSON paths and JSON pointers into the same steps', () => {
    expect(fieldSteps('$.items[*].sku')).toEqual(['items', '*', 'sku']);
    expect(fieldSteps('/items/-/sku')).toEqual(['items', '*', 'sku']);
    expect(fieldSteps('/items/0/sku')).toEqual(['items', '*', 'sku']);
    expect(fieldSteps("$['a b'].c")).toEqual(['a b', 'c']);
    expect(fieldSteps('/a~1b/c~0d')).toEqual(['a/b', 'c~d']);
    expect(fieldSteps('$')).toEqual([]);
    expect(fieldSteps('status')).toBeUndefined();
    expect(fieldSteps('$.a[')).toBeUndefined();
  });

  it('displays every field as a JSON path', () => {
    expect(displayField('/items/-/sku')).toBe('$.items[*].sku');
    expect(displayField('/a b/c')).toBe("$['a b'].c");
    expect(displayField("/it's")).toBe("$['it\\'s']");
    expect(displayField('not a path')).toBe('not a path');
  });

  it('overlaps when one field contains the other, on whole steps only', () => {
    expect(fieldsOverlap('$.address', '/address/zip')).toBe(true);
    expect(fieldsOverlap('$.address.zip', '$.address')).toBe(true);
    expect(fieldsOverlap('$.address', '$.addressLine')).toBe(false);
    expect(fieldsOverlap('$.items[*].sku', '/items/3/sku')).toBe(true);
  });
});

describe('pathMatches', () => {
  it('matches templates whatever the parameter names, and concrete paths', () => {
    expect(pathMatches('/orders/{orderId}', '/orders/{id}')).toBe(true);
    expect(pathMatches('/orders/{orderId}', '/orders/42')).toBe(true);
    expect(pathMatches('/orders/{orderId}/tracking', '/orders/42')).toBe(false);
    expect(pathMatches('/orders.json', '/ordersxjson')).toBe(false);
  });
});

describe('changeAffects', () => {
  it('reaches consumers reading the removed response field, naming it', () => {
    const c = change({ target: { in: 'body', name: '$.status', status: '200' } });
    expect(changeAffects(c, usage({ responseFields: ['/id', '/status'] }))).toEqual({ affected: true, field: '$.status' });
    expect(changeAffects(c, usage({ responseFields: ['/id'] }))).toEqual({ affected: false });
  });

  it('ignores consumers of another operation or of another status', () => {
    const c = change({ target: { in: 'body', name: '$.status', status: '404' } });
    expect(changeAffects(c, usage({ responseFields: ['/status'] })).affected).toBe(false);
    expect(changeAffects(change({}), usage({ method: 'POST' })).affected).toBe(false);
    expect(changeAffects(change({ target: { in: 'body', name: '$.status', status: '2XX' } }), usage({ responseFields: ['/status'] })).affected).toBe(true);
  });

  it('reaches consumers reading the field at any path a shared schema puts it', () => {
    const c = change({ target: { in: 'body', name: '$.pet.tag', status: '200', alsoAt: ['$.friends[*].tag'], pathCount: 2 } });
    expect(changeAffects(c, usage({ responseFields: ['/friends/0/tag'] }))).toEqual({ affected: true, field: '$.friends[*].tag' });
    expect(changeAffects(c, usage({ responseFields: ['/pet/name'] })).affected).toBe(false);
    const sent = change({ id: 'request-property-removed', direction: 'request', target: { in: 'body', name: '$.a.note', alsoAt: ['$.b.note'] } });
    expect(changeAffects(sent, usage({ requestFields: ['/b/note'] }))).toEqual({ affected: true, field: '$.b.note' });
  });

  it('reaches every consumer of a removed operation', () => {
    const c = change({ id: 'operation-removed', direction: 'none', target: { in: 'operation' } });
    expect(changeAffects(c, usage({ path: '/orders/7' })).affected).toBe(true);
  });

  it('reaches request senders of a removed field, and everyone for a new requirement', () => {
    const removed = change({ id: 'request-property-removed', direction: 'request', target: { in: 'body', name: '$.note' } });
    expect(changeAffects(removed, usage({ requestFields: ['/note'] }))).toEqual({ affected: true, field: '$.note' });
    expect(changeAffects(removed, usage({ requestFields: ['/other'] })).affected).toBe(false);
    const required = change({ id: 'request-parameter-became-required', direction: 'request', target: { in: 'query', name: 'limit' } });
    expect(changeAffects(required, usage()).affected).toBe(true);
    expect(changeAffects(required, usage({ params: [{ in: 'query', name: 'limit' }] }))).toEqual({ affected: true, field: 'query limit' });
    const header = change({ id: 'request-parameter-type-changed', direction: 'request', target: { in: 'header', name: 'X-Trace' } });
    expect(changeAffects(header, usage({ params: [{ in: 'header', name: 'x-trace' }] })).affected).toBe(true);
    expect(changeAffects(header, usage()).affected).toBe(false);
  });
});

describe('leafFields', () => {
  it('keeps only the innermost fields, whatever notation they were recorded in', () => {
    expect(leafFields(['$', '$.lines', '$.lines[*]', '$.lines[*].sku', '/lines/-/quantity', '$.id'])).toEqual([
      '$.lines[*].sku',
      '$.lines[*].quantity',
      '$.id',
    ]);
    expect(leafFields(['$'])).toEqual(['$']);
    expect(leafFields(['$.a', '/a'])).toEqual(['$.a']);
  });
});

describe('changeAffects with the containers a pact records', () => {
  it('does not let the body or a parent object stand for every field under it', () => {
    const fields = { responseFields: ['$', '$.item', '$.item.id', '$.item.name'] };
    const price = change({ target: { in: 'body', name: '$.item.price', status: '200' } });
    expect(changeAffects(price, usage(fields)).affected).toBe(false);
    const name = change({ target: { in: 'body', name: '$.item.name', status: '200' } });
    expect(changeAffects(name, usage(fields))).toEqual({ affected: true, field: '$.item.name' });
    // A change to the container reaches the fields read inside it.
    const item = change({ id: 'response-property-type-changed', target: { in: 'body', name: '$.item', status: '200' } });
    expect(changeAffects(item, usage(fields)).affected).toBe(true);
    // A body read as a whole (a string, say) is reached by any change inside it.
    expect(changeAffects(price, usage({ responseFields: ['$'] }))).toEqual({ affected: true, field: '$' });
  });
});
