import { expect, it } from 'vitest';
import { hashContent } from '../../src/store/index.js';
import type { JsonValue } from '../../src/store/index.js';
import { describeStore } from './dialects.js';

const specV1 = {
  openapi: '3.0.3',
  info: { title: 'Orders', version: '1.0.0' },
  paths: { '/orders/{id}': { get: { responses: { '200': { description: 'an order' } } } } },
};
const specV2 = {
  ...specV1,
  info: { title: 'Orders', version: '2.0.0' },
  paths: { ...specV1.paths, '/orders/{id}/tracking': { get: { responses: { '200': { description: 'tracking' } } } } },
};

function pact(consumer: string, provider: string, paths: string[]): JsonValue {
  return {
    consumer: { name: consumer },
    provider: { name: provider },
    interactions: paths.map((path) => ({
      description: `get ${path}`,
      request: { method: 'GET', path },
      response: { status: 200, body: { id: '1' } },
    })),
    metadata: { pactSpecification: { version: '3.0.0' } },
  };
}

describeStore('store contracts', (t) => {

  it('publishes an OpenAPI document: created, then unchanged, then conflict keeping the stored one', async () => {
    const first = await t.store.putOpenApi('A', '1.0.0', specV1);
    expect(first).toEqual({ status: 'created', hash: hashContent(specV1).hash });

    // Same content with keys in another order is the same document.
    const reordered = { paths: specV1.paths, info: specV1.info, openapi: specV1.openapi };
    expect(await t.store.putOpenApi('A', '1.0.0', reordered)).toEqual({ status: 'unchanged', hash: first.hash });

    const conflict = await t.store.putOpenApi('A', '1.0.0', specV2);
    expect(conflict).toEqual({ status: 'conflict', hash: first.hash, rejectedHash: hashContent(specV2).hash });
    const stored = await t.store.getOpenApi('A', '1.0.0');
    expect(stored?.document).toEqual(specV1);
    expect(stored?.hash).toBe(first.hash);
    // The refused content was not kept anywhere.
    expect(await t.store.getContent(hashContent(specV2).hash)).toBeUndefined();
  });

  it('stores the pacts of one publication together, or none of them when one is refused', async () => {
    const toA = pact('B', 'A', ['/orders/1']);
    const toC = pact('B', 'C', ['/invoices/1']);
    const created = await t.store.putPacts('B', '1.0.0', [
      { provider: 'A', content: toA, options: { branch: 'main' } },
      { provider: 'C', content: toC, options: { branch: 'main' } },
    ]);
    expect(created).toEqual({ stored: true, results: [{ status: 'created', hash: hashContent(toA).hash }, { status: 'created', hash: hashContent(toC).hash }] });
    expect((await t.store.getVersion('B', '1.0.0'))?.branches).toEqual(['main']);

    // A new pact with D and a changed one with C: C is refused, so D is not stored either.
    const toD = pact('B', 'D', ['/users/1']);
    const changedC = pact('B', 'C', ['/invoices/2']);
    const refused = await t.store.putPacts('B', '1.0.0', [
      { provider: 'D', content: toD },
      { provider: 'C', content: changedC },
    ]);
    expect(refused).toEqual({ stored: false, refused: { provider: 'C', hash: hashContent(toC).hash, rejectedHash: hashContent(changedC).hash } });
    expect(await t.store.getPact('B', '1.0.0', 'D')).toBeUndefined();
    expect(await t.store.getService('D')).toBeUndefined();
    expect((await t.store.getPact('B', '1.0.0', 'C'))?.hash).toBe(hashContent(toC).hash);

    // Nothing at all of a publication for a new version that is refused as input.
    await expect(t.store.putPacts('B', '2.0.0', [{ provider: 'A', content: toA }, { provider: 'A', content: toA }])).rejects.toThrow(/"A" is given twice/);
    expect(await t.store.getVersion('B', '2.0.0')).toBeUndefined();
  });

  it('overwrites or merges on conflict when asked', async () => {
    const first = await t.store.putOpenApi('A', '1.0.0', specV1);
    const overwritten = await t.store.putOpenApi('A', '1.0.0', specV2, { onConflict: 'overwrite', format: 'yaml' });
    expect(overwritten).toEqual({ status: 'updated', hash: hashContent(specV2).hash, previousHash: first.hash });
    expect((await t.store.getOpenApi('A', '1.0.0'))?.document).toEqual(specV2);
    expect((await t.store.getOpenApi('A', '1.0.0'))?.format).toBe('yaml');

    await t.store.putPact('B', '1.0.0', 'A', pact('B', 'A', ['/orders/1']));
    const merge = (stored: JsonValue, incoming: JsonValue): JsonValue => {
      const s = stored as { interactions: JsonValue[] };
      const i = incoming as { interactions: JsonValue[] };
      return { ...(stored as object), interactions: [...s.interactions, ...i.interactions] };
    };
    const merged = await t.store.putPact('B', '1.0.0', 'A', pact('B', 'A', ['/orders/2']), { onConflict: { merge } });
    expect(merged.status).toBe('updated');
    const content = (await t.store.getPact('B', '1.0.0', 'A'))?.content as { interactions: Array<{ request: { path: string } }> };
    expect(content.interactions.map((interaction) => interaction.request.path)).toEqual(['/orders/1', '/orders/2']);
    // Merging in what is already there changes nothing.
    const again = await t.store.putPact('B', '1.0.0', 'A', pact('B', 'A', []), { onConflict: { merge } });
    expect(again).toEqual({ status: 'unchanged', hash: merged.hash });
  });

  it('stores identical content once across versions and services', async () => {
    await t.store.putOpenApi('A', '1.0.0', specV1);
    await t.store.putOpenApi('A', '1.0.1', specV1);
    await t.store.putOpenApi('C', '7', specV1);
    await t.store.putPact('B', '1.0.0', 'A', pact('B', 'A', ['/orders/1']));
    await t.store.putPact('B', '1.1.0', 'A', pact('B', 'A', ['/orders/1']));
    const counts = await t.store.counts();
    expect(counts.openapiSpecs).toBe(3);
    expect(counts.pacts).toBe(2);
    expect(counts.contents).toBe(2);
    expect(counts.contracts).toEqual({ openapi: 1, pact: 1 });
    const specs = await t.store.listOpenApi('A');
    expect(specs.map((spec) => spec.version)).toEqual(['1.0.0', '1.0.1']);
    expect(new Set(specs.map((spec) => spec.hash)).size).toBe(1);
  });

  it('lists specs in the order of all the service\'s versions, even when only some have one', async () => {
    await t.store.ensureVersion('A', '2.0.0');
    await t.store.putOpenApi('A', 'abc1234', { v: 'sha' });
    await t.store.putOpenApi('A', '1.0.0', { v: 1 });
    // 1.0.0 takes the place 2.0.0 was published in, before abc1234.
    expect((await t.store.listVersions('A')).map((v) => v.version)).toEqual(['1.0.0', 'abc1234', '2.0.0']);
    expect((await t.store.listOpenApi('A')).map((spec) => spec.version)).toEqual(['1.0.0', 'abc1234']);
  });

  it('publishes pacts per consumer version and provider and lists them', async () => {
    expect((await t.store.putPact('B', '2.0.0', 'A', pact('B', 'A', ['/orders/1/tracking']))).status).toBe('created');
    expect((await t.store.putPact('B', '1.0.0', 'A', pact('B', 'A', ['/orders/1']))).status).toBe('created');
    expect((await t.store.putPact('B', '1.0.0', 'C', pact('B', 'C', ['/stock']))).status).toBe('created');
    expect((await t.store.putPact('D', '0.1.0', 'A', pact('D', 'A', ['/orders/1']))).status).toBe('created');
    expect((await t.store.putPact('B', '1.0.0', 'A', pact('B', 'A', ['/other']))).status).toBe('conflict');

    const all = await t.store.listPacts();
    expect(all.map((p) => `${p.consumer}@${p.consumerVersion}->${p.provider}`)).toEqual([
      'B@1.0.0->A',
      'B@1.0.0->C',
      'B@2.0.0->A',
      'D@0.1.0->A',
    ]);
    expect((await t.store.listPacts({ provider: 'A' })).map((p) => p.consumer + p.consumerVersion)).toEqual(['B1.0.0', 'B2.0.0', 'D0.1.0']);
    expect((await t.store.listPacts({ consumer: 'B', consumerVersion: '1.0.0' })).map((p) => p.provider)).toEqual(['A', 'C']);
    expect(await t.store.getPact('B', '3.0.0', 'A')).toBeUndefined();
    const running = [
      { service: 'B', version: '2.0.0' },
      { service: 'D', version: '0.1.0' },
      { service: 'E', version: '1.0.0' },
    ];
    expect((await t.store.listPacts({ provider: 'A', consumerVersions: running })).map((p) => p.consumer + p.consumerVersion)).toEqual(['B2.0.0', 'D0.1.0']);
    expect(await t.store.listPacts({ consumerVersions: [] })).toEqual([]);

    const services = await t.store.listServices();
    expect(services.map((s) => [s.name, s.versionCount, s.consumerCount, s.providerCount, s.latestVersion])).toEqual([
      ['A', 0, 2, 0, null],
      ['B', 2, 0, 2, '2.0.0'],
      ['C', 0, 1, 0, null],
      ['D', 1, 0, 1, '0.1.0'],
    ]);
  });

  it('attaches branch, commit and tags given with a publication', async () => {
    await t.store.putOpenApi('A', '1.0.0', specV1, { branch: 'main', commit: 'abc123', tags: ['prod', 'v1'], buildUrl: 'https://ci/1' });
    const version = await t.store.getVersion('A', '1.0.0');
    expect(version).toMatchObject({ branch: 'main', branches: ['main'], commit: 'abc123', tags: ['prod', 'v1'], buildUrl: 'https://ci/1' });
  });

  it('rejects content that is not JSON, naming where', async () => {
    const bad = { info: { count: Number.NaN } } as unknown as JsonValue;
    await expect(t.store.putOpenApi('A', '1.0.0', bad)).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('/info/count') });
    await expect(t.store.putOpenApi('', '1.0.0', specV1)).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('service') });
    expect((await t.store.counts()).services).toBe(0);
  });

  it('leaves nothing behind when a publication fails half-way', async () => {
    const failing = () => {
      throw new Error('usage extraction failed');
    };
    await expect(t.store.putPact('B', '1.0.0', 'A', pact('B', 'A', ['/orders/1']), { usages: failing, tags: ['x'] })).rejects.toThrow(
      'usage extraction failed',
    );
    const invalidUsage = [{ method: 'GET', path: '/orders/{id}', matched: true, params: [], requestFields: [], responseFields: [], statuses: [999], interactions: [] }];
    await expect(
      t.store.putPact('B', '1.0.0', 'A', pact('B', 'A', ['/orders/1']), { usages: () => invalidUsage }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('usages[0].statuses[0]') });
    const counts = await t.store.counts();
    expect(counts).toMatchObject({ services: 0, versions: 0, contents: 0, pacts: 0 });
    expect(await t.store.listServices()).toEqual([]);
  });

  it('publishes crossing pacts of new services from two instances at once', async () => {
    const other = await t.db.open();
    for (let round = 0; round < 5; round++) {
      const [left, right] = [`L${round}`, `R${round}`];
      const results = await Promise.all([
        t.store.putPact(left, '1', right, pact(left, right, ['/x'])),
        other.putPact(right, '1', left, pact(right, left, ['/y'])),
      ]);
      expect(results.map((result) => result.status)).toEqual(['created', 'created']);
    }
    expect(await t.store.listPacts()).toHaveLength(10);
  });

  it('judges concurrent publications of one version from two registry instances', async () => {
    const other = await t.db.open();
    const results = await Promise.all([t.store.putOpenApi('A', '1.0.0', specV1), other.putOpenApi('A', '1.0.0', specV2)]);
    const statuses = results.map((result) => result.status).sort();
    expect(statuses).toEqual(['conflict', 'created']);
    const kept = results.find((result) => result.status === 'created')!.hash;
    expect((await other.getOpenApi('A', '1.0.0'))?.hash).toBe(kept);
  });
});
