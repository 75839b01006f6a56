import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { COMPAT_ENGINE } from '../../src/checks/compat.js';
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

describe('verdicts computed ahead of the questions', () => {
  let registry: Awaited<ReturnType<typeof freshStore>>;
  let app: FastifyInstance;
  beforeAll(async () => {
    registry = await freshStore('sqlite');
    app = await buildApp({ store: registry.store, logger: false });
    await publishDemo(app);
  });
  afterAll(async () => {
    await app?.close();
    await registry?.dispose();
  });

  const hashes = async () => {
    const [a1, a2] = await registry.store.listOpenApi('A');
    const [b1, b2] = await registry.store.listPacts({ consumer: 'B', provider: 'A' });
    return { a1: a1!.hash, a2: a2!.hash, b1: b1!.hash, b2: b2!.hash };
  };

  it('stores each pact\'s verdict against the provider\'s newest spec when it is published', async () => {
    const { a2, b1, b2 } = await hashes();
    const stored = await registry.store.getCompatMany([{ pactHash: b1, specHash: a2 }, { pactHash: b2, specHash: a2 }], COMPAT_ENGINE);
    expect([...stored.keys()].sort()).toEqual([`${b1}:${a2}`, `${b2}:${a2}`].sort());
    expect(stored.get(`${b2}:${a2}`)).toMatchObject({ compatible: true });
  });

  it('after a deployment, stores the running consumers\' verdicts against the versions a rollback would go back to', async () => {
    const { a1, b2 } = await hashes();
    for (const [service, version] of [['A', '1.0.0'], ['A', '2.0.0']] as const) {
      expect((await deploy(app, service, version, 'production')).statusCode).toBe(201);
    }
    expect(await registry.store.getCompat(b2, a1, COMPAT_ENGINE)).toBeUndefined();
    expect((await deploy(app, 'B', '2.0.0', 'production')).statusCode).toBe(201);
    // B 2.0.0 now runs beside A 2.0.0; A 1.0.0 ran there before, so going back to it is the likely question.
    expect(await registry.store.getCompat(b2, a1, COMPAT_ENGINE)).toMatchObject({ compatible: false });
    const rollback = await app.inject({ method: 'GET', url: '/rollback-check?service=A&environment=production&to=1.0.0' });
    expect(rollback.json()).toMatchObject({ safe: false });
  });
});

describe('with precomputing turned off', () => {
  it('stores no verdict at publication or deployment, and answers the same when asked', async () => {
    const registry = await freshStore('sqlite');
    const app = await buildApp({ store: registry.store, logger: false, precompute: false });
    try {
      await publishDemo(app);
      for (const [service, version] of [['A', '1.0.0'], ['A', '2.0.0'], ['B', '2.0.0']] as const) {
        expect((await deploy(app, service, version, 'production')).statusCode).toBe(201);
      }
      const [a1, a2] = await registry.store.listOpenApi('A');
      const [b1, b2] = await registry.store.listPacts({ consumer: 'B', provider: 'A' });
      const keys = [a1!, a2!].flatMap((spec) => [b1!, b2!].map((pact) => ({ pactHash: pact.hash, specHash: spec.hash })));
      expect((await registry.store.getCompatMany(keys, COMPAT_ENGINE)).size).toBe(0);
      const rollback = await app.inject({ method: 'GET', url: '/rollback-check?service=A&environment=production&to=1.0.0' });
      expect(rollback.json()).toMatchObject({ safe: false, blockers: expect.arrayContaining([expect.objectContaining({ consumer: 'B', consumerVersion: '2.0.0' })]) });
      // The question computed and stored the verdict it needed.
      expect(await registry.store.getCompat(b2!.hash, a1!.hash, COMPAT_ENGINE)).toMatchObject({ compatible: false });
    } finally {
      await app.close();
      await registry.dispose();
    }
  });
});
