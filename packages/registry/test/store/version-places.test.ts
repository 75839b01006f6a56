import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { expect, it } from 'vitest';
import { describeStore } from './dialects.js';
import type { StoreSuite } from './dialects.js';

/** Runs SQL on the test database behind the store's back, as an older registry or an operator would. */
async function rawSql(t: StoreSuite, text: string): Promise<void> {
  if (t.dialect.name === 'sqlite') {
    const raw = new BetterSqlite3(t.db.url);
    try {
      raw.exec(text);
    } finally {
      raw.close();
    }
    return;
  }
  const url = new URL(t.db.url);
  const schema = url.searchParams.get('schema')!;
  url.searchParams.delete('schema');
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query(`set search_path to "${schema}"`);
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** The order the rule gives for the versions stored now, computed again from scratch by a store opening. */
async function recomputed(t: StoreSuite, service: string): Promise<string[]> {
  await rawSql(t, 'update versions set sort_key = null');
  const fresh = await t.db.open();
  return (await fresh.listVersions(service)).map((version) => version.version);
}

const MIXED = ['2.0.0', 'a1b2c3d', '1.0.0', '1.5.0', 'f00ba47', '10.0.0', '0.9.0', 'v3.1.0', 'nightly'];

describeStore('persisted version order', (t) => {

  const names = async (service: string) => (await t.store.listVersions(service)).map((version) => version.version);

  it('keeps the rule\'s order through insertions anywhere and deletions', async () => {
    for (const version of MIXED) {
      await t.store.ensureVersion('A', version);
      // Distinct publication times, so the expected order below does not hang on insertion order.
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
    expect(await names('A')).toEqual(['0.9.0', 'a1b2c3d', '1.0.0', '1.5.0', 'f00ba47', '2.0.0', 'v3.1.0', '10.0.0', 'nightly']);

    // Removing 0.9.0 frees the first semver place (before a1b2c3d), which 1.0.0 now takes.
    await t.store.deleteVersion('A', '0.9.0');
    expect(await names('A')).toEqual(['1.0.0', 'a1b2c3d', '1.5.0', '2.0.0', 'f00ba47', 'v3.1.0', '10.0.0', 'nightly']);
    expect((await t.store.latestVersion('A'))?.version).toBe('nightly');
    expect((await t.store.listServices()).find((service) => service.name === 'A')?.latestVersion).toBe('nightly');

    // Listings ordered by consumer version agree.
    for (const version of ['10.0.0', 'a1b2c3d', '1.0.0']) await t.store.putPact('A', version, 'P', { v: version });
    expect((await t.store.listPacts({ provider: 'P' })).map((pact) => pact.consumerVersion)).toEqual(['1.0.0', 'a1b2c3d', '10.0.0']);
    expect(await recomputed(t, 'A')).toEqual(await names('A'));
  });

  it('places versions stored without a place when the store opens', async () => {
    for (const version of MIXED) await t.store.putOpenApi('A', version, { openapi: '3.0.0', info: { version } });
    const before = await names('A');
    await rawSql(t, 'update versions set sort_key = null');
    const reopened = await t.db.open();
    expect((await reopened.listVersions('A')).map((version) => version.version)).toEqual(before);
    expect((await reopened.listOpenApi('A')).map((spec) => spec.version)).toEqual(before);
  });

  it('agrees across two instances adding versions of one service at once', async () => {
    const other = await t.db.open();
    const versions = Array.from({ length: 12 }, (_, index) => (index % 3 === 0 ? `sha-${index}` : `1.${11 - index}.0`));
    await Promise.all(versions.map((version, index) => (index % 2 === 0 ? t.store : other).ensureVersion('A', version)));
    const listed = await names('A');
    expect([...listed].sort()).toEqual([...versions].sort());
    expect((await other.listVersions('A')).map((version) => version.version)).toEqual(listed);
    // What both writers stored is what ordering all of them again gives.
    expect(await recomputed(t, 'A')).toEqual(listed);
  });
});
