import { beforeEach, expect, it } from 'vitest';
import { describeStore } from './dialects.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describeStore('store environments and deployments', (t) => {
  beforeEach(async () => {
    for (const version of ['1.0.0', '2.0.0', '3.0.0']) await t.store.ensureVersion('A', version);
    await t.store.ensureVersion('B', '1.0.0');
  });

  it('creates environments on first use with a UUID, found by name or UUID', async () => {
    const production = await t.store.ensureEnvironment('production', { production: true, displayName: 'Production' });
    expect(production).toMatchObject({ name: 'production', production: true, displayName: 'Production' });
    expect(production.uuid).toMatch(UUID);
    expect(await t.store.ensureEnvironment('production')).toEqual(production);
    expect(await t.store.getEnvironment(production.uuid)).toEqual(production);
    await t.store.recordDeployment({ service: 'A', version: '1.0.0', environment: 'staging' });
    expect((await t.store.listEnvironments()).map((e) => [e.name, e.production])).toEqual([
      ['production', true],
      ['staging', false],
    ]);
    expect(await t.store.getEnvironment('nowhere')).toBeUndefined();
    expect(await t.store.deleteEnvironment('staging')).toBe(true);
    expect(await t.store.deploymentsOf('A')).toEqual([]);
  });

  it('ends the previous deployment of the service in that environment and keeps the history', async () => {
    const first = await t.store.recordDeployment({ service: 'A', version: '1.0.0', environment: 'production' });
    expect(first.status).toBe('created');
    expect(first.ended).toBeNull();
    expect(first.deployment).toMatchObject({ service: 'A', version: '1.0.0', environment: 'production', instance: null, current: true, undeployedAt: null });

    const second = await t.store.recordDeployment({ service: 'A', version: '2.0.0', environment: 'production' });
    expect(second.ended).toMatchObject({ uuid: first.deployment.uuid, version: '1.0.0', current: false });
    expect(second.ended?.undeployedAt).toBe(second.deployment.deployedAt);

    // Another environment and another service are left alone.
    await t.store.recordDeployment({ service: 'A', version: '1.0.0', environment: 'staging' });
    await t.store.recordDeployment({ service: 'B', version: '1.0.0', environment: 'production' });

    expect((await t.store.currentDeployments('production')).map((d) => `${d.service}@${d.version}`)).toEqual(['A@2.0.0', 'B@1.0.0']);
    expect((await t.store.currentDeployments('staging')).map((d) => `${d.service}@${d.version}`)).toEqual(['A@1.0.0']);
    const history = await t.store.deploymentsOf('A', { environment: 'production' });
    expect(history.map((d) => [d.version, d.current])).toEqual([
      ['2.0.0', true],
      ['1.0.0', false],
    ]);
    expect((await t.store.counts()).currentDeployments).toBe(3);
  });

  it('records the same current version again as unchanged', async () => {
    const first = await t.store.recordDeployment({ service: 'A', version: '1.0.0', environment: 'production' });
    const again = await t.store.recordDeployment({ service: 'A', version: '1.0.0', environment: 'production' });
    expect(again).toEqual({ status: 'unchanged', deployment: first.deployment, ended: null });
    expect(await t.store.deploymentsOf('A')).toHaveLength(1);
  });

  it('tracks application instances separately', async () => {
    await t.store.recordDeployment({ service: 'A', version: '1.0.0', environment: 'production', instance: 'eu' });
    await t.store.recordDeployment({ service: 'A', version: '1.0.0', environment: 'production', instance: 'us' });
    await t.store.recordDeployment({ service: 'A', version: '1.0.0', environment: 'production', instance: '' });
    const unnamedReplaced = await t.store.recordDeployment({ service: 'A', version: '2.0.0', environment: 'production' });
    expect(unnamedReplaced.ended).toMatchObject({ instance: null, version: '1.0.0' });
    const replaced = await t.store.recordDeployment({ service: 'A', version: '3.0.0', environment: 'production', instance: 'eu' });
    expect(replaced.ended).toMatchObject({ instance: 'eu', version: '1.0.0' });
    expect((await t.store.currentDeployments('production')).map((d) => [d.instance, d.version])).toEqual([
      [null, '2.0.0'],
      ['eu', '3.0.0'],
      ['us', '1.0.0'],
    ]);

    const ended = await t.store.endDeployment({ service: 'A', environment: 'production', instance: 'us' });
    expect(ended).toMatchObject({ instance: 'us', current: false });
    expect(await t.store.endDeployment({ service: 'A', environment: 'production', instance: 'us' })).toBeUndefined();
    const unnamed = (await t.store.currentDeployments('production', { service: 'A' })).find((d) => d.instance === null)!;
    expect((await t.store.endDeployment({ uuid: unnamed.uuid }))?.version).toBe('2.0.0');
    expect((await t.store.getDeployment(unnamed.uuid))?.current).toBe(false);
    expect((await t.store.currentDeployments('production')).map((d) => d.instance)).toEqual(['eu']);
  });

  it('refuses unknown services and versions unless asked to create them, writing nothing', async () => {
    await expect(t.store.recordDeployment({ service: 'A', version: '9.9.9', environment: 'qa' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'unknown version "9.9.9" of service "A"',
    });
    await expect(t.store.recordDeployment({ service: 'Z', version: '1', environment: 'qa' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await t.store.getEnvironment('qa')).toBeUndefined();
    const created = await t.store.recordDeployment({ service: 'Z', version: '1', environment: 'qa', createVersion: true });
    expect(created.deployment).toMatchObject({ service: 'Z', version: '1', environment: 'qa' });
  });

  it('records releases, several supported at once', async () => {
    const one = await t.store.recordRelease({ service: 'A', version: '1.0.0', environment: 'app-store' });
    expect(one.status).toBe('created');
    await t.store.recordRelease({ service: 'A', version: '2.0.0', environment: 'app-store' });
    expect((await t.store.recordRelease({ service: 'A', version: '1.0.0', environment: 'app-store' })).status).toBe('unchanged');
    expect((await t.store.currentReleases('app-store')).map((r) => r.version)).toEqual(['1.0.0', '2.0.0']);
    const ended = await t.store.endRelease({ service: 'A', version: '1.0.0', environment: 'app-store' });
    expect(ended).toMatchObject({ version: '1.0.0', current: false });
    expect(await t.store.endRelease({ uuid: one.release.uuid })).toBeUndefined();
    expect((await t.store.currentReleases('app-store')).map((r) => r.version)).toEqual(['2.0.0']);
    expect((await t.store.releasesOf('A')).map((r) => [r.version, r.current])).toEqual([
      ['2.0.0', true],
      ['1.0.0', false],
    ]);
  });

  it('keeps exactly one current deployment when two registry instances record at once', async () => {
    const other = await t.db.open();
    const versions = Array.from({ length: 12 }, (_, index) => `1.${index}.0`);
    for (const version of versions) await t.store.ensureVersion('C', version);
    const results = await Promise.all(
      versions.map((version, index) => (index % 2 === 0 ? t.store : other).recordDeployment({ service: 'C', version, environment: 'production' })),
    );
    expect(results.every((result) => result.status === 'created')).toBe(true);
    const history = await t.store.deploymentsOf('C');
    expect(history).toHaveLength(versions.length);
    expect(history.filter((d) => d.current)).toHaveLength(1);
    // Every deployment but one was ended, each by exactly one successor.
    const endedUuids = results.map((result) => result.ended?.uuid).filter((uuid) => uuid !== undefined);
    expect(new Set(endedUuids).size).toBe(versions.length - 1);
    expect((await other.currentDeployments('production', { service: 'C' })).map((d) => d.uuid)).toEqual(
      history.filter((d) => d.current).map((d) => d.uuid),
    );
  });
});
