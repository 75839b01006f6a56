import { createHash } from 'node:crypto';
import pg from 'pg';
import { PostgresDialect } from 'kysely';
import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';

/** Options of `postgresDialect`. */
export interface PostgresOptions {
  poolSize: number;
  schema?: string;
  preparedStatements: boolean;
}

/** A pool and its Kysely dialect. */
export interface PostgresConnection {
  pool: pg.Pool;
  dialect: PostgresDialect;
}

/** Quotes an SQL identifier. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * A pg pool and its dialect. With a schema, every pooled connection gets it as `search_path`, so
 * the tables (and the migrator's own) live there and several registries or test runs can share
 * one database.
 */
export function postgresDialect(connectionString: string, options: PostgresOptions): PostgresConnection {
  const pool = new pg.Pool({
    connectionString,
    max: options.poolSize,
    connectionTimeoutMillis: 10_000,
    // Names the registry's connections in pg_stat_activity unless the URL names them itself.
    ...(/[?&]application_name=/.test(connectionString) ? {} : { application_name: 'rollgate-registry' }),
    // A lock held by a stuck session elsewhere fails the request after 15 s instead of hanging it.
    options: ['-c lock_timeout=15000', ...(options.schema ? [`-c search_path=${quoteIdent(options.schema)}`] : [])].join(' '),
  });
  // An idle client can lose its server (restart, failover). Without a listener pg would crash the
  // process; the pool drops that client and the next query reports the problem to its caller.
  pool.on('error', () => {});
  return { pool, dialect: new PostgresDialect({ pool: options.preparedStatements ? new PreparingPool(pool) : pool }) };
}

/** Statements with more parameters vary with list lengths; preparing each variant would pile up. */
const MAX_PREPARED_PARAMETERS = 32;
const PREPARABLE = /^\s*(select|insert|update|delete|with)\b/i;

/**
 * Hands Kysely clients that run its data statements as named prepared statements. Kysely sends
 * every query unnamed, so PostgreSQL plans it again each time; for the registry's short joins,
 * planning costs more than running. A named statement is parsed once per connection, and after a
 * few runs PostgreSQL reuses a generic plan. The name is a hash of the SQL text, so one text
 * always maps to one statement.
 */
class PreparingPool implements PostgresPool {
  readonly #clients = new WeakMap<pg.PoolClient, PostgresPoolClient>();

  constructor(private readonly pool: pg.Pool) {}

  async connect(): Promise<PostgresPoolClient> {
    const client = await this.pool.connect();
    let wrapped = this.#clients.get(client);
    if (!wrapped) {
      wrapped = preparing(client);
      this.#clients.set(client, wrapped);
    }
    return wrapped;
  }

  async end(): Promise<void> {
    await this.pool.end();
  }
}

function preparing(client: pg.PoolClient): PostgresPoolClient {
  function query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
  function query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  function query<R>(sqlOrCursor: string | PostgresCursor<R>, parameters?: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
    if (typeof sqlOrCursor !== 'string') return client.query(sqlOrCursor as never) as PostgresCursor<R>;
    const values = [...(parameters ?? [])];
    if (values.length > MAX_PREPARED_PARAMETERS || !PREPARABLE.test(sqlOrCursor)) {
      return client.query(sqlOrCursor, values) as unknown as Promise<PostgresQueryResult<R>>;
    }
    const name = `rg_${createHash('sha1').update(sqlOrCursor).digest('hex').slice(0, 24)}`;
    return client.query({ name, text: sqlOrCursor, values }) as unknown as Promise<PostgresQueryResult<R>>;
  }
  return { query, release: (error?: Error | boolean) => client.release(error) } as PostgresPoolClient;
}
