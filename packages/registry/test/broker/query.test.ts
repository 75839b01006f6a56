import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RollgateError } from '@rollgate/openapi';
import { parseRackQuery } from '../../src/broker/query.js';
import { parseMatrixQuery } from '../../src/broker/matrix-query.js';

describe('parseRackQuery', () => {
  it('reads the query the Pact CLI sends for can-i-deploy --to-environment', () => {
    expect(parseRackQuery('q[][pacticipant]=A&q[][version]=1.0.0&latestby=cvpv&environment=production')).toEqual({
      q: [{ pacticipant: 'A', version: '1.0.0' }],
      latestby: 'cvpv',
      environment: 'production',
    });
  });

  it('starts a new selector when a key repeats within q[]', () => {
    expect(parseRackQuery('q[][pacticipant]=A&q[][version]=1.0.0&q[][pacticipant]=B&q[][latest]=true&q[][tag]=prod')).toEqual({
      q: [
        { pacticipant: 'A', version: '1.0.0' },
        { pacticipant: 'B', latest: 'true', tag: 'prod' },
      ],
    });
  });

  it('reads percent-encoded brackets, names and values like raw ones', () => {
    const raw = parseRackQuery('q[][pacticipant]=Order%20API&q[][version]=1.0.0%2Bbuild.7&latestby=cvp');
    const encoded = parseRackQuery('q%5B%5D%5Bpacticipant%5D=Order+API&q%5B%5D%5Bversion%5D=1.0.0%2Bbuild.7&latestby=cvp');
    expect(encoded).toEqual(raw);
    expect(raw.q).toEqual([{ pacticipant: 'Order API', version: '1.0.0+build.7' }]);
  });

  it('gives lists, nested objects, last-wins scalars and empty values', () => {
    expect(parseRackQuery('?a=1&a=2&b[]=x&b[]=y&c[d][e]=z&f&g=')).toEqual({
      a: '2',
      b: ['x', 'y'],
      c: { d: { e: 'z' } },
      f: '',
      g: '',
    });
  });

  it('refuses a name used both as a value and as a list, naming it', () => {
    expect(() => parseRackQuery('q=1&q[][pacticipant]=A')).toThrowError(/"q\[\]\[pacticipant\]" uses "q" as a list/);
    expect(() => parseRackQuery('q[a]=1&q[]=2')).toThrowError(RollgateError);
  });

  it('refuses malformed percent-encoding and over-deep nesting', () => {
    expect(() => parseRackQuery('environment=%E0%A4%A')).toThrowError(/malformed percent-encoding/);
    expect(() => parseRackQuery(`a${'[b]'.repeat(20)}=1`)).toThrowError(/nested deeper/);
    expect(() => parseRackQuery(Array.from({ length: 2_000 }, (_, i) => `k${i}=v`).join('&'))).toThrowError(/more than the 1000/);
  });

  it('keeps __proto__ as data without touching prototypes', () => {
    const parsed = parseRackQuery('__proto__[polluted]=yes&q[][__proto__]=x');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.hasOwn(parsed, '__proto__')).toBe(true);
  });

  const keyPart = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,7}$/);
  const anyText = fc.string({ unit: 'grapheme', maxLength: 12 });

  it('round-trips lists of selectors that each start with pacticipant (property)', () => {
    const selector = fc.record(
      {
        pacticipant: anyText,
        version: anyText,
        latest: fc.constantFrom('true', 'false'),
        tag: anyText,
        branch: anyText,
      },
      { requiredKeys: ['pacticipant'] },
    );
    fc.assert(
      fc.property(fc.array(selector, { minLength: 1, maxLength: 5 }), fc.boolean(), (selectors, encodeBrackets) => {
        const open = encodeBrackets ? '%5B' : '[';
        const close = encodeBrackets ? '%5D' : ']';
        const query = selectors
          .flatMap((s) => Object.entries(s).map(([k, v]) => `q${open}${close}${open}${k}${close}=${encodeURIComponent(v)}`))
          .join('&');
        expect(parseRackQuery(query)).toEqual({ q: selectors });
      }),
    );
  });

  it('agrees with URLSearchParams on flat names: the last value wins (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(keyPart, anyText), { maxLength: 10 }), (pairs) => {
        const search = new URLSearchParams(pairs);
        const expected: Record<string, string> = {};
        for (const [k, v] of search) expected[k] = v;
        expect(parseRackQuery(search.toString())).toEqual(expected);
      }),
    );
  });

  it('either parses or throws a RollgateError on any input (property)', () => {
    const alphabet = fc.constantFrom('q', 'a', '[', ']', '=', '&', '%', '5B', '5D', '+', ';', '_', 'proto', '');
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.array(alphabet, { maxLength: 40 }).map((parts) => parts.join(''))), (query) => {
        try {
          parseRackQuery(query);
        } catch (error) {
          expect(error).toBeInstanceOf(RollgateError);
        }
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('parseMatrixQuery', () => {
  it('reads can-i-deploy with --latest and no target', () => {
    expect(parseMatrixQuery('q[][pacticipant]=A&q[][latest]=true&latestby=cvp&latest=true')).toEqual({
      selectors: [{ pacticipant: 'A', latest: true }],
      ignore: [],
      latestby: 'cvp',
      latest: true,
    });
  });

  it('reads several selectors, ignores and a tag target', () => {
    expect(
      parseMatrixQuery('q[][pacticipant]=A&q[][version]=2&q[][pacticipant]=B&q[][branch]=main&ignore[][pacticipant]=C&ignore[][version]=9&tag=prod&latestby=cvpv&limit=50'),
    ).toEqual({
      selectors: [
        { pacticipant: 'A', version: '2' },
        { pacticipant: 'B', branch: 'main' },
      ],
      ignore: [{ pacticipant: 'C', version: '9' }],
      tag: 'prod',
      latestby: 'cvpv',
      limit: 50,
    });
  });

  it('names the bad field', () => {
    expect(() => parseMatrixQuery('latestby=cvp')).toThrowError('query parameter q[] is missing');
    expect(() => parseMatrixQuery('q[][version]=1')).toThrowError('query parameter q[0][pacticipant] is missing');
    expect(() => parseMatrixQuery('q[][pacticipant]=A&latestby=xyz')).toThrowError('query parameter latestby must be "cvp" or "cvpv"');
    expect(() => parseMatrixQuery('q[][pacticipant]=A&q[][colour]=red')).toThrowError('query parameter q[0][colour] is not a selector field');
    expect(() => parseMatrixQuery('q[][pacticipant]=A&q[][latest]=maybe')).toThrowError('q[0][latest] must be "true" or "false"');
    expect(() => parseMatrixQuery('q[][pacticipant]=A&limit=-1')).toThrowError('limit must be a positive integer');
  });
});
