import { expect, it } from 'vitest';
import { describeStore } from './dialects.js';

describeStore('store services and versions', (t) => {

  it('orders semver versions by semver whatever the publication order', async () => {
    for (const version of ['1.10.0', '1.2.0', '2.0.0-rc.1', '1.2.0-beta.2', '2.0.0', '0.9.9', 'v1.3.0']) {
      await t.store.ensureVersion('A', version);
    }
    expect((await t.store.listVersions('A')).map((v) => v.version)).toEqual(['0.9.9', '1.2.0-beta.2', '1.2.0', 'v1.3.0', '1.10.0', '2.0.0-rc.1', '2.0.0']);
    expect((await t.store.latestVersion('A'))?.version).toBe('2.0.0');
  });

  it('orders other versions by publication time, keeping semver order among the semver ones', async () => {
    for (const version of ['c0ffee1', '2.0.0', 'build-17', '1.0.0', 'a1b2c3d']) await t.store.ensureVersion('A', version);
    // SHAs keep their places; 2.0.0 and 1.0.0 swap within the places semver versions hold.
    expect((await t.store.listVersions('A')).map((v) => v.version)).toEqual(['c0ffee1', '1.0.0', 'build-17', '2.0.0', 'a1b2c3d']);
    expect((await t.store.latestVersion('A'))?.version).toBe('a1b2c3d');
  });

  it('keeps versions idempotent and adds branches, tags and commits', async () => {
    const first = await t.store.ensureVersion('A', '1.0.0', { branch: 'feature/x', tags: ['dev'] });
    expect(first).toMatchObject({ service: 'A', version: '1.0.0', branch: 'feature/x', branches: ['feature/x'], tags: ['dev'], commit: null });
    const again = await t.store.ensureVersion('A', '1.0.0', { branch: 'main', commit: 'abc', tags: ['dev', 'prod'] });
    expect(again).toMatchObject({ branch: 'feature/x', branches: ['feature/x', 'main'], tags: ['dev', 'prod'], commit: 'abc' });
    expect(again.createdAt).toBe(first.createdAt);
    expect((await t.store.listVersions('A')).length).toBe(1);

    await t.store.addTag('A', '1.1.0', 'dev');
    await t.store.addBranch('A', '1.1.0', 'main');
    expect((await t.store.latestVersion('A', { tag: 'prod' }))?.version).toBe('1.0.0');
    expect((await t.store.latestVersion('A', { tag: 'dev' }))?.version).toBe('1.1.0');
    expect((await t.store.latestVersion('A', { branch: 'feature/x' }))?.version).toBe('1.0.0');
    expect(await t.store.latestVersion('A', { tag: 'nope' })).toBeUndefined();
    expect(await t.store.removeTag('A', '1.1.0', 'dev')).toBe(true);
    expect(await t.store.removeTag('A', '1.1.0', 'dev')).toBe(false);
    expect((await t.store.latestVersion('A', { tag: 'dev' }))?.version).toBe('1.0.0');

    const branches = await t.store.listBranches('A');
    expect(branches.map((b) => [b.name, b.latestVersion])).toEqual([
      ['feature/x', '1.0.0'],
      ['main', '1.1.0'],
    ]);
  });

  it('keeps service properties and answers unknown names with undefined', async () => {
    expect(await t.store.getService('A')).toBeUndefined();
    expect(await t.store.getVersion('A', '1.0.0')).toBeUndefined();
    expect(await t.store.listVersions('A')).toEqual([]);
    await t.store.ensureService('A');
    const updated = await t.store.updateService('A', { mainBranch: 'main', displayName: 'Orders', repositoryUrl: 'https://git/a' });
    expect(updated).toMatchObject({ name: 'A', mainBranch: 'main', displayName: 'Orders', repositoryUrl: 'https://git/a' });
    expect(await t.store.updateService('A', { displayName: null })).toMatchObject({ displayName: null, mainBranch: 'main' });
    expect(await t.store.deleteService('A')).toBe(true);
    expect(await t.store.deleteService('A')).toBe(false);
  });

  it('refuses names that would not read the same everywhere', async () => {
    await expect(t.store.ensureVersion('A', ' 1.0.0')).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('version') });
    await expect(t.store.ensureVersion('A', 'x'.repeat(256))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(t.store.ensureVersion('A', '\u{1F600}'.repeat(256))).rejects.toMatchObject({ code: 'INVALID_INPUT', message: 'version must be at most 255 characters, got 256' });
    await expect(t.store.ensureVersion('A\n', '1')).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('service') });
    await expect(t.store.ensureVersion('A', '1', { tags: ['ok', ''] })).rejects.toMatchObject({ message: expect.stringContaining('tags[1]') });
    expect(await t.store.listServices()).toEqual([]);
    // Characters are code points: 255 astral ones (510 UTF-16 units) are a valid name.
    expect((await t.store.ensureVersion('A', '\u{1F600}'.repeat(255))).version).toBe('\u{1F600}'.repeat(255));
  });

  it('deletes a version with its contracts, usages and deployments, keeping the rest', async () => {
    await t.store.putOpenApi('A', '1.0.0', { openapi: '3.0.0' });
    await t.store.putOpenApi('A', '2.0.0', { openapi: '3.1.0' });
    const usages = [{ method: 'GET', path: '/x', matched: false, params: [], requestFields: [], responseFields: [], statuses: [200], interactions: [] }];
    await t.store.putPact('A', '2.0.0', 'C', { c: 1 }, { usages });
    await t.store.recordDeployment({ service: 'A', version: '2.0.0', environment: 'production' });
    expect(await t.store.deleteVersion('A', '2.0.0')).toBe(true);
    expect(await t.store.deleteVersion('A', '2.0.0')).toBe(false);
    expect((await t.store.listVersions('A')).map((v) => v.version)).toEqual(['1.0.0']);
    expect(await t.store.getOpenApi('A', '2.0.0')).toBeUndefined();
    expect(await t.store.listPacts({ consumer: 'A' })).toEqual([]);
    expect(await t.store.usagesOfProvider('C')).toEqual([]);
    expect(await t.store.currentDeployments('production')).toEqual([]);
    expect((await t.store.getOpenApi('A', '1.0.0'))?.document).toEqual({ openapi: '3.0.0' });
  });

  it('deletes a service with everything recorded about it', async () => {
    await t.store.putOpenApi('A', '1.0.0', { openapi: '3.0.0' });
    await t.store.putPact('B', '1.0.0', 'A', { consumer: { name: 'B' } });
    await t.store.recordDeployment({ service: 'A', version: '1.0.0', environment: 'production' });
    expect(await t.store.deleteService('A')).toBe(true);
    expect(await t.store.listPacts()).toEqual([]);
    expect(await t.store.currentDeployments('production')).toEqual([]);
    expect((await t.store.listServices()).map((s) => s.name)).toEqual(['B']);
  });
});
