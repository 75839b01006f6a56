import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/index.js';

const betterSqlite3 = createRequire(import.meta.url).resolve('better-sqlite3');

/** Another process takes the database's write lock, says so, keeps it `holdMs`, then commits. */
function holdWriteLock(path: string, holdMs: number): Promise<{ released: Promise<void> }> {
  const script = `
    const Database = require(${JSON.stringify(betterSqlite3)});
    const db = new Database(${JSON.stringify(path)});
    db.exec('begin immediate');
    db.prepare("insert into services (name, created_at, updated_at) values ('from-other-process', '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z')").run();
    process.stdout.write('locked\\n');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ${holdMs});
    db.exec('commit');
    db.close();
  `;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const released = new Promise<void>((resolve, reject) => {
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`lock holder exited with ${code}`))));
  });
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('locked')) resolve({ released });
    });
    child.on('error', reject);
    released.catch(reject);
  });
}

describe('SQLite store shared with another process', () => {
  let dir: string;
  let store: Store;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rollgate-lock-'));
    store = await openStore(join(dir, 'registry.db'));
    await store.ensureVersion('A', '1.0.0');
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('waits for the other writer without blocking the event loop, then writes', async () => {
    const { released } = await holdWriteLock(join(dir, 'registry.db'), 400);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 20);
    const started = Date.now();
    try {
      const result = await store.recordDeployment({ service: 'A', version: '1.0.0', environment: 'production' });
      expect(result.status).toBe('created');
    } finally {
      clearInterval(timer);
    }
    await released;
    // The write had to wait for the other process; timers kept firing meanwhile.
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    expect(ticks).toBeGreaterThanOrEqual(5);
    // Readers were never blocked and the other process's row is there.
    expect((await store.listServices()).map((service) => service.name)).toEqual(['A', 'from-other-process']);
  });

  it('opens (and checks migrations) while another process writes', async () => {
    const { released } = await holdWriteLock(join(dir, 'registry.db'), 300);
    const second = await openStore(join(dir, 'registry.db'));
    try {
      expect((await second.getVersion('A', '1.0.0'))?.version).toBe('1.0.0');
    } finally {
      await second.close();
    }
    await released;
  });

  it('gives up after the busy timeout', async () => {
    const impatient = await openStore(join(dir, 'registry.db'), { busyTimeoutMs: 100 });
    try {
      const { released } = await holdWriteLock(join(dir, 'registry.db'), 800);
      await expect(impatient.ensureService('B')).rejects.toMatchObject({ code: 'STORE_BUSY', retryAfterSeconds: 1 });
      // Reads still work while the lock is held.
      expect((await impatient.getService('A'))?.name).toBe('A');
      await released;
      expect((await impatient.ensureService('B')).name).toBe('B');
    } finally {
      await impatient.close();
    }
  });

  it('answers a write it cannot lock in time with 503 and Retry-After, and serves reads meanwhile', async () => {
    const impatient = await openStore(join(dir, 'registry.db'), { busyTimeoutMs: 100 });
    const app = await buildApp({ store: impatient, closeStore: true, logger: false });
    try {
      await app.ready();
      const { released } = await holdWriteLock(join(dir, 'registry.db'), 800);
      const refused = await app.inject({ method: 'POST', url: '/deployments', payload: { service: 'A', version: '1.0.0', environment: 'production' } });
      expect(refused.statusCode).toBe(503);
      expect(refused.headers['retry-after']).toBe('1');
      expect(refused.json()).toMatchObject({ error: { code: 'STORE_BUSY' } });
      expect((await app.inject({ method: 'GET', url: '/services/A' })).statusCode).toBe(200);
      await released;
      const retried = await app.inject({ method: 'POST', url: '/deployments', payload: { service: 'A', version: '1.0.0', environment: 'production' } });
      expect(retried.statusCode).toBe(201);
    } finally {
      await app.close();
    }
  });
});
