import pg from 'pg';
import { PostgresDialect } from 'kysely';

/** Options of `postgresDialect`. */
export interface PostgresOptions {
  poolSize: number;
  schema?: string;
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
    ...(options.schema ? { options: `-c search_path=${quoteIdent(options.schema)}` } : {}),
  });
  // An idle client can lose its server (restart, failover). Without a listener pg would crash the
  // process; the pool drops that client and the next query reports the problem to its caller.
  pool.on('error', () => {});
  return { pool, dialect: new PostgresDialect({ pool }) };
}
