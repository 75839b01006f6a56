import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/index.js';
import { DIALECTS, suiteTitle } from './dialects.js';
import type { Dialect, TestDatabase } from './dialects.js';

/** Runs SQL on the test database behind the store's back, as an older registry or an operator would. */
async function rawSql(dialect: Dialect, db: TestDatabase, text: string): Promise<void> {
  if (dialect.name === 'sqlite') {
    const raw = new BetterSqlite3(db.url);
    try {
      raw.exec(text);
    } finally {
      raw.close();
    }
    return;
  }
  const url = new URL(db.url);
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
async function recomputed(dialect: Dialect, db: TestDatabase, service: string): Promise<string[]> {
  await rawSql(dialect, db, 'update versions set sort_key = null');
  const fresh = await db.open();
  return (await fresh.listVersions(service)).map((version) => version.version);
}

const MIXED = ['2.0.0', 'a1b2c3d', '1.0.0', '1.5.0', 'f00ba47', '10.0.0', '0.9.0', 'v3.1.0', 'nightly'];

for (const dialect of DIALECTS) {
  (dialect.skipReason ? describe.skip : describe)(suiteTitle(dialect, 'persisted version order'), () => {
    let db: TestDatabase;
    let store: Store;
    beforeEach(async () => {
      db = await dialect.create();
      store = await db.open();
    });
    afterEach(async () => {
      await db.destroy();
    });

    const names = async (service: string) => (await store.listVersions(service)).map((version) => version.version);

    it('keeps the rule\'s order through insertions anywhere and deletions', async () => {
      for (const version of MIXED) {
        await store.ensureVersion('A', version);
        // Distinct publication times, so the expected order below does not hang on insertion order.
        await new Promise((resolve) => setTimeout(resolve, 3));
      }
      expect(await names('A')).toEqual(['0.9.0', 'a1b2c3d', '1.0.0', '1.5.0', 'f00ba47', '2.0.0', 'v3.1.0', '10.0.0', 'nightly']);

      // Removing 0.9.0 frees the first semver place (before a1b2c3d), which 1.0.0 now takes.
      await store.deleteVersion('A', '0.9.0');
      expect(await names('A')).toEqual(['1.0.0', 'a1b2c3d', '1.5.0', '2.0.0', 'f00ba47', 'v3.1.0', '10.0.0', 'nightly']);
      expect((await store.latestVersion('A'))?.version).toBe('nightly');
      expect((await store.listServices()).find((service) => service.name === 'A')?.latestVersion).toBe('nightly');

      // Listings ordered by consumer version agree.
      for (const version of ['10.0.0', 'a1b2c3d', '1.0.0']) await store.putPact('A', version, 'P', { v: version });
      expect((await store.listPacts({ provider: 'P' })).map((pact) => pact.consumerVersion)).toEqual(['1.0.0', 'a1b2c3d', '10.0.0']);
      expect(await recomputed(dialect, db, 'A')).toEqual(await names('A'));
    });

    it('places versions stored without a place when the store opens', async () => {
      for (const version of MIXED) await store.putOpenApi('A', version, { openapi: '3.0.0', info: { version } });
      const before = await names('A');
      await rawSql(dialect, db, 'update versions set sort_key = null');
      const reopened = await db.open();
      expect((await reopened.listVersions('A')).map((version) => version.version)).toEqual(before);
      expect((await reopened.listOpenApi('A')).map((spec) => spec.version)).toEqual(before);
    });

    it('agrees across two instances adding versions of one service at once', async () => {
      const other = await db.open();
      const versions = Array.from({ length: 12 }, (_, index) => (index % 3 === 0 ? `sha-${index}` : `1.${11 - index}.0`));
      await Promise.all(versions.map((version, index) => (index % 2 === 0 ? store : other).ensureVersion('A', version)));
      const listed = await names('A');
      expect([...listed].sort()).toEqual([...versions].sort());
      expect((await other.listVersions('A')).map((version) => version.version)).toEqual(listed);
      // What both writers stored is what ordering all of them again gives.
      expect(await recomputed(dialect, db, 'A')).toEqual(listed);
    });
  });
}
