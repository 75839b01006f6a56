import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { canonicalJson, hashContent, sha256, sortVersions } from '../../src/store/index.js';

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops formatting', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'x' } })).toBe('{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}');
    expect(hashContent({ a: 1, b: 2 }).hash).toBe(hashContent(JSON.parse('{ "b": 2,\n "a": 1 }')).hash);
    expect(hashContent({ a: 1 }).hash).toBe(sha256('{"a":1}'));
    expect(hashContent([1, 2]).hash).not.toBe(hashContent([2, 1]).hash);
  });

  it('gives a YAML document and its JSON twin the same hash', () => {
    const yaml = 'openapi: 3.0.3\ninfo:\n  version: "1.0.0"\n  title: Orders # the title\npaths: {}\n';
    const json = '{"paths":{},"info":{"title":"Orders","version":"1.0.0"},"openapi":"3.0.3"}';
    expect(hashContent(parseYaml(yaml)).hash).toBe(hashContent(JSON.parse(json)).hash);
  });

  it('writes what JSON.stringify would for dates and undefined members', () => {
    expect(canonicalJson({ at: new Date('2024-01-02T03:04:05.000Z'), gone: undefined, list: [undefined] })).toBe('{"at":"2024-01-02T03:04:05.000Z","list":[null]}');
  });

  it('refuses values with no JSON form, naming where they are', () => {
    expect(() => canonicalJson({ a: [0, Infinity] })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', message: 'content at /a/1: the number Infinity has no JSON form' }));
    expect(() => canonicalJson({ 'x/y': 1n }, 'pact')).toThrow(expect.objectContaining({ message: 'pact at /x~1y: a bigint is not a JSON value' }));
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(expect.objectContaining({ message: expect.stringContaining('cycle') }));
    expect(() => canonicalJson({ m: new Map() })).toThrow(expect.objectContaining({ message: expect.stringContaining('Map') }));
  });
});

describe('sortVersions', () => {
  const key = (entry: [string, string, number]) => ({ number: entry[0], createdAt: entry[1], seq: entry[2] });

  it('orders semver by semver, prereleases before their release', () => {
    const versions: Array<[string, string, number]> = [
      ['1.0.0', '2024-01-03', 1],
      ['1.0.0-rc.1', '2024-01-02', 2],
      ['0.10.0', '2024-01-01', 3],
      ['0.9.0', '2024-01-04', 4],
    ];
    expect(sortVersions(versions, key).map((v) => v[0])).toEqual(['0.9.0', '0.10.0', '1.0.0-rc.1', '1.0.0']);
  });

  it('orders other strings by publication time, then insertion order', () => {
    const versions: Array<[string, string, number]> = [
      ['b', '2024-01-02', 1],
      ['a', '2024-01-03', 2],
      ['d', '2024-01-01', 4],
      ['c', '2024-01-01', 3],
    ];
    expect(sortVersions(versions, key).map((v) => v[0])).toEqual(['c', 'd', 'b', 'a']);
  });

  it('keeps non-semver versions in their places in a mixed list', () => {
    const versions: Array<[string, string, number]> = [
      ['2.0.0', '2024-01-01', 1],
      ['abc1234', '2024-01-02', 2],
      ['1.0.0', '2024-01-03', 3],
    ];
    expect(sortVersions(versions, key).map((v) => v[0])).toEqual(['1.0.0', 'abc1234', '2.0.0']);
  });
});
