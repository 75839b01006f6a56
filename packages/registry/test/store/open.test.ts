import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SQLITE_PATH, openStore, parseStoreUrl, redact } from '../../src/store/index.js';

describe('parseStoreUrl', () => {
  it('reads SQLite locations', () => {
    expect(parseStoreUrl('')).toEqual({ dialect: 'sqlite', path: resolve(DEFAULT_SQLITE_PATH) });
    expect(parseStoreUrl(':memory:')).toEqual({ dialect: 'sqlite', path: ':memory:' });
    expect(parseStoreUrl('sqlite::memory:')).toEqual({ dialect: 'sqlite', path: ':memory:' });
    expect(parseStoreUrl('data/reg.db')).toEqual({ dialect: 'sqlite', path: resolve('data/reg.db') });
    expect(parseStoreUrl('sqlite:data/reg.db')).toEqual({ dialect: 'sqlite', path: resolve('data/reg.db') });
    expect(parseStoreUrl('sqlite:///var/lib/reg.db')).toEqual({ dialect: 'sqlite', path: '/var/lib/reg.db' });
    expect(parseStoreUrl('file:///var/lib/reg.db')).toEqual({ dialect: 'sqlite', path: '/var/lib/reg.db' });
  });

  it('reads PostgreSQL URLs with an optional schema', () => {
    expect(parseStoreUrl('postgres://u:p@db:5432/reg')).toEqual({ dialect: 'postgres', connectionString: 'postgres://u:p@db:5432/reg' });
    expect(parseStoreUrl('postgresql://db/reg?schema=rollgate&sslmode=require')).toEqual({
      dialect: 'postgres',
      connectionString: 'postgresql://db/reg?sslmode=require',
      schema: 'rollgate',
    });
    expect(parseStoreUrl('postgres://db/reg?prepare=false')).toEqual({ dialect: 'postgres', connectionString: 'postgres://db/reg', preparedStatements: false });
  });

  it('names what is wrong with a location', () => {
    expect(() => parseStoreUrl('mysql://db/reg')).toThrow(expect.objectContaining({ code: 'STORE_URL', message: expect.stringContaining('"mysql:"') }));
    expect(() => parseStoreUrl('postgres://db/reg?schema=a;drop')).toThrow(expect.objectContaining({ code: 'STORE_URL', message: expect.stringContaining('a;drop') }));
    expect(() => parseStoreUrl('sqlite:')).toThrow(expect.objectContaining({ code: 'STORE_URL' }));
    expect(() => parseStoreUrl('postgres://db/reg?prepare=no')).toThrow(expect.objectContaining({ code: 'STORE_URL', message: expect.stringContaining('prepare') }));
  });

  it('masks passwords', () => {
    expect(redact('postgres://user:secret@db/reg')).toBe('postgres://user:***@db/reg');
    expect(redact('postgres://db/reg')).toBe('postgres://db/reg');
  });
});

describe('openStore', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rollgate-open-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates the folder of a SQLite file and uses WAL', async () => {
    const path = join(dir, 'nested', 'deeper', 'registry.db');
    const store = await openStore(`sqlite:${path}`);
    await store.ensureVersion('A', '1.0.0');
    expect(store.dialect).toBe('sqlite');
    expect(store.location).toBe(path);
    expect(existsSync(`${path}-wal`)).toBe(true);
    await store.close();
    await store.close();
  });

  it('opens ./.rollgate/registry.db when given no location', async () => {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const store = await openStore('');
      await store.ensureService('A');
      await store.close();
    } finally {
      process.chdir(cwd);
    }
    expect(existsSync(join(dir, '.rollgate', 'registry.db'))).toBe(true);
  });

  it('opens an in-memory store', async () => {
    const store = await openStore(':memory:');
    await store.putOpenApi('A', '1', { openapi: '3.1.0' });
    expect((await store.counts()).openapiSpecs).toBe(1);
    await store.close();
  });

  it('reports a file that is not a database as a store error naming it', async () => {
    const path = join(dir, 'not-a-db.db');
    writeFileSync(path, 'this is plain text, not SQLite, and long enough to have a header '.repeat(20));
    await expect(openStore(path)).rejects.toMatchObject({ code: 'STORE_OPEN', message: expect.stringContaining(path) });
  });

  it('reports an unreachable PostgreSQL server without hanging', async () => {
    await expect(openStore('postgres://postgres@127.0.0.1:1/none')).rejects.toMatchObject({
      code: 'STORE_OPEN',
      message: expect.stringContaining('127.0.0.1:1'),
    });
  });
});
