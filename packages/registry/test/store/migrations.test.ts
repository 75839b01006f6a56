import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS, suiteTitle } from './dialects.js';
import type { TestDatabase } from './dialects.js';

for (const dialect of DIALECTS) {
  (dialect.skipReason ? describe.skip : describe)(suiteTitle(dialect, 'store migrations'), () => {
    let db: TestDatabase;
    beforeEach(async () => {
      db = await dialect.create();
    });
    afterEach(async () => {
      await db.destroy();
    });

    it('migrates an empty database on open, and a second run is a no-op that keeps the data', async () => {
      const fresh = await db.open({ migrate: false });
      const applied = await fresh.migrate();
      expect(applied.length).toBeGreaterThan(0);
      expect(applied.every((migration) => migration.status === 'Success')).toBe(true);
      expect(applied.map((migration) => migration.name)).toEqual([...applied.map((migration) => migration.name)].sort());
      expect(applied[0]!.name).toMatch(/^\d{4}_\d{2}_\d{2}_\d{4}_/);
      await fresh.putOpenApi('A', '1.0.0', { openapi: '3.0.0' });
      expect(await fresh.migrate()).toEqual([]);
      await fresh.close();

      const reopened = await db.open();
      expect(await reopened.migrate()).toEqual([]);
      expect((await reopened.getOpenApi('A', '1.0.0'))?.document).toEqual({ openapi: '3.0.0' });
    });

    it('serves the same records with and without prepared statements', async () => {
      const prepared = await db.open();
      const plain = await db.open({ preparedStatements: false });
      await prepared.putPact('B', '1.0.0', 'A', { p: 1 }, { usages: [{ method: 'GET', path: '/a', matched: true, params: [], requestFields: [], responseFields: [], statuses: [200], interactions: [] }] });
      await plain.recordDeployment({ service: 'B', version: '1.0.0', environment: 'production' });
      for (const store of [prepared, plain]) {
        expect((await store.listPacts()).map((p) => p.consumer)).toEqual(['B']);
        expect((await store.usagesOfProvider('A')).map((u) => u.path)).toEqual(['/a']);
        expect((await store.currentDeployments('production')).map((d) => d.version)).toEqual(['1.0.0']);
      }
    });

    it('lets two instances open (and migrate) the same database at once', async () => {
      const [one, two] = await Promise.all([db.open(), db.open()]);
      await one.ensureVersion('A', '1.0.0');
      expect((await two.getVersion('A', '1.0.0'))?.version).toBe('1.0.0');
      await Promise.all([one.ping(), two.ping()]);
    });
  });
}
