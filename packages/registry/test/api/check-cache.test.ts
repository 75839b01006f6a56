import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/types.js';
import { deploy, freshStore, postgresReachable, publishDemo } from './helpers.js';

const pgUp = await postgresReachable();
if (!pgUp) console.warn('PostgreSQL is not reachable at 127.0.0.1:5432: the PostgreSQL check cache scenarios are skipped');

interface Answer {
  safe: boolean;
  from: string | null;
  blockers: Array<{ consumer: string; consumerVersion: string; path: string }>;
}

// Two registry instances on one database, as behind a load balancer: each caches answers, and a
// write through either one must show in the next answer of both.
for (const dialect of ['sqlite', 'postgres'] as const) {
  describe.skipIf(dialect === 'postgres' && !pgUp)(`rollback answers cached per store revision (${dialect})`, () => {
    let dispose: () => Promise<void>;
    let first: FastifyInstance;
    let second: FastifyInstance;
    let secondStore: Store;
    beforeAll(async () => {
      const fresh = await freshStore(dialect);
      dispose = fresh.dispose;
      secondStore = await openStore(fresh.store.dialect === 'sqlite' ? fresh.store.location : locationOf(fresh.store), {});
      first = await buildApp({ store: fresh.store, logger: false });
      second = await buildApp({ store: secondStore, logger: false });
      await publishDemo(first);
      for (const [service, version] of [['A', '2.0.0'], ['B', '1.0.0']] as const) {
        expect((await deploy(first, service, version, 'production')).statusCode).toBe(201);
      }
    });
    afterAll(async () => {
      await first?.close();
      await second?.close();
      await secondStore?.close();
      await dispose?.();
    });

    const ask = async (app: FastifyInstance): Promise<Answer> => {
      const response = await app.inject({ method: 'GET', url: '/rollback-check?service=A&environment=production&to=1.0.0' });
      expect(response.statusCode).toBe(200);
      return response.json() as Answer;
    };

    it('sees a deployment recorded through the other instance at the next question', async () => {
      expect(await ask(first)).toMatchObject({ safe: true, from: '2.0.0' });
      expect(await ask(second)).toMatchObject({ safe: true, from: '2.0.0' });
      // Asked again: answered from the cache, the same.
      expect(await ask(first)).toMatchObject({ safe: true, from: '2.0.0' });

      expect((await deploy(second, 'B', '2.0.0', 'production')).statusCode).toBe(201);
      const refused = await ask(first);
      expect(refused.safe).toBe(false);
      expect(refused.blockers.some((blocker) => blocker.consumerVersion === '2.0.0' && blocker.path === '/orders/{id}/tracking')).toBe(true);
      expect(await ask(second)).toEqual(refused);

      expect((await deploy(first, 'B', '1.0.0', 'production')).statusCode).toBe(201);
      expect(await ask(second)).toMatchObject({ safe: true, blockers: [] });
    });

    it('answers many concurrent questions alike while a write lands between them', async () => {
      const asks = Array.from({ length: 20 }, (_, index) => ask(index % 2 === 0 ? first : second));
      const write = deploy(second, 'B', '2.0.0', 'production');
      await Promise.all([...asks, write]);
      // Every question asked after the write has committed sees it, on both instances.
      expect((await ask(first)).safe).toBe(false);
      expect((await ask(second)).safe).toBe(false);
    });
  });
}

// The PostgreSQL store's location masks the password and names the schema: rebuild a URL from it.
function locationOf(store: Store): string {
  const match = /^(.*) \(schema (.*)\)$/.exec(store.location);
  if (!match) throw new Error(`unexpected store location ${store.location}`);
  const url = new URL(match[1]!);
  url.searchParams.set('schema', match[2]!);
  return url.toString();
}
