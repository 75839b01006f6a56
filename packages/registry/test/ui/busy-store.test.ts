import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildApp } from '../../src/app.js';
import { openStore } from '../../src/store/index.js';
import type { JsonValue } from '../../src/store/index.js';

const CONTRACTS = fileURLToPath(new URL('../../../../contracts/', import.meta.url));

// A page that has to judge a pact stores the verdict for the next question. Storing it is only a
// cache: while another writer holds the database, the page still answers from the verdict it
// computed.
describe('UI pages while another writer holds the SQLite database', () => {
  let dir: string;
  let app: FastifyInstance;
  let holder: Database.Database;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rollgate-ui-busy-'));
    const store = await openStore(join(dir, 'registry.db'), { busyTimeoutMs: 50 });
    // Published through the store, not the API, so that no verdict is computed ahead: the pages must store their own.
    for (const [version, folder] of [['1.0.0', 'v1'], ['2.0.0', 'v2']] as const) {
      await store.putOpenApi('A', version, parse(await readFile(join(CONTRACTS, 'a', folder, 'openapi.yaml'), 'utf8')) as JsonValue);
      await store.putPact('B', version, 'A', JSON.parse(await readFile(join(CONTRACTS, 'b', folder, 'B-A.json'), 'utf8')) as JsonValue);
    }
    await store.recordDeployment({ service: 'A', version: '2.0.0', environment: 'production' });
    await store.recordDeployment({ service: 'B', version: '2.0.0', environment: 'production' });
    app = await buildApp({ store, closeStore: true, logger: false });
    holder = new Database(join(dir, 'registry.db'));
    holder.exec('begin immediate');
  });

  afterAll(async () => {
    if (holder?.inTransaction) holder.exec('rollback');
    holder?.close();
    await app?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('answers from freshly computed verdicts that cannot be stored until the other writer is done', async () => {
    for (const url of ['/ui/services/B/pacts', '/ui/rollback?service=A&environment=production&to=1.0.0', '/ui/graph?service=B&environment=production&to=1.0.0']) {
      const page = await app.inject({ url, headers: { accept: 'text/html' } });
      expect(page.statusCode, url).toBe(200);
      expect(page.headers['retry-after'], url).toBeUndefined();
    }
    const rollback = await app.inject({ url: '/rollback-check?service=A&environment=production&to=1.0.0' });
    expect(rollback.statusCode).toBe(200);
    expect(rollback.json()).toMatchObject({ safe: false, blockers: [{ consumer: 'B', consumerVersion: '2.0.0' }, { consumer: 'B', consumerVersion: '2.0.0' }] });
  });
});
