import { expect, it } from 'vitest';
import { hashContent } from '../../src/store/index.js';
import type { UsageInput } from '../../src/store/index.js';
import { describeStore } from './dialects.js';

function usage(method: string, path: string, extra: Partial<UsageInput> = {}): UsageInput {
  return { method, path, matched: true, params: [], requestFields: [], responseFields: [], statuses: [200], interactions: [`${method} ${path}`], ...extra };
}

const pactOf = (consumer: string, tag: string) => ({ consumer: { name: consumer }, provider: { name: 'A' }, interactions: [{ description: tag }] });

describeStore('store usages, verifications and compatibility cache', (t) => {

  it('stores usages with the pact and answers who uses a provider', async () => {
    const tracking = usage('get', '/orders/{id}/tracking', {
      params: [{ in: 'path', name: 'id' }, { in: 'header', name: 'Accept' }],
      responseFields: ['/carrier', '/events/-/at'],
    });
    await t.store.putPact('B', '2.0.0', 'A', pactOf('B', 'v2'), { usages: [usage('GET', '/orders/{id}'), tracking] });
    await t.store.putPact('B', '1.0.0', 'A', pactOf('B', 'v1'), { usages: () => [usage('GET', '/orders/{id}')] });
    await t.store.putPact('C', '1.0.0', 'A', pactOf('C', 'v1'), {
      usages: [usage('POST', '/orders', { requestFields: ['/sku', '/quantity'], statuses: [201, 400] }), usage('GET', '/orders/42', { matched: false })],
    });

    const all = await t.store.usagesOfProvider('A');
    expect(all.map((u) => `${u.consumer}@${u.consumerVersion} ${u.method} ${u.path}`)).toEqual([
      'B@1.0.0 GET /orders/{id}',
      'B@2.0.0 GET /orders/{id}',
      'B@2.0.0 GET /orders/{id}/tracking',
      'C@1.0.0 POST /orders',
      'C@1.0.0 GET /orders/42',
    ]);
    const stored = all.find((u) => u.path === '/orders/{id}/tracking')!;
    expect(stored).toEqual({ consumer: 'B', consumerVersion: '2.0.0', provider: 'A', ...tracking, method: 'GET' });
    expect(all.find((u) => u.path === '/orders/42')?.matched).toBe(false);

    const running = await t.store.usagesOfProvider('A', { consumerVersions: [{ service: 'B', version: '2.0.0' }, { service: 'C', version: '1.0.0' }], method: 'get' });
    expect(running.map((u) => `${u.consumer} ${u.path}`)).toEqual(['B /orders/{id}', 'B /orders/{id}/tracking', 'C /orders/42']);
    expect(await t.store.usagesOfProvider('A', { consumerVersions: [] })).toEqual([]);
    expect((await t.store.usagesOfProvider('A', { path: '/orders' }))[0]).toMatchObject({ consumer: 'C', requestFields: ['/sku', '/quantity'], statuses: [201, 400] });
    expect((await t.store.usagesOfConsumer('B', '2.0.0')).map((u) => u.path)).toEqual(['/orders/{id}', '/orders/{id}/tracking']);
    expect(await t.store.usagesOfProvider('nobody')).toEqual([]);
  });

  it('replaces usages, and refuses usages of a pact that is not stored', async () => {
    await t.store.putPact('B', '1.0.0', 'A', pactOf('B', 'v1'), { usages: [usage('GET', '/a'), usage('GET', '/b')] });
    await t.store.replaceUsages('B', '1.0.0', 'A', [usage('DELETE', '/c')]);
    expect((await t.store.usagesOfConsumer('B', '1.0.0', 'A')).map((u) => `${u.method} ${u.path}`)).toEqual(['DELETE /c']);
    // Re-publishing the same pact with fresh usages replaces them too.
    expect((await t.store.putPact('B', '1.0.0', 'A', pactOf('B', 'v1'), { usages: [usage('GET', '/d')] })).status).toBe('unchanged');
    expect((await t.store.usagesOfConsumer('B', '1.0.0')).map((u) => u.path)).toEqual(['/d']);
    // A refused publication leaves the usages alone.
    expect((await t.store.putPact('B', '1.0.0', 'A', pactOf('B', 'other'), { usages: [] })).status).toBe('conflict');
    expect((await t.store.usagesOfConsumer('B', '1.0.0')).map((u) => u.path)).toEqual(['/d']);
    await expect(t.store.replaceUsages('B', '1.0.0', 'Z', [])).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(t.store.replaceUsages('B', '1.0.0', 'A', [{ ...usage('GET', '/x'), params: [{ in: 'body', name: 'x' }] } as unknown as UsageInput])).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('usages[0].params[0]'),
    });
    expect((await t.store.usagesOfConsumer('B', '1.0.0')).map((u) => u.path)).toEqual(['/d']);
  });

  it('stores many usages of one pact in one write', async () => {
    const many = Array.from({ length: 450 }, (_, index) => usage('GET', `/items/${index}`, { responseFields: [`/f${index}`] }));
    await t.store.putPact('B', '1.0.0', 'A', pactOf('B', 'big'), { usages: many });
    expect(await t.store.usagesOfConsumer('B', '1.0.0')).toHaveLength(450);
  });

  it('filters by a long list of consumer versions, matching exact pairs only', async () => {
    await t.store.putPact('B', '1.0.0', 'A', pactOf('B', 'b1'), { usages: [usage('GET', '/b1'), usage('GET', '/b1x')] });
    await t.store.putPact('C', '2.0.0', 'A', pactOf('C', 'c2'), { usages: [usage('GET', '/c2')] });
    await t.store.putPact('C', '1.0.0', 'A', pactOf('C', 'c1'), { usages: [usage('GET', '/c1')] });
    // C and 2.0.0 are both asked for, but not as a pair; the padding spreads the list over several chunks.
    const padding = Array.from({ length: 1200 }, (_, index) => ({ service: `X${index}`, version: `${index}.0.0` }));
    const refs = [...padding.slice(0, 600), { service: 'B', version: '1.0.0' }, { service: 'C', version: '1.0.0' }, { service: 'X', version: '2.0.0' }, ...padding.slice(600), { service: 'B', version: '1.0.0' }];
    expect((await t.store.usagesOfProvider('A', { consumerVersions: refs })).map((u) => `${u.consumer}${u.consumerVersion}${u.path}`)).toEqual([
      'B1.0.0/b1',
      'B1.0.0/b1x',
      'C1.0.0/c1',
    ]);
    expect((await t.store.listPacts({ provider: 'A', consumerVersions: refs })).map((p) => p.consumer + p.consumerVersion)).toEqual(['B1.0.0', 'C1.0.0']);
  });

  it('records verification results against stored pact content', async () => {
    const { hash } = await t.store.putPact('B', '1.0.0', 'A', pactOf('B', 'v1'));
    const ok = await t.store.recordVerification({ pactHash: hash, consumer: 'B', provider: 'A', providerVersion: '2.0.0', success: true, buildUrl: 'https://ci/9', details: { tests: 3 } });
    expect(ok).toMatchObject({ pactHash: hash, consumer: 'B', provider: 'A', providerVersion: '2.0.0', success: true, details: { tests: 3 } });
    await t.store.recordVerification({ pactHash: hash, consumer: 'B', provider: 'A', providerVersion: '2.1.0', success: false, providerVersionInfo: { branch: 'main' } });
    expect((await t.store.getVersion('A', '2.1.0'))?.branch).toBe('main');
    expect((await t.store.listVerifications({ pactHash: hash })).map((v) => [v.providerVersion, v.success])).toEqual([
      ['2.1.0', false],
      ['2.0.0', true],
    ]);
    expect(await t.store.listVerifications({ providerVersion: '2.0.0', provider: 'A', consumer: 'B' })).toHaveLength(1);
    const unknown = hashContent({ not: 'stored' }).hash;
    await expect(t.store.recordVerification({ pactHash: unknown, consumer: 'B', provider: 'A', providerVersion: '3', success: true })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await t.store.getVersion('A', '3')).toBeUndefined();
  });

  it('caches compatibility results per pact, spec and engine', async () => {
    const pact = hashContent({ p: 1 }).hash;
    const spec1 = hashContent({ s: 1 }).hash;
    const spec2 = hashContent({ s: 2 }).hash;
    expect(await t.store.getCompat(pact, spec1, 'e1')).toBeUndefined();
    await t.store.putCompat(pact, spec1, 'e1', { compatible: false, blockers: [{ path: '/orders/{id}/tracking' }] });
    await t.store.putCompat(pact, spec2, 'e1', { compatible: true, blockers: [] });
    expect(await t.store.getCompat(pact, spec1, 'e1')).toEqual({ compatible: false, blockers: [{ path: '/orders/{id}/tracking' }] });
    expect(await t.store.getCompat(pact, spec1, 'e2')).toBeUndefined();
    await t.store.putCompat(pact, spec1, 'e1', { compatible: true, blockers: [] });
    expect(await t.store.getCompat(pact, spec1, 'e1')).toEqual({ compatible: true, blockers: [] });

    const many = await t.store.getCompatMany(
      [
        { pactHash: pact, specHash: spec1 },
        { pactHash: pact, specHash: spec2 },
        { pactHash: spec1, specHash: pact },
      ],
      'e1',
    );
    expect([...many.keys()].sort()).toEqual([`${pact}:${spec1}`, `${pact}:${spec2}`].sort());
    expect(many.get(`${pact}:${spec2}`)).toEqual({ compatible: true, blockers: [] });
    expect((await t.store.getCompatMany([], 'e1')).size).toBe(0);
    await expect(t.store.putCompat('nope', spec1, 'e1', {})).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('pactHash') });
  });
});
