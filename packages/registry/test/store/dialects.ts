import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, beforeEach, describe } from 'vitest';
import { openStore } from '../../src/store/index.js';
import type { OpenStoreOptions, Store } from '../../src/store/index.js';

/** One database the store tests run against, empty when created. */
export interface TestDatabase {
  /** The location `openStore` is given. */
  url: string;
  /** Opens a store on that database (several may be open at once, as with several registry instances). */
  open(options?: OpenStoreOptions): Promise<Store>;
  /** Closes what `open` opened and deletes the database. */
  destroy(): Promise<void>;
}

/** A dialect the suite runs on, with the reason when it cannot. */
export interface Dialect {
  name: 'sqlite' | 'postgres';
  skipReason?: string;
  create(): Promise<TestDatabase>;
}

const PG_URL = process.env.ROLLGATE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function postgresSkipReason(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (error) {
    return `PostgreSQL not reachable at ${PG_URL}: ${(error as Error).message || (error as { code?: string }).code}`;
  } finally {
    await client.end().catch(() => {});
  }
}

const sqlite: Dialect = {
  name: 'sqlite',
  async create() {
    const dir = mkdtempSync(join(tmpdir(), 'rollgate-store-'));
    const url = join(dir, 'registry.db');
    const opened: Store[] = [];
    return {
      url,
      async open(options) {
        const store = await openStore(url, options);
        opened.push(store);
        return store;
      },
      async destroy() {
        await Promise.all(opened.map((store) => store.close()));
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

const runId = randomBytes(4).toString('hex');
let schemas = 0;

const skip = await postgresSkipReason();
if (skip) console.warn(`[store tests] PostgreSQL suite skipped: ${skip}`);

const postgres: Dialect = {
  name: 'postgres',
  ...(skip ? { skipReason: skip } : {}),
  async create() {
    // A fresh schema per test database: runs never see each other's rows, and dropping it cleans up.
    const schema = `rg_test_${runId}_${++schemas}`;
    const opened: Store[] = [];
    return {
      url: `${PG_URL}?schema=${schema}`,
      async open(options) {
        const store = await openStore(PG_URL, { schema, poolSize: 4, ...options });
        opened.push(store);
        return store;
      },
      async destroy() {
        await Promise.all(opened.map((store) => store.close()));
        const client = new pg.Client({ connectionString: PG_URL });
        await client.connect();
        try {
          await client.query(`drop schema if exists "${schema}" cascade`);
        } finally {
          await client.end();
        }
      },
    };
  },
};

/** Every dialect the whole store suite runs on. */
export const DIALECTS: Dialect[] = [sqlite, postgres];

/** The describe title of a dialect's suite, saying why when it is skipped. */
export function suiteTitle(dialect: Dialect, subject: string): string {
  return dialect.skipReason ? `${subject} [${dialect.name}] (skipped: ${dialect.skipReason})` : `${subject} [${dialect.name}]`;
}

/** What a test of a `describeStore` suite works on: a fresh database and a store open on it. */
export interface StoreSuite {
  readonly dialect: Dialect;
  readonly db: TestDatabase;
  readonly store: Store;
}

/**
 * Declares the suite once per dialect (skipped, saying why, where a dialect cannot run). Each test
 * gets its own empty database, destroyed after it; `t` reads the current test's.
 */
export function describeStore(subject: string, body: (t: StoreSuite) => void): void {
  for (const dialect of DIALECTS) {
    (dialect.skipReason ? describe.skip : describe)(suiteTitle(dialect, subject), () => {
      let db: TestDatabase | undefined;
      let store: Store | undefined;
      beforeEach(async () => {
        db = await dialect.create();
        store = await db.open();
      });
      afterEach(async () => {
        await db?.destroy();
        db = undefined;
        store = undefined;
      });
      body({
        dialect,
        get db() {
          if (!db) throw new Error('the test database exists only while a test runs');
          return db;
        },
        get store() {
          if (!store) throw new Error('the test store exists only while a test runs');
          return store;
        },
      });
    });
  }
}
