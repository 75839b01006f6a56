import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { buildApp } from '../../src/app.js';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/index.js';

const CONTRACTS = fileURLToPath(new URL('../../../../contracts/', import.meta.url));

/** A registry app on a fresh SQLite file in a temporary folder. */
export interface TestRegistry {
  app: FastifyInstance;
  store: Store;
  dir: string;
  close(): Promise<void>;
}

/** Builds the registry app on a new SQLite file; `close` removes everything. */
export async function startRegistry(options: { readToken?: string; writeToken?: string } = {}): Promise<TestRegistry> {
  const dir = await mkdtemp(join(tmpdir(), 'rollgate-ui-'));
  const store = await openStore(join(dir, 'registry.db'));
  const app = await buildApp({ store, closeStore: true, logger: false, ...options });
  return {
    app,
    store,
    dir,
    async close() {
      await app.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function expectStatus(app: FastifyInstance, request: InjectOptions, ok: number[]): Promise<void> {
  const response = await app.inject(request);
  if (!ok.includes(response.statusCode)) {
    throw new Error(`${JSON.stringify(request)} answered ${response.statusCode}: ${response.body}`);
  }
}

/**
 * Publishes the demo system of `contracts/` through the HTTP API, as a pipeline would: provider A
 * 1.0.0 and 2.0.0, consumer B 1.0.0 and 2.0.0 with their pacts; production runs A 2.0.0 and B 2.0.0,
 * staging A 2.0.0 and B 1.0.0.
 */
export async function seedDemo(app: FastifyInstance, token?: string): Promise<void> {
  const auth = token ? { authorization: `Bearer ${token}` } : {};
  for (const [version, folder] of [['1.0.0', 'v1'], ['2.0.0', 'v2']] as const) {
    await expectStatus(
      app,
      {
        method: 'PUT',
        url: `/services/A/versions/${version}/openapi`,
        headers: { 'content-type': 'application/yaml', ...auth },
        payload: await readFile(join(CONTRACTS, 'a', folder, 'openapi.yaml'), 'utf8'),
      },
      [200, 201],
    );
  }
  for (const [version, folder] of [['1.0.0', 'v1'], ['2.0.0', 'v2']] as const) {
    await expectStatus(
      app,
      {
        method: 'PUT',
        url: `/services/B/versions/${version}/pacts/A`,
        headers: { 'content-type': 'application/json', ...auth },
        payload: await readFile(join(CONTRACTS, 'b', folder, 'B-A.json'), 'utf8'),
      },
      [200, 201],
    );
  }
  const deployments: [string, string, string][] = [
    ['A', '2.0.0', 'production'],
    ['B', '2.0.0', 'production'],
    ['A', '2.0.0', 'staging'],
    ['B', '1.0.0', 'staging'],
  ];
  for (const [service, version, environment] of deployments) {
    await expectStatus(app, { method: 'POST', url: '/deployments', headers: auth, payload: { service, version, environment } }, [200, 201]);
  }
}
