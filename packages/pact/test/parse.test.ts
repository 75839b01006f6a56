import { describe, expect, it } from 'vitest';
import { RollgateError } from '@rollgate/openapi';
import { MAX_DEPTH, parsePact, RuleIndex } from '../src/index.js';

const v2 = {
  consumer: { name: 'web' },
  provider: { name: 'api' },
  interactions: [
    {
      description: 'a search',
      provider_state: 'books exist',
      request: {
        method: 'get',
        path: '/books',
        query: 'q=the+hobbit&tag=a&tag=b%2Fc',
        headers: { Accept: 'application/json' },
      },
      response: {
        status: 200,
        headers: { 'Content-Type': 'application/json' },
        body: { items: [{ title: 'x' }] },
        matchingRules: {
          '$.body.items': { min: 1 },
          "$.body.items[*]['title']": { match: 'type' },
          '$.headers.Content-Type': { regex: 'application/json.*' },
        },
      },
    },
  ],
  metadata: { 'pact-specification': { version: '2.0.0' } },
};

function errorOf(input: unknown): RollgateError {
  try {
    parsePact(input as object, 'p.json');
  } catch (error) {
    if (error instanceof RollgateError) return error;
    throw error;
  }
  throw new Error('parsePact accepted the input');
}

describe('parsePact', () => {
  it('normalises a v2 pact: query string, provider_state, flat matching rules', () => {
    const pact = parsePact(JSON.stringify(v2), 'v2.json');
    expect(pact).toMatchObject({ consumer: 'web', provider: 'api', specification: '2.0.0', specMajor: 2, unsupported: [] });
    const [interaction] = pact.interactions;
    expect(interaction!.providerStates).toEqual([{ name: 'books exist' }]);
    expect(interaction!.request.method).toBe('GET');
    expect(interaction!.request.query).toEqual({ q: ['the hobbit'], tag: ['a', 'b/c'] });
    expect(interaction!.request.headers).toEqual({ Accept: ['application/json'] });
    expect(interaction!.response.body).toEqual({ content: { items: [{ title: 'x' }] }, contentType: 'application/json', pointer: '/interactions/0/response/body' });
    expect(interaction!.response.matchingRules.body).toEqual({
      '$.items': { matchers: [{ match: 'type', min: 1 }], combine: 'AND' },
      "$.items[*]['title']": { matchers: [{ match: 'type' }], combine: 'AND' },
    });
    expect(interaction!.response.matchingRules.header['Content-Type']).toEqual({ matchers: [{ match: 'regex', regex: 'application/json.*' }], combine: 'AND' });
  });

  it('reads v4 bodies, base64 and JSON-encoded ones included, and infers v4 from interaction types', () => {
    const pact = parsePact({
      consumer: { name: 'web' },
      provider: { name: 'api' },
      interactions: [
        {
          type: 'Synchronous/HTTP',
          description: 'upload',
          request: { method: 'POST', path: '/files', body: { content: Buffer.from('hello').toString('base64'), contentType: 'text/plain', encoded: 'base64' } },
          response: { status: 201, body: { content: '{"id":1}', contentType: 'application/json', encoded: 'json' } },
        },
        { type: 'Synchronous/Messages', description: 'rpc', request: {}, response: [] },
        { type: 'Synchronous/HTTP', description: 'grpc', pluginConfiguration: { protobuf: { descriptorKey: 'x' } }, request: {}, response: {} },
      ],
    });
    expect(pact.specMajor).toBe(4);
    expect(pact.interactions).toHaveLength(1);
    expect(pact.interactions[0]!.request.body).toEqual({ content: 'hello', contentType: 'text/plain', pointer: '/interactions/0/request/body/content' });
    expect(pact.interactions[0]!.response.body!.content).toEqual({ id: 1 });
    expect(pact.unsupported.map((u) => [u.description, u.type])).toEqual([
      ['rpc', 'Synchronous/Messages'],
      ['grpc', 'Synchronous/HTTP'],
    ]);
  });

  it('reads a JSON body stored as text under any JSON media type', () => {
    const pact = parsePact({
      consumer: { name: 'web' },
      provider: { name: 'api' },
      interactions: ['application/json', 'text/json', 'application/problem+json', '*/*', 'text/plain'].map((type) => ({
        description: type,
        request: { method: 'GET', path: '/' },
        response: { status: 200, headers: { 'Content-Type': type }, body: '{"id":1}' },
      })),
      metadata: { pactSpecification: { version: '2.0.0' } },
    });
    expect(pact.interactions.map((i) => [i.description, i.response.body!.content])).toEqual([
      ['application/json', { id: 1 }],
      ['text/json', { id: 1 }],
      ['application/problem+json', { id: 1 }],
      ['*/*', { id: 1 }],
      ['text/plain', '{"id":1}'],
    ]);
  });

  it('lists the messages of a v3 message pact as unsupported', () => {
    const pact = parsePact({ consumer: { name: 'a' }, provider: { name: 'b' }, messages: [{ description: 'order shipped', contents: {} }], metadata: { pactSpecification: { version: '3.0.0' } } });
    expect(pact.interactions).toEqual([]);
    expect(pact.unsupported).toEqual([
      { index: 0, pointer: '/messages/0', description: 'order shipped', type: 'Asynchronous/Messages', reason: 'message interactions are not checked against OpenAPI' },
    ]);
  });

  it('names the interaction and field of malformed input', () => {
    const base = (interaction: unknown) => ({ consumer: { name: 'a' }, provider: { name: 'b' }, interactions: [interaction] });
    expect(errorOf(base({ description: 'x', request: { method: 'FETCH', path: '/' }, response: { status: 200 } })).message).toBe(
      'p.json: interaction 0 ("x"): request.method "FETCH" is not an HTTP method',
    );
    expect(errorOf(base({ description: 'x', request: { method: 'GET', path: 'books' }, response: { status: 200 } })).details.pointer).toBe('/interactions/0/request/path');
    expect(errorOf(base({ request: { method: 'GET', path: '/' }, response: { status: 200 } })).message).toBe('p.json: interaction 0: "description" is missing');
    expect(errorOf(base({ description: 'x', request: { method: 'GET', path: '/' } })).message).toBe('p.json: interaction 0 ("x"): "response" is missing');
    expect(
      errorOf(base({ description: 'x', request: { method: 'GET', path: '/', headers: { Accept: 3 } }, response: { status: 200 } })).message,
    ).toBe('p.json: interaction 0 ("x"): request header "Accept" must be a string or an array of strings');
    expect(
      errorOf(
        base({ description: 'x', request: { method: 'GET', path: '/' }, response: { status: 200, matchingRules: { body: { '$.a': { matchers: [{ match: 'regex', regex: '(' }] } } } } }),
      ).message,
    ).toBe('p.json: interaction 0 ("x"): regex "(" does not compile');
    expect(errorOf({ provider: { name: 'b' }, interactions: [] }).message).toBe('p.json: "consumer.name" is missing');
    expect(errorOf({ consumer: { name: 'a' }, provider: { name: 'b' } }).message).toBe('p.json: no "interactions" (nor "messages") array');
    expect(errorOf({ ...base({}), metadata: { pactSpecification: { version: '9.0.0' } } }).message).toBe('p.json: unsupported Pact specification version "9.0.0"');
    expect(errorOf([]).code).toBe('PACT_INVALID');
  });

  it('refuses bodies nested past MAX_DEPTH, naming where', () => {
    const body = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
    const text = (depth: number) =>
      `{"consumer":{"name":"web"},"provider":{"name":"api"},"interactions":[{"description":"deep","request":{"method":"GET","path":"/a"},"response":{"status":200,"body":${body(depth)}}}]}`;
    // The document, interactions, the interaction and the response enclose the body.
    expect(parsePact(text(MAX_DEPTH - 4), 'ok.json').interactions).toHaveLength(1);
    let thrown: unknown;
    try {
      parsePact(text(2000), 'deep.json');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(RollgateError);
    expect((thrown as RollgateError).code).toBe('PACT_INVALID');
    expect((thrown as RollgateError).message).toMatch(/^deep\.json: nests 2004 levels deep at \/interactions\/0\/response\/body\/0\/0.*….*; a pact may nest at most 256 levels$/);
    expect((thrown as RollgateError).details.pointer).toBe(`/interactions/0/response/body${'/0'.repeat(1999)}`);
  });

  it('reads path and status rules written directly or under one key', () => {
    const rule = { combine: 'AND', matchers: [{ match: 'regex', regex: '/items/\\d+' }] };
    const status = { combine: 'AND', matchers: [{ match: 'statusCode', status: 'success' }] };
    for (const [path, code] of [[rule, status], [{ '': rule }, { $: status }]]) {
      const pact = parsePact({
        consumer: { name: 'web' },
        provider: { name: 'api' },
        metadata: { pactSpecification: { version: '4.0' } },
        interactions: [{ type: 'Synchronous/HTTP', description: 'keyed', request: { method: 'GET', path: '/items/5', matchingRules: { path } }, response: { status: 200, matchingRules: { status: code } } }],
      });
      expect(pact.interactions[0]!.request.matchingRules.path?.matchers[0]).toMatchObject({ match: 'regex', regex: '/items/\\d+' });
      expect(pact.interactions[0]!.response.matchingRules.status?.matchers[0]).toMatchObject({ match: 'statusCode' });
    }
  });

  it('reports the line of a JSON syntax error', () => {
    let caught: RollgateError | undefined;
    try {
      parsePact('{\n  "consumer": { "name": "a" },\n  "provider": { "name": "b" }\n  "interactions": []\n}', 'broken.json');
    } catch (error) {
      caught = error as RollgateError;
    }
    expect(caught?.code).toBe('PACT_INVALID');
    expect(caught?.message).toMatch(/^broken\.json: not valid JSON \(.+\)$/);
    expect(caught?.details.line).toBe(4);
  });

  it('quotes a binary file without its control characters', () => {
    let caught: RollgateError | undefined;
    try {
      parsePact('\u007fELF\u0002\u0001\u0001\u0000', 'a.out');
    } catch (error) {
      caught = error as RollgateError;
    }
    expect(caught?.code).toBe('PACT_INVALID');
    expect(caught?.message).toMatch(/^a\.out: not valid JSON \(Unexpected token '\\u007f', "\\u007fELF\\u0002\\u0001\\u0001\\u0000" is not valid JSON\)$/);
  });
});

describe('RuleIndex', () => {
  const index = new RuleIndex({
    $: { matchers: [{ match: 'type' }], combine: 'AND' },
    '$.items': { matchers: [{ match: 'type', min: 1 }], combine: 'AND' },
    '$.items[*].price': { matchers: [{ match: 'decimal' }], combine: 'AND' },
    '$.items[0].price': { matchers: [{ match: 'integer' }], combine: 'AND' },
    '$.code': { matchers: [{ match: 'regex', regex: '\\d+' }], combine: 'AND' },
  });

  it('prefers the rule written for a location, the most specific among equals', () => {
    expect(index.resolve(['items', 0, 'price'])!.entry.matchers[0]!.match).toBe('integer');
    expect(index.resolve(['items', 3, 'price'])!.entry.matchers[0]!.match).toBe('decimal');
    expect(index.resolve(['items'])).toEqual({ entry: { matchers: [{ match: 'type', min: 1 }], combine: 'AND' }, inherited: false });
  });

  it('passes type matching down to children, without the array bounds', () => {
    expect(index.resolve(['items', 2, 'name'])).toEqual({ entry: { matchers: [{ match: 'type' }], combine: 'AND' }, inherited: true });
    expect(index.resolve(['other'])).toEqual({ entry: { matchers: [{ match: 'type' }], combine: 'AND' }, inherited: true });
  });

  it('does not pass a regex down', () => {
    const regexOnly = new RuleIndex({ '$.code': { matchers: [{ match: 'regex', regex: '\\d+' }], combine: 'AND' } });
    expect(regexOnly.resolve(['code', 'x'])).toBeUndefined();
  });
});
