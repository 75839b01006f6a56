import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lru, ModelCache } from '../../src/checks/compat.js';
import type { Store } from '../../src/store/types.js';
import { freshStore } from './helpers.js';

/** An OpenAPI document whose JSON text is about `kb` kilobytes, padded with operations. */
function documentOf(title: string, kb: number): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (let i = 0; JSON.stringify(paths).length < kb * 1024; i++) {
    paths[`/${title}/items${i}`] = { get: { operationId: `get${i}`, responses: { '200': { description: 'ok' } } } };
  }
  return { openapi: '3.0.3', info: { title, version: '1.0.0' }, paths };
}

describe('Lru', () => {
  it('drops the least recently used entries past its count or its total weight, and keeps the newest', () => {
    const lru = new Lru<string>(3, 100);
    lru.set('a', 'a', 40);
    lru.set('b', 'b', 40);
    expect(lru.get('a')).toBe('a');
    lru.set('c', 'c', 40);
    // 120 > 100: b, used least recently, goes.
    expect([lru.get('a'), lru.get('b'), lru.get('c')]).toEqual(['a', undefined, 'c']);
    lru.weigh('a', 10);
    lru.set('d', 'd', 10);
    lru.set('e', 'e', 10);
    // Four entries > 3: a goes, being the least recently used.
    expect([lru.get('a'), lru.get('c'), lru.get('d'), lru.get('e')]).toEqual([undefined, 'c', 'd', 'e']);
    lru.set('huge', 'huge', 1000);
    expect(lru.size).toBe(1);
    expect(lru.get('huge')).toBe('huge');
  });
});

describe('ModelCache on a real SQLite store', () => {
  let store: Store;
  let dispose: () => Promise<void>;
  const hashes: string[] = [];
  beforeAll(async () => {
    ({ store, dispose } = await freshStore('sqlite'));
    for (const name of ['one', 'two', 'three']) {
      const published = await store.putOpenApi(name, '1.0.0', documentOf(name, 40));
      hashes.push(published.hash);
    }
  });
  afterAll(async () => dispose?.());

  it('keeps models within its budget of document text, however few they are', async () => {
    const cache = new ModelCache(store, { entries: 10, textBytes: 100 * 1024 });
    const [one, two, three] = hashes as [string, string, string];
    expect((await cache.get(one)).spec.title).toBe('one');
    expect((await cache.get(two)).spec.title).toBe('two');
    expect(cache.size).toBe(2);
    // A third 40 KB document passes 100 KB: the least recently used model goes.
    expect((await cache.get(three)).spec.title).toBe('three');
    expect(cache.size).toBe(2);
    // The same hash again is served from memory: the same model object.
    const again = await cache.get(three);
    expect(again).toBe(await cache.get(three));
  });

  it('compares two stored specs once a day and serves the same report again', async () => {
    const cache = new ModelCache(store);
    const base = documentOf('svc', 2);
    const paths = { ...(base.paths as Record<string, unknown>) };
    const removed = Object.keys(paths).at(-1)!;
    delete paths[removed];
    const from = (await store.putOpenApi('svc', '1.0.0', base)).hash;
    const to = (await store.putOpenApi('svc', '2.0.0', { ...base, info: { title: 'svc', version: '2.0.0' }, paths })).hash;
    const now = new Date('2026-06-01T10:00:00Z');
    const report = await cache.diff(from, to, now);
    expect(report.changes.filter((c) => c.id === 'operation-removed').map((c) => c.operation?.path)).toEqual([removed]);
    expect(await cache.diff(from, to, new Date('2026-06-01T23:00:00Z'))).toBe(report);
    // The next day is judged afresh (sunsets and waivers depend on the date), the reverse on its own.
    expect(await cache.diff(from, to, new Date('2026-06-02T00:00:00Z'))).not.toBe(report);
    expect((await cache.diff(to, from, now)).changes.map((c) => c.id)).toContain('operation-added');
  });

  it('holds every model when the budget allows', async () => {
    const cache = new ModelCache(store);
    for (const hash of hashes) await cache.get(hash);
    expect(cache.size).toBe(hashes.length);
  });
});
