import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RollgateError } from '@rollgate/openapi';
import { CompatCache } from '../../src/checks/compat.js';
import { Hrefs } from '../../src/broker/hal.js';
import { buildMatrix } from '../../src/broker/matrix.js';
import { parseMatrixQuery } from '../../src/broker/matrix-query.js';
import { pactsForVerification } from '../../src/broker/verification.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/types.js';

function pact(consumer: string, marker: string) {
  return {
    consumer: { name: consumer },
    provider: { name: 'Api' },
    interactions: [{ description: `get ${marker}`, request: { method: 'GET', path: `/${marker}` }, response: { status: 200 } }],
    metadata: { pactSpecification: { version: '3.0.0' } },
  };
}

describe('which pacts a selector picks', () => {
  let store: Store;
  let dir: string;
  const pick = async (body: Parameters<typeof pactsForVerification>[2]) =>
    (await pactsForVerification(store, 'Api', body)).map((p) => `${p.pact.consumer} ${p.pact.consumerVersion}`).sort();

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'rollgate-selection-'));
    store = await openStore(path.join(dir, 'registry.db'));
    await store.ensureService('Web', { mainBranch: 'main' });
    await store.putPact('Web', '1.0.0', 'Api', pact('Web', 'one'), { branch: 'main', tags: ['prod'] });
    await store.putPact('Web', '2.0.0', 'Api', pact('Web', 'two'), { branch: 'main' });
    await store.putPact('Web', '2.1.0-feat', 'Api', pact('Web', 'feat'), { branch: 'feat-x' });
    await store.recordDeployment({ service: 'Web', version: '1.0.0', environment: 'production' });
    // Mobile publishes the same content from two versions: one pact version to verify.
    await store.ensureService('Mobile', { mainBranch: 'main' });
    await store.putPact('Mobile', '5.0.0', 'Api', pact('Mobile', 'same'), { branch: 'main' });
    await store.putPact('Mobile', '5.1.0', 'Api', pact('Mobile', 'same'), { branch: 'main' });
    await store.recordDeployment({ service: 'Mobile', version: '5.0.0', environment: 'production' });
    await store.ensureVersion('Api', '9.0.0');
  });

  afterAll(async () => {
    await store?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('follows each selector kind', async () => {
    expect(await pick({ consumerVersionSelectors: [{ mainBranch: true, consumer: 'Web' }] })).toEqual(['Web 2.0.0']);
    expect(await pick({ consumerVersionSelectors: [{ branch: 'feat-x' }] })).toEqual(['Web 2.1.0-feat']);
    expect(await pick({ consumerVersionSelectors: [{ tag: 'prod', latest: true }] })).toEqual(['Web 1.0.0']);
    expect(await pick({ consumerVersionSelectors: [{ deployed: true, environment: 'production', consumer: 'Web' }] })).toEqual(['Web 1.0.0']);
    expect(await pick({ consumerVersionSelectors: [{ matchingBranch: true }], providerVersionBranch: 'feat-x' })).toEqual(['Web 2.1.0-feat']);
    // No selectors: the latest version of each consumer, by version order (2.1.0-feat > 2.0.0).
    expect(await pick({})).toEqual(['Mobile 5.1.0', 'Web 2.1.0-feat']);
  });

  it('offers one content once, with every reason it was picked', async () => {
    const picked = await pactsForVerification(store, 'Api', { consumerVersionSelectors: [{ mainBranch: true, consumer: 'Mobile' }, { deployedOrReleased: true, consumer: 'Mobile' }] });
    expect(picked).toHaveLength(1);
    expect(picked[0]?.descriptions).toEqual(['latest version from the main branch of Mobile (5.1.0)', 'deployed or released of Mobile (5.0.0)']);
  });

  it('refuses selectors that cannot be answered, naming them', async () => {
    await expect(pactsForVerification(store, 'Api', { consumerVersionSelectors: [{ matchingBranch: true }] })).rejects.toThrowError(
      new RollgateError('BAD_REQUEST', 'consumerVersionSelectors[0] uses matchingBranch, which needs providerVersionBranch'),
    );
    await expect(pactsForVerification(store, 'Api', { consumerVersionSelectors: [{ latest: true }, { environment: 'production' }] })).rejects.toThrowError(
      /consumerVersionSelectors\[1\] names an environment without deployed/,
    );
  });

  it('builds the matrix against a tag target, and leaves ignored pacticipants out of the verdict', async () => {
    const cache = new CompatCache(store);
    const hrefs = new Hrefs('http://registry.test');
    const tagged = await buildMatrix(store, cache, hrefs, parseMatrixQuery('q[][pacticipant]=Api&q[][version]=9.0.0&tag=prod&latestby=cvpv'));
    expect(tagged.matrix.map((r) => `${r.consumer.name} ${r.consumer.version.number}`)).toEqual(['Web 1.0.0']);
    // Neither an OpenAPI document nor a verification: unknown, so not deployable yet.
    expect(tagged.summary).toMatchObject({ deployable: null, unknown: 1 });

    const ignoring = await buildMatrix(
      store,
      cache,
      hrefs,
      parseMatrixQuery('q[][pacticipant]=Api&q[][version]=9.0.0&latestby=cvpv&environment=production&ignore[][pacticipant]=Web&ignore[][pacticipant]=Mobile'),
    );
    expect(ignoring.matrix).toHaveLength(2);
    expect(ignoring.summary).toMatchObject({ deployable: true, ignored: 2 });
  });

  it('names an unknown pacticipant, version or environment', async () => {
    const cache = new CompatCache(store);
    const hrefs = new Hrefs('http://registry.test');
    await expect(buildMatrix(store, cache, hrefs, parseMatrixQuery('q[][pacticipant]=Nope&q[][version]=1'))).rejects.toThrowError('the registry knows no pacticipant named "Nope"');
    await expect(buildMatrix(store, cache, hrefs, parseMatrixQuery('q[][pacticipant]=Api&q[][version]=1&environment=mars'))).rejects.toThrowError('Api has no version "1"');
    await expect(buildMatrix(store, cache, hrefs, parseMatrixQuery('q[][pacticipant]=Api&q[][version]=9.0.0&environment=mars'))).rejects.toThrowError(
      'the registry knows no environment named "mars"',
    );
  });
});
