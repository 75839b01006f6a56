import { setTimeout as sleep } from 'node:timers/promises';
import BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, SelectQueryNode, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler } from 'kysely';
import type { DatabaseConnection, DatabaseIntrospector, Dialect, DialectAdapter, Driver, Kysely, QueryCompiler, QueryResult } from 'kysely';
import { storeBusy } from './rows.js';

/** Options of `sqliteDialect`. */
export interface SqliteOptions {
  /** How long a statement keeps retrying while another connection holds the write lock, in ms. */
  busyTimeoutMs: number;
}

/**
 * A Kysely dialect on better-sqlite3, written for a server:
 *
 * - WAL journal, so readers never wait for the writer; foreign keys enforced.
 * - Transactions start with `BEGIN IMMEDIATE`: the write lock is taken up front, so a second writer
 *   waits at the start instead of failing when its read transaction tries to become a write one.
 * - Waiting for a lock is asynchronous. SQLite's own busy timeout sleeps inside the call and so
 *   blocks Node's only thread: a writer in the same process holding the lock across an `await`
 *   could then never finish. Here SQLite answers busy at once and the driver retries on a timer.
 * - Prepared statements are reused, and booleans are bound as 0/1 (better-sqlite3 refuses them).
 */
export function sqliteDialect(path: string, options: SqliteOptions): Dialect {
  // While opening, nothing else runs yet, so SQLite's own (blocking) busy wait is fine; it is turned
  // off once the connection serves queries.
  const db = new BetterSqlite3(path, { timeout: options.busyTimeoutMs });
  try {
    if (path !== ':memory:') db.pragma('journal_mode = WAL');
    // With WAL, NORMAL never corrupts the database; a power loss may only drop the last commits.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 0');
  } catch (error) {
    db.close();
    throw error;
  }
  const driver = new SqliteDriver(db, options.busyTimeoutMs, path);
  return {
    createAdapter: (): DialectAdapter => new TransactionalDdlAdapter(),
    createDriver: (): Driver => driver,
    createQueryCompiler: (): QueryCompiler => new SqliteQueryCompiler(),
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    createIntrospector: (kysely: Kysely<any>): DatabaseIntrospector => new SqliteIntrospector(kysely),
  };
}

/**
 * SQLite runs DDL inside transactions, but Kysely's adapter says it does not, so its migrator would
 * run migrations outside one and without a lock: a failed migration would leave half a schema,
 * and two processes opening a new file at once would both run it. Saying so makes every
 * migration batch one `BEGIN IMMEDIATE` transaction, which also serves as the migration lock.
 */
class TransactionalDdlAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

const STATEMENT_CACHE_SIZE = 512;

/** One connection (SQLite serialises writers anyway), lent to one caller at a time. */
class SqliteDriver implements Driver {
  readonly #connection: SqliteConnection;
  #queue: Promise<void> = Promise.resolve();
  #release: (() => void) | undefined;

  constructor(
    private readonly db: BetterSqlite3.Database,
    busyTimeoutMs: number,
    path: string,
  ) {
    this.#connection = new SqliteConnection(db, busyTimeoutMs, path);
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    const previous = this.#queue;
    let release!: () => void;
    this.#queue = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    this.#release = release;
    return this.#connection;
  }

  async releaseConnection(): Promise<void> {
    const release = this.#release;
    this.#release = undefined;
    release?.();
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async destroy(): Promise<void> {
    this.#connection.clear();
    if (this.db.open) this.db.close();
  }
}

class SqliteConnection implements DatabaseConnection {
  readonly #statements = new Map<string, BetterSqlite3.Statement>();

  constructor(
    private readonly db: BetterSqlite3.Database,
    private readonly busyTimeoutMs: number,
    private readonly path: string,
  ) {}

  clear(): void {
    this.#statements.clear();
  }

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const deadline = Date.now() + this.busyTimeoutMs;
    for (let wait = 1; ; wait = Math.min(wait * 2, 50)) {
      try {
        return this.run<R>(compiled);
      } catch (error) {
        // A statement that failed busy changed nothing, so running it again is safe.
        if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
        if (Date.now() >= deadline) throw storeBusy(this.path, error as Error);
        await sleep(wait);
      }
    }
  }

  async *streamQuery<R>(compiled: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    if (!SelectQueryNode.is(compiled.query)) throw new Error('SQLite streams select queries only');
    for (const row of this.prepare(compiled.sql).iterate(bindable(compiled.parameters))) yield { rows: [row as R] };
  }

  private run<R>(compiled: CompiledQuery): QueryResult<R> {
    const statement = this.prepare(compiled.sql);
    const parameters = bindable(compiled.parameters);
    if (statement.reader) return { rows: statement.all(parameters) as R[] };
    const { changes, lastInsertRowid } = statement.run(parameters);
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
  }

  private prepare(sql: string): BetterSqlite3.Statement {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      if (this.#statements.size >= STATEMENT_CACHE_SIZE) this.#statements.clear();
      this.#statements.set(sql, statement);
    }
    return statement;
  }
}

function bindable(parameters: ReadonlyArray<unknown>): unknown[] {
  return parameters.map((value) => (typeof value === 'boolean' ? (value ? 1 : 0) : value instanceof Date ? value.toISOString() : value));
}
