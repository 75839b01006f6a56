import { expect, it } from 'vitest';
import { describeStore } from './dialects.js';

const PACT_HASH = 'a'.repeat(64);

describeStore('store revision', (t) => {

  /** Runs a store call and says whether the revision moved. */
  async function moves(what: () => Promise<unknown>): Promise<boolean> {
    const before = await t.store.revision();
    await what();
    const after = await t.store.revision();
    expect(after).toBeGreaterThanOrEqual(before);
    return after > before;
  }

  it('increases with every kind of write and stays put on reads', async () => {
    expect(await moves(() => t.store.putOpenApi('A', '1.0.0', { openapi: '3.0.0', info: { version: '1' } }))).toBe(true);
    expect(await moves(() => t.store.putPact('B', '1.0.0', 'A', { consumer: 'B' }))).toBe(true);
    expect(await moves(() => t.store.recordDeployment({ service: 'B', version: '1.0.0', environment: 'production' }))).toBe(true);
    expect(await moves(() => t.store.endDeployment({ service: 'B', environment: 'production' }))).toBe(true);
    expect(await moves(() => t.store.addTag('B', '1.0.0', 'prod'))).toBe(true);
    expect(await moves(() => t.store.removeTag('B', '1.0.0', 'prod'))).toBe(true);
    expect(await moves(() => t.store.deleteVersion('B', '1.0.0'))).toBe(true);
    expect(await moves(() => t.store.deleteService('B'))).toBe(true);

    expect(await moves(() => t.store.listPacts({ provider: 'A' }))).toBe(false);
    expect(await moves(() => t.store.currentDeployments('production'))).toBe(false);
    expect(await moves(() => t.store.listServices())).toBe(false);
  });

  it('does not move for a refused publication or a stored verdict', async () => {
    await t.store.putPact('B', '1.0.0', 'A', { consumer: 'B', n: 1 });
    const stored = await t.store.listPacts({ consumer: 'B' });
    expect(await moves(() => t.store.putPact('B', '1.0.0', 'A', { consumer: 'B', n: 2 }))).toBe(false);
    // Verdicts are facts about immutable contents: caches keyed on the revision stay valid.
    expect(await moves(() => t.store.putCompat(stored[0]!.hash, PACT_HASH, 'engine/1', { compatible: true }))).toBe(false);
  });

  it('shows another instance\'s writes on the same database', async () => {
    const other = await t.db.open();
    const seen = await t.store.revision();
    await other.recordDeployment({ service: 'A', version: '1.0.0', environment: 'staging', createVersion: true });
    expect(await t.store.revision()).toBeGreaterThan(seen);
  });

  it('counts concurrent writers once each', async () => {
    const before = await t.store.revision();
    await Promise.all(Array.from({ length: 6 }, (_, index) => t.store.ensureVersion(`S${index}`, '1.0.0')));
    expect(await t.store.revision()).toBe(before + 6);
  });

  it('lists only the pacts of consumer versions deployed in an environment', async () => {
    for (const version of ['1.0.0', '2.0.0']) await t.store.putPact('B', version, 'A', { consumer: 'B', version });
    await t.store.putPact('C', '1.0.0', 'A', { consumer: 'C' });
    await t.store.putPact('C', '1.0.0', 'D', { consumer: 'C', provider: 'D' });
    await t.store.recordDeployment({ service: 'B', version: '1.0.0', environment: 'production' });
    await t.store.recordDeployment({ service: 'B', version: '2.0.0', environment: 'production' });
    await t.store.recordDeployment({ service: 'C', version: '1.0.0', environment: 'staging' });
    const production = await t.store.getEnvironment('production');

    const pairs = async (environment: string) =>
      (await t.store.listPacts({ provider: 'A', deployedIn: environment })).map((pact) => `${pact.consumer}@${pact.consumerVersion}`);
    // B 1.0.0 was replaced by 2.0.0 in production, so its pact no longer counts there.
    expect(await pairs('production')).toEqual(['B@2.0.0']);
    expect(await pairs(production!.uuid)).toEqual(['B@2.0.0']);
    expect(await pairs('staging')).toEqual(['C@1.0.0']);
    expect(await pairs('moon')).toEqual([]);
  });
});
