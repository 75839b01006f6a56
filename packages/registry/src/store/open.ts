import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kysely, sql } from 'kysely';
import { RollgateError } from '@rollgate/openapi';
import { KyselyStore } from './kysely-store.js';
import { postgresDialect, quoteIdent } from './postgres.js';
import type { Database } from './schema.js';
import { sqliteDialect } from './sqlite.js';
import type { OpenStoreOptions, Store } from './types.js';

/** Where the embedded store lives when no database is named. */
export const DEFAULT_SQLITE_PATH = './.rollgate/registry.db';

/** A database location, resolved. */
export type StoreTarget =
  | { dialect: 'sqlite'; path: string }
  | { dialect: 'postgres'; connectionString: string; schema?: string; preparedStatements?: boolean };

/**
 * Reads a database location: `postgres://` or `postgresql://` URLs (optional query parameters:
 * `schema=` picks the schema, `prepare=false` turns prepared statements off), `sqlite:<path>`,
 * `file:` URLs, `:memory:`, or a plain file path (relative to the working directory). An empty
 * string means the default SQLite file.
 */
export function parseStoreUrl(url: string): StoreTarget {
  const text = url.trim();
  if (text === '') return { dialect: 'sqlite', path: resolve(DEFAULT_SQLITE_PATH) };
  if (text === ':memory:' || text === 'sqlite::memory:') return { dialect: 'sqlite', path: ':memory:' };
  if (/^postgres(ql)?:\/\//i.test(text)) {
    let parsed: URL;
    try {
      parsed = new URL(text);
    } catch {
      throw new RollgateError('STORE_URL', `invalid PostgreSQL URL ${JSON.stringify(redact(text))}`);
    }
    const schema = parsed.searchParams.get('schema') ?? undefined;
    parsed.searchParams.delete('schema');
    const prepare = parsed.searchParams.get('prepare');
    parsed.searchParams.delete('prepare');
    if (prepare !== null && prepare !== 'true' && prepare !== 'false') {
      throw new RollgateError('STORE_URL', `the database URL parameter prepare must be true or false, got ${JSON.stringify(prepare)}`);
    }
    if (schema !== undefined && !/^[A-Za-z_][A-Za-z0-9_$]{0,62}$/.test(schema)) {
      throw new RollgateError('STORE_URL', `invalid schema name ${JSON.stringify(schema)} in the database URL`);
    }
    return {
      dialect: 'postgres',
      connectionString: parsed.toString(),
      ...(schema ? { schema } : {}),
      ...(prepare !== null ? { preparedStatements: prepare === 'true' } : {}),
    };
  }
  if (/^file:/i.test(text)) {
    try {
      return { dialect: 'sqlite', path: fileURLToPath(text) };
    } catch (error) {
      throw new RollgateError('STORE_URL', `invalid file URL ${JSON.stringify(text)}: ${(error as Error).message}`);
    }
  }
  if (/^sqlite:/i.test(text)) {
    const path = text.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (path === '') throw new RollgateError('STORE_URL', 'the sqlite: URL names no file');
    return { dialect: 'sqlite', path: resolve(path) };
  }
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]+):\/\//.exec(text);
  if (scheme) {
    throw new RollgateError('STORE_URL', `unsupported database URL scheme "${scheme[1]}:" (use a file path, sqlite:<path> or postgres://...)`);
  }
  return { dialect: 'sqlite', path: resolve(text) };
}

/**
 * Opens the registry's store: SQLite (a file path, `sqlite:<path>`, `:memory:`) or PostgreSQL
 * (`postgres://...`), and brings its schema up to date unless `migrate: false`. Failures to reach
 * or migrate the database are `RollgateError`s (`STORE_OPEN`, `STORE_MIGRATION`, `STORE_URL`).
 */
export async function openStore(url: string, options: OpenStoreOptions = {}): Promise<Store> {
  const target = parseStoreUrl(url);
  let store: KyselyStore;
  if (target.dialect === 'sqlite') {
    if (target.path !== ':memory:') {
      try {
        mkdirSync(dirname(target.path), { recursive: true });
      } catch (error) {
        throw new RollgateError('STORE_OPEN', `cannot create the folder of ${target.path}: ${(error as Error).message}`, { file: target.path });
      }
    }
    let dialect;
    try {
      dialect = sqliteDialect(target.path, { busyTimeoutMs: options.busyTimeoutMs ?? 5_000 });
    } catch (error) {
      throw new RollgateError('STORE_OPEN', `cannot open SQLite database ${target.path}: ${(error as Error).message}`, { file: target.path });
    }
    store = new KyselyStore(new Kysely<Database>({ dialect }), 'sqlite', target.path);
  } else {
    const schema = options.schema ?? target.schema;
    if (schema !== undefined && !/^[A-Za-z_][A-Za-z0-9_$]{0,62}$/.test(schema)) {
      throw new RollgateError('STORE_URL', `invalid PostgreSQL schema name ${JSON.stringify(schema)}`);
    }
    const { dialect } = postgresDialect(target.connectionString, {
      poolSize: options.poolSize ?? 10,
      preparedStatements: options.preparedStatements ?? target.preparedStatements ?? true,
      ...(schema ? { schema } : {}),
    });
    const db = new Kysely<Database>({ dialect });
    const location = redact(target.connectionString) + (schema ? ` (schema ${schema})` : '');
    let current: string;
    try {
      if (schema) await createSchema(db, schema);
      const row = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
      const found = row.rows[0]?.schema;
      if (!found) throw new Error('no schema on the search_path exists');
      current = found;
    } catch (error) {
      await db.destroy().catch(() => {});
      throw new RollgateError('STORE_OPEN', `cannot connect to PostgreSQL at ${location}: ${describe(error)}`);
    }
    store = new KyselyStore(db, 'postgres', location, current);
  }
  try {
    await store.ping();
    if (options.migrate !== false) await store.migrate();
  } catch (error) {
    await store.close().catch(() => {});
    if (error instanceof RollgateError) throw error;
    throw new RollgateError('STORE_OPEN', `cannot use the database at ${store.location}: ${describe(error)}`);
  }
  return store;
}

/** `CREATE SCHEMA IF NOT EXISTS` can still fail when another instance creates it at the same moment. */
async function createSchema(db: Kysely<Database>, schema: string): Promise<void> {
  try {
    await sql`create schema if not exists ${sql.raw(quoteIdent(schema))}`.execute(db);
  } catch (error) {
    const exists = await sql`select 1 from pg_namespace where nspname = ${schema}`.execute(db);
    if (exists.rows.length === 0) throw error;
  }
}

/** A connection string with its password masked, for messages and logs. */
export function redact(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return connectionString.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
  }
}

function describe(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return describe(error.errors[0]);
  if (error instanceof Error) return error.message || (error as { code?: string }).code || error.name;
  return String(error);
}
